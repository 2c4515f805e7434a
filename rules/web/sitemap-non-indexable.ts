import { defineRule } from '../../src/engine/rule-api.js';
import { listedIn } from '../../src/engine/rule-api.js';
import { canonicalTarget, sameUrl } from '../../src/page/indexable.js';
import type { Page, WebFacts } from '../../src/page/types.js';

/** Why the URL the sitemap lists is not one search engines index as is; empty when it is. */
function reasons(page: Page, web: WebFacts): string[] {
  const out: string[] = [];
  if (page.status !== undefined && page.status !== 200) out.push(`HTTP ${page.status}`);
  const first = web.redirects[0];
  if (first) out.push(`${web.requested ?? first.url} redirects to ${page.url}`);
  // An error page's body is not the page: its robots meta and canonical say nothing about the URL.
  if (page.status !== undefined && (page.status < 200 || page.status > 299)) return out;
  if (page.robots.noindex) out.push('noindex');
  const canonical = canonicalTarget(page);
  if (canonical !== undefined && !sameUrl(canonical, page.url)) out.push(`canonical names ${canonical}`);
  return out;
}

export default defineRule({
  id: 'sitemap-non-indexable',
  category: 'web',
  scope: 'web',
  reads: ['head', 'http'],
  severity: 'medium',
  docs: {
    description: 'A URL in the sitemap is not indexable as listed (not 200, redirects, noindex, or canonicalised elsewhere), so the sitemap sends crawlers to pages they will not index.',
    fix: 'List only final, indexable, self-canonical URLs in the sitemap: replace redirecting URLs by their targets and drop error, noindex and non-canonical pages.',
    why: 'A sitemap should list only the canonical URLs you want in search results; error pages, noindex pages and duplicates in it waste crawling and make the sitemap a less trustworthy list of what matters.',
    examples: {
      fails: { url: 'https://shop.example/products/blue-widget', html: '<title>Blue widget</title><meta name="robots" content="noindex">', status: 200, web: { redirects: [], inSitemap: true } },
      passes: { url: 'https://shop.example/products/blue-widget', html: '<title>Blue widget</title><link rel="canonical" href="https://shop.example/products/blue-widget">', status: 200, web: { redirects: [], inSitemap: true } },
    },
  },
  options: {},
  check(page, { report }) {
    // A URL robots.txt blocks was never fetched: blocked-by-robots reports it.
    if (!page.web?.inSitemap || page.web.blockedBy) return;
    const why = reasons(page, page.web);
    if (why.length === 0) return;
    report({
      message: `Listed in ${listedIn(page)}, but not indexable as listed: ${why.join('; ')}.`,
      value: why.join('; '),
      expected: '200, indexable, self-canonical',
    });
  },
});
