import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'redirect-chain',
  category: 'web',
  scope: 'web',
  reads: ['http'],
  severity: 'medium',
  docs: {
    description: 'Reaching the page takes more than one redirect; every hop costs time, and crawlers give up on long chains.',
    fix: 'Redirect the first URL straight to the final one, and update links and sitemap entries to the final URL.',
  },
  options: { maxHops: 1 },
  check(page, { options, report }) {
    const hops = page.web?.redirects ?? [];
    if (hops.length <= options.maxHops) return;
    const chain = [...hops.map((h) => h.url), page.url];
    // The message shows each hop's status: a 302 in a chain of 301s is often the bug.
    const shown = hops.map((h) => `${h.url} (${h.status})`).concat(page.url);
    report({
      message: `Reaching this page takes ${hops.length} redirects: ${shown.join(' → ')}.`,
      value: chain.join(' → '),
      expected: `at most ${options.maxHops} redirect${options.maxHops === 1 ? '' : 's'}`,
    });
  },
});
