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
