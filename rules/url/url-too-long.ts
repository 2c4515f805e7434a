import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'url-too-long',
  category: 'url',
  scope: 'page',
  reads: [],
  severity: 'medium',
  docs: {
    description: "The page's URL is longer than 2,048 characters (the sitemaps protocol's limit, and what browsers and crawlers are safe with).",
    fix: 'Shorten the URL: drop session and tracking parameters, and keep filter and search state out of the path, or in few short parameters.',
    why: 'The sitemaps protocol takes URLs of up to 2,048 characters, and older browsers, proxies and crawlers cut or refuse longer ones: such a page may not be listed, fetched or shared whole.',
    examples: {
      fails: { url: `https://shop.example/search?q=${'red-widget-'.repeat(190)}`, html: '<title>Search</title>' },
      passes: { url: 'https://shop.example/search?q=red-widget', html: '<title>Search</title>' },
    },
  },
  options: { maxChars: 2048 },
  check(page, { options, report }) {
    const length = [...page.url].length;
    if (length <= options.maxChars) return;
    report({ message: `The URL is ${length} characters long; at most ${options.maxChars}.`, value: String(length), expected: `at most ${options.maxChars} characters` });
  },
});
