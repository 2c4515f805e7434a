import { defineRule } from '../../src/engine/define-rule.js';
import { collapse } from '../../src/page/extract.js';
import type { Page } from '../../src/page/types.js';

/**
 * Case-insensitive form for substring search. JavaScript has no Unicode case folding, so
 * NFKC plus upper-then-lower case approximates it: "CAFÉ"/"café", "STRASSE"/"straße", "ﬁ"/"fi".
 */
function fold(text: string): string {
  return collapse(text).normalize('NFKC').toUpperCase().toLowerCase();
}

/** The page's target keywords with white space collapsed; blank ones would match any text. */
export function targetKeywords(page: Page): string[] {
  return (page.keywords ?? []).map(collapse).filter((k) => k !== '');
}

/** True when any keyword occurs in the text, ignoring case. */
export function containsKeyword(text: string, keywords: readonly string[]): boolean {
  const haystack = fold(text);
  return keywords.some((k) => haystack.includes(fold(k)));
}

/** The keywords as a readable, unambiguous list: `"blue widget", "widgets"`. */
export function keywordList(keywords: readonly string[]): string {
  return keywords.map((k) => JSON.stringify(k)).join(', ');
}

export default defineRule({
  id: 'title-missing-keyword',
  category: 'title',
  scope: 'page',
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
