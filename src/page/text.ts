/** Text statistics shared by the content rules and the site index. */

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * Scripts written without spaces between words; only text containing them needs the
 * (slower) dictionary-based Intl.Segmenter to count words sensibly.
 */
const NEEDS_SEGMENTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** A word for space-separated scripts: letters/digits, joined by apostrophes, dots or hyphens-free marks as UAX #29 does. */
const SIMPLE_WORD = /[\p{L}\p{N}\p{M}_]+(?:['’.:][\p{L}\p{N}\p{M}_]+)*/gu;

/** Lower-cased words of a text, as Intl.Segmenter's word-like segments. */
export function words(text: string): string[] {
  if (NEEDS_SEGMENTER.test(text)) {
    const out: string[] = [];
    for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment.toLowerCase());
    return out;
  }
  return text.toLowerCase().match(SIMPLE_WORD) ?? [];
}

export function countWords(text: string): number {
  if (NEEDS_SEGMENTER.test(text)) {
    let n = 0;
    for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
    return n;
  }
  SIMPLE_WORD.lastIndex = 0;
  let n = 0;
  while (SIMPLE_WORD.exec(text) !== null) n++;
  return n;
}

/** Length in Unicode code points (never UTF-16 units or bytes). */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
