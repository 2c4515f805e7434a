import { defineRule } from '../../src/engine/rule-api.js';
import { safeUrl } from '../../src/page/urls.js';

export default defineRule({
  id: 'url-underscore',
  category: 'url',
  scope: 'page',
  reads: [],
  severity: 'low',
  docs: {
    description: "The page's URL path has underscores (Screaming Frog's and SEOnaut's URL check).",
    fix: 'Use hyphens between words in URL paths (/red-widget, not /red_widget), and redirect the old URL to the new one.',
    why: "Google's URL structure guidance asks for hyphens rather than underscores between words: a hyphen separates words for search engines and readers, an underscore joins them (red_widget reads as one word).",
    examples: {
      fails: { url: 'https://shop.example/products/red_widget', html: '<title>Red widget</title>' },
      passes: { url: 'https://shop.example/products/red-widget', html: '<title>Red widget</title>' },
    },
  },
  options: {},
  check(page, { report }) {
    const path = safeUrl(page.url)?.pathname ?? '';
    if (!path.includes('_')) return;
    report({ message: `The URL path ${JSON.stringify(path)} has underscores; hyphens separate words.`, value: path, expected: 'hyphens between words, no underscores' });
  },
});
