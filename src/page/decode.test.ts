import { describe, expect, it } from 'vitest';
import { charsetFromContentType, charsetFromMeta, decodeHtml } from './decode.js';
import { extractPage } from './extract.js';

const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')];
/** An HTML page whose <title> is the given bytes, optionally with a head declaration before it. */
const page = (titleBytes: number[], head = ''): Uint8Array =>
  Uint8Array.from([...ascii(`<!doctype html><html><head>${head}<title>`), ...titleBytes, ...ascii('</title></head></html>')]);
const titleOf = (text: string): string | undefined => /<title>(.*)<\/title>/s.exec(text)?.[1];

// Byte sequences in legacy encodings, hard-coded because Node cannot encode them.
/** windows-1252: “ € ’ ” é  (0x93 0x80 0x92 0x94 0xE9) */
const CP1252 = [0x93, 0x80, 0x92, 0x94, 0xe9];
/** ISO-8859-2: "Zażółć gęślą jaźń" (ż 0xBF, ó 0xF3, ł 0xB3, ć 0xE6, ę 0xEA, ś 0xB6, ą 0xB1, ź 0xBC, ń 0xF1) */
const LATIN2 = [0x5a, 0x61, 0xbf, 0xf3, 0xb3, 0xe6, 0x20, 0x67, 0xea, 0xb6, 0x6c, 0xb1, 0x20, 0x6a, 0x61, 0xbc, 0xf1];
/** ISO-8859-15: € œ Š (0xA4 0xBD 0xA6; in ISO-8859-1 these are ¤ ½ ¦) */
const LATIN9 = [0xa4, 0xbd, 0xa6];
/** Shift_JIS: 日本語 (93FA 967B 8CEA) こんにちは (82B1 82F1 82C9 82BF 82CD) */
const SJIS = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x82, 0xb1, 0x82, 0xf1, 0x82, 0xc9, 0x82, 0xbf, 0x82, 0xcd];
/** GBK: 中文 (D6D0 CEC4) 你好 (C4E3 BAC3) */
const GBK = [0xd6, 0xd0, 0xce, 0xc4, 0xc4, 0xe3, 0xba, 0xc3];
/** EUC-KR: 한국어 (C7D1 B1B9 BEEE) 안녕 (BEC8 B3E7) */
const EUCKR = [0xc7, 0xd1, 0xb1, 0xb9, 0xbe, 0xee, 0xbe, 0xc8, 0xb3, 0xe7];

describe('decodeHtml: byte order marks', () => {
  it('strips a UTF-8 BOM and decodes as UTF-8', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('<title>Café</title>')]);
    expect(decodeHtml(bytes)).toEqual({ text: '<title>Café</title>', charset: 'utf-8' });
  });

  it('decodes UTF-16LE with its BOM', () => {
    const bytes = Uint8Array.from([0xff, 0xfe, ...Buffer.from('<title>日本 é</title>', 'utf16le')]);
    expect(decodeHtml(bytes)).toEqual({ text: '<title>日本 é</title>', charset: 'utf-16le' });
  });

  it('decodes UTF-16BE with its BOM', () => {
    const le = Buffer.from('<title>日本 é</title>', 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeHtml(Uint8Array.from([0xfe, 0xff, ...be]))).toEqual({ text: '<title>日本 é</title>', charset: 'utf-16be' });
  });

  it('lets the BOM beat both the header and the meta tag', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('<meta charset="windows-1252"><title>é</title>')]);
    const d = decodeHtml(bytes, 'text/html; charset=shift_jis');
    expect(d.charset).toBe('utf-8');
    expect(titleOf(d.text)).toBe('é');
  });
});

describe('decodeHtml: declarations', () => {
  it('uses the Content-Type charset over a conflicting meta tag', () => {
    const d = decodeHtml(page(CP1252, '<meta charset="utf-8">'), 'text/html; charset=windows-1252');
    expect(d).toEqual({ text: expect.any(String), charset: 'windows-1252' });
    expect(titleOf(d.text)).toBe('“€’”é');
  });

  it('reads <meta charset>', () => {
    const d = decodeHtml(page(LATIN2, '<meta charset="iso-8859-2">'));
    expect(d.charset).toBe('iso-8859-2');
    expect(titleOf(d.text)).toBe('Zażółć gęślą jaźń');
  });

  it('reads <meta charset> unquoted, single-quoted and in upper case', () => {
    expect(decodeHtml(page(LATIN9, '<META CHARSET=ISO-8859-15>')).charset).toBe('iso-8859-15');
    expect(titleOf(decodeHtml(page(LATIN9, "<meta charset='iso-8859-15'/>")).text)).toBe('€œŠ');
  });

  it('reads <meta http-equiv="Content-Type" content="text/html; charset=...">', () => {
    const d = decodeHtml(page(SJIS, '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'));
    expect(d.charset).toBe('shift_jis');
    expect(titleOf(d.text)).toBe('日本語こんにちは');
  });

  it('reads http-equiv with the attributes in the other order', () => {
    const d = decodeHtml(page(GBK, "<meta content='text/html;charset=gbk' http-equiv='content-type'>"));
    expect(d.charset).toBe('gbk');
    expect(titleOf(d.text)).toBe('中文你好');
  });

  it('maps the gb2312 label to GBK and decodes EUC-KR', () => {
    expect(titleOf(decodeHtml(page(GBK, '<meta charset="gb2312">')).text)).toBe('中文你好');
    const d = decodeHtml(page(EUCKR), 'text/html;charset="EUC-KR"');
    expect(d.charset).toBe('euc-kr');
    expect(titleOf(d.text)).toBe('한국어안녕');
  });

  it('decodes windows-1252 0x80–0x9F as € and curly quotes, not C1 controls', () => {
    expect(titleOf(decodeHtml(page(CP1252), 'text/html; charset=windows-1252').text)).toBe('“€’”é');
  });

  it('treats iso-8859-1, latin1 and us-ascii as windows-1252, as browsers do', () => {
    for (const label of ['iso-8859-1', 'latin1', 'us-ascii']) {
      const d = decodeHtml(page(CP1252, `<meta charset="${label}">`));
      expect(d.charset).toBe('windows-1252');
      expect(titleOf(d.text)).toBe('“€’”é');
    }
  });

  it('ignores a meta tag inside a comment, and charset= text in another attribute', () => {
    const head = '<!-- <meta charset="shift_jis"> --><meta name="description" content="charset=gbk"><meta charset="windows-1252">';
    expect(decodeHtml(page(CP1252, head)).charset).toBe('windows-1252');
  });

  it('only looks at the first 1024 bytes for a meta tag', () => {
    const padding = `<!--${'x'.repeat(1100)}-->`;
    expect(decodeHtml(page(ascii('ok'), `${padding}<meta charset="shift_jis">`)).charset).toBe('utf-8');
  });

  it('reads a meta-declared UTF-16 as UTF-8 (the tag itself was readable as ASCII)', () => {
    expect(decodeHtml(page(ascii('ok'), '<meta charset="utf-16">'))).toMatchObject({ charset: 'utf-8' });
  });

  it('honours UTF-16 declared by the Content-Type header', () => {
    const bytes = Buffer.from('<title>é</title>', 'utf16le');
    expect(decodeHtml(bytes, 'text/html; charset=utf-16le')).toEqual({ text: '<title>é</title>', charset: 'utf-16le' });
  });

  it('defaults to UTF-8 without any declaration', () => {
    expect(decodeHtml(Buffer.from('<title>Ünïcødé ✓</title>'))).toEqual({ text: '<title>Ünïcødé ✓</title>', charset: 'utf-8' });
  });
});

describe('decodeHtml: problems', () => {
  it('decodes an unknown charset label as UTF-8 with a warning', () => {
    const d = decodeHtml(Buffer.from('<title>é</title>'), 'text/html; charset=klingon');
    expect(d).toEqual({
      text: '<title>é</title>',
      charset: 'utf-8',
      warning: 'unknown charset "klingon" in Content-Type; decoded as utf-8',
    });
  });

  it('falls through an unknown header label to a valid meta declaration, and says so', () => {
    const d = decodeHtml(page(CP1252, '<meta charset="windows-1252">'), 'text/html; charset=bogus');
    expect(d.charset).toBe('windows-1252');
    expect(titleOf(d.text)).toBe('“€’”é');
    expect(d.warning).toBe('unknown charset "bogus" in Content-Type; decoded as windows-1252');
  });

  it('warns about an unknown meta label', () => {
    expect(decodeHtml(page(ascii('ok'), '<meta charset="utf-9">')).warning).toBe('unknown charset "utf-9" in <meta>; decoded as utf-8');
  });

  it('replaces invalid UTF-8 with U+FFFD and names the byte offset', () => {
    const bytes = Uint8Array.from([...ascii('<p>ok '), 0xff, ...ascii(' fine</p>')]);
    expect(decodeHtml(bytes)).toEqual({
      text: '<p>ok \ufffd fine</p>',
      charset: 'utf-8',
      warning: 'bytes not valid utf-8 were replaced with U+FFFD (first at byte 6)',
    });
  });

  it('names the start of a sequence that lacks its continuation bytes', () => {
    // 0xE6 0x97 begins a three-byte character; "x" arrives instead of the third byte.
    const bytes = Uint8Array.from([...ascii('ab'), 0xe6, 0x97, ...ascii('x')]);
    const d = decodeHtml(bytes);
    expect(d.text).toBe('ab\ufffdx');
    expect(d.warning).toBe('bytes not valid utf-8 were replaced with U+FFFD (first at byte 2)');
  });

  it('names the offset of a character cut off at the end (a truncated download)', () => {
    const bytes = Buffer.from('abc日本').subarray(0, 7); // 日 complete, 本 cut after one byte
    const d = decodeHtml(bytes);
    expect(d.text).toBe('abc日\ufffd');
    expect(d.warning).toBe('bytes not valid utf-8 were replaced with U+FFFD (first at byte 6)');
  });

  it('reports invalid bytes in a legacy multi-byte encoding too', () => {
    // 0x82 is a Shift_JIS lead byte; 0x20 cannot follow it.
    const d = decodeHtml(Uint8Array.from([0x93, 0xfa, 0x82, 0x20]), 'text/html; charset=shift_jis');
    expect(d.charset).toBe('shift_jis');
    expect(d.text.startsWith('日\ufffd')).toBe(true);
    expect(d.warning).toBe('bytes not valid shift_jis were replaced with U+FFFD (first at byte 2)');
  });

  it('joins an unknown label and invalid bytes in one warning', () => {
    const d = decodeHtml(Uint8Array.from([0x61, 0xc0, 0x62]), 'text/html; charset=nope');
    expect(d.warning).toBe('unknown charset "nope" in Content-Type; decoded as utf-8; bytes not valid utf-8 were replaced with U+FFFD (first at byte 1)');
  });
});

describe('charset helpers', () => {
  it('reads the charset parameter of a Content-Type', () => {
    expect(charsetFromContentType('text/html; charset=UTF-8')).toBe('utf-8');
    expect(charsetFromContentType('text/html;charset="iso-8859-2"')).toBe('iso-8859-2');
    expect(charsetFromContentType("text/html; charset='gbk'")).toBe('gbk');
    expect(charsetFromContentType('text/html; charset=euc-kr; foo=bar')).toBe('euc-kr');
    expect(charsetFromContentType('text/html')).toBeUndefined();
    expect(charsetFromContentType('text/html; charset=')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });

  it('reads the first meta declaration as written', () => {
    expect(charsetFromMeta(Buffer.from('<meta charset="Windows-1252"><meta charset="utf-8">'))).toBe('windows-1252');
    expect(charsetFromMeta(Buffer.from('<meta name="x" content="y">'))).toBeUndefined();
    expect(charsetFromMeta(Buffer.from('<metadata charset="gbk">'))).toBeUndefined();
  });
});

describe('extractPage decodes before parsing', () => {
  it('puts the charset on the page and decodes the title', () => {
    const p = extractPage({ url: 'https://example.jp/', body: page(SJIS, '<meta charset="shift_jis">') });
    expect(p.charset).toBe('shift_jis');
    expect(p.title).toBe('日本語こんにちは');
    expect(p.warnings).toEqual([]);
  });

  it('carries the decode warning into page.warnings', () => {
    const p = extractPage({ url: 'https://example.com/', body: page([0x61, 0xff]), headers: { 'content-type': 'text/html' } });
    expect(p.title).toBe('a\ufffd');
    expect(p.warnings).toEqual(['bytes not valid utf-8 were replaced with U+FFFD (first at byte 35)']);
  });
});
