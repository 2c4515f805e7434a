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
    why: 'Each hop is another round trip before the page starts to load (Lighthouse counts it against load time), and Google follows only a limited number of hops before giving up on the URL.',
    examples: {
      fails: { url: 'https://shop.example/products/blue-widget', html: '<title>Blue widget</title>', web: { requested: 'http://shop.example/p/1', redirects: [{ url: 'http://shop.example/p/1', status: 301, location: 'https://shop.example/p/1' }, { url: 'https://shop.example/p/1', status: 301, location: 'https://shop.example/products/blue-widget' }], inSitemap: false } },
      passes: { url: 'https://shop.example/products/blue-widget', html: '<title>Blue widget</title>', web: { requested: 'http://shop.example/products/blue-widget', redirects: [{ url: 'http://shop.example/products/blue-widget', status: 301, location: 'https://shop.example/products/blue-widget' }], inSitemap: false } },
    },
  },
  options: { maxHops: 1 },
  check(page, { options, report }) {
    const hops = page.web?.redirects ?? [];
    if (hops.length <= options.maxHops) return;
    const chain = [...hops.map((h) => h.url), page.url];
    // The message shows each hop's status: a 302 in a chain of 301s is often the bug.
    const shown = hops.map((h) => `${h.url} (${h.via ?? h.status})`).concat(page.url);
    report({
      message: `Reaching this page takes ${hops.length} redirects: ${shown.join(' → ')}.`,
      value: chain.join(' → '),
      expected: `at most ${options.maxHops} redirect${options.maxHops === 1 ? '' : 's'}`,
    });
  },
});
