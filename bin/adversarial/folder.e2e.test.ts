// Hostile folders (issue 17): a gzip-bomb sitemap, a sitemap index that lists itself, an
// unreadable subfolder, symlinked pages and folders. Inputs are generated here, at test time.
import { chmodSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cannotRunAs, changedFiles, fileStates, runMeasured, scratchDir } from '../../src/testing/adversarial.js';

interface Report {
  notes: string[];
  losses: string[];
  errors: { origin: string; url?: string; message: string }[];
  pages: { url: string }[];
}
const sitemapIndex = (locs: string[]): string => `<sitemapindex>\n${locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`).join('\n')}\n</sitemapindex>\n`;
const urlset = (locs: string[]): string => `<urlset>\n${locs.map((l) => `<url><loc>${l}</loc></url>`).join('\n')}\n</urlset>\n`;

/** The user nobody: the tests run as root, who may read any folder. */
const NOBODY = 65534;

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

  it('#14: an unreadable subfolder is listed under errors and the run goes on', async (ctx) => {
    // Root reads every folder, so as root the case runs the CLI as nobody, who must reach it.
    const unreachable = process.getuid?.() === 0 ? cannotRunAs(NOBODY, NOBODY) : undefined;
    if (unreachable) ctx.skip(unreachable);
    const dir = scratchDir('unreadable');
    mkdirSync(path.join(dir, 'locked'));
    writeFileSync(path.join(dir, 'index.html'), page('Home'));
    writeFileSync(path.join(dir, 'locked', 'a.html'), page('Locked'));
    writeFileSync(path.join(dir, 'z.html'), page('Last'));
    const before = fileStates(dir);
    // Root reads every folder whatever its mode: as root, run the CLI as nobody, who may read
    // the folder (0755) but not the subfolder (0700, root's); as anyone else, mode 000 does it.
    const asRoot = process.getuid?.() === 0;
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'locked'), asRoot ? 0o700 : 0o000);
    try {
      const r = await runMeasured(['audit', dir, '--format', 'json'], { heapMb: 256, killAfterMs: 20_000, ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) });

      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.pages.map((p) => p.url)).toEqual(['http://localhost/', 'http://localhost/z.html']);
      const message = 'cannot read the folder (permission denied); the pages in it are not audited';
      expect(report.errors).toEqual([{ origin: path.join(dir, 'locked'), message }]);
      expect(report.losses).toEqual([`${path.join(dir, 'locked')}: ${message}`]);
      expect(r.stderr).toContain(`warning: ${path.join(dir, 'locked')}: ${message}\n`);
      expect(r.ms).toBeLessThan(10_000);
    } finally {
      chmodSync(path.join(dir, 'locked'), 0o755);
    }
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
  });

  it('#15: symlinked pages and folders inside the folder are audited under their own URLs; links out, broken links and loops are listed', async () => {
    // Real paths: the messages name where links really lead (a temp folder may be under a link itself).
    const dir = realpathSync(scratchDir('symlinks'));
    const site = path.join(dir, 'site');
    const outside = path.join(dir, 'outside');
    mkdirSync(path.join(site, 'docs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(site, 'index.html'), page('Home'));
    writeFileSync(path.join(site, 'docs', 'guide.html'), page('Guide'));
    writeFileSync(path.join(outside, 'secret.html'), page('Secret'));
    symlinkSync('docs/guide.html', path.join(site, 'guide.html'));
    symlinkSync('docs', path.join(site, 'latest'));
    symlinkSync('../../outside/secret.html', path.join(site, 'docs', 'secret.html'));
    symlinkSync('../outside', path.join(site, 'external'));
    symlinkSync('missing.html', path.join(site, 'broken.html'));
    symlinkSync('..', path.join(site, 'docs', 'up'));
    const before = fileStates(dir);

    const r = await runMeasured(['audit', site, '--format', 'json', '--base-url', 'https://s.example/'], { heapMb: 256, killAfterMs: 20_000 });

    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.pages.map((p) => p.url)).toEqual(['https://s.example/docs/guide.html', 'https://s.example/guide.html', 'https://s.example/', 'https://s.example/latest/guide.html']);
    expect(report.errors).toEqual([
      { origin: path.join(site, 'broken.html'), url: 'https://s.example/broken.html', message: 'a broken symbolic link (its target does not exist): not followed' },
      { origin: path.join(site, 'docs', 'secret.html'), url: 'https://s.example/docs/secret.html', message: `links outside the folder (to ${path.join(outside, 'secret.html')}): not followed` },
      { origin: path.join(site, 'docs', 'up'), message: `links to ${site}, a folder that holds the link (a loop): not followed` },
      { origin: path.join(site, 'external'), message: `links outside the folder (to ${outside}): not followed` },
    ]);
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('#15: a sitemap URL whose file links out of the folder is listed, not read', async () => {
    // Real paths: the messages name where links really lead (a temp folder may be under a link itself).
    const dir = realpathSync(scratchDir('sitemap-link-out'));
    const site = path.join(dir, 'site');
    mkdirSync(site);
    writeFileSync(path.join(dir, 'secret.html'), page('Secret'));
    writeFileSync(path.join(site, 'index.html'), page('Home'));
    symlinkSync('../secret.html', path.join(site, 'secret.html'));
    writeFileSync(path.join(site, 'sitemap.xml'), urlset(['https://s.example/', 'https://s.example/secret.html']));

    const r = await runMeasured(['audit', site, '--format', 'json'], { heapMb: 256, killAfterMs: 20_000 });

    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.pages.map((p) => p.url)).toEqual(['https://s.example/']);
    expect(report.errors).toEqual([
      { origin: path.join(site, 'secret.html'), url: 'https://s.example/secret.html', message: `links outside the folder (to ${path.join(dir, 'secret.html')}): not followed` },
    ]);
  });
});
