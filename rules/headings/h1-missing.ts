import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'h1-missing',
  category: 'headings',
  scope: 'page',
  reads: ['h1'],
  judges: { field: 'h1' },
  severity: 'high',
  docs: {
    description: 'Page has no H1 with text to tell readers and search engines what it is about.',
    fix: 'Add one <h1> at the top of the main content that names the page’s topic with its keyword.',
    why: 'The H1 is the page’s visible headline: readers and screen reader users look for it to know where they are, and search engines read headings to understand what the page is about.',
    examples: {
      fails: { html: '<body><p>Blue widgets, shipped tomorrow.</p></body>' },
      passes: { html: '<body><h1>Blue widget</h1><p>Blue widgets, shipped tomorrow.</p></body>' },
    },
  },
  options: {},
  check(page, { report }) {
    // Heading text includes image alt text, so <h1><img alt="Brand"></h1> has text.
    const h1s = page.headings.filter((h) => h.level === 1);
    if (h1s.some((h) => h.text !== '')) return;
    const message =
      h1s.length === 0 ? 'Page has no H1.' : h1s.length === 1 ? 'The H1 is empty.' : `All ${h1s.length} H1 headings are empty.`;
    report({ message, expected: 'an H1 with text' });
  },
});
