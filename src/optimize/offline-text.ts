// The text work of the offline rewriter: cleaning a field of the markup an export left in it,
// measuring, and cutting at word boundaries (prefixes, shorter versions, clause and keyword
// starts, sentences), lazily and in order of preference. Pure functions.
import { markupText } from '../page/html-text.js';
import { containsKeyword, foldCase } from '../page/keywords.js';
import { textWidth } from '../page/pixels.js';
import { charLength } from '../page/text.js';

/** Joins an added keyword to the title or description it leads. */
export const KEYWORD_JOIN = ' –';
export const BRAND_JOIN = ' | ';
/** Sentences of the content looked at; descriptions come from the opening ones. */
export const MAX_SENTENCES = 200;
/**
 * Characters of a title, description, H1, product name or brand read. Anything longer is no
 * title but a broken cell; its first thousand characters are plenty to cut a 60-character title
 * from, and reading no more keeps every step below bounded, whatever the cell holds.
 */
export const MAX_FIELD_CHARS = 1_000;
/**
 * Characters of the content's text read (after markup is removed). A description is built from
 * the opening sentences; a 200 KB spec list would otherwise cost seconds and gigabytes per row.
 */
export const MAX_CONTENT_CHARS = 20_000;
/** Title segments beyond which no runs are dropped ("A | B | … | Z": the drops grow as the cube of the count). */
export const MAX_SEGMENTS = 8;

export const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });
export const sentenceSegmenter = new Intl.Segmenter('und', { granularity: 'sentence' });

/** Scripts written without spaces between words: only Intl.Segmenter knows where their words end. */
export const NO_SPACE = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}\u3000-\u303f\uff00-\uffef]/u;
export const SPACE = /^\s/u;
/** Separators and opening brackets a cut may leave at the end: "Widgets |", "Shoes,", "Sale (". */
export const DANGLING = /[\s\-\u2010-\u2015|:,;/&+·•([{«‹“„‘、，：；｜・（［「『【〔]+$/u;
/** The same plus sentence ends, stripped before an ellipsis: "Free delivery.…" reads as a typo. */
export const BEFORE_ELLIPSIS = /[\s.!?…。！？\-\u2010-\u2015|:,;/&+·•([{«‹“„‘、，：；｜・（［「『【〔]+$/u;
/** Title segments: "Blue Widgets | Free Delivery – Acme". */
export const SEGMENT_SEPARATOR = /(\s+[|\-\u2010-\u2015·•]\s+|\s*[|｜]\s*)/u;
/**
 * Articles, conjunctions and prepositions of the languages shops mostly write in (en, de, fr, es,
 * nl). A cut never ends on one ("… in 30 Sizes with | Acme" reads as broken), and a cut before
 * one ends a phrase ("Men, Women | and Kids"), which reads better than mid-phrase ("Größe | 36").
 */
export const STOP_WORDS = new Set(
  ('a an the and or of in on at to for with from by as into via vs your our its their is are ' +
    'und oder mit für von vom zum zur im am an auf aus bei bis der die das den dem des ein eine einen einem einer zu nach über unter ohne durch als ihr ihre unsere ' +
    'et ou de des du le la les un une à au aux en pour avec sur par dans sans ' +
    'y o del el los las una con para por sin al ' +
    'het een met voor van op bij').split(' '),
);
export const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/**
 * The letters and digits that end a text ("" when it ends otherwise), read backwards from its
 * end: /[\p{L}\p{N}]+$/ tries every position of the text, and runs on every prefix considered.
 */
export function lastWordOf(text: string): string {
  let start = text.length;
  while (start > 0) {
    let from = start - 1;
    const c = text.charCodeAt(from);
    if (c >= 0xdc00 && c <= 0xdfff && from > 0) {
      const high = text.charCodeAt(from - 1);
      if (high >= 0xd800 && high <= 0xdbff) from--;
    }
    if (!WORD_CHAR.test(text.slice(from, start))) break;
    start = from;
  }
  return text.slice(start);
}
export const BRACKETS: readonly (readonly [string, string])[] = [['(', ')'], ['[', ']'], ['（', '）'], ['【', '】'], ['「', '」'], ['『', '』'], ['“', '”']];
export const BRACKET_OPEN = new Map(BRACKETS.map(([open], i) => [open, i]));
export const BRACKET_CLOSE = new Map(BRACKETS.map(([, close], i) => [close, i]));

// ---------------------------------------------------------------------------------------------
// Cleaning and measuring

/** Unrendered template tags stand for a value inside the sentence ("30 sizes{{ note }}, from"): removed without a space. */
export const TEMPLATE = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

/** At most `max` UTF-16 units of text, never ending in half a surrogate pair. */
export function head(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * Text without the markup left in an export (template tags, then tags, comments and entities read
 * as a browser reads them: markupText), white space collapsed; read up to `max` characters
 * (MAX_FIELD_CHARS unless said).
 */
export function clean(text: string | undefined, max = MAX_FIELD_CHARS): string {
  if (!text) return '';
  return markupText(head(text, max).replace(TEMPLATE, ''));
}

/** Cleaned, non-empty keywords, each once (ignoring case), in the order given: the first is the main one. */
export function cleanKeywords(keywords: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of (keywords ?? []).map((k) => clean(k))) {
    if (k === '' || seen.has(foldCase(k))) continue;
    seen.add(foldCase(k));
    out.push(k);
  }
  return out;
}

/** Compared rounded, as the too-wide rules do. */
export function withinPixels(text: string, maxPixels: number, fontSize: number): boolean {
  return Math.round(textWidth(text, fontSize)) <= maxPixels;
}

/**
 * Text that now opens a title or description (a keyword, or a cut that starts mid-sentence):
 * a lower-case first word gets a capital, "blue widgets" → "Blue widgets"; "iPhone" stays.
 */
export function leading(text: string): string {
  const firstWord = text.split(' ', 1)[0]!;
  if (firstWord !== firstWord.toLowerCase()) return text;
  const first = String.fromCodePoint(text.codePointAt(0)!);
  return first.toUpperCase() + text.slice(first.length);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Cutting at word boundaries

/** No bracket or straight quote left open. */
export function balanced(text: string): boolean {
  // One pass, no allocation: it runs on every prefix of every title and description considered.
  const depth = new Int32Array(BRACKETS.length);
  let quotes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      quotes++;
      continue;
    }
    const open = BRACKET_OPEN.get(c);
    if (open !== undefined) depth[open]!++;
    else {
      const close = BRACKET_CLOSE.get(c);
      if (close !== undefined) depth[close]!--;
    }
  }
  return quotes % 2 === 0 && depth.every((d) => d === 0);
}

/** A shorter version of a text; `clause` when it ends where a clause, segment or phrase of the original ends. */
export interface Cut {
  text: string;
  clause: boolean;
}

/** Punctuation that closes a clause when glued to a word ("Sizes," "Damen:"), or a segment separator standing alone (" – "). */
export const CLAUSE_END = /[,;:.!?、，。：；！？]/u;
export const STANDALONE_SEPARATOR = /^[|｜\-\u2010-\u2015·•]+$/u;

/**
 * The places text may be cut without splitting a word: after a word plus the punctuation glued
 * to it ("Widgets," "(Blue)"), where a space or the end follows; never inside "T-Shirt".
 * Between words of a script written without spaces, at Intl.Segmenter's word boundaries.
 */
export function cutEnds(text: string): { end: number; clause: boolean }[] {
  const segments = [...wordSegmenter.segment(text)];
  const ends: { end: number; clause: boolean }[] = [];
  for (let i = 0; i < segments.length; i++) {
    const word = segments[i]!;
    if (!word.isWordLike) continue;
    let end = word.index + word.segment.length;
    let j = i + 1;
    let glued = '';
    for (; j < segments.length; j++) {
      const s = segments[j]!;
      if (s.isWordLike || SPACE.test(s.segment)) break;
      glued += s.segment;
      end = s.index + s.segment.length;
    }
    const next = segments[j];
    const free = next === undefined || !next.isWordLike;
    if (!free && !NO_SPACE.test(word.segment.slice(-1)) && !NO_SPACE.test(glued) && !NO_SPACE.test(next.segment.charAt(0))) continue;
    let k = j;
    while (k < segments.length && SPACE.test(segments[k]!.segment)) k++;
    const following = segments[k];
    const clause =
      CLAUSE_END.test(glued) ||
      (following !== undefined &&
        (following.isWordLike ? STOP_WORDS.has(following.segment.toLowerCase()) : STANDALONE_SEPARATOR.test(following.segment)));
    ends.push({ end, clause });
  }
  return ends;
}

/** UTF-16 units past a cut's reach still segmented, so the words at the edge are seen whole with what follows them. */
export const LOOKAHEAD = 256;

/**
 * Shorter versions of text cut at word boundaries, longest first, without dangling separators or
 * words; only those of at most `maxChars` characters (no caller can use a longer one). Only the
 * text's opening 2 × maxChars units (plus a look-ahead) are segmented, and every cut is then short:
 * the work is bounded by maxChars, not by the text, which may be a 200 KB sentence. One at a time:
 * a caller that takes the first that fits builds no more.
 */
export function* prefixesOf(text: string, maxChars: number): Generator<Cut> {
  // A cut must not leave "Widgets (Blue" open, unless the text itself has one open.
  const wholeBalanced = balanced(text);
  // A prefix of maxChars code points is at most 2 × maxChars UTF-16 units, plus the dangling
  // separators stripped from its end.
  const reach = 2 * maxChars + 32;
  const seen = new Set<string>();
  const ends = cutEnds(head(text, reach + LOOKAHEAD)).filter((e) => e.end <= reach);
  for (let i = ends.length - 1; i >= 0; i--) {
    const { end, clause } = ends[i]!;
    const p = text.slice(0, end).replace(DANGLING, '');
    if (p === '' || p === text || seen.has(p) || charLength(p) > maxChars || (wholeBalanced && !balanced(p))) continue;
    if (STOP_WORDS.has(lastWordOf(p).toLowerCase())) continue;
    seen.add(p);
    yield { text: p, clause };
  }
}

/**
 * A list read from a generator only as far as it is read: candidates come in order of preference,
 * and most rows take one of the first, so the rest (each a prefix cut and measured) is never built.
 */
export class Lazy<T> {
  private readonly items: T[] = [];
  private done = false;

  constructor(private readonly source: Iterator<T>) {}

  /** Item i, or undefined past the end. */
  at(i: number): T | undefined {
    while (!this.done && this.items.length <= i) {
      const next = this.source.next();
      if (next.done) this.done = true;
      else this.items.push(next.value);
    }
    return this.items[i];
  }

  *[Symbol.iterator](): Generator<T> {
    for (let i = 0; ; i++) {
      const item = this.at(i);
      if (item === undefined) return;
      yield item;
    }
  }
}

/** Positions where a word starts that begins with one of the keywords. */
export function keywordStarts(text: string, keywords: readonly string[]): number[] {
  const out: number[] = [];
  // Folding changes a text's length only a little ("ß" → "ss", "ﬁ" → "fi"): this much of it holds any keyword.
  const reach = 2 * Math.max(0, ...keywords.map((k) => k.length)) + 8;
  for (const s of wordSegmenter.segment(text)) {
    if (!s.isWordLike) continue;
    const before = text.slice(Math.max(0, s.index - 1), s.index);
    if (s.index > 0 && !SPACE.test(before) && !NO_SPACE.test(before) && !NO_SPACE.test(s.segment.charAt(0))) continue;
    const head = foldCase(text.slice(s.index, s.index + reach));
    if (keywords.some((k) => head.startsWith(foldCase(k)))) out.push(s.index);
  }
  return out;
}

/**
 * Positions where a word starts a clause or segment: after "," ":" "." or a separator and then a
 * space ("Nubukleder: wasserdicht", "Sale – Blue"), never inside "Crew-Neck"; after "、" "。" directly.
 */
export function clauseStarts(text: string): number[] {
  const out: number[] = [];
  let punctuated = false;
  let ready = false;
  for (const s of wordSegmenter.segment(text)) {
    if (s.isWordLike) {
      if (ready) out.push(s.index);
      punctuated = ready = false;
    } else if (SPACE.test(s.segment)) {
      ready = punctuated;
    } else if (CLAUSE_END.test(s.segment) || STANDALONE_SEPARATOR.test(s.segment)) {
      punctuated = true;
      ready = NO_SPACE.test(s.segment);
    }
  }
  return out;
}

/**
 * Text with runs of segments left out ("A | B | C" → "A | C"), longest first: how a title keeps
 * a keyword that sits after the cut. The last segment is kept; leaving it out is a prefix.
 */
export function segmentDrops(text: string): string[] {
  const parts = text.split(SEGMENT_SEPARATOR);
  const segments = parts.filter((_, i) => i % 2 === 0);
  const separators = parts.filter((_, i) => i % 2 === 1);
  const out: string[] = [];
  if (segments.length > MAX_SEGMENTS) return out;
  for (let from = 0; from < segments.length - 1; from++) {
    for (let to = from; to < segments.length - 1; to++) {
      let joined = '';
      for (let k = 0; k < segments.length; k++) {
        if (k >= from && k <= to) continue;
        if (joined !== '') joined += k === to + 1 && from > 0 ? separators[from - 1] : separators[k - 1];
        joined += segments[k];
      }
      if (joined.trim() !== '') out.push(joined.trim());
    }
  }
  return out.sort((a, b) => b.length - a.length);
}

/**
 * Every shorter version of text worth trying, in order of preference: cut at the end; with
 * segments dropped (and those cut); and, to keep a keyword the end cannot, starting at a later
 * clause or at the keyword itself (and cut). Whole words only, at most maxChars characters.
 */
export function shorterVersions(text: string, keywords: readonly string[], maxChars: number): Lazy<Cut> {
  return new Lazy(shorterVersionsOf(text, keywords, maxChars));
}

export function* shorterVersionsOf(text: string, keywords: readonly string[], maxChars: number): Generator<Cut> {
  const seen = new Set<string>();
  const fresh = (cut: Cut): boolean => {
    if (cut.text === text || seen.has(cut.text)) return false;
    seen.add(cut.text);
    return true;
  };
  for (const cut of prefixesOf(text, maxChars)) if (fresh(cut)) yield cut;
  const starts = keywords.length === 0 ? [] : [...new Set([...clauseStarts(text), ...keywordStarts(text, keywords)])].sort((a, b) => a - b);
  const windows = starts.map((s) => text.slice(s)).filter((w) => w !== text && containsKeyword(w, keywords));
  for (const version of [...segmentDrops(text), ...windows]) {
    if (charLength(version) <= maxChars) {
      const cut = { text: version, clause: true };
      if (fresh(cut)) yield cut;
    }
    for (const cut of prefixesOf(version, maxChars)) if (fresh(cut)) yield cut;
  }
}

/**
 * How many characters a title or H1 may give up to end at a clause ("Thirty Sizes | Acme")
 * rather than mid-phrase ("Thirty Sizes, Free | Acme").
 */
export const CLAUSE_SLACK = 12;

/** A candidate text; candidates of one group differ only in how much of the original they keep. */
export interface Candidate extends Cut {
  group: number;
}

/**
 * The first candidate that passes (they come in order of preference), or a slightly shorter one
 * of its group that ends at a clause. It keeps every keyword the source had if any candidate
 * can, else at least one of them.
 */
export function choose(candidates: Lazy<Candidate> | readonly Candidate[], kept: readonly string[], passes: (text: string) => boolean): string | undefined {
  const list = Array.isArray(candidates) ? new Lazy((candidates as readonly Candidate[])[Symbol.iterator]()) : (candidates as Lazy<Candidate>);
  const all = (t: string): boolean => kept.every((k) => containsKeyword(t, [k]));
  const some = (t: string): boolean => kept.length === 0 || containsKeyword(t, kept);
  for (const keeps of kept.length > 1 ? [all, some] : [all]) {
    const ok = (c: Candidate): boolean => passes(c.text) && keeps(c.text);
    let i = 0;
    let best: Candidate | undefined;
    for (let c = list.at(0); c !== undefined; c = list.at(++i)) {
      if (ok(c)) {
        best = c;
        break;
      }
    }
    if (best === undefined) continue;
    if (best.clause) return best.text;
    const floor = charLength(best.text) - CLAUSE_SLACK;
    // A group's candidates come together: the search ends where the group does.
    let cleaner: Candidate | undefined;
    for (let j = i + 1, c = list.at(j); c !== undefined && c.group === best.group; c = list.at(++j)) {
      if (c.clause && charLength(c.text) >= floor && ok(c)) {
        cleaner = c;
        break;
      }
    }
    return (cleaner ?? best).text;
  }
  return undefined;
}

export function presentKeywords(text: string, keywords: readonly string[]): string[] {
  return keywords.filter((k) => containsKeyword(text, [k]));
}

/** The first sentences of a text that have a letter or digit, trimmed. */
export function sentences(text: string, limit: number): string[] {
  const out: string[] = [];
  for (const s of sentenceSegmenter.segment(text)) {
    if (out.length >= limit) break;
    const sentence = s.segment.trim();
    if (/[\p{L}\p{N}]/u.test(sentence)) out.push(sentence);
  }
  return out;
}

/** Sentences follow each other with a space, except between two of a script written without spaces ("。次"). */
export function joinSentences(a: string, b: string): string {
  if (a === '') return b;
  return NO_SPACE.test(a.slice(-1)) && NO_SPACE.test(b.charAt(0)) ? a + b : `${a} ${b}`;
}

