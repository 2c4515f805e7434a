import { defineRule } from '../../src/engine/rule-api.js';
import { charLength } from '../../src/page/text.js';

export default defineRule({
  id: 'meta-description-too-short',
  category: 'meta',
  scope: 'page',
  reads: ['meta'],
  judges: { field: 'meta', limits: ['min'] },
  severity: 'medium',
  docs: {
    description: 'Meta description too short to sell the page in the search snippet.',
    fix: ({ min }, optionsOf) => `Write ${min}–${optionsOf('meta-description-too-long').max as number} characters: what the page offers, why it is the best answer, and the keyword.`,
    why: 'A description of a few words tells searchers little about the page, and Google may show text taken from the page instead.',
    examples: {
      fails: { html: '<meta name="description" content="Blue widgets, shipped tomorrow.">' },
      passes: { html: '<meta name="description" content="A stainless steel blue widget that fits every standard socket. Dishwasher safe, rust-free, with free next-day delivery and free returns.">' },
    },
  },
  options: { min: 120 },
  check(page, { options, report }) {
    const description = page.meta.description;
    if (!description) return; // meta-description-missing owns that case
    const length = charLength(description);
    if (length < options.min) {
      report({
        message: `Meta description is ${length} character${length === 1 ? '' : 's'} long (min ${options.min}).`,
        value: description,
        expected: `>= ${options.min} characters`,
      });
    }
  },
});
