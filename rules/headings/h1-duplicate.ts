import { defineRule } from '../../src/engine/rule-api.js';
import { reportDuplicates } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'h1-duplicate',
  category: 'headings',
  scope: 'site',
  reads: ['h1'],
  judges: { field: 'h1', trigger: false },
  site: true,
  severity: 'medium',
  docs: {
    description: 'The same H1 on two or more indexable pages. Pages that name each other as hreflang alternates are localized versions of one page, not duplicates.',
    fix: 'Make each H1 name the page’s own subject, e.g. add the variant, model or category.',
    why: 'Pages that share a headline look alike to readers and to search engines, which then have a harder time telling which page answers a query.',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/products/blue-widget', html: '<h1>Our widgets</h1>' },
          { url: 'https://shop.example/products/red-widget', html: '<h1>Our widgets</h1>' },
        ],
      },
      passes: {
        pages: [
          { url: 'https://shop.example/products/blue-widget', html: '<h1>Blue widget</h1>' },
          { url: 'https://shop.example/products/red-widget', html: '<h1>Red widget</h1>' },
        ],
      },
    },
  },
  options: {},
  check(index, { report }) {
    reportDuplicates(index, 'h1', 'H1', report);
  },
});
