import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../page/extract.js';
import { folderSource } from './folder.js';
import { fileForUrl, urlForFile } from './folder-urls.js';
import type { Source, SourceItem } from './types.js';

function site(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'seo-ai-folder-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

async function collect(source: Source): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of source.items()) out.push(item);
  return out;
}

const urls = (items: SourceItem[]) => items.map((i) => ('page' in i ? i.page.url : `error: ${i.error.url}`));
const html = (body = '') => `<html><head><title>t</title></head><body>${body}</body></html>`;
const urlset = (...locs: string[]) => `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((l) => `<url><loc>${l}</loc></url>`).join('')}</urlset>`;

describe('urlForFile / fileForUrl', () => {
  it('maps index.html to its directory URL and encodes path segments', () => {
    expect(urlForFile('/r', 'https://s.example/', '/r/index.html')).toBe('https://s.example/');
    expect(urlForFile('/r', 'https://s.example/', '/r/a b/index.html')).toBe('https://s.example/a%20b/');
    expect(urlForFile('/r', 'https://s.example/shop/', '/r/p/größe.html')).toBe('https://s.example/shop/p/gr%C3%B6%C3%9Fe.html');
  });

  it('finds x/, x, x.html and x/index.html, and never leaves the folder', () => {
    const root = site({ 'index.html': '', 'a/index.html': '', 'b.html': '', 'c': '' });
    expect(fileForUrl(root, 'https://s.example/', 'https://s.example/')).toBe(path.join(root, 'index.html'));
    expect(fileForUrl(root, 'https://s.example/', 'https://s.example/a/')).toBe(path.join(root, 'a/index.html'));
    expect(fileForUrl(root, 'https://s.example/', 'https://s.example/a')).toBe(path.join(root, 'a/index.html'));
    expect(fileForUrl(root, 'https://s.example/', 'https://s.example/b')).toBe(path.join(root, 'b.html'));
    expect(fileForUrl(root, 'https://s.example/', 'https://s.example/c')).toBe(path.join(root, 'c'));
    expect(fileForUrl(root, 'https://s.example/', 'https://s.example/missing/')).toBeUndefined();
    expect(fileForUrl(root, 'https://s.example/', 'https://other.example/a/')).toBeUndefined();
    expect(fileForUrl(root, 'https://s.example/', 'https://s.example/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
  });
});

describe('folderSource', () => {
  it('without a sitemap: every .html file in path order, URLs under --base-url', async () => {
    const root = site({ 'index.html': html(), 'b/index.html': html(), 'a.htm': html(), 'img.png': 'x', '.hidden/x.html': html(), 'node_modules/y.html': html() });
    const source = await folderSource({ target: root, baseUrl: 'https://s.example' });
    expect(source.baseUrl).toBe('https://s.example/');
    expect(urls(await collect(source))).toEqual(['https://s.example/a.htm', 'https://s.example/b/', 'https://s.example/']);
    expect(source.notes).toEqual([]);
  });

  it('without a sitemap or base URL: localhost, with a note saying so', async () => {
    const source = await folderSource({ target: site({ 'index.html': html() }) });
    expect(source.baseUrl).toBe('http://localhost/');
    expect(source.notes).toEqual([
      'no --base-url and no sitemap.xml: pages get URLs under http://localhost/; pass --base-url for canonical and link checks against the real site',
    ]);
  });

  it('with a sitemap index (one child gzipped): exactly the sitemap URLs, in sitemap order, base from the sitemap', async () => {
    const root = site({
      'sitemap.xml': `<sitemapindex><sitemap><loc>https://s.example/en/sitemap.xml</loc></sitemap><sitemap><loc>https://s.example/de/sitemap.xml.gz</loc></sitemap></sitemapindex>`,
      'en/sitemap.xml': urlset('https://s.example/en/b/', 'https://s.example/en/a/', 'https://s.example/en/a/', 'https://s.example/en/gone/'),
      'de/sitemap.xml.gz': gzipSync(urlset('https://s.example/de/')),
      'en/a/index.html': html(),
      'en/b/index.html': html(),
      'de/index.html': html(),
      'not-listed.html': html(),
    });
    const source = await folderSource({ target: root });
    expect(source.baseUrl).toBe('https://s.example/');
    const items = await collect(source);
    expect(urls(items)).toEqual(['https://s.example/en/b/', 'https://s.example/en/a/', 'error: https://s.example/en/gone/', 'https://s.example/de/']);
    const gone = items[2] as { error: { origin: string; message: string } };
    expect(gone.error).toEqual({
      origin: `${path.join(root, 'en/sitemap.xml')}:1`,
      line: 1,
      url: 'https://s.example/en/gone/',
      message: 'the sitemap lists https://s.example/en/gone/, but there is no file for it under the folder',
    });
  });

  it('caps the bytes read and marks the page truncated', async () => {
    const root = site({ 'index.html': html('x'.repeat(5000)) });
    const [item] = await collect(await folderSource({ target: root, baseUrl: 'https://s.example/', maxBytes: 1000 }));
    expect(item && 'page' in item && item.page.body.length).toBe(1000);
    expect(item && 'page' in item && item.page.truncated).toBe(true);
  });

  it('checks internal link targets against the files', async () => {
    const root = site({
      'index.html': html('<a href="/a/">a</a><a href="/a/#top">a</a><a href="b?x=1">b</a><a href="/nope/">x</a><a href="https://other.example/nope">o</a>'),
      'a/index.html': html(),
      'b.html': html(),
    });
    const source = await folderSource({ target: root, baseUrl: 'https://s.example/' });
    const item = (await collect(source)).find((i) => 'page' in i && i.page.url === 'https://s.example/');
    const page = extractPage((item as { page: Parameters<typeof extractPage>[0] }).page);
    await source.checkLinks!(page);
    expect(page.linkTargets).toEqual({
      'https://s.example/a/': { ok: true },
      'https://s.example/b': { ok: true },
      'https://s.example/nope/': { ok: false, reason: `no file for /nope/ in the folder` },
    });
  });

  it('passes keywords for each URL', async () => {
    const root = site({ 'tents/index.html': html(), 'about.html': html() });
    const source = await folderSource({ target: root, baseUrl: 'https://s.example/', keywordsFor: (u) => (u.includes('tents') ? ['tent'] : undefined) });
    const items = await collect(source);
    expect(items.map((i) => ('page' in i ? i.page.keywords : 'error'))).toEqual([undefined, ['tent']]);
  });
});

describe('folderSource: a sitemap that links out of the folder', () => {
  it('is not read: the folder\'s HTML files are audited instead, with a note and a loss', async () => {
    const outside = site({ 'sitemap.xml': urlset('https://s.example/secret.html') });
    const root = site({ 'index.html': html('<h1>Home</h1>'), 'b.html': html('<h1>B</h1>') });
    symlinkSync(path.join(outside, 'sitemap.xml'), path.join(root, 'sitemap.xml'));
    const source = await folderSource({ target: root, baseUrl: 'https://s.example/' });
    expect(urls(await collect(source))).toEqual(['https://s.example/b.html', 'https://s.example/']);
    const text = `${path.join(root, 'sitemap.xml')} links outside the folder (to ${realpathSync(path.join(outside, 'sitemap.xml'))}): not followed; the HTML files of the folder are audited instead`;
    expect(source.notes).toContain(text);
    expect(source.losses).toContain(text);
    expect(source.files).not.toContain(path.join(root, 'sitemap.xml'));
  });
});

describe('folderSource: redirect stubs', () => {
  it('leaves out a file that refreshes to another URL, as a crawl follows it, and says so', async () => {
    const stub = (to: string) => `<!doctype html><html><head><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=${to}"></head></html>`;
    const root = site({
      'index.html': '<title>Home</title><a href="/old.html">old</a>',
      'old.html': stub('https://shop.example/new/'),
      'new/index.html': '<title>New</title>',
      'reload.html': '<meta http-equiv="refresh" content="30"><title>Live scores</title>',
    });
    const source = await folderSource({ target: root, baseUrl: 'https://shop.example/' });
    const items = await collect(source);
    expect(items.map((i) => ('page' in i ? i.page.url : `error ${i.error.message}`))).toEqual(['https://shop.example/', 'https://shop.example/new/', 'https://shop.example/reload.html']);
    expect(source.notes).toContain('1 file redirects by <meta http-equiv="refresh"> and was not audited as a page: https://shop.example/old.html → https://shop.example/new/');
  });
});
