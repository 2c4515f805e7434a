import { defineRule } from '../../src/engine/rule-api.js';
import { answeredOk } from '../../src/engine/rule-api.js';
import type { SiteIndex, WebSite } from '../../src/engine/rule-api.js';
import { safeUrl, withoutFragment } from '../../src/page/urls.js';

/** The site root is where visitors start, not a page others link to; `/?page=2` is not the root. */
function isRoot(url: string): boolean {
  const u = safeUrl(url);
  return u?.pathname === '/' && u.search === '';
}

/** Every URL some page of the run links to, from another page, with redirecting targets' ends too. */
function linkedUrls(index: SiteIndex, web: WebSite): Set<string> {
  const linked = new Set<string>();
  for (const page of index.pages) {
    if (!page.links || !answeredOk(page)) continue;
    const self = withoutFragment(page.url);
    for (const target of page.links) {
      if (target === self) continue;
      linked.add(target);
      const location = web.status(target)?.location;
      if (location !== undefined) linked.add(withoutFragment(location));
    }
  }
  return linked;
}

export default defineRule({
  id: 'orphan-page',
  category: 'web',
  scope: 'web',
  reads: ['http', 'links'],
  site: true,
  severity: 'low',
  docs: {
    description: 'A URL from the sitemap that no crawled page links to, so visitors cannot reach it and search engines see it as unimportant.',
    fix: 'Link to the page from a related page, a category page or the navigation; if it is no longer wanted, remove it from the sitemap.',
    why: 'Search engines find pages and judge their importance mostly through links, and visitors reach pages by browsing; a page only the sitemap lists gets neither.',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/', html: '<a href="/products/blue-widget">/products/blue-widget</a>', status: 200, web: { redirects: [], inSitemap: true } },
          { url: 'https://shop.example/products/blue-widget', html: '<title>Page</title>', status: 200, web: { redirects: [], inSitemap: true } },
          { url: 'https://shop.example/products/red-widget', html: '<title>Page</title>', status: 200, web: { redirects: [], inSitemap: true } },
        ],
        web: { sitemapUrls: ['https://shop.example/', 'https://shop.example/products/blue-widget', 'https://shop.example/products/red-widget'] },
      },
      passes: {
        pages: [
          { url: 'https://shop.example/', html: '<a href="/products/blue-widget">/products/blue-widget</a><a href="/products/red-widget">/products/red-widget</a>', status: 200, web: { redirects: [], inSitemap: true } },
          { url: 'https://shop.example/products/blue-widget', html: '<title>Page</title>', status: 200, web: { redirects: [], inSitemap: true } },
          { url: 'https://shop.example/products/red-widget', html: '<title>Page</title>', status: 200, web: { redirects: [], inSitemap: true } },
        ],
        web: { sitemapUrls: ['https://shop.example/', 'https://shop.example/products/blue-widget', 'https://shop.example/products/red-widget'] },
      },
    },
  },
  options: {},
  check(index, { report }) {
    const web = index.web;
    // Without a crawl the run holds only the sitemap's pages: a page linked from elsewhere would look orphaned.
    if (!web?.crawled || web.sitemapUrls.size === 0) return;
    const inSitemap = new Set([...web.sitemapUrls].map(withoutFragment));
    const linked = linkedUrls(index, web);
    for (const page of index.pages) {
      if (!answeredOk(page)) continue;
      const url = withoutFragment(page.url);
      if (!inSitemap.has(url) || linked.has(url)) continue;
      if (isRoot(url)) continue;
      report({
        url: page.url,
        message: 'No crawled page links to this sitemap URL.',
        value: page.url,
        expected: 'a link from at least one other page',
      });
    }
  },
});
