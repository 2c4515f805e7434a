import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkHtmlFiles, type WalkFs } from './folder-walk.js';

function site(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'seo-ai-walk-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

/** The walk as relative paths: pages as `a.html`, problems as `a.html: why`. */
async function walked(root: string, options: { maxPages?: number; fs?: WalkFs } = {}): Promise<{ entries: string[]; losses: string[] }> {
  const w = await walkHtmlFiles(root, { maxPages: options.maxPages ?? 50_000, ...(options.fs ? { fs: options.fs } : {}) });
  const rel = (f: string): string => path.relative(root, f);
  return { entries: w.entries.map((e) => ('problem' in e ? `${rel(e.file)}: ${e.problem}` : rel(e.file))), losses: w.losses.map((l) => l.replaceAll(root, '<root>')) };
}

/** Node's fs, with readdir failing as EACCES for the folders named. */
function deniedFs(...denied: string[]): WalkFs {
  return {
    readdir: async (dir) => {
      if (denied.includes(dir)) throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
      return readdir(dir, { withFileTypes: true });
    },
    realpath: (f) => realpath(f),
    stat: (f) => stat(f),
  };
}

describe('walkHtmlFiles', () => {
  it('lists an unreadable subfolder with why and walks on', async () => {
    const root = site({ 'a.html': '', 'locked/b.html': '', 'z/c.html': '' });
    const r = await walked(root, { fs: deniedFs(path.join(root, 'locked')) });
    expect(r.entries).toEqual(['a.html', 'locked: cannot read the folder (permission denied); the pages in it are not audited', 'z/c.html']);
    expect(r.losses).toEqual(['<root>/locked: cannot read the folder (permission denied); the pages in it are not audited']);
  });

  it('refuses an unreadable folder itself as input the user must fix', async () => {
    const root = site({ 'a.html': '' });
    await expect(walkHtmlFiles(root, { maxPages: 10, fs: deniedFs(root) })).rejects.toThrow(`${root}: cannot read the folder (permission denied).`);
  });

  it('follows links inside the folder, to files and folders, under their own URLs; lists links out, broken links and loops', async () => {
    const outside = site({ 'o.html': '' });
    const root = site({ 'index.html': '', 'real/a.html': '', 'real/deep/b.html': '' });
    symlinkSync('real/a.html', path.join(root, 'alias.html'));
    symlinkSync('real', path.join(root, 'mirror'));
    symlinkSync(path.join(outside, 'o.html'), path.join(root, 'out.html'));
    symlinkSync(outside, path.join(root, 'outdir'));
    symlinkSync('gone.html', path.join(root, 'broken.html'));
    symlinkSync('gone', path.join(root, 'broken-folder'));
    symlinkSync('gone.png', path.join(root, 'broken.png'));
    symlinkSync('..', path.join(root, 'real', 'up'));
    symlinkSync('self.html', path.join(root, 'self.html'));
    const r = await walked(root);
    const realOutside = realpathSync(outside);
    expect(r.entries).toEqual([
      'alias.html',
      'broken-folder: a broken symbolic link (its target does not exist): not followed',
      'broken.html: a broken symbolic link (its target does not exist): not followed',
      'index.html',
      'mirror/a.html',
      'mirror/deep/b.html',
      `out.html: links outside the folder (to ${realOutside}/o.html): not followed`,
      `outdir: links outside the folder (to ${realOutside}): not followed`,
      'real/a.html',
      'real/deep/b.html',
      `real/up: links to ${realpathSync(root)}, a folder that holds the link (a loop): not followed`,
      'self.html: a symbolic link loop: not followed',
    ]);
    expect(r.losses).toEqual([]);
  });

  it('follows each folder link once, from where it is: links to each other cannot multiply the pages', async () => {
    // Each level links twice to the next: followed through one another, 2^12 copies of the page.
    const files: Record<string, string> = { 'l12/page.html': '' };
    for (let i = 0; i < 12; i++) files[`l${i}/keep.txt`] = '';
    const root = site(files);
    for (let i = 0; i < 12; i++) {
      symlinkSync(`../l${i + 1}`, path.join(root, `l${i}`, 'x'));
      symlinkSync(`../l${i + 1}`, path.join(root, `l${i}`, 'y'));
    }
    const r = await walked(root);
    // l12/page.html itself, and through l11/x and l11/y; links met inside l11/x are not followed again.
    expect(r.entries).toEqual(['l11/x/page.html', 'l11/y/page.html', 'l12/page.html']);
  });

  it('stops at maxPages, in name order, with a loss saying where', async () => {
    const root = site({ 'b.html': '', 'a/1.html': '', 'a/2.html': '', 'c.html': '' });
    const r = await walked(root, { maxPages: 3 });
    expect(r.entries).toEqual(['a/1.html', 'a/2.html', 'b.html']);
    expect(r.losses).toEqual(['<root>: stopped at 3 pages (--max-pages); <root>/c.html and the HTML files after it were not read']);
    expect((await walkHtmlFiles(root, { maxPages: 3 })).cut).toBe(`${root}: stopped at 3 pages (--max-pages); ${root}/c.html and the HTML files after it were not read`);
    expect((await walkHtmlFiles(root, { maxPages: 4 })).cut).toBeUndefined();
  });
});
