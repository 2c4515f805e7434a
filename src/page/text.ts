/** Text statistics shared by the content rules and the site index. */

// Made on first use: creating it loads ICU's word-break data, tens of milliseconds every command
// that imports this module would pay, though most texts never need it (see mayNeedSegmenter).
let segmenter: Intl.Segmenter | undefined;

/**
 * Scripts ICU segments by dictionary or apart from neighbouring letters (Han, kana, Hangul,
 * Thai and its South-East Asian relatives, ideographic marks). Only text containing them needs
 * the much slower Intl.Segmenter; everything else goes through WORD, which gives the same words.
 */
const NEEDS_SEGMENTER =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tai_Tham}\p{Script=Tai_Le}\p{Script=New_Tai_Lue}\p{Script=Tai_Viet}\p{Script=Ahom}\p{Ideographic}\u3031-\u3035\u309b\u309c\u30a0\u30fc\uff70\uff9e\uff9f]/u;

// Unicode word-break classes (UAX #29) as ICU 78 assigns them, checked code point by code point
// against Intl.Segmenter in text.test.ts.
/** ALetter: alphabetic characters other than marks, plus a few modifier symbols and Armenian/Hebrew punctuation. */
const LETTER = String.raw`(?:(?!\p{M})[\p{Alphabetic}\u00b8\u02c2-\u02c5\u02d2-\u02d7\u02de\u02df\u02e5-\u02eb\u02ed\u02ef-\u02ff\u055a-\u055c\u055e\u058a\u05f3\ua708-\ua716\ua720\ua721\ua789\ua78a\uab5b])`;
const HEBREW_LETTER = String.raw`[\u05d0-\u05ea\u05ef-\u05f2\ufb1d\ufb1f-\ufb28\ufb2a-\ufb36\ufb38-\ufb3c\ufb3e\ufb40\ufb41\ufb43\ufb44\ufb46-\ufb4f]`;
/** Numeric: decimal digits, plus the Arabic decimal separator and number signs. */
const NUMBER_SIGNS = String.raw`\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}`;
const NUMERIC = String.raw`[\p{Nd}\u066b${NUMBER_SIGNS}]`;
/** ExtendNumLet: underscore and other connector punctuation. */
const CONNECTOR = String.raw`[\p{Pc}\u202f]`;
/** Any Extend and Format characters: marks, joiners, soft hyphen, skin tones; they belong to the character before them (WB4). */
const EXTENDS = String.raw`(?:(?![${NUMBER_SIGNS}\u200b])[\p{M}\p{Cf}\u{1f3fb}-\u{1f3ff}])*`;
/** MidLetter and MidNumLet: join two letters (WB6, WB7): "e.g", "don't", "l’homme", "a:b". */
const MID_LETTER = String.raw`[:\u00b7\u0387\u055f\u05f4\u2027\ufe13\ufe55\uff1a.\u2018\u2019\u2024\ufe52\uff07\uff0e']`;
/** MidNum and MidNumLet: join two digits (WB11, WB12): "1,000.5", "5'000", "v1.2". */
const MID_NUMBER = String.raw`[,;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe50\ufe54\uff0c\uff1b.\u2018\u2019\u2024\ufe52\uff07\uff0e']`;

/** A letter, with a following mid character when a letter comes after it; Hebrew also takes ' and " (WB7a–c). */
const LETTER_UNIT =
  `(?:${HEBREW_LETTER}${EXTENDS}(?:${MID_LETTER}${EXTENDS}(?=${LETTER})|'${EXTENDS}|"${EXTENDS}(?=${HEBREW_LETTER}))?` +
  `|${LETTER}${EXTENDS}(?:${MID_LETTER}${EXTENDS}(?=${LETTER}))?)`;
const NUMBER_UNIT = `${NUMERIC}${EXTENDS}(?:${MID_NUMBER}${EXTENDS}(?=${NUMERIC}))?`;
const WORD_CHAR = `(?:${LETTER}|${NUMERIC}|${CONNECTOR})`;
/**
 * A word-like segment as Intl.Segmenter finds it in space-separated scripts: letters, digits and
 * connectors run together (WB5, WB8–WB10, WB13a/b), joined across mid punctuation only between
 * two letters or two digits. A lone "_" is not a word, but "__" is (ICU gives WB13a letter status).
 */
const WORD = new RegExp(
  `(?:${LETTER_UNIT}|${NUMBER_UNIT}|${CONNECTOR}(?=${EXTENDS}${WORD_CHAR})${EXTENDS})(?:${LETTER_UNIT}|${NUMBER_UNIT}|${CONNECTOR}${EXTENDS})*`,
  'gu',
);

/**
 * WORD backtracks once per character of a match, and a match of a few million characters
 * overflows V8's regexp stack. Words never span white space, so text is cut at white space into
 * pieces of at most this size; only a run of non-space longer than this (not a word anyone
 * writes) is cut inside, and then counts as more than one word.
 */
const PIECE = 100_000;

function* pieces(text: string): Generator<string> {
  let start = 0;
  while (text.length - start > PIECE) {
    let end = text.lastIndexOf(' ', start + PIECE);
    if (end <= start) end = start + PIECE;
    yield text.slice(start, end);
    start = end;
  }
  yield text.slice(start);
}

/**
 * The same grammar for text that is all ASCII (most pages in most shops), with plain character
 * classes instead of Unicode properties, which V8 matches several times faster. For ASCII the
 * classes above reduce to exactly these: letters A-Z a-z, digits, "_", MidLetter ":" ".", "'",
 * MidNum "," ";" "." "'"; there are no ASCII Extend or Format characters.
 */
const ASCII_WORD = /(?:[A-Za-z](?:[:.'](?=[A-Za-z]))?|[0-9](?:[,;.'](?=[0-9]))?|_(?=_*[A-Za-z0-9_]))(?:[A-Za-z](?:[:.'](?=[A-Za-z]))?|[0-9](?:[,;.'](?=[0-9]))?|_)*/g;
const NON_ASCII = /[^\x00-\x7f]/;

const PLAIN_WORD = /^[A-Za-z]+$/;

function matchAll(text: string, re: RegExp, out: string[]): void {
  if (text.length <= PIECE) {
    const found = text.match(re);
    if (found) for (const w of found) out.push(w);
    return;
  }
  for (const piece of pieces(text)) for (const w of piece.match(re) ?? []) out.push(w);
}

function matchWords(text: string): string[] {
  const out: string[] = [];
  if (!NON_ASCII.test(text)) {
    matchAll(text, ASCII_WORD, out);
    return out;
  }
  // Words never span a space, so the slow Unicode grammar runs only on the space-separated
  // tokens that need it; "crème" does, "the" and "4.5" do not. 2-3x faster on shop pages.
  for (const token of text.split(' ')) {
    if (token === '') continue;
    if (PLAIN_WORD.test(token)) out.push(token);
    else matchAll(token, NON_ASCII.test(token) ? WORD : ASCII_WORD, out);
  }
  return out;
}

/** extract() counts the words of a page's text and the site index then hashes them: segment once. */
let lastText: string | undefined;
let lastWords: string[] = [];

/**
 * A cheap first look for NEEDS_SEGMENTER: true when the text has any character in the blocks
 * those scripts live in (Thai to Khmer, Hangul, CJK and kana, compatibility and fullwidth forms,
 * astral planes). Most text has none, and a scan of char codes beats a Unicode-property regex.
 */
function mayNeedSegmenter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x0e00) continue;
    if (c <= 0x1aff || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xa960 && c <= 0xabff) || (c >= 0xac00 && c <= 0xd7ff) || c >= 0xd800) return true;
  }
  return false;
}

/**
 * ICU's dictionary word breaking (Node 20's Intl.Segmenter) falls off a cliff past 64 Ki UTF-16
 * units: 54,000 characters of Japanese take 0.2 s, 72,000 take 23 s. So text is segmented in
 * pieces of at most this many units, cut at white space or sentence-ending punctuation, where no
 * word spans the cut; a run of that length with neither (not text anyone writes) is cut where it
 * reaches the limit, which may split one word in two.
 */
const SEGMENTER_PIECE = 16_384;
const PIECE_BREAK = /[\s\u3002\uff01\uff1f\uff0e\u0e2f\u104b.!?]/u;

function* segmenterPieces(text: string): Generator<string> {
  let start = 0;
  while (text.length - start > SEGMENTER_PIECE) {
    let end = start + SEGMENTER_PIECE;
    // Look back at most half a piece for a break, so pieces stay large.
    let cut = end;
    while (cut > start + SEGMENTER_PIECE / 2 && !PIECE_BREAK.test(text[cut - 1]!)) cut--;
    if (cut > start + SEGMENTER_PIECE / 2) end = cut;
    else if (/[\ud800-\udbff]/.test(text[end - 1]!)) end--; // never split a surrogate pair
    yield text.slice(start, end);
    start = end;
  }
  yield text.slice(start);
}

/** Lower-cased words of a text, as Intl.Segmenter's word-like segments. The array is shared: read it, never change it. */
export function words(text: string): string[] {
  if (text === lastText) return lastWords;
  const lower = text.toLowerCase();
  let out: string[];
  if (mayNeedSegmenter(lower) && NEEDS_SEGMENTER.test(lower)) {
    out = [];
    for (const piece of segmenterPieces(lower)) for (const s of (segmenter ??= new Intl.Segmenter('und', { granularity: 'word' })).segment(piece)) if (s.isWordLike) out.push(s.segment);
  } else {
    out = matchWords(lower);
  }
  lastText = text;
  lastWords = out;
  return out;
}

/** Number of Intl.Segmenter word-like segments in a text. */
export function countWords(text: string): number {
  return words(text).length;
}

/** Length in Unicode code points (never UTF-16 units or bytes). */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
