import { defineRule } from '../../src/engine/rule-api.js';
import { charLength } from '../../src/page/text.js';

export default defineRule({
  id: 'h1-too-long',
  category: 'headings',
  scope: 'page',
  reads: ['h1'],
  judges: { field: 'h1', limits: ['max'] },
  severity: 'low',
  docs: {
    description: 'H1 too long to read as a headline.',
    fix: ({ max }) => `Cut the H1 to ${max} characters or fewer: the topic and keyword; move the detail into the first paragraph.`,
    why: 'A headline that runs to a long sentence is slow to scan and blurs the page’s main topic; the detail reads better in the text under it.',
    examples: {
      fails: { html: '<h1>Blue widget in brushed stainless steel that fits every standard socket, with free delivery</h1>' },
      passes: { html: '<h1>Blue widget in brushed stainless steel</h1>' },
    },
  },
  options: { max: 70 },
  check(page, { options, report }) {
    const seen = new Set<string>();
    for (const h of page.headings) {
      if (h.level !== 1 || seen.has(h.text)) continue;
      seen.add(h.text);
      const length = charLength(h.text);
      if (length > options.max) {
        report({
          message: `H1 is ${length} characters long (max ${options.max}).`,
          value: h.text,
          expected: `<= ${options.max} characters`,
          element: h.text,
        });
      }
    }
  },
});
