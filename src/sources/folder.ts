import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PageInput } from '../page/types.js';
import { gunzipCapped, isGzip, MAX_SITEMAP_BYTES } from './sitemap-fetch.js';
import { parseSitemapXml, SitemapError } from './sitemap-xml.js';
import { fileForUrl, urlForFile } from './folder-urls.js';
import { linkChecker, type LinkCheckSpec } from './link-check.js';
import { InputError, type Source, type SourceItem } from './types.js';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const SITEMAP_NAMES = ['sitemap.xml', 'sitemap_index.xml', 'sitemap.xml.gz'];
const MAX_SITEMAP_DEPTH = 5;
const FALLBACK_BASE = 'http://localhost/';

export interface FolderSourceOptions {
  /** The folder (or a single .html file). */
  target: string;
  /** The site's URL; pages get URLs from their path under the folder. */
  baseUrl?: string;
  /** Bytes read per page at most; the rest is reported as truncated. */
  maxBytes?: number;
  /** Target keywords for a page URL. */
  keywordsFor?: (url: string) => string[] | undefined;
}

interface Planned {
  file: string;
  url: string;
}

/**
 * A folder of built HTML: pages are its .html files, or, when the folder holds a sitemap,
 * exactly the sitemap's URLs mapped to files under the folder.
 */
export async function folderSource(options: FolderSourceOptions): Promise<Source> {
  const target = options.target;
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new InputError(`${target}: no such file or folder. Name a folder of HTML files, a sitemap URL or a page URL.`);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const notes: string[] = [];
  const losses: string[] = [];

  if (info.isFile()) {
    if (!/\.html?$/i.test(target)) throw new InputError(`${target}: not an HTML file or a folder. Name a folder of .html files, or one .html file.`);
    const baseUrl = normaliseBase(options.baseUrl ?? FALLBACK_BASE);
    const url = new URL(encodeURI(path.basename(target)), baseUrl).href;
    return makeSource('file', target, baseUrl, [{ file: target, url }], path.dirname(target), notes, maxBytes, options.keywordsFor);
  }

  const root = target;
  const sitemapFile = SITEMAP_NAMES.map((n) => path.join(root, n)).find((f) => existsSync(f));
  let planned: (Planned & { missing?: string })[];
  let baseUrl: string;
  if (sitemapFile) {
    const locs = await readSitemapTree(sitemapFile, root, options.baseUrl, notes, losses);
    baseUrl = normaliseBase(options.baseUrl ?? new URL('/', locs[0]?.loc ?? FALLBACK_BASE).href);
    if (!options.baseUrl) notes.push(`base URL ${baseUrl} taken from ${path.relative(process.cwd(), sitemapFile) || sitemapFile}`);
    planned = [];
    const seen = new Set<string>();
    for (const { loc, origin } of locs) {
      if (seen.has(loc)) continue;
      seen.add(loc);
      const file = fileForUrl(root, baseUrl, loc);
      planned.push({ file: file ?? '', url: loc, ...(file ? {} : { missing: origin }) });
    }
  } else {
    baseUrl = normaliseBase(options.baseUrl ?? FALLBACK_BASE);
    if (!options.baseUrl) notes.push(`no --base-url and no sitemap.xml: pages get URLs under ${baseUrl}; pass --base-url for canonical and link checks against the real site`);
    const files = (await listHtmlFiles(root)).sort();
    planned = files.map((file) => ({ file, url: urlForFile(root, baseUrl, file) }));
  }
  if (planned.length === 0) {
    throw new InputError(`${root}: no HTML pages found${sitemapFile ? ` (the sitemap ${sitemapFile} lists no URLs)` : ' (looked for *.html and *.htm files)'}.`);
  }
  const source = makeSource('folder', root, baseUrl, planned, root, notes, maxBytes, options.keywordsFor);
  source.losses = losses;
  return source;
}

function makeSource(
  kind: 'folder' | 'file',
  target: string,
  baseUrl: string,
  planned: (Planned & { missing?: string })[],
  root: string,
  notes: string[],
  maxBytes: number,
  keywordsFor: FolderSourceOptions['keywordsFor'],
): Source {
  const linkCheck: LinkCheckSpec = { kind: 'folder', root, baseUrl };
  const checkLinks = linkChecker(linkCheck);
  return {
    kind,
    target,
    http: false,
    baseUrl,
    notes,
    async *items(): AsyncIterable<SourceItem> {
      for (const p of planned) yield p.missing !== undefined ? missingItem(p, p.missing) : readPage(p, maxBytes, keywordsFor);
    },
    checkLinks,
    linkCheck,
    size: planned.length,
  };
}

function missingItem(p: Planned, origin: string): SourceItem {
  return { error: { origin, url: p.url, message: `the sitemap lists ${p.url}, but there is no file for it under the folder` } };
}

/**
 * Reads one page, at most maxBytes of it. Synchronous on purpose: one blocking read of a local
 * file costs far less than four promise round trips through the thread pool, and while the main
 * thread reads, worker threads are busy checking the pages before.
 */
function readPage(p: Planned, maxBytes: number, keywordsFor: FolderSourceOptions['keywordsFor']): SourceItem {
  let fd: number | undefined;
  try {
    fd = openSync(p.file, 'r');
    const { size } = fstatSync(fd);
    const length = Math.min(size, maxBytes);
    const body = Buffer.allocUnsafeSlow(length);
    let read = 0;
    while (read < length) {
      const bytesRead = readSync(fd, body, read, length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const bytes = body.subarray(0, read);
    const problem = unusable(bytes);
    if (problem) return { error: { origin: p.file, url: p.url, message: problem } };
    const input: PageInput = { url: p.url, body: bytes, origin: p.file };
    if (size > maxBytes) input.truncated = true;
    const keywords = keywordsFor?.(p.url);
    if (keywords && keywords.length > 0) input.keywords = keywords;
    return { page: input };
  } catch (err) {
    return { error: { origin: p.file, url: p.url, message: `cannot read: ${(err as Error).message}` } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Why bytes are not an HTML page worth auditing, or undefined. */
function unusable(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'the file is empty (0 bytes); skipped';
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const head = bytes.subarray(0, 1024);
  if (!utf16 && head.includes(0)) return 'binary content (NUL bytes), not HTML; skipped';
  let blank = true;
  for (const b of head) {
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) {
      blank = false;
      break;
    }
  }
  if (blank && bytes.length <= 1024) return 'the file holds only white space; skipped';
  return undefined;
}

async function listHtmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listHtmlFiles(full)));
    else if (entry.isFile() && /\.html?$/i.test(entry.name)) out.push(full);
  }
  return out;
}

function normaliseBase(base: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new InputError(`--base-url ${base}: not a valid URL; give one like https://shop.example/`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InputError(`--base-url ${base}: must be an http or https URL`);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  u.search = '';
  u.hash = '';
  return u.href;
}

interface Loc {
  loc: string;
  /** The sitemap file (and line) that listed it. */
  origin: string;
}

/** Reads a local sitemap or sitemap index (recursively, mapping index URLs to files under the folder). */
async function readSitemapTree(file: string, root: string, baseUrl: string | undefined, notes: string[], losses: string[], depth = 0): Promise<Loc[]> {
  // A problem that may leave pages out is a note, and a loss: a baseline page missing then is not "removed".
  const lost = (text: string): void => {
    notes.push(text);
    losses.push(text);
  };
  const xml = await readSitemapFile(file);
  let parsed;
  try {
    parsed = parseSitemapXml(xml);
  } catch (err) {
    if (err instanceof SitemapError) {
      throw new InputError(`${file}${err.line ? `:${err.line}` : ''}: broken sitemap: ${err.message}. Fix the sitemap, or move it aside to audit every HTML file in the folder.`);
    }
    throw err;
  }
  for (const p of parsed.problems) lost(`${file}: ${p}`);
  const out: Loc[] = [];
  for (const entry of parsed.entries) {
    let loc: URL;
    try {
      loc = new URL(entry.loc);
    } catch {
      lost(`${file}:${entry.line}: "${entry.loc}" is not an absolute URL; skipped`);
      continue;
    }
    if (parsed.kind === 'urlset') {
      out.push({ loc: loc.href, origin: `${file}:${entry.line}` });
      continue;
    }
    if (depth >= MAX_SITEMAP_DEPTH) {
      lost(`${file}:${entry.line}: sitemap index nested deeper than ${MAX_SITEMAP_DEPTH} levels; ${loc.href} skipped`);
      continue;
    }
    const base = baseUrl ?? new URL('/', loc).href;
    const child = fileForUrl(root, normaliseBase(base), loc.href);
    if (!child) {
      lost(`${file}:${entry.line}: the sitemap index lists ${loc.href}, but there is no file for it in the folder; skipped`);
      continue;
    }
    out.push(...(await readSitemapTree(child, root, base, notes, losses, depth + 1)));
  }
  return out;
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
