import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readFolderSitemaps } from './folder-sitemap.js';

function site(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'seo-ai-folder-sitemap-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

const urlset = (...locs: string[]) => `<urlset>\n${locs.map((l) => `<url><loc>${l}</loc></url>`).join('\n')}\n</urlset>`;
const index = (...locs: string[]) => `<sitemapindex>\n${locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`).join('\n')}\n</sitemapindex>`;

async function read(root: string, options: { maxUrls?: number; maxSitemaps?: number } = {}) {
  const notes: string[] = [];
  const losses: string[] = [];
  const locs = await readFolderSitemaps(path.join(root, 'sitemap.xml'), { root, maxUrls: options.maxUrls ?? 50_000, ...(options.maxSitemaps ? { maxSitemaps: options.maxSitemaps } : {}) }, notes, losses);
  return { locs: locs.map((l) => l.loc), notes, losses };
}

describe('readFolderSitemaps', () => {
  it('reads an index that lists itself once: one note, however often it does', async () => {
    const self = 'https://s.example/sitemap.xml';
    const root = site({ 'sitemap.xml': index(self, self, 'https://s.example/pages.xml', ...Array(7).fill(self)), 'pages.xml': urlset('https://s.example/a') });
    const r = await read(root);
    expect(r.locs).toEqual(['https://s.example/a']);
    expect(r.notes).toEqual([`${path.join(root, 'sitemap.xml')}: the sitemap index lists itself (9 times: lines 2, 3, 5, 6, 7, …); read once`]);
    expect(r.losses).toEqual([]);
  });

  it('reads a cycle of indexes once: one note for the cycle', async () => {
    const root = site({
      'sitemap.xml': index('https://s.example/b.xml'),
      'b.xml': index('https://s.example/sitemap.xml', 'https://s.example/c.xml', 'https://s.example/sitemap.xml'),
      'c.xml': urlset('https://s.example/c', 'https://s.example/c'),
    });
    const r = await read(root);
    expect(r.locs).toEqual(['https://s.example/c']);
    expect(r.notes).toEqual([`${path.join(root, 'b.xml')}: the sitemap index lists ${path.join(root, 'sitemap.xml')}, which was already read (2 times: lines 2, 4); read once`]);
  });

  it('stops at maxSitemaps files read, with one note and loss', async () => {
    const children = ['a', 'b', 'c', 'd', 'e'];
    const files: Record<string, string> = { 'sitemap.xml': index(...children.map((c) => `https://s.example/${c}.xml`)) };
    for (const c of children) files[`${c}.xml`] = urlset(`https://s.example/${c}`);
    const root = site(files);
    const r = await read(root, { maxSitemaps: 3 });
    expect(r.locs).toEqual(['https://s.example/a', 'https://s.example/b']);
    const note = `${path.join(root, 'sitemap.xml')}:4: stopped at 3 sitemaps read; https://s.example/c.xml and the sitemaps after it were not read`;
    expect(r.notes).toEqual([note]);
    expect(r.losses).toEqual([note]);
  });

  it('stops at maxUrls distinct URLs (duplicates do not count), with one note and loss, across sitemaps', async () => {
    const root = site({
      'sitemap.xml': index('https://s.example/a.xml', 'https://s.example/b.xml'),
      'a.xml': urlset('https://s.example/1', 'https://s.example/1', 'https://s.example/2'),
      'b.xml': urlset('https://s.example/2', 'https://s.example/3', 'https://s.example/4', 'https://s.example/5'),
    });
    const r = await read(root, { maxUrls: 3 });
    expect(r.locs).toEqual(['https://s.example/1', 'https://s.example/2', 'https://s.example/3']);
    const note = `${path.join(root, 'b.xml')}:4: stopped at 3 URLs (--max-pages); https://s.example/4 and everything after it were not read`;
    expect(r.notes).toEqual([note]);
    expect(r.losses).toEqual([note]);
  });

  it('notes 20 skipped entries of a sitemap one by one, and counts the rest in one note', async () => {
    const missing = Array.from({ length: 5000 }, () => 'https://s.example/missing.xml');
    const root = site({ 'sitemap.xml': index(...missing, 'https://s.example/pages.xml'), 'pages.xml': urlset('https://s.example/a') });
    const r = await read(root);
    expect(r.locs).toEqual(['https://s.example/a']);
    const file = path.join(root, 'sitemap.xml');
    expect(r.notes).toHaveLength(21);
    expect(r.notes[0]).toBe(`${file}:2: the sitemap index lists https://s.example/missing.xml, but there is no file for it in the folder; skipped`);
    expect(r.notes[20]).toBe(`${file}: 4980 more entries skipped (5000 in all; the first 20 are noted above)`);
    expect(r.losses).toEqual(r.notes);
  });

  it('refuses a gzipped sitemap that inflates past 50 MB, naming the file and the cap', async () => {
    const member = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    const root = site({ 'sitemap.xml': Buffer.concat(Array.from({ length: 6 }, () => member)) });
    await expect(read(root)).rejects.toThrow(`${path.join(root, 'sitemap.xml')}: cannot read the sitemap: decompresses to more than 50 MB (the sitemaps.org limit); not read.`);
  });
});
