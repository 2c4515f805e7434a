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
    why: 'A page of a few sentences rarely answers a search well, and Google’s guidance is to publish helpful, substantial content; such pages seldom rank.',
    examples: {
      fails: { html: '<body><main><p>Blue widget. Stainless steel. Free delivery.</p></main></body>' },
      passes: { html: `<body><main><p>${'The blue widget is made of brushed stainless steel and fits every standard socket in the kitchen or the workshop. It is dishwasher safe, does not rust, and comes with a ten-year guarantee. Order before noon and it ships the same day, with free delivery on orders over thirty euros and free returns within a month of delivery. '.repeat(6)}</p></main></body>` },
    },
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
