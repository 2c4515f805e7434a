import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractPage } from './extract.js';
import { charLength, countWords, words } from './text.js';

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
/** The reference: Intl.Segmenter's word-like segments, lower-cased like words() returns them. */
function segmenterWords(text: string): string[] {
  // for…of, not spreading into an array: spreading segments is several times slower in V8.
  const out: string[] = [];
  for (const s of segmenter.segment(text.toLowerCase())) if (s.isWordLike) out.push(s.segment);
  return out;
}

/** The main scripts text.ts sends to Intl.Segmenter; text without them takes the regular-expression fast path. */
const SEGMENTER_SCRIPTS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

const FLINK = fileURLToPath(new URL('../../fixtures/pages/flink-web', import.meta.url));
/** The whole corpus the fixture pages come from, when this machine has it. */
const FULL_CORPUS = '/work/shared/corpus/flink-web/content';

function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (name.endsWith('.html')) out.push(path);
  }
  return out;
}

function readPage(root: string, file: string) {
  return extractPage({ url: `https://flink.apache.org/${relative(root, file).replace(/index\.html$/, '')}`, body: readFileSync(file) });
}

/** Indexable English pages whose text takes the fast path. */
function englishTexts(root: string): { file: string; text: string }[] {
  return htmlFiles(root)
    .filter((f) => !relative(root, f).startsWith('zh/'))
    .map((file) => ({ file, page: readPage(root, file) }))
    .filter(({ page }) => !page.robots.noindex && !SEGMENTER_SCRIPTS.test(page.text))
    .map(({ file, page }) => ({ file: relative(root, file), text: page.text }));
}

describe('countWords and words: the fast path agrees with Intl.Segmenter', () => {
  const cases: [string, number][] = [
    ['Hello, world!', 2],
    ['1,000.5 units cost €1,000', 4],
    ['5\'000 and 1.2.3 and v1.2 and 1.x and 2020-01-31T00:00:00Z', 14],
    ["don't can’t l’homme rock’n’roll ’90s September'19", 7],
    ['snake_case __init__ _ __ a_1 _x', 5],
    ['well-known e-mail state-of-the-art', 8],
    ['e.g. U.S.A. i.e. etc. Vol.1 Fig.2 Tuple2.of', 10],
    ['https://flink.apache.org/downloads/?v=1.20#top', 6],
    ['mail dev@flink.apache.org or user-zh@flink.apache.org', 7],
    ['localhost:8081 a:b foo::bar 11:00', 7],
    ['naïve café Ωμέγα жизнь שלום צה"ל א\' ١٢٣٫٤', 8],
    ['e\u0301te\u0301 soft\u00adhyphen zero\u200bwidth word\u2060joiner', 5],
    ['😀 ✓ → — … © ™ 🇩🇪 👨‍👩‍👧', 0],
    ['x²  ½  Ⅻ Ⓐ ª', 4],
    ['', 0],
  ];
  it.each(cases)('%j has %i words', (text, expected) => {
    expect(SEGMENTER_SCRIPTS.test(text)).toBe(false);
    expect(segmenterWords(text)).toHaveLength(expected);
    expect(countWords(text)).toBe(expected);
    expect(words(text)).toEqual(segmenterWords(text));
  });

  it('agrees on every BMP code point in letter, digit, underscore and space contexts', () => {
    const contexts = [(c: string) => c, (c: string) => `a${c}b`, (c: string) => `1${c}2`, (c: string) => `a${c}1`, (c: string) => `_${c}`, (c: string) => `x ${c}a`, (c: string) => `א${c}ב`];
    const mismatches: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (SEGMENTER_SCRIPTS.test(c)) continue; // Intl.Segmenter counts these itself
      for (const ctx of contexts) {
        const text = ctx(c);
        if (countWords(text) !== segmenterWords(text).length) mismatches.push(`U+${cp.toString(16)} in ${JSON.stringify(text)}`);
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('agrees on random strings of word-break-relevant characters', () => {
    const alphabet = [...'abZé12٣_.\'’‘:,;- אב"/@·%$()ª²ßΩж', '\u0301', '\u200d', '\u00ad', '\u200b', '\u202f', '\u0600', '\u2060', '\ufe0f', '٫', '٬', '😀', '\u{1f3fb}', '\n'];
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const mismatches: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      let text = '';
      for (let len = 1 + next(8); len > 0; len--) text += alphabet[next(alphabet.length)];
      if (countWords(text) !== segmenterWords(text).length) mismatches.push(JSON.stringify(text));
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('agrees exactly on the visible text of 50+ real English pages', () => {
    const texts = englishTexts(FLINK);
    expect(texts.length).toBeGreaterThanOrEqual(50);
    let total = 0;
    for (const { file, text } of texts) {
      const expected = segmenterWords(text);
      total += expected.length;
      expect(countWords(text), file).toBe(expected.length);
      expect(words(text), file).toEqual(expected);
    }
    expect(total).toBeGreaterThan(50_000);
  });

  it.runIf(existsSync(FULL_CORPUS))('agrees exactly on every indexable English page of the whole flink-web corpus', () => {
    const texts = englishTexts(FULL_CORPUS);
    expect(texts.length).toBeGreaterThan(250);
    const differing = texts.filter(({ text }) => countWords(text) !== segmenterWords(text).length).map((t) => t.file);
    expect(differing).toEqual([]);
  });
});

describe('countWords on Chinese, Japanese, Korean and Thai text', () => {
  it('counts dictionary words, not characters or space-separated runs', () => {
    expect(countWords('事件时间处理')).toBe(3);
    expect(words('Apache Flink 数据处理')).toEqual(['apache', 'flink', '数据', '处理']);
    expect(countWords('日本語のテキスト')).toBe(segmenterWords('日本語のテキスト').length);
    expect(countWords('한국어 텍스트')).toBe(2);
    expect(countWords('ภาษาไทยง่ายนิดเดียว')).toBeGreaterThan(2);
  });

  it('gives the Chinese flink.apache.org pages sensible counts', () => {
    const files = htmlFiles(join(FLINK, 'zh'));
    expect(files).toHaveLength(4);
    for (const file of files) {
      const page = readPage(FLINK, file);
      const han = page.text.match(/\p{Script=Han}/gu)?.length ?? 0;
      const hanWords = segmenterWords(page.text).filter((w) => /\p{Script=Han}/u.test(w)).length;
      expect(han, file).toBeGreaterThan(150);
      expect(page.wordCount, file).toBe(segmenterWords(page.text).length);
      // Chinese words run one to four characters, most often two.
      expect(han / hanWords, file).toBeGreaterThan(1.2);
      expect(han / hanWords, file).toBeLessThan(2.5);
    }
  });
});

describe('charLength', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(charLength('Café')).toBe(4);
    expect(charLength('😀👍')).toBe(2);
    expect(charLength('日本語')).toBe(3);
    expect(charLength('')).toBe(0);
  });
});

describe('very long text', () => {
  it('counts a 5 MB page without overflowing the regexp stack, cutting only at white space', () => {
    expect(countWords('x'.repeat(5_000_000))).toBe(50);
    const many = 'word '.repeat(1_000_000);
    expect(countWords(many)).toBe(1_000_000);
    expect(words(many).length).toBe(1_000_000);
  });

  it('counts 200,000 characters of Japanese without a space in linear time, as whole sentences cut at their "。"', () => {
    // ICU takes 23 s on 72,000 characters at once; in pieces cut at "。" it is a fraction of a second.
    const sentence = '日本語の文章です。';
    const text = sentence.repeat(22_000);
    const started = performance.now();
    expect(countWords(text)).toBe(segmenterWords(sentence).length * 22_000);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('cuts a piece with no break where it is full, never inside a surrogate pair', () => {
    const text = '𠀀'.repeat(40_000);
    expect(words(text).join('')).toBe(text);
  });
});
