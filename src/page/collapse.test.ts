import { describe, expect, it } from 'vitest';
import { collapse, extractFromHtml } from './extract.js';

const reference = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('collapse', () => {
  it('equals replace(/\\s+/g, " ").trim() on clean and messy text alike', () => {
    const spaces = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\u200b'];
    const parts = ['', 'a', 'Blue', 'crème', '日本', '★★★', '4.5'];
    let seed = 1;
    const pick = <T>(xs: T[]): T => xs[(seed = (seed * 48271) % 2147483647) % xs.length]!;
    for (let n = 0; n < 5000; n++) {
      let s = '';
      for (let k = 0; k < 6; k++) s += pick(parts) + pick([...spaces, '', '', '']);
      expect(collapse(s), JSON.stringify(s)).toBe(reference(s));
    }
    expect(collapse('')).toBe('');
    expect(collapse('clean text')).toBe('clean text');
  });
});

describe('link resolution', () => {
  it('resolves root-relative links against each page’s origin, relative ones against its path, and <base>', () => {
    const a = extractFromHtml('<a href="/x">x</a><a href="y">y</a>', 'https://one.example/p/q');
    const b = extractFromHtml('<a href="/x">x</a><a href="y">y</a>', 'https://two.example/r/s');
    const c = extractFromHtml('<base href="https://cdn.example/base/"><a href="/x">x</a><a href="y">y</a>', 'https://one.example/p/q');
    expect(a.links.map((l) => [l.url, l.internal])).toEqual([['https://one.example/x', true], ['https://one.example/p/y', true]]);
    expect(b.links.map((l) => [l.url, l.internal])).toEqual([['https://two.example/x', true], ['https://two.example/r/y', true]]);
    expect(c.links.map((l) => [l.url, l.internal])).toEqual([['https://cdn.example/x', false], ['https://cdn.example/base/y', false]]);
  });
});
