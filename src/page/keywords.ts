import { collapse } from './collapse.js';
import type { Page } from './types.js';

/**
 * Case-insensitive form for keyword matching. JavaScript has no Unicode case folding, so
 * NFKC plus upper-then-lower case approximates it: "CAFÉ"/"café", "STRASSE"/"straße", "ﬁ"/"fi".
 */
export function foldCase(text: string): string {
  return collapse(text).normalize('NFKC').toUpperCase().toLowerCase();
}

/** The page's target keywords with white space collapsed; blank ones would match any text. */
export function targetKeywords(page: Page): string[] {
  return (page.keywords ?? []).map(collapse).filter((k) => k !== '');
}

/** True when any keyword occurs in the text, ignoring case. */
export function containsKeyword(text: string, keywords: readonly string[]): boolean {
  const haystack = foldCase(text);
  return keywords.some((k) => haystack.includes(foldCase(k)));
}

/** The keywords as a readable, unambiguous list: `"blue widget", "widgets"`. */
export function keywordList(keywords: readonly string[]): string {
  return keywords.map((k) => JSON.stringify(k)).join(', ');
}
