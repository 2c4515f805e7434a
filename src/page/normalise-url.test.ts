import { describe, expect, it } from 'vitest';
import { normaliseEscapes, normaliseUrl } from './normalise-url.js';

describe('normaliseUrl', () => {
  it.each([
    // Scheme and host case, default ports, an empty path (WHATWG parsing).
    ['HTTP://Example.COM/a', 'http://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com', 'http://example.com/'],
    ['http://example.com?x=1', 'http://example.com/?x=1'],
    ['http://example.com:/a', 'http://example.com/a'],
    // Dot segments, encoded ones too.
    ['http://example.com/a/./b/../c', 'http://example.com/a/c'],
    ['http://example.com/a/%2e%2E/c', 'http://example.com/c'],
    // The fragment is not part of what is fetched.
    ['http://example.com/p?x=1#frag', 'http://example.com/p?x=1'],
    ['http://example.com/p#', 'http://example.com/p'],
    // Escapes of unreserved characters are the characters; other escapes get upper-case hex.
    ['http://example.com/%7Euser/', 'http://example.com/~user/'],
    ['http://example.com/%7euser/', 'http://example.com/~user/'],
    ['http://example.com/%41%2d%5F%2E', 'http://example.com/A-_.'],
    ['http://example.com/a%2fb?q=%3d%7e', 'http://example.com/a%2Fb?q=%3D~'],
    ['http://example.com/caf%c3%a9', 'http://example.com/caf%C3%A9'],
    // Characters WHATWG escapes come out as the same escapes a link may have written.
    ['http://example.com/café', 'http://example.com/caf%C3%A9'],
    ['http://example.com/a b', 'http://example.com/a%20b'],
    // Non-ASCII hosts in their ASCII form; tabs and newlines inside an href dropped.
    ['http://bücher.example/', 'http://xn--bcher-kva.example/'],
    ['http://exa\nmple.com/a\tb', 'http://example.com/ab'],
  ])('%s → %s', (text, expected) => {
    expect(normaliseUrl(text)).toBe(expected);
  });

  it('resolves a relative URL against its base', () => {
    expect(normaliseUrl('../b?x=1#top', 'http://example.com/a/c/d')).toBe('http://example.com/a/b?x=1');
    expect(normaliseUrl('//Other.example/x', 'https://example.com/')).toBe('https://other.example/x');
  });

  it.each([
    // The query is never reordered: a server may read its parameters in order.
    ['http://example.com/p?b=2&a=1', 'http://example.com/p?a=1&b=2'],
    // The path is never case-folded: most servers tell /P from /p.
    ['http://example.com/P', 'http://example.com/p'],
    // A trailing slash is never added or removed: /dir and /dir/ may be different pages.
    ['http://example.com/dir', 'http://example.com/dir/'],
    // Escapes of reserved characters mean something else than the characters.
    ['http://example.com/a%2Fb', 'http://example.com/a/b'],
    ['http://example.com/p?q=a%26b', 'http://example.com/p?q=a&b'],
    // "+" and "%20" differ in a query, and an escaped "%" is not an escape of what follows.
    ['http://example.com/p?q=a+b', 'http://example.com/p?q=a%20b'],
    ['http://example.com/%257E', 'http://example.com/~'],
    // Another scheme or port is another site.
    ['https://example.com/', 'http://example.com/'],
    ['http://example.com:8080/', 'http://example.com/'],
  ])('keeps %s apart from %s', (a, b) => {
    expect(normaliseUrl(a)).toBeDefined();
    expect(normaliseUrl(a)).not.toBe(normaliseUrl(b));
  });

  it('gives the same spelling when applied again', () => {
    for (const text of ['http://example.com/%7e/%2f/caf%c3%a9?q=%7E%20x', 'HTTP://Example.com:80/a/../b/%41', 'http://example.com/%257E%25']) {
      const once = normaliseUrl(text)!;
      expect(normaliseUrl(once)).toBe(once);
    }
  });

  it.each(['mailto:someone@example.com', 'javascript:void(0)', 'ftp://example.com/file', 'tel:+123', 'data:text/html,x', 'http://127.0.0.1:8080:80/p', 'http://', 'not a url'])(
    'is undefined for %s, which is not an http(s) URL',
    (text) => {
      expect(normaliseUrl(text)).toBeUndefined();
    },
  );
});

describe('normaliseEscapes', () => {
  it('does the escape step alone, leaving an href without "%" as it is', () => {
    expect(normaliseEscapes('http://example.com/%7e%2f?q=%c3%a9')).toBe('http://example.com/~%2F?q=%C3%A9');
    const plain = 'http://example.com/P?b=2&a=1';
    expect(normaliseEscapes(plain)).toBe(plain);
  });
});
