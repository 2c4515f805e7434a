import { defineRule } from '../../src/engine/rule-api.js';
import { containsKeyword, keywordList, targetKeywords } from '../../src/page/keywords.js';

export default defineRule({
  id: 'meta-description-missing-keyword',
  category: 'meta',
  scope: 'page',
  reads: ['keywords', 'meta'],
  judges: { field: 'meta' },
  severity: 'low',
  needsKeywords: true,
  docs: {
    description: 'None of the page’s target keywords occurs in its meta description.',
    fix: 'Use the main target keyword once in the meta description; Google bolds it in the snippet.',
    why: 'Searchers read the description to decide whether the page answers their search; one that never mentions what they searched for gives them less reason to click.',
    examples: {
      fails: { html: '<meta name="description" content="Gadgets for every home, shipped tomorrow.">', keywords: ['blue widget'] },
      passes: { html: '<meta name="description" content="A stainless steel blue widget that fits every standard socket. Dishwasher safe, rust-free, with free next-day delivery and free returns.">', keywords: ['blue widget'] },
    },
  },
  options: {},
  check(page, { report }) {
    const description = page.meta.description;
    if (!description) return; // meta-description-missing owns that case
    const keywords = targetKeywords(page);
    if (keywords.length === 0 || containsKeyword(description, keywords)) return;
    const list = keywordList(keywords);
    report({
      message: `Meta description contains none of the target keywords (${list}).`,
      value: description,
      expected: `contains one of: ${list}`,
    });
  },
});
