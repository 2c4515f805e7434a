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
    description: 'The same title on two or more indexable pages, so search engines cannot tell them apart.',
    fix: 'Give every indexable page its own title naming what only that page offers (product, variant, category).',
  },
  options: {},
  check(index, { report }) {
    reportDuplicates(index, 'title', 'title', report);
  },
});
