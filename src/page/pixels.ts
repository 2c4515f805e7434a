/**
 * Rendered width of text in Arial, as search engines measure titles and descriptions.
 * Advances come from Liberation Sans Regular (metric-compatible with Arial) in advance-widths.ts.
 * Kerning is ignored, as most SERP-width tools do: it moves a title by a pixel or two at most.
 */
import { ADVANCE_RUNS, AVERAGE_ADVANCE, UNITS_PER_EM } from './advance-widths.js';

const ZWJ = 0x200d;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
/** Marks "not computed yet" in the cache; real advances stay far below it. */
const UNKNOWN = 0xffff;

/** Not drawn at all: combining marks sit on the previous letter, format and control characters are invisible. */
const ZERO_WIDTH = /^[\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}\p{Cc}\p{Cf}]$/u;
/** Half-width katakana and Hangul, and half-width symbols: drawn at half an em by CJK fallback fonts. */
const HALF_WIDTH = /^[\uff61-\uffdc\uffe8-\uffee]$/u;
/**
 * East Asian Wide and Fullwidth characters (CJK, kana, Hangul, fullwidth forms, emoji):
 * the fallback fonts browsers use for them draw each one an em wide.
 */
const FULL_WIDTH =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\p{Script=Yi}\u2e80-\u2fff\u3000-\u303f\u3190-\u33ff\ua960-\ua97f\uac00-\ud7af\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\p{Emoji_Presentation}]$/u;

/** Advance in font units per BMP code point: from the font, else a fallback computed once. */
const bmp = buildBmpTable();

function buildBmpTable(): Uint16Array {
  const table = new Uint16Array(0x10000).fill(UNKNOWN);
  for (let i = 0; i + 2 < ADVANCE_RUNS.length; i += 3) {
    const first = ADVANCE_RUNS[i]!;
    const last = ADVANCE_RUNS[i + 1]!;
    const advance = ADVANCE_RUNS[i + 2]!;
    for (let cp = first; cp <= last && cp < 0x10000; cp++) {
      // The font gives the soft hyphen and a few invisibles a glyph; browsers draw none of them.
      table[cp] = ZERO_WIDTH.test(String.fromCodePoint(cp)) ? 0 : advance;
    }
  }
  return table;
}

/**
 * Advance for a code point the font does not cover: browsers draw it from a fallback font,
 * so use the width class it belongs to; everything else gets the font's average advance
 * (OS/2 xAvgCharWidth, about 0.58 em), a fair middle for Arabic, Indic, Thai and similar scripts.
 */
function fallbackAdvance(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (ZERO_WIDTH.test(ch)) return 0;
  if (HALF_WIDTH.test(ch)) return UNITS_PER_EM / 2;
  if (FULL_WIDTH.test(ch)) return UNITS_PER_EM;
  return AVERAGE_ADVANCE;
}

function advanceOf(cp: number): number {
  if (cp < 0x10000) {
    let a = bmp[cp]!;
    if (a === UNKNOWN) {
      a = fallbackAdvance(cp);
      bmp[cp] = a;
    }
    return a;
  }
  return fallbackAdvance(cp);
}

/**
 * Width in CSS pixels of `text` set in Arial (regular) at `fontSizePx`, unrounded.
 * Pass text as it is displayed: white space already collapsed (extract does this for titles).
 */
export function textWidth(text: string, fontSizePx: number): number {
  let units = 0;
  let prev = 0;
  let regionalRun = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    // An emoji ZWJ sequence and a flag (two regional indicators) each draw as one emoji.
    const regional = cp >= 0x1f1e6 && cp <= 0x1f1ff;
    regionalRun = regional ? regionalRun + 1 : 0;
    const joined = prev === ZWJ && PICTOGRAPHIC.test(String.fromCodePoint(cp));
    if (!joined && !(regional && regionalRun % 2 === 0)) units += advanceOf(cp);
    prev = cp;
  }
  return (units * fontSizePx) / UNITS_PER_EM;
}
