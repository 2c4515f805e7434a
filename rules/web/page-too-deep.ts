import { answeredOk, defineRule } from '../../src/engine/rule-api.js';
import type { IndexedPage, SiteIndex, WebSite } from '../../src/engine/rule-api.js';
import { withoutFragment } from '../../src/page/urls.js';

/** Clicks from the start page to every page it reaches, breadth first; a link to a redirect leads where it ends. */
function clickDepths(index: SiteIndex, web: WebSite, start: string): Map<string, number> {
  const byUrl = new Map<string, IndexedPage>(index.pages.map((p) => [withoutFragment(p.url), p]));
  const depth = new Map<string, number>([[start, 0]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const url = queue[head]!;
    const page = byUrl.get(url);
    if (!page?.links || !answeredOk(page)) continue;
    const next = depth.get(url)! + 1;
    for (const link of page.links) {
      const location = web.status(link)?.location;
      const target = location === undefined ? link : withoutFragment(location);
      if (depth.has(target)) continue;
      depth.set(target, next);
      queue.push(target);
    }
  }
  return depth;
}

/** The docs example: a chain of pages, each linking to the next, the home page also to `shortcuts`. */
function chain(shortcuts: string[]): { url: string; html: string; status: number; web: { redirects: never[]; inSitemap: boolean } }[] {
  const paths = ['/', '/a', '/b', '/c', '/d', '/e'];
  return paths.map((path, i) => {
    const next = [...(paths[i + 1] ? [paths[i + 1]!] : []), ...(i === 0 ? shortcuts : [])];
    return { url: `https://shop.example${path}`, html: next.map((n) => `<a href="${n}">${n}</a>`).join(''), status: 200, web: { redirects: [], inSitemap: false } };
  });
}

export default defineRule({
  id: 'page-too-deep',
  category: 'web',
  scope: 'web',
  reads: ['http', 'links'],
  site: true,
  severity: 'low',
  docs: {
    description: 'The page is more clicks away from the crawl’s start page than the limit, by the shortest path of links.',
    fix: ({ maxClicks }) => `Link to the page from pages nearer the start (category pages, the navigation, related items, pagination that skips ahead), so it is ${String(maxClicks)} clicks or fewer from the home page.`,
    why: 'Search engines crawl pages near the home page more often and take how deep a page is as a sign of how much it matters; visitors rarely click through more than a few levels. Screaming Frog and SEOnaut report pages more than 4 clicks deep.',
    examples: {
      // A chain home → a → b → c → d → e: e is 5 clicks deep; in the passing site home links to d too.
      fails: { pages: chain([]), web: { start: 'https://shop.example/' } },
      passes: { pages: chain(['/d']), web: { start: 'https://shop.example/' } },
    },
  },
  options: { maxClicks: 4 },
  check(index, { options, report }) {
    const web = index.web;
    // Only a crawl that reached every page it could knows each page's shortest path.
    if (!web?.crawled || web.start === undefined) return;
    const depths = clickDepths(index, web, withoutFragment(web.start));
    for (const page of index.pages) {
      if (!answeredOk(page)) continue;
      const depth = depths.get(withoutFragment(page.url));
      // A page no link reaches is orphan-page's case.
      if (depth === undefined || depth <= options.maxClicks) continue;
      report({
        url: page.url,
        message: `The page is ${depth} clicks from the start page ${web.start}, more than ${options.maxClicks}.`,
        value: `${depth} clicks`,
        expected: `at most ${options.maxClicks} ${options.maxClicks === 1 ? 'click' : 'clicks'}`,
      });
    }
  },
});
