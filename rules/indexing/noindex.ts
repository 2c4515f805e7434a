import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'noindex',
  category: 'indexing',
  scope: 'page',
  reads: ['head'],
  severity: 'high',
  docs: {
    description: 'Meta robots or X-Robots-Tag tells search engines not to index the page: noindex, none, or an unavailable_after date that has passed (for all bots or Googlebot).',
    fix: 'Remove noindex/none, or an unavailable_after date in the past, from <meta name="robots"> (or name="googlebot") and the X-Robots-Tag header if the page should appear in search results.',
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
    const expired = page.robots.unavailableAfter;
    report({
      message:
        expired !== undefined && !page.robots.directives.some((d) => d === 'noindex' || d === 'none')
          ? `Page tells search engines to drop it from results after ${expired}, which has passed (robots: ${directives}).`
          : `Page tells search engines not to index it (robots: ${directives}).`,
      value: directives,
      expected: 'no noindex or none directive, and no unavailable_after date in the past',
    });
  },
});
