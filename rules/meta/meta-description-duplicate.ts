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
    description: 'The same meta description on two or more indexable pages.',
    fix: 'Write a description for each page that summarises what is specific to it; do not reuse a template sentence.',
  },
  options: {},
  check(index, { report }) {
    reportDuplicates(index, 'description', 'meta description', report);
  },
});
