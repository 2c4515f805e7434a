import { defineRule } from '../../src/engine/rule-api.js';
import { reportDuplicates } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'meta-description-duplicate',
  category: 'meta',
  scope: 'site',
  reads: ['meta'],
  judges: { field: 'meta' },
  site: true,
  severity: 'high',
  docs: {
    description: 'The same meta description on two or more indexable pages. Pages that name each other as hreflang alternates are localized versions of one page, not duplicates.',
    fix: 'Write a description for each page that summarises what is specific to it; do not reuse a template sentence.',
    why: 'Google asks for a description written for each page: the same description on many pages does not help searchers tell the results apart, and Google is then more likely to show text from the page instead.',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/products/blue-widget', html: '<head><meta name="description" content="Widgets of every colour, shipped tomorrow."></head>' },
          { url: 'https://shop.example/products/red-widget', html: '<head><meta name="description" content="Widgets of every colour, shipped tomorrow."></head>' },
        ],
      },
      passes: {
        pages: [
          { url: 'https://shop.example/products/blue-widget', html: '<head><meta name="description" content="The blue widget in stainless steel, shipped tomorrow."></head>' },
          { url: 'https://shop.example/products/red-widget', html: '<head><meta name="description" content="The red widget in powder-coated aluminium, shipped tomorrow."></head>' },
        ],
      },
    },
  },
  options: {},
  check(index, { report }) {
    reportDuplicates(index, 'description', 'meta description', report);
  },
});
