// Pages over HTTP: from a sitemap URL, or from a site URL (sitemaps discovered through
// robots.txt and /sitemap.xml, pages crawled breadth-first from the start URL).
// Pages are parsed once, by the audit; the crawler learns each page's links back through
// pageChecked(), in source order, so the crawl order (and the report) is the same on every run.
import picomatch from 'picomatch';
import type { IndexedPage, WebSite } from '../engine/site-index.js';
import { answeredOk } from '../engine/web-pages.js';
import { createHttpClient, type FetchResult, type HttpClient, type HttpClientOptions } from '../http/fetch.js';
import { HostLimiter } from '../http/host-limiter.js';
import { normaliseUrl } from '../page/normalise-url.js';
import { crawlDelay, decidingRule, parseRobots, type RobotsRule, type RobotsTxt } from '../http/robots.js';
import type { LinkTargetStatus, PageInput, WebFacts } from '../page/types.js';
import { MAX_SITEMAP_BYTES, readSitemaps } from './sitemap-fetch.js';
import { DEFAULT_MAX_PAGES } from './sitemap-xml.js';
import { InputError, type Source, type SourceError, type SourceItem } from './types.js';
import { plural } from '../words.js';

/** The longest robots.txt Crawl-delay honoured, in seconds: 50 pages already take 25 minutes at it. */
export const MAX_CRAWL_DELAY_S = 30;

export interface WebSourceOptions {
  /** A sitemap URL (.xml, .xml.gz, .txt, or a path naming a sitemap) or a page URL to crawl from. */
  target: string;
  /** Follow links from pages. Default: on for a page URL, off for a sitemap URL. */
  crawl?: boolean;
  /** Requests in flight at once, in all. */
  concurrency?: number;
  /** Requests in flight at once to one host. */
  perHostConcurrency?: number;
  /** Least time between the starts of two requests to one host (robots.txt Crawl-delay may raise it). */
  delayMs?: number;
  /** Pages fetched at most. */
  maxPages?: number;
  /** Links followed from the start URL at most (sitemap URLs are depth 0). */
  maxDepth?: number;
  /** URL globs (on the path, or the whole URL when they contain "://"): only matching pages are audited. */
  include?: string[];
  /** URL globs of pages not to audit; their links are still checked. */
  exclude?: string[];
  ignoreRobots?: boolean;
  /** Check link targets that were not fetched as pages (HEAD, then GET). Default on. */
  checkLinks?: boolean;
  /** Check links to other hosts too, with their own small concurrency. */
  checkExternal?: boolean;
  externalConcurrency?: number;
  /** Query-string variants of one path fetched at most (a guard against crawler traps). */
  maxQueryVariants?: number;
  /** Path segments at most, and times one segment may repeat (a guard against ever-deeper paths). */
  maxPathSegments?: number;
  maxBytes?: number;
  userAgent?: string;
  version?: string;
  /** Timeouts and retries for the HTTP client. */
  http?: Omit<HttpClientOptions, 'userAgent' | 'version' | 'maxBytes'>;
  /** An HTTP client to use instead of a new one (tests). */
  client?: HttpClient;
  keywordsFor?: (url: string) => string[] | undefined;
  /** Stops the crawl: items() returns soon after, in-flight requests are abandoned. */
  signal?: AbortSignal;
}

export const WEB_DEFAULTS = {
  concurrency: 8,
  perHostConcurrency: 4,
  delayMs: 0,
  maxPages: DEFAULT_MAX_PAGES,
  externalConcurrency: 4,
  maxQueryVariants: 50,
  maxPathSegments: 30,
} as const;

/** How many pages may be fetched ahead of the oldest one not yet handed on. */
const WINDOW_PER_SLOT = 4;
const MAX_URL_LENGTH = 2048;
const SEGMENT_REPEATS = 4;

interface Planned {
  /** Normalised URL. */
  url: string;
  depth: number;
  inSitemap: boolean;
  blockedBy?: WebFacts['blockedBy'];
}

type Outcome = SourceItem | null;

export interface WebSourceExtras {
  /** Pages waiting to be fetched, and fetched so far (for progress lines). */
  progress(): { queued: number; fetched: number };
}

export async function webSource(options: WebSourceOptions): Promise<Source & WebSourceExtras> {
  let start = normaliseUrl(options.target.trim());
  if (start === undefined) {
    throw new InputError(`${options.target}: not an http(s) URL. Name a sitemap URL, a page URL, or a folder of HTML files.`);
  }
  {
    const u = new URL(start);
    if (u.username !== '' || u.password !== '') {
      u.username = '';
      u.password = '';
      // Never repeated back: the password would end up in reports, logs and CI output.
      throw new InputError(`${u.href}: URLs with a user name or password are not supported; remove them from the URL (the credentials are not shown here)`);
    }
  }
  const isSitemap = looksLikeSitemap(new URL(start));
  const crawl = options.crawl ?? !isSitemap;
  const concurrency = Math.max(1, options.concurrency ?? WEB_DEFAULTS.concurrency);
  const maxPages = options.maxPages ?? WEB_DEFAULTS.maxPages;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const maxQueryVariants = options.maxQueryVariants ?? WEB_DEFAULTS.maxQueryVariants;
  const maxSegments = options.maxPathSegments ?? WEB_DEFAULTS.maxPathSegments;
  const ownsClient = options.client === undefined;
  const client =
    options.client ??
    createHttpClient({
      ...options.http,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.version ? { version: options.version } : {}),
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
      connections: Math.max(concurrency, options.perHostConcurrency ?? 0),
    });
  // robots.txt groups are matched on the product token: "seo-ai" of "seo-ai/1.2.3 (+https://…)".
  const token = client.userAgent.split(/[\s/]/)[0] ?? client.userAgent;
  const notes: string[] = [];

  const signal = options.signal;
  const limiter = new HostLimiter({
    concurrency: Math.max(1, options.perHostConcurrency ?? Math.min(concurrency, WEB_DEFAULTS.perHostConcurrency)),
    delayMs: Math.max(0, options.delayMs ?? WEB_DEFAULTS.delayMs),
  });
  // One listener for the whole run: an abort refuses every request still waiting for its turn
  // (so whoever awaits one finishes at once) and wakes items(), from the first request on.
  let onAbort = (): void => undefined;
  let abandoned: Promise<void> | undefined;
  const abandon = (): Promise<void> => (abandoned ??= client.destroy().catch(() => undefined));
  let stoppedEarly = false;
  // Every request and every wait (a retry's backoff, a Retry-After, a Crawl-delay) takes this
  // signal, so a stop ends them at once, whichever signal (ours or the audit's) called it.
  const halt = new AbortController();
  const stop = (): void => {
    if (stoppedEarly) return;
    stoppedEarly = true;
    halt.abort();
    limiter.close();
    // Requests in flight are abandoned, so a stop is not held up by a slow server.
    if (ownsClient) void abandon();
    onAbort();
  };
  signal?.addEventListener('abort', stop, { once: true });
  /** The run was stopped: by the signal given here, or by the audit's (through abort()). */
  // A stop before any page (robots.txt, sitemaps, llms.txt) does not throw: each step after it
  // does nothing, and the source yields what was learnt (sitemap problems, notes, losses), so the
  // audit still writes its report, marked partial.
  const isStopped = (): boolean => stoppedEarly || signal?.aborted === true;
  // Every request on the wire (each redirect hop, each retry) takes a turn at its host's limiter.
  const gate = (url: URL): Promise<(() => void) | undefined> => limiter.acquire(url.host, halt.signal);
  const { signal: haltSignal } = halt;

  // --- robots.txt, then the start URL ---------------------------------------------------------
  interface RobotsRead {
    url: string;
    robots?: RobotsTxt;
    lines: string[];
  }
  const robotsEntries: WebSite['robots'] = [];
  const readRobots = async (of: string): Promise<RobotsRead> => {
    const url = `${of}/robots.txt`;
    const res = await client.fetchPage(url, { gate, signal: haltSignal });
    if (isStopped()) return { url, lines: [] };
    if (res.status === 200 && !isHtmlDocument(res.headers['content-type'], res.body)) {
      const text = Buffer.from(res.body).toString('utf8');
      const robots = parseRobots(text);
      const lines = text.split(/\r\n|\r|\n/);
      robotsEntries.push({ url, status: 200, problems: robots.problems.map((p) => ({ line: p.line, text: (lines[p.line - 1] ?? '').trim(), message: p.message })) });
      return { url, robots, lines };
    }
    robotsEntries.push({ url, status: res.status, problems: [] });
    if (res.status === 200) notes.push(`${url} answers with an HTML page, not a robots.txt: read as no robots.txt`);
    // RFC 9309 §2.3.1.4: an unreachable robots.txt (5xx, no answer) means "crawl nothing"; Google
    // reads 429 the same way, and so do we.
    if (res.status === 0 && res.redirects.length === 0 && !options.ignoreRobots) {
      if (ownsClient) await client.close();
      throw new InputError(`${of}/ could not be reached (${res.error ?? 'no answer'}). Check the URL and that the site is up.`);
    }
    if ((res.status === 0 || res.status === 429 || res.status >= 500) && !options.ignoreRobots) {
      if (ownsClient) await client.close();
      const why = res.status === 0 ? `could not be fetched (${res.error ?? 'no answer'})` : res.error !== undefined ? `answered ${res.error}` : `answered HTTP ${res.status}`;
      throw new InputError(`${url} ${why}: RFC 9309 says to crawl nothing while robots.txt is unreachable. Try again later, or pass --ignore-robots to audit anyway.`);
    }
    return { url, lines: [] };
  };
  const disallows = (read: RobotsRead, url: string): RobotsRule | undefined => {
    if (options.ignoreRobots || !read.robots) return undefined;
    const rule = decidingRule(read.robots, token, url);
    return rule && !rule.allow ? rule : undefined;
  };

  let robotsRead = await readRobots(new URL(start).origin);
  // A URL that redirects to another origin (http → https, example.com → www.example.com) names
  // the site the user means: the run is scoped to where it leads. One HEAD finds out (GET when
  // HEAD is refused), asked only when robots.txt allows the URL.
  if (!isStopped() && disallows(robotsRead, start) === undefined) {
    let probe = await client.fetchPage(start, { method: 'HEAD', gate, signal: haltSignal });
    if (!isStopped() && (probe.status === 0 || probe.status === 403 || probe.status === 405 || probe.status === 501)) probe = await client.fetchPage(start, { gate, signal: haltSignal });
    if (!isStopped() && probe.status === 0 && probe.redirects.length === 0) {
      if (ownsClient) await client.close();
      throw new InputError(`${start} could not be reached (${probe.error ?? 'no answer'}). Check the URL and that the site is up.`);
    }
    const final = normaliseUrl(probe.finalUrl);
    if (!isStopped() && final !== undefined && probe.error === undefined && new URL(final).origin !== new URL(start).origin) {
      notes.push(`${start} redirects to ${final}: the ${isSitemap ? 'sitemap is read there and the audit' : 'crawl starts there and'} stays on ${new URL(final).host}`);
      start = final;
      robotsRead = await readRobots(new URL(start).origin);
    }
  }
  const startUrl = new URL(start);
  const host = startUrl.host;
  const origin = startUrl.origin;
  const robotsUrl = robotsRead.url;
  const robots = robotsRead.robots;
  const robotsLines = robotsRead.lines;
  const statusOf = new Map<string, LinkTargetStatus>();
  // Only the robots.txt the run obeys is judged (an origin redirected away from is not the site).
  const web: { robots: WebSite['robots']; llms: WebSite['llms'] } = { robots: robotsEntries.filter((r) => r.url === robotsUrl), llms: [] };
  const sitemapUrls = new Set<string>();
  const include = (options.include ?? []).map(globMatcher);
  const exclude = (options.exclude ?? []).map(globMatcher);

  if (options.ignoreRobots) {
    notes.push(`robots.txt ignored (--ignore-robots): pages were fetched whatever ${robotsUrl} allows`);
  } else if (robots) {
    const delay = crawlDelay(robots, token);
    if (delay !== undefined && delay > MAX_CRAWL_DELAY_S && MAX_CRAWL_DELAY_S * 1000 > limiter.limits(host).delayMs) {
      // A day between requests is a crawl that never ends: spaced at the cap, and said so.
      limiter.configure(host, { delayMs: MAX_CRAWL_DELAY_S * 1000 });
      notes.push(`robots.txt asks for Crawl-delay: ${delay}; requests to ${host} were spaced ${MAX_CRAWL_DELAY_S} s apart, the most seo-ai waits (--delay sets more)`);
    } else if (delay !== undefined && delay <= MAX_CRAWL_DELAY_S && delay * 1000 > limiter.limits(host).delayMs) {
      limiter.configure(host, { delayMs: delay * 1000 });
      notes.push(`robots.txt asks for Crawl-delay: ${delay}; requests to ${host} were spaced ${delay} s apart`);
    }
  }
  const blockedBy = (url: string): WebFacts['blockedBy'] | undefined => {
    if (new URL(url).host !== host) return undefined;
    const rule = disallows(robotsRead, url);
    if (!rule) return undefined;
    return { robotsUrl, line: rule.line, rule: (robotsLines[rule.line - 1] ?? `Disallow: ${rule.pattern}`).trim() };
  };
  const inScope = (url: string): boolean => {
    if (include.length > 0 && !include.some((m) => m(url))) return false;
    return !exclude.some((m) => m(url));
  };
  /** Why a redirect to `url` is not followed when fetching a page, or undefined to follow it. */
  const followPage = (url: string): string | undefined => {
    const u = normaliseUrl(url);
    if (u === undefined) return 'not an http(s) URL';
    if (new URL(u).host !== host) return `outside the crawl (host ${host})`;
    const blocked = blockedBy(u);
    if (blocked) return `robots.txt disallows it (${blocked.robotsUrl} line ${blocked.line}: ${blocked.rule})`;
    if (u !== start && !inScope(u)) return 'left out by --include/--exclude';
    return undefined;
  };

  const fetchLimited = (url: string, method: 'GET' | 'HEAD' = 'GET', maxBytes?: number, follow?: (url: string) => string | undefined): Promise<FetchResult> =>
    client.fetchPage(url, { method, gate, signal: haltSignal, ...(maxBytes ? { maxBytes } : {}), ...(follow ? { follow } : {}) });

  // --- sitemaps ------------------------------------------------------------------------------
  const sitemapProblems: SourceError[] = [];
  const sitemapLosses: string[] = [];
  let sitemapLocs: string[] = [];
  /** What the sitemaps say of each URL, until its page is handed on. */
  const listings = new Map<string, NonNullable<WebFacts['sitemap']>>();
  {
    const guess = `${origin}/sitemap.xml`;
    const roots = isSitemap ? [start] : robots && robots.sitemaps.length > 0 ? robots.sitemaps : [guess];
    const read = await readSitemaps(roots, {
      // Sitemaps may be 50 MB uncompressed (sitemaps.org), more than a page's cap.
      fetch: (url) => fetchLimited(url, 'GET', MAX_SITEMAP_BYTES),
      ...(options.ignoreRobots || !robots ? {} : { allowed: (url: string) => blockedBy(url) === undefined }),
      // A sitemap robots.txt names may be kept elsewhere (a CDN) and list this site's pages.
      siteHosts: [host],
      // Sitemap URLs past --max-pages could never be fetched; patterns may leave many out, so
      // with them only the default cap applies.
      ...(include.length + exclude.length === 0 ? { maxUrls: maxPages, maxUrlsName: `--max-pages ${maxPages}` } : {}),
      signal: haltSignal,
    });
    for (const p of read.problems) {
      // Guessing /sitemap.xml is not the user's mistake when it is not there, or is no sitemap
      // (single-page apps answer every path with their HTML).
      if (!isSitemap && roots[0] === guess && p.origin === guess) {
        notes.push(/HTTP 40[34]|HTTP 410/.test(p.message) ? `no sitemap found: robots.txt names none and ${guess} is not there` : `no sitemap found: robots.txt names none and ${guess} is not one (${p.message})`);
        continue;
      }
      sitemapProblems.push(p);
    }
    if (isSitemap && read.urls.length === 0 && !isStopped()) {
      if (ownsClient) await client.close();
      const first = sitemapProblems[0];
      throw new InputError(`${start}: no page URLs could be read from this sitemap${first ? `; ${first.origin}: ${first.message}` : ''}`);
    }
    let offHost = 0;
    for (const u of read.urls) {
      const url = normaliseUrl(u.loc);
      if (url === undefined || sitemapUrls.has(url)) continue;
      if (new URL(url).host !== host) {
        offHost++;
        continue;
      }
      sitemapUrls.add(url);
      sitemapLocs.push(url);
      listings.set(url, { url: u.sitemap, line: u.line, ...(u.lastmod ? { lastmod: u.lastmod } : {}), ...(u.alternates ? { alternates: u.alternates } : {}) });
    }
    if (read.sitemaps.length > 0) notes.push(`${urls(sitemapUrls.size)} read from ${read.sitemaps.length === 1 ? read.sitemaps[0] : `${read.sitemaps.length} sitemaps`}`);
    if (offHost > 0) notes.push(`${urls(offHost)} of the sitemaps on other hosts than ${host} not audited`);
    // A cap or a stop left sitemaps or URLs unread: the run lost pages it cannot name.
    notes.push(...read.losses);
    sitemapLosses.push(...read.losses);
    if (isSitemap && sitemapUrls.size === 0 && !isStopped()) {
      if (ownsClient) await client.close();
      throw new InputError(`${start}: the sitemap lists no URL on ${host}; audit the sitemap of the site its URLs are on`);
    }
  }

  // --- llms.txt ------------------------------------------------------------------------------
  {
    const llmsUrl = `${origin}/llms.txt`;
    const res = isStopped() || blockedBy(llmsUrl) !== undefined ? undefined : await fetchLimited(llmsUrl);
    if (res !== undefined && !isStopped()) {
      const type = res.headers['content-type'] ?? 'text/plain';
      // A single-page app's HTML for every path is no llms.txt.
      if (res.status === 200 && /^text\//i.test(type) && !isHtmlDocument(type, res.body)) web.llms.push({ url: llmsUrl, status: 200, text: Buffer.from(res.body).toString('utf8') });
      else web.llms.push({ url: llmsUrl, status: res.status === 200 ? 404 : res.status });
    }
  }

  // --- the queue -----------------------------------------------------------------------------
  const queue: Planned[] = [];
  let queueHead = 0;
  /** Every URL ever queued or reached as a page: each is fetched once. */
  const seen = new Set<string>();
  /**
   * Final URLs of pages handed on, so a page reached twice (directly and through a redirect) is
   * audited once. Decided when pages are handed on, in source order, never when fetches finish:
   * which fetch answers first changes from run to run.
   */
  const pagesOut = new Set<string>();
  /** Final URLs some fetch has answered with a page: a queued entry for one is not fetched again. */
  const reached = new Set<string>();
  const queryVariants = new Map<string, number>();
  const skipped = { maxPages: 0, maxDepth: 0, trap: 0, robots: 0, pattern: 0, nonHtml: 0, offHost: 0, redirectOut: 0 };
  const trapPaths = new Set<string>();
  /** Link targets dropped from the crawl on purpose: not link-checked either. */
  const notFollowed = new Set<string>();
  let planned = 0;

  /** Queues a page URL (normalised), or says why not. */
  const onHostHttp = `http://${host}/`;
  const onHostHttps = `https://${host}/`;
  const plan = (url: string, depth: number, inSitemap: boolean): void => {
    if (seen.has(url)) return;
    // URLs here are in normal form (lower-case scheme and host, a path from "/"): a prefix decides
    // the host without parsing the footer's links to other sites on every page.
    if (!url.startsWith(onHostHttp) && !url.startsWith(onHostHttps)) {
      skipped.offHost++;
      return;
    }
    const u = new URL(url);
    // The start URL is audited whatever the patterns say: the user named it, and the crawl finds
    // the pages the patterns want through its links (as other crawlers exempt their start URL).
    if (url !== start && !inScope(url)) {
      seen.add(url);
      skipped.pattern++;
      return;
    }
    // Pages are handed on, and their links planned, in queue order, so depths only grow: a URL
    // first met too deep is never met shallower, and is counted (and left) once.
    if (depth > maxDepth) {
      seen.add(url);
      skipped.maxDepth++;
      notFollowed.add(url);
      return;
    }
    if (isTrap(u)) {
      seen.add(url);
      skipped.trap++;
      notFollowed.add(url);
      return;
    }
    if (planned >= maxPages) {
      seen.add(url);
      skipped.maxPages++;
      notFollowed.add(url);
      return;
    }
    const blocked = blockedBy(url);
    if (blocked && !inSitemap) {
      seen.add(url);
      skipped.robots++;
      return;
    }
    seen.add(url);
    planned++;
    queue.push({ url, depth, inSitemap, ...(blocked ? { blockedBy: blocked } : {}) });
  };

  const isTrap = (u: URL): boolean => {
    if (u.href.length > MAX_URL_LENGTH) return true;
    const segments = u.pathname.split('/').filter(Boolean);
    if (segments.length > maxSegments) return trapped(u);
    const counts = new Map<string, number>();
    for (const s of segments) {
      const n = (counts.get(s) ?? 0) + 1;
      if (n >= SEGMENT_REPEATS) return trapped(u);
      counts.set(s, n);
    }
    if (u.search !== '') {
      const key = u.origin + u.pathname;
      const n = (queryVariants.get(key) ?? 0) + 1;
      queryVariants.set(key, n);
      if (n > maxQueryVariants) return trapped(u);
    }
    return false;
  };
  const trapped = (u: URL): boolean => {
    if (trapPaths.size < 10) trapPaths.add(u.pathname.length > 80 ? `${u.pathname.slice(0, 80)}…` : u.pathname);
    return true;
  };

  if (!isSitemap) {
    plan(start, 0, sitemapUrls.has(start));
    if (blockedBy(start) && !sitemapUrls.has(start)) {
      sitemapProblems.push({ origin: robotsUrl, url: start, message: `robots.txt disallows the start URL ${start} for ${token}; pass --ignore-robots to audit it anyway` });
    }
  }
  for (const url of sitemapLocs) plan(url, 0, true);
  sitemapLocs = [];

  // --- fetching, in order ----------------------------------------------------------------------
  const results = new Map<number, Outcome>();
  let nextIndex = 0;
  let nextOut = 0;
  let active = 0;
  let fetched = 0;
  let awaitingFeedback = 0;
  const depthOf = new Map<string, number>();
  const linksSeen = new Set<string>();
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const window = concurrency * WINDOW_PER_SLOT;

  const pump = (): void => {
    while (!isStopped() && active < concurrency && queueHead < queue.length && nextIndex - nextOut < window) {
      const entry = queue[queueHead++]!;
      // Reached already, through a redirect from an earlier entry, which will hand the page on.
      if (reached.has(entry.url)) continue;
      const index = nextIndex++;
      active++;
      void fetchOne(entry).then(
        (outcome) => settle(index, outcome),
        (error: unknown) => settle(index, { error: { origin: entry.url, url: entry.url, message: `internal error: ${(error as Error).message}` } }),
      );
    }
    if (queueHead > 4096 && queueHead * 2 > queue.length) {
      queue.splice(0, queueHead);
      queueHead = 0;
    }
  };
  const settle = (index: number, outcome: Outcome): void => {
    active--;
    results.set(index, outcome);
    pump();
    notify();
  };

  const fetchOne = async (entry: Planned): Promise<Outcome> => {
    const facts: WebFacts = { redirects: [], inSitemap: entry.inSitemap, depth: entry.depth };
    const listing = listings.get(entry.url);
    if (listing) {
      facts.sitemap = listing;
      listings.delete(entry.url);
    }
    if (entry.blockedBy) {
      facts.blockedBy = entry.blockedBy;
      return { page: pageInput(entry.url, new Uint8Array(0), facts) };
    }
    // Redirects are followed hop by hop only where a page may be fetched: on the host, allowed by
    // robots.txt, inside the patterns.
    const res = await fetchLimited(entry.url, 'GET', undefined, followPage);
    // What arrives after a stop is an abandoned request, not an answer: it must not read as a broken link.
    if (isStopped()) return null;
    fetched++;
    record(entry.url, res);
    const seed = entry.inSitemap || entry.depth === 0;
    if (res.notFollowed) {
      skipped.redirectOut++;
      // A linked URL that leads off the crawl is the link checks' business, not an error.
      return seed ? { error: { origin: entry.url, url: entry.url, message: `redirects to ${res.notFollowed.location}, which is ${res.notFollowed.reason}; not audited` } } : null;
    }
    // An error with a status: a redirect that went wrong, or a 429/503 whose Retry-After was too long to wait.
    if (res.status === 0 || res.error !== undefined) {
      return { error: { origin: entry.url, url: entry.url, message: res.error ?? 'no answer' } };
    }
    const final = normaliseUrl(res.finalUrl) ?? res.finalUrl;
    if (res.redirects.length > 0) {
      facts.requested = entry.url;
      facts.redirects = res.redirects;
      if (sitemapUrls.has(final)) facts.inSitemap = true;
      const finalListing = listings.get(final);
      if (finalListing && !facts.sitemap) facts.sitemap = finalListing;
    }
    const type = res.headers['content-type'];
    // An error answer is reported by its status whatever it is made of: a plain-text 503 is still a 503.
    if (res.status < 400 && !isHtml(type, res.body)) {
      skipped.nonHtml++;
      if (seed) {
        return { error: { origin: entry.url, url: entry.url, message: `not an HTML page (content-type ${type ?? 'missing'}); not audited` } };
      }
      return null;
    }
    reached.add(final);
    const input = pageInput(final, res.body, facts);
    input.status = res.status;
    input.headers = res.headers;
    input.origin = entry.url;
    if (res.truncated) input.truncated = true;
    return { page: input };
  };

  const pageInput = (url: string, body: Uint8Array, web: WebFacts): PageInput => {
    const input: PageInput = { url, body, web };
    const keywords = options.keywordsFor?.(url);
    if (keywords) input.keywords = keywords;
    return input;
  };

  /** What a fetch says about the URL asked for, and about where it led. */
  const record = (url: string, res: FetchResult): void => {
    if (isStopped()) return;
    if (res.notFollowed) {
      // Where it leads was not fetched: the link is known to redirect, not whether the end is live.
      statusOf.set(url, { ok: true, status: res.redirects[0]?.status ?? res.status, location: res.notFollowed.location });
      return;
    }
    const final = normaliseUrl(res.finalUrl) ?? res.finalUrl;
    const ok = res.error === undefined && res.status >= 200 && res.status < 400;
    const end: LinkTargetStatus = { ok, ...(res.status ? { status: res.status } : {}), ...(res.error ? { reason: res.error } : {}) };
    if (res.redirects.length === 0) {
      statusOf.set(url, end);
      return;
    }
    const first = res.redirects[0]!;
    const hop: LinkTargetStatus = { ...end, status: first.status, location: res.error ? first.location : res.finalUrl };
    // A chain that ends in an error answer: say so, or the link would read as broken by its 301.
    if (!ok && !res.error) hop.reason = `redirects to ${final}, which answered HTTP ${res.status}`;
    statusOf.set(url, hop);
    if (!res.error) statusOf.set(final, end);
  };

  const spellings = new Map<string, string>();
  const source: Source & WebSourceExtras = {
    kind: crawl ? 'crawl' : 'sitemap',
    target: options.target,
    http: true,
    baseUrl: `${origin}/`,
    notes,
    losses: sitemapLosses,
    ...(crawl ? {} : { size: queue.length }),
    progress: () => ({ queued: queue.length - queueHead, fetched }),
    async *items() {
      for (const problem of sitemapProblems) yield { error: problem };
      pump();
      for (;;) {
        if (isStopped()) return;
        if (results.has(nextOut)) {
          const outcome = results.get(nextOut)!;
          results.delete(nextOut++);
          pump();
          if (outcome === null) continue;
          if ('page' in outcome) {
            if (pagesOut.has(outcome.page.url)) continue;
            pagesOut.add(outcome.page.url);
            awaitingFeedback++;
            depthOf.set(outcome.page.url, outcome.page.web?.depth ?? 0);
          }
          yield outcome;
          continue;
        }
        if (active === 0 && queueHead >= queue.length && awaitingFeedback === 0 && nextOut === nextIndex) break;
        await waitFor();
      }
      if (options.checkLinks !== false) await checkLinks();
      summarise();
    },
    pageChecked(url: string, page: IndexedPage | undefined) {
      awaitingFeedback--;
      const depth = depthOf.get(url) ?? 0;
      depthOf.delete(url);
      // Only a page that answered 2xx has links search engines follow (and web rules judge): an
      // error page's links are not crawled, so a 404 template's relative links cannot breed more 404s.
      const links = page && answeredOk(page) ? (page.links ?? []) : [];
      // Canonical and hreflang targets are followed and checked like links: search engines do, and
      // the canonical and hreflang rules judge them by what they answer.
      const more = page && answeredOk(page) ? [...(page.canonical ? [page.canonical] : []), ...page.alternates.map((a) => a.url)] : [];
      // Link targets in the index are already in normal form; canonical and hreflang URLs are not.
      for (const link of links) {
        linksSeen.add(link);
        if (crawl && !seen.has(link)) plan(link, depth + 1, sitemapUrls.has(link));
      }
      for (const target of more) {
        const normal = normaliseUrl(target);
        if (normal === undefined) continue;
        linksSeen.add(normal);
        if (crawl) plan(normal, depth + 1, sitemapUrls.has(normal));
      }
      pump();
      notify();
    },
    webSite: () => ({
      // Web rules ask for every link of every page: link targets in the index are already in
      // normal form, so they are looked up as they are; only other spellings are parsed (once each).
      status: (url: string) => {
        const direct = statusOf.get(url);
        if (direct !== undefined) return direct;
        let normal = spellings.get(url);
        if (normal === undefined) {
          normal = normaliseUrl(url) ?? '';
          if (spellings.size >= 100_000) spellings.clear();
          spellings.set(url, normal);
        }
        return normal === url ? undefined : statusOf.get(normal);
      },
      robots: web.robots,
      llms: web.llms,
      sitemapUrls,
      crawled: complete(),
    }),
    abort: stop,
    async close() {
      if (!ownsClient) return;
      if (isStopped()) await abandon();
      else await client.close();
    },
  };

  onAbort = notify;
  function waitFor(): Promise<void> {
    return new Promise<void>((resolve) => {
      wake = resolve;
      if (isStopped()) resolve();
    });
  }

  /** Link targets no page fetch answered for: HEAD, then GET when HEAD is refused or fails. */
  async function checkLinks(): Promise<void> {
    const internal: string[] = [];
    const external: string[] = [];
    for (const link of linksSeen) {
      const url = normaliseUrl(link);
      if (url === undefined || statusOf.has(url) || notFollowed.has(url)) continue;
      if (new URL(url).host === host) {
        if (blockedBy(url) === undefined) internal.push(url);
      } else if (options.checkExternal) {
        external.push(url);
      }
    }
    linksSeen.clear();
    // Internal targets are not followed into what robots.txt disallows; other hosts' robots.txt is not read (one HEAD each).
    const followInternal = (next: string): string | undefined => {
      const u = normaliseUrl(next);
      const blocked = u === undefined ? undefined : blockedBy(u);
      return blocked ? `robots.txt disallows it (${blocked.robotsUrl} line ${blocked.line}: ${blocked.rule})` : undefined;
    };
    const check = async (url: string): Promise<void> => {
      if (isStopped()) return;
      const follow = new URL(url).host === host ? followInternal : undefined;
      let res = await fetchLimited(url, 'HEAD', undefined, follow);
      // Some servers answer HEAD wrongly (405, 501, even 404): any failure is asked again with GET,
      // so a link is called broken only on what a browser would get.
      if (!isStopped() && !res.notFollowed && (res.status === 0 || res.status >= 400)) res = await fetchLimited(url, 'GET', undefined, follow);
      record(url, res);
    };
    await Promise.all([
      runAll(internal, concurrency, check),
      runAll(external, Math.max(1, options.externalConcurrency ?? WEB_DEFAULTS.externalConcurrency), check),
    ]);
    if (internal.length + external.length > 0) {
      notes.push(`checked ${plural(internal.length + external.length, 'link target')} outside the run's pages (${external.length} on other hosts)`);
    }
  }

  function summarise(): void {
    const said: string[] = [];
    const lost: string[] = [];
    if (skipped.maxPages > 0) lost.push(`${urls(skipped.maxPages)} not fetched: --max-pages ${maxPages} reached`);
    if (skipped.maxDepth > 0) lost.push(`${urls(skipped.maxDepth)} deeper than --max-depth ${maxDepth} not fetched`);
    said.push(...lost);
    source.losses = [...(source.losses ?? []), ...lost];
    if (skipped.trap > 0) said.push(`${urls(skipped.trap)} skipped as a likely crawler trap (more than ${maxQueryVariants} query strings on one path, over ${maxSegments} path segments, or a segment repeated): ${[...trapPaths].join(', ')}`);
    if (skipped.robots > 0) said.push(`${plural(skipped.robots, 'linked URL')} disallowed by robots.txt not fetched`);
    if (skipped.pattern > 0) said.push(`${urls(skipped.pattern)} left out by include/exclude patterns`);
    if (skipped.nonHtml > 0) said.push(`${urls(skipped.nonHtml)} answered with something other than HTML; not audited`);
    if (skipped.redirectOut > 0) said.push(`${urls(skipped.redirectOut)} redirected off the crawl (another host, robots.txt, or the patterns); not audited`);
    notes.push(...said);
  }

  /**
   * Every page the crawl could reach was audited: no limit, pattern or trap cut it short and it
   * was not stopped. Only then does "no page links here" (orphan-page) mean anything.
   */
  function complete(): boolean {
    return crawl && !isStopped() && skipped.maxPages + skipped.maxDepth + skipped.trap + skipped.pattern === 0;
  }

  return source;
}

function urls(n: number): string {
  return plural(n, 'URL');
}

async function runAll<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A sitemap by its name: .xml, .xml.gz, .gz, or a last path segment that says "sitemap". */
export function looksLikeSitemap(url: URL): boolean {
  const last = url.pathname.split('/').pop() ?? '';
  return /\.(xml|gz)$/i.test(last) || /sitemap/i.test(last);
}

const HTML_TYPE = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

/** HTML by its Content-Type, or, when there is none, by a body that starts with markup. */
/** A text file (robots.txt, llms.txt) that is really a web page: single-page apps answer every path with theirs. */
function isHtmlDocument(contentType: string | undefined, body: Uint8Array): boolean {
  if (contentType !== undefined && /html/i.test(contentType)) return true;
  const head = Buffer.from(body.subarray(0, 256)).toString('latin1').trimStart().toLowerCase();
  return /^<(!doctype html|html|head|body)\b/.test(head);
}

function isHtml(contentType: string | undefined, body: Uint8Array): boolean {
  if (contentType !== undefined && contentType.trim() !== '') return HTML_TYPE.test(contentType);
  const head = Buffer.from(body.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<');
}

/** A glob on the path (decoded), or on the whole URL when the pattern has "://". */
function globMatcher(pattern: string): (url: string) => boolean {
  const test = picomatch(pattern, { dot: true });
  const whole = pattern.includes('://');
  return (url) => {
    if (whole) return test(url);
    const u = new URL(url);
    let pathname = u.pathname;
    try {
      pathname = decodeURIComponent(pathname);
    } catch {
      // keep it encoded
    }
    return test(pathname) || (u.search !== '' && test(pathname + u.search));
  };
}
