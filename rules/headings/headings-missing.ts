import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'headings-missing',
  category: 'headings',
  scope: 'page',
  reads: ['headings'],
  severity: 'medium',
  docs: {
    description: 'Page has no headings at all, so neither readers nor search engines can see its structure.',
    fix: 'Give the page one <h1> for its topic and <h2>/<h3> headings for its sections.',
  },
  options: {},
  check(page, { report }) {
    if (page.headings.length === 0) {
      report({ message: 'Page has no headings (h1–h6).', expected: 'at least one h1–h6 heading' });
    }
  },
});
