import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'link-internal-nofollow',
  category: 'links',
  scope: 'page',
  reads: ['links'],
  severity: 'low',
  docs: {
    description: 'A link to a page of the same site has rel="nofollow" (Screaming Frog\'s "Internal Nofollow Outlinks", SEOnaut\'s internal nofollow links).',
    fix: 'Remove rel="nofollow" from links to your own pages; to keep a page out of search results, give it noindex instead.',
    why: 'nofollow asks search engines not to follow the link or pass credit through it: on a link to your own page it hides that page from crawlers coming this way and wastes the credit your pages give each other.',
    examples: {
      fails: { html: '<a href="/products/red-widget" rel="nofollow">Red widget</a>' },
      passes: { html: '<a href="/products/red-widget">Red widget</a><a href="https://other.example/" rel="nofollow">Elsewhere</a>' },
    },
  },
  options: {},
  check(page, { report }) {
    const seen = new Set<string>();
    for (const link of page.links) {
      if (!link.internal || !link.rel.includes('nofollow') || link.url === undefined || seen.has(link.url)) continue;
      seen.add(link.url);
      report({ message: `The link to ${link.url} on this site has rel="nofollow".`, value: link.href, expected: 'a followed link', element: link.url });
    }
  },
});
