import { defineRule } from '../../src/engine/rule-api.js';
import { textWidth } from '../../src/page/pixels.js';

export default defineRule({
  id: 'title-too-wide',
  category: 'title',
  scope: 'page',
  reads: ['title'],
  judges: { field: 'title', limits: ['maxPixels', 'fontSize'] },
  severity: 'medium',
  docs: {
    description: 'Title wider than the space Google gives it in results, so it is cut off with an ellipsis.',
    fix: ({ maxPixels, fontSize }) => `Shorten the title or use narrower characters (fewer capitals and W/M) until it fits in ${maxPixels} px at Arial ${fontSize}px.`,
    why: 'Google truncates titles by their width on screen rather than by their number of characters, so a title of capitals and wide letters is cut off even when it is short enough in characters.',
    examples: {
      fails: { html: '<title>WIDGET WAREHOUSE: WHOLESALE WIDGETS WORLDWIDE</title>' },
      passes: { html: '<title>Blue widget in stainless steel | Widget Shop</title>' },
    },
  },
  options: { maxPixels: 561, fontSize: 20 },
  check(page, { options, report }) {
    const title = page.title;
    if (!title) return; // title-missing owns that case
    // Compared rounded, so the message never says "561 px wide (max 561)".
    const width = Math.round(textWidth(title, options.fontSize));
    if (width > options.maxPixels) {
      report({
        message: `Title is ${width} px wide in Arial ${options.fontSize}px (max ${options.maxPixels}); Google cuts it off.`,
        value: title,
        expected: `<= ${options.maxPixels} px`,
      });
    }
  },
});
