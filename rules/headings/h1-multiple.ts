import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'h1-multiple',
  category: 'headings',
  scope: 'page',
  reads: ['h1'],
  severity: 'medium',
  docs: {
    description: 'Page has more than one H1, which blurs what its main topic is.',
    fix: 'Keep one <h1> for the page’s topic and turn the others into <h2> or plain text (logos rarely need an H1).',
    why: 'One H1 gives readers, and screen reader users jumping between headings, a single clear name for the page; several usually mean a logo or a section title is marked up as the page’s headline.',
    examples: {
      fails: { html: '<header><h1><img src="/logo.png" alt="Widget Shop"></h1></header><main><h1>Blue widget</h1></main>' },
      passes: { html: '<header><img src="/logo.png" alt="Widget Shop"></header><main><h1>Blue widget</h1></main>' },
    },
  },
  options: {},
  check(page, { report }) {
    // Every <h1> element counts, as in Lighthouse and Screaming Frog, empty ones included.
    const h1s = page.headings.filter((h) => h.level === 1);
    // Only empty ones: h1-missing owns the page until one has text.
    if (h1s.length < 2 || h1s.every((h) => h.text === '')) return;
    report({
      message: `Page has ${h1s.length} H1 headings (expected 1).`,
      value: h1s.map((h) => JSON.stringify(h.text)).join(', '),
      expected: 'exactly one H1',
    });
  },
});
