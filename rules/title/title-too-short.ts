import { defineRule } from '../../src/engine/rule-api.js';
import { charLength } from '../../src/page/text.js';

export default defineRule({
  id: 'title-too-short',
  category: 'title',
  scope: 'page',
  reads: ['title'],
  judges: { field: 'title', limits: ['min'] },
  severity: 'high',
  docs: {
    description: 'Title too short to describe the page and carry its keyword.',
    fix: ({ min }, optionsOf) => `Write a title of ${min}–${optionsOf('title-too-long').max as number} characters: the main keyword, what the page offers, then the brand.`,
    why: 'A title of a word or two says little about what the page offers, so it gives searchers little reason to pick it among the results and search engines little to match a query to.',
    examples: {
      fails: { html: '<title>Widgets</title>' },
      passes: { html: '<title>Blue widget in stainless steel | Widget Shop</title>' },
    },
  },
  options: { min: 30 },
  check(page, { options, report }) {
    const title = page.title;
    if (!title) return; // title-missing owns that case
    const length = charLength(title);
    if (length < options.min) {
      report({
        message: `Title is ${length} character${length === 1 ? '' : 's'} long (min ${options.min}).`,
        value: title,
        expected: `>= ${options.min} characters`,
      });
    }
  },
});
