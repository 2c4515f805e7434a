import { defineRule } from '../../src/engine/rule-api.js';
import { isLocalHost, safeUrl } from '../../src/page/urls.js';

export default defineRule({
  id: 'page-not-https',
  category: 'url',
  scope: 'page',
  reads: [],
  severity: 'high',
  docs: {
    description: "The page's URL is http://, not https:// (Lighthouse's is-on-https, SEOnaut's HTTP check).",
    fix: 'Serve the site over HTTPS, redirect every http:// URL to its https:// one (301), and link to the https:// URLs.',
    why: 'Google uses HTTPS as a ranking signal and Chrome marks http:// pages "Not secure"; over plain HTTP anything on the page, forms included, can be read or changed on the way.',
    examples: {
      fails: { url: 'http://shop.example/products/red-widget', html: '<title>Red widget</title>' },
      passes: { url: 'https://shop.example/products/red-widget', html: '<title>Red widget</title>' },
    },
  },
  options: {},
  check(page, { report }) {
    const url = safeUrl(page.url);
    // Only web addresses: a folder's file: pages and a local development server are no live site.
    if (url?.protocol !== 'http:' || isLocalHost(url.hostname)) return;
    report({ message: `The page is served over http:// (${page.url}), not https://.`, value: page.url, expected: 'an https:// URL' });
  },
});
