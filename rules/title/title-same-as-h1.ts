import { defineRule } from '../../src/engine/rule-api.js';

/** Equal ignoring case only ("CAFÉ" = "café", "café" ≠ "cafe"), by Unicode collation. */
const sameIgnoringCase = new Intl.Collator('und', { sensitivity: 'accent', usage: 'search' });

export default defineRule({
  id: 'title-same-as-h1',
  category: 'title',
  scope: 'page',
  reads: ['h1', 'title'],
  judges: { field: 'title' },
  severity: 'low',
  docs: {
    description: 'Title repeats the H1 word for word, wasting a chance to cover more of the topic.',
    fix: 'Make the title the search-result pitch (keyword, benefit, brand) and the H1 the on-page headline, worded differently.',
    why: 'The title is read in search results and the H1 on the page itself; when they are identical, the title usually misses what a result needs and the page does not, such as the brand or what sets the page apart.',
    examples: {
      fails: { html: '<title>Blue widget</title><h1>Blue widget</h1>' },
      passes: { html: '<title>Blue widget in stainless steel | Widget Shop</title><h1>Blue widget</h1>' },
    },
  },
  options: {},
  check(page, { report }) {
    const title = page.title;
    if (!title) return; // title-missing owns that case
    const h1 = page.headings.find((h) => h.level === 1 && h.text !== '');
    if (!h1) return; // h1-missing owns that case
    if (sameIgnoringCase.compare(title, h1.text) === 0) {
      report({ message: 'Title is the same as the H1.', value: title, expected: 'a title worded differently from the H1' });
    }
  },
});
