import { defineRule } from '../../src/engine/rule-api.js';
import { charLength } from '../../src/page/text.js';

export default defineRule({
  id: 'meta-description-too-long',
  category: 'meta',
  scope: 'page',
  reads: ['meta'],
  judges: { field: 'meta', limits: ['max'] },
  severity: 'medium',
  docs: {
    description: 'Meta description longer than the snippet Google shows; the end is cut off.',
    fix: ({ max }, optionsOf) => `Keep it between ${optionsOf('meta-description-too-short').min as number} and ${max} characters; lead with the benefit and the keyword.`,
    why: 'Search results show a snippet of limited length, so the end of a long description is cut off and what it says there is not seen.',
    examples: {
      fails: { html: '<meta name="description" content="A stainless steel blue widget that fits every standard socket and lasts for years. Dishwasher safe and rust-free, with free next-day delivery and a 30-day no-questions-asked return policy on every order.">' },
      passes: { html: '<meta name="description" content="A stainless steel blue widget that fits every standard socket. Dishwasher safe, rust-free, with free next-day delivery and free returns.">' },
    },
  },
  options: { max: 160 },
  check(page, { options, report }) {
    const description = page.meta.description;
    if (!description) return; // meta-description-missing owns that case
    const length = charLength(description);
    if (length > options.max) {
      report({
        message: `Meta description is ${length} characters long (max ${options.max}).`,
        value: description,
        expected: `<= ${options.max} characters`,
      });
    }
  },
});
