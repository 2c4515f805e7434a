import { closeSync, existsSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PageInput } from '../page/types.js';
import { readFolderSitemaps } from './folder-sitemap.js';
import { fileForUrl, isInside, normaliseBase, urlForFile } from './folder-urls.js';
import { metaRefresh } from '../page/refresh.js';
import { walkHtmlFiles } from './folder-walk.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES } from './defaults.js';
import { linkChecker, type LinkCheckSpec } from './link-check.js';
import { InputError, type Source, type SourceError, type SourceItem } from './types.js';
import { createHash } from 'node:crypto';
import { shardOf, type ShardSpec, type ShardView } from '../shard/shard.js';

export { DEFAULT_MAX_BYTES };
const SITEMAP_NAMES = ['sitemap.xml', 'sitemap_index.xml', 'sitemap.xml.gz'];
const FALLBACK_BASE = 'http://localhost/';

export interface FolderSourceOptions {
  /** The folder (or a single .html file). */
  target: string;
  /** The site's URL; pages get URLs from their path under the folder. */
  baseUrl?: string;
  /** Bytes read per page at most; the rest is reported as truncated. */
  maxBytes?: number;
  /** Pages at most (--max-pages): HTML files listed, or URLs taken from the sitemaps; default DEFAULT_MAX_PAGES. */
  maxPages?: number;
  /** Target keywords for a page URL. */
  keywordsFor?: (url: string) => string[] | undefined;
  /**
   * One shard of a sharded audit: only the files that fall in it are read (each keeps its place
   * among the folder's files); see FolderSource.shard.
   */
  shard?: ShardSpec;
}

/** A folder source, with its shard's view when options.shard was given. */
export type FolderSource = Source & { shard?: ShardView };

/** What a folder shard keeps for the merge beyond its pages: its files that are redirect stubs, with their places (the note on them is the run's). */
export interface FolderShardFacts {
  stubs: [number, string][];
}

/** The note on files that redirect by <meta http-equiv="refresh"> (left out as pages), in the folder's order. */
export function stubNote(stubs: readonly string[]): string | undefined {
  if (stubs.length === 0) return undefined;
  const many = stubs.length > 1;
  return `${many ? `${stubs.length} files redirect` : '1 file redirects'} by <meta http-equiv="refresh"> and ${many ? 'were not audited as pages' : 'was not audited as a page'}: ${stubs.slice(0, 3).join(', ')}${stubs.length > 3 ? ', …' : ''}`;
}

/** A page to read, or an entry listed under errors with why it is not read. */
type Planned = { file: string; url: string } | { error: SourceError };

/**
 * A folder of built HTML: pages are its .html files, or, when the folder holds a sitemap,
 * exactly the sitemap's URLs mapped to files under the folder. Symbolic links are followed
 * while they stay inside the folder; what cannot be read is listed under errors.
 */
export async function folderSource(options: FolderSourceOptions): Promise<FolderSource> {
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
    const source = makeSource('file', target, baseUrl, [{ file: target, url }], path.dirname(target), notes, maxBytes, options.keywordsFor, options.shard);
    source.files = [target];
    return source;
  }

  const root = target;
  const sitemaps: string[] = [];
  let sitemapFile = SITEMAP_NAMES.map((n) => path.join(root, n)).find((f) => existsSync(f));
  // Files are read only from inside the folder: a sitemap that links out of it is not followed.
  const realSitemap = sitemapFile === undefined ? undefined : realpathSync(sitemapFile);
  if (sitemapFile !== undefined && realSitemap !== undefined && !isInside(realpathSync(root), realSitemap)) {
    const text = `${sitemapFile} links outside the folder (to ${realSitemap}): not followed; the HTML files of the folder are audited instead`;
    notes.push(text);
    losses.push(text);
    sitemapFile = undefined;
  }
  let planned: Planned[];
  let baseUrl: string;
  if (sitemapFile) {
    const maxUrls = options.maxPages ?? DEFAULT_MAX_PAGES;
    const locs = await readFolderSitemaps(sitemapFile, { root, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}), maxUrls, onRead: (f) => sitemaps.push(f) }, notes, losses);
    baseUrl = normaliseBase(options.baseUrl ?? new URL('/', locs[0]?.loc ?? FALLBACK_BASE).href);
    if (!options.baseUrl) notes.push(`base URL ${baseUrl} taken from ${path.relative(process.cwd(), sitemapFile) || sitemapFile}`);
    planned = [];
    const seen = new Set<string>();
    for (const { loc, origin, line } of locs) {
      if (seen.has(loc)) continue;
      seen.add(loc);
      const file = fileForUrl(root, baseUrl, loc);
      planned.push(file ? { file, url: loc } : { error: { origin, line, url: loc, message: `the sitemap lists ${loc}, but there is no file for it under the folder` } });
    }
  } else {
    baseUrl = normaliseBase(options.baseUrl ?? FALLBACK_BASE);
    if (!options.baseUrl) notes.push(`no --base-url and no sitemap.xml: pages get URLs under ${baseUrl}; pass --base-url for canonical and link checks against the real site`);
    const walked = await walkHtmlFiles(root, { maxPages: options.maxPages ?? DEFAULT_MAX_PAGES });
    losses.push(...walked.losses);
    if (walked.cut !== undefined) notes.push(walked.cut);
    planned = walked.entries.map((e): Planned => {
      if (!('problem' in e)) return { file: e.file, url: urlForFile(root, baseUrl, e.file) };
      return { error: { origin: e.file, ...(e.kind === 'file' ? { url: urlForFile(root, baseUrl, e.file) } : {}), message: e.problem } };
    });
  }
  if (planned.length === 0) {
    throw new InputError(`${root}: no HTML pages found${sitemapFile ? ` (the sitemap ${sitemapFile} lists no URLs)` : ' (looked for *.html and *.htm files)'}.`);
  }
  const source = makeSource('folder', root, baseUrl, planned, root, notes, maxBytes, options.keywordsFor, options.shard);
  source.losses = losses;
  source.files = [...sitemaps, ...planned.flatMap((p) => ('file' in p ? [p.file] : []))];
  return source;
}

function makeSource(
  kind: 'folder' | 'file',
  target: string,
  baseUrl: string,
  planned: Planned[],
  root: string,
  notes: string[],
  maxBytes: number,
  keywordsFor: FolderSourceOptions['keywordsFor'],
  shard: ShardSpec | undefined,
): FolderSource {
  const linkCheck: LinkCheckSpec = { kind: 'folder', root, baseUrl };
  const checkLinks = linkChecker(linkCheck);
  // Pages are read only from inside the folder: a sitemap URL's file may be a link out of it.
  const realRoot = kind === 'folder' ? realpathSync(root) : undefined;
  // A shard reads only its own files: a file falls in the shard of its URL, and keeps its place among all.
  const keyOf = (p: Planned): string => ('error' in p ? (p.error.url ?? p.error.origin) : p.url);
  const mine = (p: Planned): boolean => shard === undefined || shardOf(keyOf(p), shard.count) === shard.index;
  let stubs: [number, string][] = [];
  const source: FolderSource = {
    kind,
    target,
    http: false,
    baseUrl,
    notes,
    async *items(): AsyncIterable<SourceItem> {
      // A file that refreshes to another URL (<meta http-equiv="refresh">) is a redirect stub, not
      // a page: it is left out, as a crawl follows it to its target, and the notes say so.
      stubs = [];
      for (const [at, p] of planned.entries()) {
        if (!mine(p)) continue;
        const item = 'error' in p ? p : readPage(p, maxBytes, keywordsFor, realRoot);
        const to = 'page' in item ? metaRefresh(item.page.body, item.page.url) : undefined;
        if (to === undefined) yield item;
        else stubs.push([at, `${'file' in p ? p.url : ''} → ${to}`]);
      }
      // A shard's note on stubs would count its own only: the merge writes the run's.
      const note = shard ? undefined : stubNote(stubs.map(([, text]) => text));
      if (note !== undefined) notes.push(note);
    },
    checkLinks,
    linkCheck,
    size: planned.length,
  };
  if (shard) {
    // By file and URL: a sitemap may name one file by two URLs (/about and /about.html), each a place of its own.
    const fileAt = new Map(planned.flatMap((p, at) => ('file' in p ? [[`${p.file}\n${p.url}`, at] as const] : [])));
    const errorAt = new Map(planned.flatMap((p, at) => ('error' in p ? [[p.error, at] as const] : [])));
    // The same for every shard of the folder as it was listed: its files' URLs (and what could not
    // be listed), in order, and what listing it said (a --max-pages cut names the first file left out).
    let input: string | undefined;
    const inputDigest = (): string => {
      const digest = createHash('md5');
      for (const p of planned) digest.update(`${keyOf(p)}\n${'error' in p ? p.error.message : ''}\n`);
      digest.update(`${notes.join('\n')}\n${source.losses?.join('\n') ?? ''}`);
      return (input ??= digest.digest('hex'));
    };
    source.shard = {
      source,
      sparse: true,
      // A page, or a file whose reading failed, is placed by its file.
      placeOf: (page) => fileAt.get(`${page.origin ?? ''}\n${page.url}`),
      placeOfError: (error) => errorAt.get(error) ?? fileAt.get(`${error.origin}\n${error.url ?? ''}`),
      inputDigest,
      total: () => planned.length,
      owned: () => planned.flatMap((p, at) => (mine(p) ? [at] : [])),
      facts: () => ({ folder: { stubs } }),
    };
  }
  return source;
}

/**
 * Reads one page, at most maxBytes of it. Synchronous on purpose: one blocking read of a local
 * file costs far less than four promise round trips through the thread pool, and while the main
 * thread reads, worker threads are busy checking the pages before.
 */
function readPage(p: { file: string; url: string }, maxBytes: number, keywordsFor: FolderSourceOptions['keywordsFor'], realRoot: string | undefined): SourceItem {
  let fd: number | undefined;
  try {
    if (realRoot !== undefined) {
      const real = realpathSync.native(p.file);
      if (!isInside(realRoot, real)) return { error: { origin: p.file, url: p.url, message: `links outside the folder (to ${real}): not followed` } };
    }
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

