import { defineRule } from '../../src/engine/rule-api.js';
import { safeUrl } from '../../src/page/urls.js';

export default defineRule({
  id: 'url-multiple-slashes',
  category: 'url',
  scope: 'page',
  reads: [],
  severity: 'low',
  docs: {
    description: "The page's URL path has two or more slashes in a row (Screaming Frog's \"Multiple Slashes\").",
    fix: 'Fix the links or the template that join paths with a double slash, and redirect /a//b to /a/b.',
    why: 'A server usually answers /shop//red-widget and /shop/red-widget with the same page, so a stray double slash makes a second URL of it: a duplicate to crawl, index and split links between.',
    examples: {
      fails: { url: 'https://shop.example/products//red-widget', html: '<title>Red widget</title>' },
      passes: { url: 'https://shop.example/products/red-widget', html: '<title>Red widget</title>' },
    },
  },
  options: {},
  check(page, { report }) {
    const path = safeUrl(page.url)?.pathname ?? '';
    if (!path.includes('//')) return;
    report({ message: `The URL path ${JSON.stringify(path)} has two slashes in a row.`, value: path, expected: 'single slashes between path segments' });
  },
});
