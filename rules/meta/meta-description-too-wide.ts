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
    why: 'Google cuts snippets by their width on screen, so a description of capitals and wide letters is cut off even when its number of characters is within the limit.',
    examples: {
      fails: { html: '<meta name="description" content="BLUE WIDGET WM-200: STAINLESS STEEL, DISHWASHER SAFE, RUST-FREE. FITS EVERY STANDARD SOCKET. FREE NEXT-DAY DELIVERY AND FREE RETURNS.">' },
      passes: { html: '<meta name="description" content="A stainless steel blue widget that fits every standard socket. Dishwasher safe, rust-free, with free next-day delivery and free returns.">' },
    },
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
