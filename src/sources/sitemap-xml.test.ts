import { describe, expect, it } from 'vitest';
import { parseSitemapXml, SitemapError } from './sitemap-xml.js';

describe('parseSitemapXml', () => {
  it('reads urls with lastmod and xhtml:link alternates, and entities in loc', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc> https://shop.example/a?x=1&amp;y=2 </loc>
    <lastmod>2024-10-01</lastmod>
    <xhtml:link rel="alternate" hreflang="de" href="https://shop.example/de/a"/>
  </url>
  <url><loc>https://shop.example/b</loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>`;
    expect(parseSitemapXml(xml)).toEqual({
      kind: 'urlset',
      entries: [
        { loc: 'https://shop.example/a?x=1&y=2', lastmod: '2024-10-01', alternates: [{ hreflang: 'de', href: 'https://shop.example/de/a' }], line: 3 },
        { loc: 'https://shop.example/b', line: 8 },
      ],
      problems: ['line 9: <url> without <loc> was skipped'],
    });
  });

  it('reads a sitemap index', () => {
    const xml = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://shop.example/en/sitemap.xml</loc></sitemap></sitemapindex>';
    expect(parseSitemapXml(xml)).toEqual({ kind: 'sitemapindex', entries: [{ loc: 'https://shop.example/en/sitemap.xml', line: 1 }], problems: [] });
  });

  it('never expands DTD entities (billion laughs) or reads external ones (XXE)', () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<urlset><url><loc>https://shop.example/&lol3;</loc></url><url><loc>https://shop.example/&xxe;</loc></url></urlset>`;
    const parsed = parseSitemapXml(lol);
    expect(parsed.entries.map((e) => e.loc)).toEqual(['https://shop.example/&lol3;', 'https://shop.example/&xxe;']);
  });

  it('rejects a truncated file and a non-sitemap with the line', () => {
    expect(() => parseSitemapXml('<urlset>\n<url><loc>https://a.example/</loc></url>\n')).toThrow('<urlset> is never closed: the file looks truncated');
    try {
      parseSitemapXml('\n\n<rss><channel/></rss>');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SitemapError);
      expect((err as SitemapError).line).toBe(3);
      expect((err as SitemapError).message).toBe('not a sitemap: the root element is <rss>, expected <urlset> or <sitemapindex>');
    }
    expect(() => parseSitemapXml('')).toThrow('not a sitemap: no XML elements found');
  });
});
