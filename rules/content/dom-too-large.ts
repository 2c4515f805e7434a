import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'dom-too-large',
  category: 'content',
  scope: 'page',
  reads: ['content'],
  severity: 'low',
  docs: {
    description: "The page has more than 1,500 elements (Lighthouse's dom-size audit warns from 1,500; SEOnaut's \"DOM too large\").",
    fix: 'Render less markup: paginate long lists, load below-the-fold sections on demand, and drop wrapper elements that only carry styles.',
    why: 'A large DOM costs memory and slows style and layout work on every change, so the page loads and responds slowly (Lighthouse flags pages over 1,500 elements), and crawlers that render pages spend more on it.',
    examples: {
      fails: { html: `<ul>${'<li>item</li>'.repeat(1600)}</ul>` },
      passes: { html: `<ul>${'<li>item</li>'.repeat(50)}</ul>` },
    },
  },
  options: { max: 1500 },
  check(page, { options, report }) {
    const n = page.markup.elements;
    if (n <= options.max) return;
    report({ message: `The page has ${n} elements; at most ${options.max}.`, value: String(n), expected: `at most ${options.max} elements` });
  },
});
