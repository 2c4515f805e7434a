import { defineRule } from '../../src/engine/rule-api.js';
import { containsKeyword, keywordList, targetKeywords } from '../../src/page/keywords.js';

export default defineRule({
  id: 'title-missing-keyword',
  category: 'title',
  scope: 'page',
  reads: ['keywords', 'title'],
  judges: { field: 'title' },
  severity: 'high',
  needsKeywords: true,
  docs: {
    description: 'None of the page’s target keywords occurs in its title.',
    fix: 'Put the main target keyword in the title, as near the start as reads naturally.',
    why: 'Searchers scan result titles for the words they typed, and the title is one of the main places search engines learn what a page is about; a title without the page’s target words is less likely to be shown or clicked for them.',
    examples: {
      fails: { html: '<title>Shop for gadgets</title>', keywords: ['blue widget'] },
      passes: { html: '<title>Blue widget in stainless steel | Widget Shop</title>', keywords: ['blue widget'] },
    },
  },
  options: {},
  check(page, { report }) {
    const title = page.title;
    if (!title) return; // title-missing owns that case
    const keywords = targetKeywords(page);
    if (keywords.length === 0 || containsKeyword(title, keywords)) return;
    const list = keywordList(keywords);
    report({ message: `Title contains none of the target keywords (${list}).`, value: title, expected: `contains one of: ${list}` });
  },
});
