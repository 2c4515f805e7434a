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
    why: 'Headings give a page its outline: readers skim them, screen reader users jump between them, and search engines use them to understand how the content is organised.',
    examples: {
      fails: { html: '<body><p>Blue widgets, shipped tomorrow.</p></body>' },
      passes: { html: '<body><h1>Blue widget</h1><p>Blue widgets, shipped tomorrow.</p></body>' },
    },
  },
  options: {},
  check(page, { report }) {
    if (page.headings.length === 0) {
      report({ message: 'Page has no headings (h1–h6).', expected: 'at least one h1–h6 heading' });
    }
  },
});
