import { defineRule } from '../../src/engine/rule-api.js';
import { isIndexable } from '../../src/page/indexable.js';

export default defineRule({
  id: 'canonical-missing',
  category: 'indexing',
  scope: 'page',
  reads: ['head', 'http'],
  severity: 'low',
  docs: {
    description: 'An indexable page declares no canonical URL, so search engines pick one among its duplicates themselves.',
    fix: 'Add <link rel="canonical" href="…"> with the page’s own absolute URL (without tracking parameters) to the <head>.',
    why: 'The same page is often reachable at several URLs (with tracking parameters, with and without a trailing slash); a canonical says which one search engines should show, and without it they choose for you.',
    examples: {
      fails: { html: '<head><title>Blue widget</title></head>' },
      passes: { html: '<head><title>Blue widget</title><link rel="canonical" href="https://shop.example/products/blue-widget"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    if (!isIndexable(page)) return; // a page kept out of the index needs no canonical
    // An empty href names nothing, so search engines treat it as no canonical at all.
    if (page.canonicals.some((href) => href !== '')) return;
    report({
      message: page.canonicals.length === 0 ? 'Page has no <link rel="canonical">.' : 'Page’s <link rel="canonical"> has an empty href.',
      expected: 'a <link rel="canonical"> with an absolute URL',
    });
  },
});
