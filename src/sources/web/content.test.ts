import { describe, expect, it } from 'vitest';
import { globMatcher, isHtml, isHtmlDocument, looksLikeSitemap } from './content.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');

describe('content helpers', () => {
  it('looksLikeSitemap: by the name of the last path segment', () => {
    expect(['/sitemap.xml', '/s.xml.gz', '/a/b.gz', '/sitemap_index', '/en/SITEMAP'].map((p) => looksLikeSitemap(new URL(p, 'https://s.example')))).toEqual([true, true, true, true, true]);
    expect(['/', '/products/tent', '/sitemaps/page.html'].map((p) => looksLikeSitemap(new URL(p, 'https://s.example')))).toEqual([false, false, false]);
  });

  it('isHtml: by Content-Type when there is one, else by a body that starts with markup', () => {
    expect(isHtml('text/html; charset=utf-8', bytes(''))).toBe(true);
    expect(isHtml('application/xhtml+xml', bytes(''))).toBe(true);
    expect(isHtml('application/json', bytes('<html>'))).toBe(false);
    expect(isHtml(undefined, bytes('  <!DOCTYPE html><p>x'))).toBe(true);
    expect(isHtml('', bytes('plain text'))).toBe(false);
  });

  it('isHtmlDocument: a robots.txt or llms.txt that is a web page', () => {
    expect(isHtmlDocument('text/html', bytes('User-agent: *'))).toBe(true);
    expect(isHtmlDocument('text/plain', bytes('\n<!doctype html><html>'))).toBe(true);
    expect(isHtmlDocument('text/plain', bytes('User-agent: *\nDisallow: /<html>'))).toBe(false);
  });

  it('globMatcher: on the decoded path (with its query), or on the whole URL with "://"', () => {
    const blog = globMatcher('/blog/**');
    expect([blog('https://s.example/blog/a/b'), blog('https://s.example/shop/a')]).toEqual([true, false]);
    expect(globMatcher('/caf\u00e9/*')('https://s.example/caf%C3%A9/x')).toBe(true);
    expect(globMatcher('/search?q=*')('https://s.example/search?q=tents')).toBe(true);
    expect(globMatcher('https://s.example/**')('https://s.example/any/where')).toBe(true);
    expect(globMatcher('/bad%')('https://s.example/bad%')).toBe(true);
  });
});
