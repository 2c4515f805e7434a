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
