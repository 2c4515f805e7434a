import { defineRule } from '../../src/engine/rule-api.js';
import { safeUrl } from '../../src/page/urls.js';

export default defineRule({
  id: 'url-uppercase',
  category: 'url',
  scope: 'page',
  reads: [],
  severity: 'low',
  docs: {
    description: "The page's URL path has capital letters (Screaming Frog's and SEOnaut's URL check).",
    fix: 'Use lower-case URL paths, link to them as written, and redirect the mixed-case URL to the lower-case one.',
    why: 'URL paths are case-sensitive: /Red-Widget and /red-widget are two URLs to a search engine, so links and shares spelt differently split one page into duplicates (Google: "URLs are case sensitive").',
    examples: {
      fails: { url: 'https://shop.example/products/Red-Widget', html: '<title>Red widget</title>' },
      passes: { url: 'https://shop.example/products/red-widget', html: '<title>Red widget</title>' },
    },
  },
  options: {},
  check(page, { report }) {
    const path = safeUrl(page.url)?.pathname ?? '';
    // Percent-escapes are written in capitals by URL parsers (%C3%BC): only letters of the path itself count.
    if (!/\p{Lu}/u.test(path.replace(/%[0-9A-F]{2}/gi, ''))) return;
    report({ message: `The URL path ${JSON.stringify(path)} has capital letters; URL paths are case-sensitive.`, value: path, expected: 'a lower-case path' });
  },
});
