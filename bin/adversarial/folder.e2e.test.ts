// Hostile folders (issue 17): a gzip-bomb sitemap, a sitemap index that lists itself, an
// unreadable subfolder, symlinked pages and folders. Inputs are generated here, at test time.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { changedFiles, fileStates, runMeasured, scratchDir } from '../../src/testing/adversarial.js';

interface Report {
  notes: string[];
  losses: string[];
  errors: { origin: string; url?: string; message: string }[];
  pages: { url: string }[];
}
const sitemapIndex = (locs: string[]): string => `<sitemapindex>\n${locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`).join('\n')}\n</sitemapindex>\n`;
const urlset = (locs: string[]): string => `<urlset>\n${locs.map((l) => `<url><loc>${l}</loc></url>`).join('\n')}\n</urlset>\n`;

const page = (title: string): string => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1><p>Some text.</p></body></html>`;

describe('adversarial: hostile folders', () => {
  it('#10: a gzip-bomb sitemap.xml.gz in a folder is inflated to 50 MB at most, and refused naming the file and the cap', async () => {
    const dir = scratchDir('gzip-bomb');
    // 100 gzip members of 10 MB of zeros each: a 1 MB file that inflates to 1 GB (gzip allows
    // concatenated members), made in milliseconds.
    const member = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    writeFileSync(path.join(dir, 'sitemap.xml.gz'), Buffer.concat(Array.from({ length: 100 }, () => member)));
    writeFileSync(path.join(dir, 'index.html'), page('Home'));
    const before = fileStates(dir);

    const r = await runMeasured(['audit', dir, '--format', 'json'], { heapMb: 256, killAfterMs: 30_000 });

    expect(r.killed).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `seo-ai: ${path.join(dir, 'sitemap.xml.gz')}: cannot read the sitemap: decompresses to more than 50 MB (the sitemaps.org limit); not read. Fix the sitemap, or move it aside to audit every HTML file in the folder.\n`,
    );
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
    // 50 MB inflated at most, plus Node: ~150 MB. The unbounded inflate held the whole gigabyte.
    expect(r.maxRssMb).toBeLessThan(1000);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('#11: a folder sitemap index that lists itself 20 times is read once, with one note, not 3.2 million times', async () => {
    const dir = scratchDir('self-index');
    const self = 'https://s.example/sitemap.xml';
    // Read recursively to depth 5, 20 self-references were 20^5 = 3.2 million reads.
    writeFileSync(path.join(dir, 'sitemap.xml'), sitemapIndex([...Array<string>(10).fill(self), 'https://s.example/pages.xml', ...Array<string>(10).fill(self)]));
    writeFileSync(path.join(dir, 'pages.xml'), urlset(['https://s.example/']));
    writeFileSync(path.join(dir, 'index.html'), page('Home'));
    const before = fileStates(dir);

    const r = await runMeasured(['audit', dir, '--format', 'json'], { heapMb: 256, killAfterMs: 20_000 });

    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.pages.map((p) => p.url)).toEqual(['https://s.example/']);
    expect(report.notes.filter((n) => n.includes('sitemap'))).toEqual([
      `${path.join(dir, 'sitemap.xml')}: the sitemap index lists itself (20 times: lines 2, 3, 4, 5, 6, …); read once`,
      `base URL https://s.example/ taken from ${path.relative(process.cwd(), path.join(dir, 'sitemap.xml'))}`,
    ]);
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.maxRssMb).toBeLessThan(1000);
  });

  it('#11: a folder sitemap index listing 1,200 sitemaps reads 1,000 (MAX_SITEMAPS), and says where it stopped', async () => {
    const dir = scratchDir('fan-out');
    const children = Array.from({ length: 1200 }, (_, i) => `https://s.example/maps/${i}.xml`);
    writeFileSync(path.join(dir, 'sitemap.xml'), sitemapIndex(children));
    mkdirSync(path.join(dir, 'maps'));
    // Every child lists the same page: the run stays one page, the cap is on sitemaps read.
    for (let i = 0; i < children.length; i++) writeFileSync(path.join(dir, 'maps', `${i}.xml`), urlset(['https://s.example/']));
    writeFileSync(path.join(dir, 'index.html'), page('Home'));

    const r = await runMeasured(['audit', dir, '--format', 'json'], { heapMb: 256, killAfterMs: 30_000 });

    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.pages.map((p) => p.url)).toEqual(['https://s.example/']);
    // The root is one of the 1,000: children 0 to 998 are read, and the 1,000th listed (line 1001) is not.
    const cut = `${path.join(dir, 'sitemap.xml')}:1001: stopped at 1000 sitemaps read; https://s.example/maps/999.xml and the sitemaps after it were not read`;
    expect(report.notes).toContain(cut);
    expect(report.losses).toEqual([cut]);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.maxRssMb).toBeLessThan(1000);
  });

  it('#11: --max-pages caps the URLs taken from a folder sitemap, with one note', async () => {
    const dir = scratchDir('max-pages');
    const locs = Array.from({ length: 10 }, (_, i) => `https://s.example/p${i}.html`);
    writeFileSync(path.join(dir, 'sitemap.xml'), urlset(locs));
    for (let i = 0; i < locs.length; i++) writeFileSync(path.join(dir, `p${i}.html`), page(`Page ${i}`));

    const r = await runMeasured(['audit', dir, '--format', 'json', '--max-pages', '3'], { heapMb: 256, killAfterMs: 20_000 });

    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.pages.map((p) => p.url)).toEqual(locs.slice(0, 3));
    const cut = `${path.join(dir, 'sitemap.xml')}:5: stopped at 3 URLs (--max-pages); https://s.example/p3.html and everything after it were not read`;
    expect(report.losses).toEqual([cut]);
    expect(r.ms).toBeLessThan(10_000);
  });
});
