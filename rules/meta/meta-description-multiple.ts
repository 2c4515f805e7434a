import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'meta-description-multiple',
  category: 'meta',
  scope: 'page',
  reads: ['head', 'meta'],
  judges: { field: 'meta' },
  severity: 'high',
  docs: {
    description: 'Page has more than one meta description; search engines may pick either or neither.',
    fix: 'Keep exactly one <meta name="description"> in the <head>; remove the ones plugins or templates add.',
  },
  options: {},
  check(page, { report }) {
    const descriptions = page.meta.descriptions;
    // Only empty ones: meta-description-missing owns the page until one has text.
    if (descriptions.length < 2 || descriptions.every((d) => d === '')) return;
    report({
      message: `Page has ${descriptions.length} meta descriptions (expected 1).`,
      value: descriptions.map((d) => JSON.stringify(d)).join(', '),
      expected: 'exactly one meta description',
    });
  },
});
