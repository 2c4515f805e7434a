// The sitemap of a folder: a urlset, or an index whose sitemap URLs map to files under the folder,
// read recursively. A folder is input the user may not control (a build, a download), so it can
// only make us do bounded work, with the caps of the HTTP path: each sitemap file is read once,
// MAX_SITEMAPS files and maxUrls URLs in all, each file 50 MB at most, inflated too.
import { realpath, readFile, stat } from 'node:fs/promises';
import { DEFAULT_MAX_SITEMAP_DEPTH, gunzipCapped, isGzip, MAX_SITEMAP_BYTES } from './sitemap-fetch.js';
import { MAX_SITEMAPS, parseSitemapXml, SitemapError } from './sitemap-xml.js';
import { fileForUrl, isInside, normaliseBase } from './folder-urls.js';
import { InputError } from './types.js';

/** Skipped entries noted one by one per sitemap file; the rest are counted in one note. */
const NOTED_SKIPS = 20;

export interface FolderLoc {
  loc: string;
  /** The sitemap file (and line) that listed it. */
  origin: string;
  /** That line. */
  line: number;
}

export interface FolderSitemapOptions {
  root: string;
  /** --base-url; else each index entry is mapped against its own site root. */
  baseUrl?: string;
  /** Distinct URLs taken at most (--max-pages). */
  maxUrls: number;
  /** Sitemap files read at most, default MAX_SITEMAPS (tests lower it). */
  maxSitemaps?: number;
  /** Told each sitemap file as it is read (the audit never writes a report over one). */
  onRead?: (file: string) => void;
}

/**
 * The URLs of the sitemap `file` and of every sitemap its indexes list, in document order,
 * each once. Problems that may leave pages out go to `notes` and `losses`; a sitemap listed
 * again (itself, an ancestor: a cycle, or one read before) is one note per listing sitemap and
 * listed file, however often it is listed, and is read once.
 */
export async function readFolderSitemaps(file: string, options: FolderSitemapOptions, notes: string[], losses: string[]): Promise<FolderLoc[]> {
  const maxSitemaps = options.maxSitemaps ?? MAX_SITEMAPS;
  // A problem that may leave pages out is a note, and a loss: a baseline page missing then is not "removed".
  const lost = (text: string): void => {
    notes.push(text);
    losses.push(text);
  };
  // By real path: a sitemap reached through a symlink or `a/../` is still the same file.
  const identity = (f: string): Promise<string> => realpath(f).catch(() => f);
  const realRoot = await identity(options.root);
  const visited = new Set<string>([await identity(file)]);
  const taken = new Set<string>();
  const out: FolderLoc[] = [];
  let stopped = false;

  const readTree = async (file: string, baseUrl: string | undefined, depth: number): Promise<void> => {
    options.onRead?.(file);
    const parsed = parse(file, await readSitemapFile(file));
    // Entries skipped are noted one by one up to a few, then counted: a 50 MB sitemap of bad
    // entries is a million of them, and the report is for a person.
    let skipped = 0;
    const skip = (text: string): void => {
      if (++skipped <= NOTED_SKIPS) lost(text);
    };
    for (const p of parsed.problems) skip(`${file}: ${p}`);
    /** Sitemaps listed again → the lines listing them: one note each after the loop. */
    const repeats = new Map<string, number[]>();
    for (const entry of parsed.entries) {
      if (stopped) break;
      let loc: URL;
      try {
        loc = new URL(entry.loc);
      } catch {
        skip(`${file}:${entry.line}: "${entry.loc}" is not an absolute URL; skipped`);
        continue;
      }
      if (parsed.kind === 'urlset') {
        if (taken.has(loc.href)) continue;
        if (taken.size >= options.maxUrls) {
          stopped = true;
          lost(`${file}:${entry.line}: stopped at ${options.maxUrls} URLs (--max-pages); ${loc.href} and everything after it were not read`);
          break;
        }
        taken.add(loc.href);
        out.push({ loc: loc.href, origin: `${file}:${entry.line}`, line: entry.line });
        continue;
      }
      const base = baseUrl ?? new URL('/', loc).href;
      const child = fileForUrl(options.root, normaliseBase(base), loc.href);
      if (!child) {
        skip(`${file}:${entry.line}: the sitemap index lists ${loc.href}, but there is no file for it in the folder; skipped`);
        continue;
      }
      const id = await identity(child);
      if (!isInside(realRoot, id)) {
        skip(`${file}:${entry.line}: ${child} links outside the folder (to ${id}): not followed`);
        continue;
      }
      if (visited.has(id)) {
        repeats.set(child, [...(repeats.get(child) ?? []), entry.line]);
        continue;
      }
      if (depth >= DEFAULT_MAX_SITEMAP_DEPTH) {
        skip(`${file}:${entry.line}: sitemap index nested deeper than ${DEFAULT_MAX_SITEMAP_DEPTH} levels; ${loc.href} skipped`);
        continue;
      }
      if (visited.size >= maxSitemaps) {
        stopped = true;
        lost(`${file}:${entry.line}: stopped at ${maxSitemaps} sitemaps read; ${loc.href} and the sitemaps after it were not read`);
        break;
      }
      visited.add(id);
      await readTree(child, base, depth + 1);
    }
    if (skipped > NOTED_SKIPS) lost(`${file}: ${skipped - NOTED_SKIPS} more entries skipped (${skipped} in all; the first ${NOTED_SKIPS} are noted above)`);
    for (const [child, lines] of repeats) {
      const what = child === file ? 'the sitemap index lists itself' : `the sitemap index lists ${child}, which was already read`;
      notes.push(`${file}: ${what} (${linesText(lines)}); read once`);
    }
  };
  await readTree(file, options.baseUrl, 0);
  return out;
}

function parse(file: string, xml: string): ReturnType<typeof parseSitemapXml> {
  try {
    return parseSitemapXml(xml);
  } catch (err) {
    if (err instanceof SitemapError) {
      throw new InputError(`${file}${err.line ? `:${err.line}` : ''}: broken sitemap: ${err.message}. Fix the sitemap, or move it aside to audit every HTML file in the folder.`);
    }
    throw err;
  }
}

/** `line 3`, or `9 times: lines 3, 4, 5, 6, 7, …`: a few lines say where, the count says how often. */
function linesText(lines: number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  return `${lines.length} times: lines ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ', …' : ''}`;
}

/**
 * A sitemap file's text. Read with the caps of the HTTP path (50 MB, compressed or not, and
 * inflated 50 MB at most, by the same capped gunzip), so a gzip bomb costs 50 MB, not 4 GB.
 */
async function readSitemapFile(file: string): Promise<string> {
  const cannot = (why: string): InputError => new InputError(`${file}: cannot read the sitemap: ${why}. Fix the sitemap, or move it aside to audit every HTML file in the folder.`);
  let raw: Uint8Array;
  try {
    // A sitemap bigger than the cap on disk would be refused after inflating anyway; reading it first would cost its size.
    const { size } = await stat(file);
    if (size > MAX_SITEMAP_BYTES) throw cannot(`it is ${mb(size)} MB, more than ${mb(MAX_SITEMAP_BYTES)} MB (the sitemaps.org limit); not read`);
    raw = await readFile(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw cannot((err as Error).message);
  }
  if (file.endsWith('.gz') || isGzip(raw)) {
    const inflated = await gunzipCapped(raw);
    if (typeof inflated === 'string') throw cannot(inflated);
    raw = inflated;
  }
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);
}
