// The crawl's frontier: which URLs are fetched, once each, in the order they were met. A URL is
// queued only when it is on the host, inside the include/exclude patterns, no deeper than
// --max-depth, no likely crawler trap, under --max-pages and allowed by robots.txt (a sitemap URL
// robots.txt disallows is still queued, to be reported as blocked). Every URL left out is counted
// by why, for the run's notes and losses.
import type { WebFacts } from '../../page/types.js';
import { plural } from '../../words.js';
import { namesFile } from './content.js';

/** One URL to fetch. */
export interface Planned {
  /** Normalised URL. */
  url: string;
  depth: number;
  inSitemap: boolean;
  blockedBy?: WebFacts['blockedBy'];
  /** Its place among the URLs queued (0-based), in the order they were queued. */
  position: number;
}

/** What the frontier left out and why, as counts: the notes are written from these (frontierNotes), by a run or by the merge of a sharded one. */
export interface FrontierFacts {
  skipped: Frontier['skipped'];
  /** Sitemap URLs that are no HTML page, with what they answered, and the place each was queued at. */
  sitemapFiles: { position: number; text: string }[];
  trapPaths: string[];
  limits: { maxPages: number; maxDepth: number; maxQueryVariants: number; maxPathSegments: number };
}

/** What was left out, in words: `lost` are pages the run may miss (its losses), `said` every note. */
export function frontierNotes(facts: FrontierFacts): { said: string[]; lost: string[] } {
  const { skipped, limits } = facts;
  const urls = (n: number): string => plural(n, 'URL');
  const lost: string[] = [];
  if (skipped.maxPages > 0) lost.push(`${urls(skipped.maxPages)} not fetched: --max-pages ${limits.maxPages} reached`);
  if (skipped.maxDepth > 0) lost.push(`${urls(skipped.maxDepth)} deeper than --max-depth ${limits.maxDepth} not fetched`);
  const said = [...lost];
  if (skipped.trap > 0) {
    said.push(`${urls(skipped.trap)} skipped as a likely crawler trap (more than ${limits.maxQueryVariants} query strings on one path, over ${limits.maxPathSegments} path segments, or a segment repeated): ${facts.trapPaths.join(', ')}`);
  }
  if (skipped.robots > 0) said.push(`${plural(skipped.robots, 'linked URL')} disallowed by robots.txt not fetched`);
  if (skipped.pattern > 0) said.push(`${urls(skipped.pattern)} left out by include/exclude patterns`);
  if (skipped.files > 0) said.push(`${plural(skipped.files, 'link')} to files (PDFs, images, archives…) checked as link targets, not crawled as pages`);
  if (facts.sitemapFiles.length > 0) {
    // In the order they were queued, whichever answer came first.
    const files = [...facts.sitemapFiles].sort((a, b) => a.position - b.position).map((f) => f.text);
    said.push(`${plural(files.length, 'sitemap URL')} not HTML, listed and not scored: ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`);
  }
  if (skipped.nonHtml > 0) said.push(`${urls(skipped.nonHtml)} answered with something other than HTML; not audited`);
  if (skipped.redirectOut > 0) said.push(`${urls(skipped.redirectOut)} redirected off the crawl (another host, robots.txt, or the patterns); not audited`);
  return { said, lost };
}

export interface FrontierOptions {
  host: string;
  /** The start URL: audited whatever the patterns say (the user named it). */
  start: string;
  maxPages: number;
  maxDepth: number;
  /** Query-string variants of one path queued at most. */
  maxQueryVariants: number;
  /** Path segments at most (a guard against ever-deeper paths). */
  maxPathSegments: number;
  inScope(url: string): boolean;
  blockedBy(url: string): WebFacts['blockedBy'] | undefined;
}

const MAX_URL_LENGTH = 2048;
const SEGMENT_REPEATS = 4;

export class Frontier {
  private readonly queue: Planned[] = [];
  private head = 0;
  /** Every URL ever queued or reached as a page: each is fetched once. */
  readonly seen = new Set<string>();
  /** Link targets dropped from the crawl on purpose: not link-checked either. */
  readonly notFollowed = new Set<string>();
  readonly skipped = { maxPages: 0, maxDepth: 0, trap: 0, robots: 0, pattern: 0, nonHtml: 0, offHost: 0, redirectOut: 0, files: 0 };
  /** Sitemap URLs that are no HTML page (a PDF, an image), with what they answered: listed, not scored. */
  readonly sitemapFiles: FrontierFacts['sitemapFiles'] = [];
  private readonly queryVariants = new Map<string, number>();
  private readonly trapPaths = new Set<string>();
  private planned = 0;
  private readonly onHostHttp: string;
  private readonly onHostHttps: string;

  constructor(private readonly options: FrontierOptions) {
    this.onHostHttp = `http://${options.host}/`;
    this.onHostHttps = `https://${options.host}/`;
  }

  /** URLs queued and not yet taken. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** URLs queued in all (a sitemap run's size). */
  get size(): number {
    return this.queue.length;
  }

  /** The next URL to fetch, in the order they were queued. */
  take(): Planned | undefined {
    const entry = this.queue[this.head];
    if (entry === undefined) return undefined;
    this.head++;
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return entry;
  }

  /** Queues a page URL (normalised), or counts why not. */
  plan(url: string, depth: number, inSitemap: boolean): void {
    const { seen, skipped } = this;
    if (seen.has(url)) return;
    // URLs here are in normal form (lower-case scheme and host, a path from "/"): a prefix decides
    // the host without parsing the footer's links to other sites on every page.
    if (!url.startsWith(this.onHostHttp) && !url.startsWith(this.onHostHttps)) {
      skipped.offHost++;
      return;
    }
    // A link to a PDF, an archive or an image is a link target (the link check asks for it), not a page.
    if (!inSitemap && url !== this.options.start && namesFile(url)) {
      seen.add(url);
      skipped.files++;
      return;
    }
    // The start URL is audited whatever the patterns say: the user named it, and the crawl finds
    // the pages the patterns want through its links (as other crawlers exempt their start URL).
    if (url !== this.options.start && !this.options.inScope(url)) {
      seen.add(url);
      skipped.pattern++;
      return;
    }
    // Pages are handed on, and their links planned, in queue order, so depths only grow: a URL
    // first met too deep is never met shallower, and is counted (and left) once.
    if (depth > this.options.maxDepth) return this.leave(url, 'maxDepth');
    if (this.isTrap(new URL(url))) return this.leave(url, 'trap');
    if (this.planned >= this.options.maxPages) return this.leave(url, 'maxPages');
    const blocked = this.options.blockedBy(url);
    if (blocked && !inSitemap) {
      seen.add(url);
      skipped.robots++;
      return;
    }
    seen.add(url);
    this.queue.push({ url, depth, inSitemap, ...(blocked ? { blockedBy: blocked } : {}), position: this.planned++ });
  }

  private leave(url: string, why: 'maxDepth' | 'trap' | 'maxPages'): void {
    this.seen.add(url);
    this.skipped[why]++;
    this.notFollowed.add(url);
  }

  private isTrap(u: URL): boolean {
    if (u.href.length > MAX_URL_LENGTH) return true;
    const segments = u.pathname.split('/').filter(Boolean);
    if (segments.length > this.options.maxPathSegments) return this.trapped(u);
    const counts = new Map<string, number>();
    for (const s of segments) {
      const n = (counts.get(s) ?? 0) + 1;
      if (n >= SEGMENT_REPEATS) return this.trapped(u);
      counts.set(s, n);
    }
    if (u.search !== '') {
      const key = u.origin + u.pathname;
      const n = (this.queryVariants.get(key) ?? 0) + 1;
      this.queryVariants.set(key, n);
      if (n > this.options.maxQueryVariants) return this.trapped(u);
    }
    return false;
  }

  private trapped(u: URL): boolean {
    if (this.trapPaths.size < 10) this.trapPaths.add(u.pathname.length > 80 ? `${u.pathname.slice(0, 80)}…` : u.pathname);
    return true;
  }

  /**
   * Every page the crawl could reach was queued: no limit, pattern or trap cut it short. Only then
   * (and when the run was not stopped) does "no page links here" (orphan-page) mean anything.
   */
  get complete(): boolean {
    const s = this.skipped;
    return s.maxPages + s.maxDepth + s.trap + s.pattern === 0;
  }

  /** What was left out, as counts (see frontierNotes). */
  facts(): FrontierFacts {
    const { maxPages, maxDepth, maxQueryVariants, maxPathSegments } = this.options;
    return { skipped: { ...this.skipped }, sitemapFiles: [...this.sitemapFiles], trapPaths: [...this.trapPaths], limits: { maxPages, maxDepth, maxQueryVariants, maxPathSegments } };
  }

  /** The URLs queued and not yet taken, in order. */
  queued(): readonly Planned[] {
    return this.queue.slice(this.head);
  }

}
