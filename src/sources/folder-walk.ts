// The HTML files of a folder with no sitemap. What a static web server would serve, as far as
// that is safe to follow: symbolic links that stay inside the folder are followed (a link is a
// second URL for its page, as a server serves it, so the page is audited under that URL too);
// links that leave the folder, broken links, loops and unreadable folders are listed with why,
// and the walk goes on.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from './folder-urls.js';
import { InputError } from './types.js';

/** The file system calls of the walk (tests inject faults). */
export interface WalkFs {
  readdir(dir: string): Promise<Dirent[]>;
  realpath(file: string): Promise<string>;
  stat(file: string): Promise<{ isDirectory(): boolean; isFile(): boolean }>;
}

const nodeFs: WalkFs = {
  readdir: (dir) => readdir(dir, { withFileTypes: true }),
  realpath: (file) => realpath(file),
  stat: (file) => stat(file),
};

/** A page to read, or a file or folder not read, with why. */
export type WalkEntry = { file: string } | { file: string; problem: string; kind: 'file' | 'folder' };

export interface Walk {
  /** In path order. */
  entries: WalkEntry[];
  /** Why pages may be missing: folders not read, the page cap. */
  losses: string[];
  /** Where the page cap stopped the walk, if it did (also a loss). */
  cut?: string;
}

export interface WalkOptions {
  /** Pages listed at most (--max-pages); the walk stops there, with a loss saying so. */
  maxPages: number;
  fs?: WalkFs;
}

export async function walkHtmlFiles(root: string, options: WalkOptions): Promise<Walk> {
  const fs = options.fs ?? nodeFs;
  const realRoot = await fs.realpath(root);
  const inside = (real: string): boolean => isInside(realRoot, real);
  const entries: WalkEntry[] = [];
  const losses: string[] = [];
  let pages = 0;
  let cut: string | undefined;

  const addPage = (file: string): void => {
    if (pages >= options.maxPages) {
      cut = `${root}: stopped at ${options.maxPages} pages (--max-pages); ${file} and the HTML files after it were not read`;
      losses.push(cut);
      return;
    }
    pages++;
    entries.push({ file });
  };

  /**
   * `realDir` is where `dir` really is. `viaLink`: reached through a folder link, whose own folder
   * links are not followed again: each link is followed once, from where it is, so links to
   * each other cannot multiply the pages.
   */
  const walk = async (dir: string, realDir: string, viaLink: boolean): Promise<void> => {
    let dirents: Dirent[];
    try {
      dirents = await fs.readdir(dir);
    } catch (err) {
      if (dir === root) throw new InputError(`${root}: cannot read the folder (${reason(err)}).`);
      const text = `cannot read the folder (${reason(err)}); the pages in it are not audited`;
      entries.push({ file: dir, problem: text, kind: 'folder' });
      losses.push(`${dir}: ${text}`);
      return;
    }
    // Sorted, so the pages kept at the --max-pages cut are the same on every file system.
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      if (cut !== undefined) return;
      if (d.name.startsWith('.') || d.name === 'node_modules') continue;
      const full = path.join(dir, d.name);
      if (d.isDirectory()) await walk(full, path.join(realDir, d.name), viaLink);
      else if (d.isFile()) {
        if (isHtml(d.name)) addPage(full);
      } else if (d.isSymbolicLink()) await follow(full, realDir, viaLink);
    }
  };

  const follow = async (link: string, realDir: string, viaLink: boolean): Promise<void> => {
    const name = path.basename(link);
    // Through a folder link, a link's problem is the one already listed where the link really is.
    const problem = (text: string, kind: 'file' | 'folder'): void => {
      if (!viaLink) entries.push({ file: link, problem: text, kind });
    };
    let real: string;
    let target: { isDirectory(): boolean; isFile(): boolean };
    try {
      real = await fs.realpath(link);
      target = await fs.stat(real);
    } catch (err) {
      // A broken link named like a page, or like a folder (no extension), may have held pages.
      if (!isHtml(name) && path.extname(name) !== '') return;
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ELOOP' ? 'a symbolic link loop' : code === 'ENOENT' ? 'a broken symbolic link (its target does not exist)' : `a symbolic link that cannot be followed (${reason(err)})`;
      problem(`${why}: not followed`, isHtml(name) ? 'file' : 'folder');
      return;
    }
    if (target.isDirectory()) {
      if (!inside(real)) problem(`links outside the folder (to ${real}): not followed`, 'folder');
      else if (realDir === real || realDir.startsWith(real + path.sep)) problem(`links to ${real}, a folder that holds the link (a loop): not followed`, 'folder');
      else if (!viaLink) await walk(link, real, true);
    } else if (target.isFile() && isHtml(name)) {
      if (!inside(real)) problem(`links outside the folder (to ${real}): not followed`, 'file');
      else addPage(link);
    }
  };

  await walk(root, realRoot, false);
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { entries, losses, ...(cut !== undefined ? { cut } : {}) };
}

function isHtml(name: string): boolean {
  return /\.html?$/i.test(name);
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message;
}
