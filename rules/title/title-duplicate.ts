import { defineRule } from '../../src/engine/rule-api.js';
import { reportDuplicates } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'title-duplicate',
  category: 'title',
  scope: 'site',
  reads: ['title'],
  judges: { field: 'title' },
  site: true,
  severity: 'critical',
  docs: {
    description: 'The same title on two or more indexable pages, so search engines cannot tell them apart. Pages that name each other as hreflang alternates are versions of one page for other languages or regions, not duplicates (Google’s guidance on localized versions).',
    fix: 'Give every indexable page its own title naming what only that page offers (product, variant, category).',
    why: 'Titles are how searchers tell results apart and how search engines tell pages apart; Google asks for a distinct title on each page and may rewrite titles repeated across a site.',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/products/blue-widget', html: '<title>Widget Shop</title>' },
          { url: 'https://shop.example/products/red-widget', html: '<title>Widget Shop</title>' },
        ],
      },
      passes: {
        pages: [
          { url: 'https://shop.example/products/blue-widget', html: '<title>Blue widget | Widget Shop</title>' },
          { url: 'https://shop.example/products/red-widget', html: '<title>Red widget | Widget Shop</title>' },
        ],
      },
    },
  },
  options: {},
  check(index, { report }) {
    reportDuplicates(index, 'title', 'title', report);
  },
});
