import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote } from './shell-quote.js';

describe('shellQuote', () => {
  it('leaves plain paths alone and quotes the rest', () => {
    expect(shellQuote('shop.review.csv')).toBe('shop.review.csv');
    expect(shellQuote('sp/my-shop_2.csv')).toBe('sp/my-shop_2.csv');
    expect(shellQuote('sp/my shop.csv')).toBe(`'sp/my shop.csv'`);
    expect(shellQuote(`it's.csv`)).toBe(`'it'\\''s.csv'`);
    expect(shellQuote('')).toBe(`''`);
    expect(shellQuote('~/x.csv')).toBe(`'~/x.csv'`);
    expect(shellQuote('$HOME;rm -rf *')).toBe(`'$HOME;rm -rf *'`);
  });

  it('a POSIX shell reads every quoted word back as it was', () => {
    const words = ['a b', `it's`, '$(touch x)', '`x`', '"q"', 'tab\there', 'new\nline', '*.csv', '!x', 'ünï cödé', '=x', '~'];
    const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${shellCommand(...words)}`], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(words);
  });
});
