// Sitemaps over HTTP: XML urlsets and indexes (read recursively), .xml.gz files, plain-text
// sitemaps. Every fault in what a site serves is a problem in the result, never a throw, and a
// site can only make us do bounded work: nesting depth, URL count, decompressed size and
// parallel fetches are all capped.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { FetchResult } from '../http/fetch.js';
import { MAX_SITEMAPS, parseSitemapXml, SitemapError, type SitemapEntry } from './sitemap-xml.js';
import type { SourceError } from './types.js';

export interface SitemapUrl {
  loc: string;
  lastmod?: string;
  alternates?: { hreflang: string; href: string }[];
  /** the sitemap URL it was listed in */
  sitemap: string;
  line: number;
}

export interface SitemapRead {
  urls: SitemapUrl[];
  /** sitemap URLs read, in order: as requested (not as redirected), in document order, only those that answered 200 and parsed */
  sitemaps: string[];
  problems: SourceError[];
  /**
   * What a cap (maxUrls, maxSitemaps) or a stop left unread: URLs the site lists that the run
   * never saw, and cannot name. Not problems of the site; the run's losses.
   */
  losses: string[];
}

export interface ReadSitemapsOptions {
  fetch: (url: string) => Promise<FetchResult>;
  /** Sitemap index nesting, default 5: an index at this depth (roots are 0) gets no children read. */
  maxDepth?: number;
  /** Stop collecting after this many URLs (default 1_000_000), with a loss saying so. */
  maxUrls?: number;
  /** Sitemaps fetched at most, default MAX_SITEMAPS (1000); those listed beyond are not read, with a loss saying so. */
  maxSitemaps?: number;
  /** The run's stop: no sitemap is fetched once it aborts, and what was read so far is returned. */
  signal?: AbortSignal;
  /** How the URL cap is named in messages (e.g. "--max-pages 500"), default "maxUrls". */
  maxUrlsName?: string;
  /** Sitemaps fetched at once, default 4. */
  concurrency?: number;
  /** robots.txt check for sitemap URLs themselves; disallowed → problem, not fetched. */
  allowed?: (url: string) => boolean;
  /**
   * Hosts whose URLs every sitemap may list besides its own: the site's, when robots.txt names a
   * sitemap kept elsewhere (a CDN, a bucket), which sitemaps.org's cross-submission allows.
   */
  siteHosts?: string[];
  /** A listed URL as the public URL it stands for (a staging server listing its own address: see Mirror). */
  publicUrl?: (url: string) => string;
}

export const DEFAULT_MAX_SITEMAP_DEPTH = 5;
export const DEFAULT_MAX_SITEMAP_URLS = 1_000_000;
export const DEFAULT_SITEMAP_CONCURRENCY = 4;
/** sitemaps.org: a sitemap may be at most 50 MB uncompressed. */
export const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

const gunzipAsync = promisify(gunzip);

/** A fetched sitemap, parsed; or why it could not be used. */
export type LoadedSitemap =
  | { ok: true; finalUrl: string; kind: 'urlset' | 'sitemapindex'; entries: SitemapEntry[]; problems: string[] }
  | { ok: false; message: string };

/** A sitemap to read, and where it was listed (absent for the roots). */
interface Listed {
  href: string;
  line?: number;
  /** Why an index entry cannot be read at all (bad URL, another host). */
  unusable?: string;
}

/**
 * Reads the sitemaps at `roots` and every sitemap their indexes list, depth first. Children are
 * fetched concurrently, a few ahead of the one being read, but URLs, sitemaps and problems
 * come out in document order, so a run gives the same answer however the fetches interleave.
 */
export async function readSitemaps(roots: string[], options: ReadSitemapsOptions): Promise<SitemapRead> {
  return new SitemapReader(options).read(roots);
}

/** One reading of a run's sitemaps: what was visited and collected, and the fetches started ahead. */
class SitemapReader {
  private readonly maxDepth: number;
  private readonly maxUrls: number;
  private readonly maxSitemaps: number;
  private readonly concurrency: number;
  private readonly allowed: (url: string) => boolean;
  private readonly limit: ReturnType<typeof limiter>;
  private readonly result: SitemapRead = { urls: [], sitemaps: [], problems: [], losses: [] };
  /** Sitemaps visited (as listed, and where they redirected to): each is read once. */
  private readonly visited = new Set<string>();
  private readonly collected = new Set<string>();
  /** Fetches started ahead of their turn; taken out when their turn comes. */
  private readonly pending = new Map<string, Promise<LoadedSitemap>>();
  private stopped = false;
  /** Sitemaps let through admit(), each fetched once: what maxSitemaps counts. */
  private admitted = 0;
  /** Listed sitemaps not read because maxSitemaps was reached, and the first of them. */
  private overCap = 0;
  private firstOverCap: string | undefined;

  constructor(private readonly options: ReadSitemapsOptions) {
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_SITEMAP_DEPTH;
    this.maxUrls = options.maxUrls ?? DEFAULT_MAX_SITEMAP_URLS;
    this.maxSitemaps = options.maxSitemaps ?? MAX_SITEMAPS;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_SITEMAP_CONCURRENCY));
    this.allowed = options.allowed ?? (() => true);
    this.limit = limiter(this.concurrency);
  }

  async read(roots: string[]): Promise<SitemapRead> {
    const { result } = this;
    const rootItems = roots.map((root): Listed => {
      const url = httpUrl(root);
      return url === undefined ? { href: root, unusable: 'is not an absolute http(s) URL; not read' } : { href: withoutHash(url) };
    });
    await this.readAll(rootItems, undefined, 0);
    if (this.overCap > 0) {
      result.losses.push(`sitemaps: stopped at ${this.maxSitemaps} sitemaps (the most one run reads); ${this.overCap} more listed sitemap${this.overCap === 1 ? '' : 's'}, from ${this.firstOverCap}, and the URLs in them were not read`);
    }
    if (this.options.signal?.aborted) result.losses.push('sitemaps: the run was stopped while they were read; the URLs of sitemaps not yet read were not seen');
    this.stopped = true;
    // Fetches started ahead and never taken (after the URL cap) finish before we return, so no
    // request outlives the call; they never reject.
    await Promise.all(this.pending.values());
    return result;
  }

  private halted(): boolean {
    return this.stopped || this.options.signal?.aborted === true;
  }

  private problem(origin: string, message: string, url?: string): void {
    this.result.problems.push(url === undefined ? { origin, message } : { origin, url, message });
  }

  private load(url: string): Promise<LoadedSitemap> {
    // Queued fetches that have not started when the URL cap is hit or the run stops are never made.
    return this.limit(() => (this.halted() ? Promise.resolve<LoadedSitemap>({ ok: false, message: 'not read' }) : loadSitemap(url, this.options.fetch)));
  }

  private prefetch(url: string): void {
    if (!this.pending.has(url)) this.pending.set(url, this.load(url));
  }

  private take(url: string): Promise<LoadedSitemap> {
    const started = this.pending.get(url);
    this.pending.delete(url);
    return started ?? this.load(url);
  }

  /** Problems about a listed sitemap go to the index (and line) that listed it, or to the root itself. */
  private aboutListed(item: Listed, parent: string | undefined, text: string): void {
    if (parent === undefined) this.problem(item.href, text);
    else this.problem(parent, `line ${item.line}: ${item.href} ${text}`, item.href);
  }

  /** Whether a listed sitemap is to be read now; says why not when it is not. */
  private admit(item: Listed, parent: string | undefined, depth: number): boolean {
    if (item.unusable !== undefined) {
      if (parent === undefined) this.problem(item.href, item.unusable);
      else this.problem(parent, `line ${item.line}: ${item.unusable}`, item.href);
      return false;
    }
    if (item.href === parent) {
      this.problem(parent, `line ${item.line}: the sitemap index lists itself; read once`, item.href);
      return false;
    }
    if (this.visited.has(item.href)) {
      this.aboutListed(item, parent, 'was already read; read once');
      return false;
    }
    if (depth > this.maxDepth) {
      this.aboutListed(item, parent, `is nested deeper than ${this.maxDepth} sitemap index levels (maxDepth); not read`);
      return false;
    }
    if (!this.allowed(item.href)) {
      this.aboutListed(item, parent, 'is disallowed by robots.txt; not fetched');
      return false;
    }
    if (this.admitted >= this.maxSitemaps) {
      this.overCap++;
      this.firstOverCap ??= item.href;
      return false;
    }
    return true;
  }

  /** Reads listed sitemaps in order, keeping the next few fetching meanwhile. */
  private async readAll(items: Listed[], parent: string | undefined, depth: number): Promise<void> {
    for (let i = 0; i < items.length && !this.halted(); i++) {
      const item = items[i]!;
      if (!this.admit(item, parent, depth)) continue;
      this.visited.add(item.href);
      this.admitted++;
      // Only ahead-fetches that will be wanted: admit() without its side effects. The k-th one
      // ahead is at most the (admitted + k)-th sitemap read, so the cap holds for them too.
      let ahead = 0;
      for (const next of items.slice(i + 1, i + this.concurrency)) {
        ahead++;
        if (this.admitted + ahead > this.maxSitemaps) break;
        if (next.unusable === undefined && next.href !== parent && !this.visited.has(next.href) && depth <= this.maxDepth && this.allowed(next.href)) this.prefetch(next.href);
      }
      await this.readOne(item.href, depth);
    }
  }

  private async readOne(url: string, depth: number): Promise<void> {
    const loaded = await this.take(url);
    if (!loaded.ok) {
      // A fetch the stop cut short (or never made) says nothing about the sitemap.
      if (!this.halted()) this.problem(url, loaded.message);
      return;
    }
    if (loaded.finalUrl !== url) {
      if (this.visited.has(loaded.finalUrl)) {
        this.problem(url, `redirects to ${loaded.finalUrl}, which was already read; read once`);
        return;
      }
      this.visited.add(loaded.finalUrl);
    }
    this.result.sitemaps.push(url);
    for (const p of loaded.problems) this.problem(url, p);
    const children = this.entries(url, loaded);
    if (children.length > 0) await this.readAll(children, url, depth + 1);
  }

  /** A sitemap's entries: its URLs collected (until the cap), or an index's children to read. */
  private entries(url: string, loaded: Extract<LoadedSitemap, { ok: true }>): Listed[] {
    // sitemaps.org wants every URL on the sitemap's own host. A sitemap that redirected is
    // held to both hosts: the one it was asked for at (what the site owner listed) and the one
    // that answered (a www or https move). Scheme is not compared, so an http sitemap may list
    // https pages; the port is, as part of the host.
    const hosts = new Set([new URL(url).host, new URL(loaded.finalUrl).host, ...(this.options.siteHosts ?? [])]);
    const children: Listed[] = [];
    const asPublic = this.options.publicUrl;
    for (const listed of loaded.entries) {
      // A staging server's sitemap listing its own address lists the public pages it serves.
      const entry = asPublic ? { ...listed, loc: asPublic(listed.loc) } : listed;
      const loc = checkedLoc(entry, hosts);
      if (loaded.kind === 'sitemapindex') {
        // Reported in turn with the other reasons a child is not read, to keep document order.
        children.push(typeof loc === 'string' ? { href: entry.loc, line: entry.line, unusable: loc } : { href: withoutHash(loc), line: entry.line });
        continue;
      }
      if (typeof loc === 'string') {
        this.problem(url, `line ${entry.line}: ${loc}`, entry.loc);
        continue;
      }
      if (this.collected.has(loc.href)) continue;
      if (this.result.urls.length >= this.maxUrls) {
        this.stopped = true;
        this.result.losses.push(`sitemaps: stopped at ${this.maxUrls} URLs (${this.options.maxUrlsName ?? 'maxUrls'}); ${loc.href} (${url} line ${entry.line}) and every URL listed after it were not read`);
        return [];
      }
      this.collected.add(loc.href);
      this.result.urls.push(sitemapUrl(entry, loc.href, url));
    }
    return children;
  }
}

/** Fetches one sitemap and parses it; anything wrong with it is the message. */
export async function loadSitemap(url: string, fetch: (url: string) => Promise<FetchResult>): Promise<LoadedSitemap> {
  let response: FetchResult;
  try {
    response = await fetch(url);
  } catch (error) {
    // FetchResult carries errors as data; a throwing fetch is still only this sitemap's problem.
    return { ok: false, message: `cannot fetch: ${(error as Error).message}` };
  }
  if (response.error !== undefined) return { ok: false, message: `cannot fetch: ${response.error}` };
  if (response.status !== 200) return { ok: false, message: `answered HTTP ${response.status}` };
  if (response.truncated) {
    // Half a sitemap would parse as a shorter one (plain text) or fail confusingly (XML).
    return { ok: false, message: `the answer was cut off at ${response.body.length} bytes (the fetch size cap); not read` };
  }
  let body = response.body;
  if (isGzip(body)) {
    const unzipped = await gunzipCapped(body);
    if (typeof unzipped === 'string') return { ok: false, message: unzipped };
    body = unzipped;
  }
  const parsed = parseSitemapBody(body);
  return 'message' in parsed ? { ok: false, message: parsed.message } : { ok: true, finalUrl: response.finalUrl, ...parsed };
}

/**
 * A `.xml.gz` file is usually served as application/gzip or application/octet-stream without
 * Content-Encoding, so the fetch layer hands it over compressed: the gzip magic bytes tell.
 * (Gzip as Content-Encoding was undone already, and still would be caught here if doubled.)
 */
export function isGzip(body: Uint8Array): boolean {
  return body[0] === 0x1f && body[1] === 0x8b;
}

/** Gunzips at most MAX_SITEMAP_BYTES; a bigger or broken file is a message, never partly used. */
export async function gunzipCapped(body: Uint8Array): Promise<Uint8Array | string> {
  try {
    return await gunzipAsync(body, { maxOutputLength: MAX_SITEMAP_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return `decompresses to more than ${MAX_SITEMAP_BYTES / 1024 / 1024} MB (the sitemaps.org limit); not read`;
    }
    return `cannot gunzip: ${(error as Error).message}; not read`;
  }
}

/**
 * XML when the first non-space character is `<`, else a plain-text sitemap. The body decides,
 * not Content-Type: many servers send sitemap.xml as text/plain, and a text sitemap can never
 * start with `<` (its lines are URLs), so text/plain adds nothing the body does not tell.
 */
export function parseSitemapBody(body: Uint8Array): { kind: 'urlset' | 'sitemapindex'; entries: SitemapEntry[]; problems: string[] } | { message: string } {
  // Sitemaps are UTF-8 by the protocol; TextDecoder drops a BOM.
  const text = new TextDecoder().decode(body);
  const start = text.trimStart();
  if (start === '') return { message: 'the answer is empty; no URLs' };
  if (!start.startsWith('<')) return { kind: 'urlset', entries: parseTextSitemap(text), problems: [] };
  try {
    return parseSitemapXml(text);
  } catch (error) {
    if (error instanceof SitemapError) return { message: `${error.line === undefined ? '' : `line ${error.line}: `}${error.message}` };
    throw error;
  }
}

/** One URL a line; blank lines skipped. Lines are checked as URLs later, like XML locs. */
export function parseTextSitemap(text: string): SitemapEntry[] {
  const entries: SitemapEntry[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const loc = raw.trim();
    if (loc !== '') entries.push({ loc, line: index + 1 });
  });
  return entries;
}

/** The entry's URL, or why it is skipped. */
function checkedLoc(entry: SitemapEntry, hosts: ReadonlySet<string>): URL | string {
  const loc = httpUrl(entry.loc);
  if (loc === undefined) return `"${entry.loc}" is not an absolute http(s) URL; skipped`;
  if (!hosts.has(loc.host)) return `${loc.href} is on another host than the sitemap, which sitemaps.org forbids; skipped`;
  return loc;
}

function sitemapUrl(entry: SitemapEntry, loc: string, sitemap: string): SitemapUrl {
  const url: SitemapUrl = { loc, sitemap, line: entry.line };
  if (entry.lastmod !== undefined) url.lastmod = entry.lastmod;
  if (entry.alternates !== undefined) url.alternates = entry.alternates;
  return url;
}

function httpUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/** The fetch layer drops fragments, so `a.xml#x` and `a.xml` are one sitemap. */
function withoutHash(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

/** Runs at most `n` tasks at once, the rest in the order they were queued. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (task) => {
    // A finishing task hands its slot straight to the next queued one, so order holds.
    if (active < n) active++;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await task();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}
