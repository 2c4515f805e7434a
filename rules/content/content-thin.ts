import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'content-thin',
  category: 'content',
  scope: 'page',
  reads: ['content'],
  severity: 'high',
  docs: {
    description: 'Too little visible body text for search engines to judge what the page is about.',
    fix: ({ min }) => `Add at least ${min} words of useful, original text about the page’s topic (nav, header and footer do not count).`,
  },
  options: { min: 300 },
  check(page, { options, report }) {
    const count = page.wordCount;
    if (count >= options.min) return;
    report({
      message: `Page has ${count} ${count === 1 ? 'word' : 'words'} of body text (min ${options.min}).`,
      value: String(count),
      expected: `>= ${options.min} words`,
    });
  },
});
