import { describe, expect, it } from 'vitest';
import { ADVANCE_RUNS, UNITS_PER_EM } from './advance-widths.js';
import { textWidth } from './pixels.js';

/**
 * Arial Regular advance widths (font units, 2048/em) from Arial's own hmtx table, written out
 * by hand so the test does not just read back the generated table.
 */
const ARIAL: Record<string, number> = {
  ' ': 569, i: 455, l: 455, j: 455, t: 569, f: 569, r: 682, a: 1139, b: 1139, c: 1024, d: 1139,
  e: 1139, g: 1139, h: 1139, k: 1024, m: 1706, n: 1139, o: 1139, p: 1139, s: 1024, u: 1139,
  v: 1024, w: 1479, x: 1024, y: 1024, z: 1024, A: 1366, B: 1366, D: 1479, H: 1479, M: 1706,
  C: 1479, E: 1366, F: 1251, L: 1139, N: 1479, O: 1593, P: 1366, R: 1479, S: 1366, T: 1251, W: 1933, '0': 1139, '3': 1139, '|': 532, '-': 682, '–': 1139, '.': 569, ',': 569,
  '&': 1366, '€': 1139, 'é': 1139, 'ü': 1139, 'ß': 1251,
};

const px = (units: number, size = 20): number => (units * size) / 2048;
const arial = (text: string, size = 20): number => px([...text].reduce((n, ch) => n + ARIAL[ch]!, 0), size);

describe('textWidth', () => {
  it('measures single letters at 20px like Arial', () => {
    expect(textWidth('i', 20)).toBeCloseTo(4.443, 3);
    expect(textWidth('W', 20)).toBeCloseTo(18.877, 3);
    expect(textWidth('a', 20)).toBeCloseTo((1139 / 2048) * 20, 6);
  });

  it('sums advances for a word and scales with the font size', () => {
    expect(textWidth('Hello', 20)).toBeCloseTo(px(1479 + 1139 + 455 + 455 + 1139), 6);
    expect(textWidth('Hello', 20)).toBeCloseTo(45.576, 3);
    expect(textWidth('Hello', 40)).toBeCloseTo(2 * textWidth('Hello', 20), 9);
    expect(textWidth('', 20)).toBe(0);
  });

  it('agrees with Arial on every character of the hand-written table', () => {
    for (const [ch, units] of Object.entries(ARIAL)) expect(textWidth(ch, 2048), ch).toBe(units);
  });

  it('measures a realistic 60-character title', () => {
    const title = 'Buy Blue Widgets - Durable Steel, 30 Sizes & Free Delivery |';
    expect([...title]).toHaveLength(60);
    expect(textWidth(title, 20)).toBeCloseTo(arial(title), 6);
    expect(textWidth(title, 20)).toBeCloseTo(538.75, 3); // fits Google's 561 px
    // The same length in capitals does not.
    expect(textWidth(title.toUpperCase(), 20)).toBeGreaterThan(561);
  });

  it('measures accented Latin, Greek and Cyrillic from the font', () => {
    expect(textWidth('é', 20)).toBeCloseTo(px(1139), 6);
    expect(textWidth('ß', 20)).toBeCloseTo(px(1251), 6);
    expect(textWidth('α', 2048)).toBe(1184);
    expect(textWidth('А', 2048)).toBe(1366); // Cyrillic A, same glyph width as Latin A
  });

  it('gives CJK, kana, Hangul, fullwidth forms and emoji one em', () => {
    expect(textWidth('日本語', 20)).toBe(60);
    expect(textWidth('ひらがなカタカナ', 10)).toBe(80);
    expect(textWidth('한국어', 20)).toBe(60);
    expect(textWidth('ＡＢ', 20)).toBe(40);
    expect(textWidth('、。', 20)).toBe(40);
    expect(textWidth('🚀', 20)).toBe(20);
  });

  it('counts an emoji ZWJ sequence and a flag as one emoji', () => {
    expect(textWidth('👨‍👩‍👧', 20)).toBe(20);
    expect(textWidth('🇩🇪🇫🇷', 20)).toBe(40);
  });

  it('gives half-width katakana half an em', () => {
    expect(textWidth('ｶﾀｶﾅ', 20)).toBe(40);
  });

  it('gives combining marks, zero-width and format characters no width', () => {
    expect(textWidth('e\u0301', 20)).toBeCloseTo(textWidth('e', 20), 9);
    expect(textWidth('a\u200bb', 20)).toBeCloseTo(textWidth('ab', 20), 9);
    expect(textWidth('a\u00adb', 20)).toBeCloseTo(textWidth('ab', 20), 9); // soft hyphen
    expect(textWidth('\ufeffab\u200d', 20)).toBeCloseTo(textWidth('ab', 20), 9);
    expect(textWidth('\u0915\u094d', 20)).toBeCloseTo(textWidth('\u0915', 20), 9); // Devanagari virama
  });

  it('gives other uncovered scripts the font average advance', () => {
    const avg = textWidth('\u0915', 2048); // Devanagari KA: not in Liberation Sans
    expect(avg).toBeGreaterThan(1000);
    expect(avg).toBeLessThan(1300);
    expect(textWidth('\u0e01', 2048)).toBe(avg); // Thai KO KAI
  });

  it('is a generated table of sorted, non-overlapping runs', () => {
    expect(UNITS_PER_EM).toBe(2048);
    expect(ADVANCE_RUNS.length % 3).toBe(0);
    for (let i = 3; i < ADVANCE_RUNS.length; i += 3) {
      expect(ADVANCE_RUNS[i]!).toBeGreaterThan(ADVANCE_RUNS[i - 2]!);
      expect(ADVANCE_RUNS[i + 1]!).toBeGreaterThanOrEqual(ADVANCE_RUNS[i]!);
    }
  });
});
