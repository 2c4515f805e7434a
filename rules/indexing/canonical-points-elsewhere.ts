import { defineRule } from '../../src/engine/rule-api.js';
import { isAbsoluteUrl } from '../../src/page/urls.js';
import { canonicalTarget, sameUrl } from '../../src/page/indexable.js';

export default defineRule({
  id: 'canonical-points-elsewhere',
  category: 'indexing',
  scope: 'page',
  reads: ['head'],
  severity: 'low',
  docs: {
    description: 'The canonical link names another URL, so search engines index that URL instead of this page.',
    fix: 'If this page should rank itself, point its canonical at its own URL; otherwise link to the canonical URL instead of this one.',
    why: 'A canonical naming another URL asks search engines to show that URL instead of this page, so this page usually does not appear in results: right for a duplicate, a costly mistake anywhere else.',
    examples: {
      fails: { html: '<head><link rel="canonical" href="https://shop.example/products/widget"></head>' },
      passes: { html: '<head><link rel="canonical" href="https://shop.example/products/blue-widget"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    // The first canonical, as isIndexable reads it; relative or invalid ones are canonical-invalid's case.
    const href = page.canonicals[0];
    const target = canonicalTarget(page);
    if (href === undefined || target === undefined || !isAbsoluteUrl(href) || !/^https?:/.test(target)) return;
    if (sameUrl(target, page.url)) return;
    report({
      message: `Canonical names another URL (${target}), so this page is not the one search engines index.`,
      value: target,
      expected: page.url,
    });
  },
});
