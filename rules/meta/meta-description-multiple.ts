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
    why: 'A page is meant to have one description; with several it is unclear which one, if any, search engines use for the snippet, and the extra one usually comes from a second plugin or template.',
    examples: {
      fails: { html: '<head><meta name="description" content="A stainless steel blue widget that fits every standard socket. Dishwasher safe, rust-free, with free next-day delivery and free returns."><meta name="description" content="Widget Shop: widgets of every colour."></head>' },
      passes: { html: '<head><meta name="description" content="A stainless steel blue widget that fits every standard socket. Dishwasher safe, rust-free, with free next-day delivery and free returns."></head>' },
    },
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
