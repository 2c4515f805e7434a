import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'noindex',
  category: 'indexing',
  scope: 'page',
  reads: ['head'],
  severity: 'high',
  docs: {
    description: 'Meta robots or X-Robots-Tag tells search engines not to index the page.',
    fix: 'Remove noindex/none from <meta name="robots"> and the X-Robots-Tag header if the page should appear in search results.',
    why: 'A noindex directive tells search engines to leave the page out of their results, so a page meant to be found that carries one gets no search traffic at all.',
    examples: {
      fails: { html: '<head><meta name="robots" content="noindex, follow"></head>' },
      passes: { html: '<head><meta name="robots" content="index, follow"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    if (!page.robots.noindex) return;
    const directives = page.robots.directives.join(', ');
    report({
      message: `Page tells search engines not to index it (robots: ${directives}).`,
      value: directives,
      expected: 'no noindex or none directive',
    });
  },
});
