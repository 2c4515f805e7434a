import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'title-multiple',
  category: 'title',
  scope: 'page',
  reads: ['head', 'title'],
  judges: { field: 'title' },
  severity: 'high',
  docs: {
    description: 'Page has more than one <title>; only the first is used.',
    fix: 'Keep exactly one <title> in the <head>; remove titles that templates or widgets add to the body.',
    why: 'Browsers and search engines use the first <title> only, so the others are dead weight, and two titles usually mean a template and a plugin both write one: the title shown may not be the one you edit.',
    examples: {
      fails: { html: '<head><title>Blue widget | Widget Shop</title><title>Widget Shop</title></head>' },
      passes: { html: '<head><title>Blue widget | Widget Shop</title></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    const titles = page.titles;
    // Only empty titles: title-missing owns the page until one has text.
    if (titles.length < 2 || titles.every((t) => t === '')) return;
    report({
      message: `Page has ${titles.length} <title> elements (expected 1).`,
      // Quoted because titles themselves often contain separators like " | ".
      value: titles.map((t) => JSON.stringify(t)).join(', '),
      expected: 'exactly one <title>',
    });
  },
});
