import { defineRule } from '../../src/engine/rule-api.js';
import { safeUrl } from '../../src/page/urls.js';

export default defineRule({
  id: 'url-space',
  category: 'url',
  scope: 'page',
  reads: [],
  severity: 'medium',
  docs: {
    description: "The page's URL has a space in its path or query, written %20 or + (Screaming Frog's \"Contains A Space\").",
    fix: 'Replace spaces in URLs with hyphens, and redirect the old URL to the new one.',
    why: 'A space is no URL character: it must be written %20, so links typed, pasted or shared break at the space or carry an escape a reader cannot make sense of.',
    examples: {
      fails: { url: 'https://shop.example/products/red%20widget', html: '<title>Red widget</title>' },
      passes: { url: 'https://shop.example/products/red-widget', html: '<title>Red widget</title>' },
    },
  },
  options: {},
  check(page, { report }) {
    const url = safeUrl(page.url);
    if (url === undefined) return;
    const where = /%20/.test(url.pathname) ? url.pathname : /%20|\+/.test(url.search) ? url.search : undefined;
    if (where === undefined) return;
    report({ message: `The URL has a space in ${where === url.pathname ? 'its path' : 'its query'} (${JSON.stringify(where)}).`, value: where, expected: 'no spaces (hyphens between words)' });
  },
});
