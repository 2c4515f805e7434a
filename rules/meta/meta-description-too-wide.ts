import { defineRule } from '../../src/engine/rule-api.js';
import { textWidth } from '../../src/page/pixels.js';

export default defineRule({
  id: 'meta-description-too-wide',
  category: 'meta',
  scope: 'page',
  reads: ['meta'],
  judges: { field: 'meta', limits: ['maxPixels', 'fontSize'] },
  severity: 'low',
  docs: {
    description: 'Meta description wider than the snippet Google shows, so it is cut off with an ellipsis.',
    fix: ({ maxPixels, fontSize }) => `Shorten the description until it fits in ${maxPixels} px at Arial ${fontSize}px (about two lines of a desktop snippet).`,
  },
  options: { maxPixels: 985, fontSize: 14 },
  check(page, { options, report }) {
    const description = page.meta.description;
    if (!description) return; // meta-description-missing owns that case
    // Compared rounded, so the message never says "985 px wide (max 985)".
    const width = Math.round(textWidth(description, options.fontSize));
    if (width > options.maxPixels) {
      report({
        message: `Meta description is ${width} px wide in Arial ${options.fontSize}px (max ${options.maxPixels}); Google cuts it off.`,
        value: description,
        expected: `<= ${options.maxPixels} px`,
      });
    }
  },
});
