// Pages over HTTP: from a sitemap URL, or from a site URL (sitemaps discovered through
// robots.txt and /sitemap.xml, pages crawled breadth-first from the start URL).
// Pages are parsed once, by the audit; the crawler learns each page's links back through
// pageChecked(), in source order, so the crawl order (and the report) is the same on every run.
// The parts, each a module of src/sources/web/ with its own tests: the session (client, per-host
// limiter, stop), discovery (start URL, robots.txt, Crawl-delay, llms.txt), the sitemaps, the
// frontier (queue, scope, trap guards, dedup), the fetch loop (in order), and the link checks.
import type { HttpClient, HttpClientOptions } from '../http/fetch.js';
import { normaliseUrl } from '../page/normalise-url.js';
import { WEB_DEFAULTS } from './defaults.js';
import type { Source } from './types.js';
import { globMatcher } from './web/content.js';
import { discover, honourCrawlDelay, readLlms, startUrl, type Discovery } from './web/discovery.js';
import { PageFetcher } from './web/fetcher.js';
import { Frontier } from './web/frontier.js';
import { checkImageSizes } from './web/images.js';
import { probeNotFound } from './web/not-found.js';
import type { NotFoundProbe } from '../engine/site-index.js';
import { checkLinkTargets, LinkStatuses } from './web/links.js';
import { readRunSitemaps, type RunSitemaps } from './web/sitemaps.js';
import type { WebSite } from '../engine/site-index.js';
import { WebSession } from './web/session.js';
import { Renderer, RenderUnavailable } from '../render/renderer.js';
import { InputError } from './types.js';
import { createHash } from 'node:crypto';
import { afterNotes, type AfterFacts } from './web/after.js';
import { webShardFacts } from './web/shard-facts.js';
import { shardOf, type ShardSpec, type ShardView } from '../shard/shard.js';

/** How a run renders pages (see WebSourceOptions.render). */
export interface RenderSettings {
  mode: 'auto' | 'always';
  /** The Chromium binary; absent when none was found (then `missing` says why, and auto audits raw). */
  chromium?: string;
  missing?: string;
  concurrency?: number;
  timeoutMs?: number;
  maxBytes?: number;
  recycleEvery?: number;
  /** A page's JavaScript heap, at most (MB): a page past it crashes its renderer, and is listed under errors. */
  heapLimitMB?: number;
  thirdParty?: boolean;
}

export { MAX_CRAWL_DELAY_S } from './web/discovery.js';
export { looksLikeSitemap } from './web/content.js';

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
  /** Size the pages' images (HEAD, then GET) for image-too-large. Default on. */
  checkImages?: boolean;
  /**
   * Render pages in headless Chromium: `always` every HTML page, `auto` those whose HTML looks
   * client-rendered. Rendering that cannot start is an InputError (always) or a note (auto).
   */
  render?: RenderSettings;
  /** Ask the site for a URL that cannot exist, to learn its 404 page (soft-404). Default on. */
  probeNotFound?: boolean;
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
  /**
   * The pages to audit, as a URL list names them (a file `audit --list-urls` wrote): fetched in
   * that order, no link followed. The site's sitemaps are still read, for what the web rules say
   * of them. `target` is then the list's first URL.
   */
  pages?: {
    from: string;
    urls: string[];
    /** Each URL's click depth, as the crawl that wrote the list found it (0 when not given). */
    depths?: ReadonlyMap<string, number>;
    /** The list is every page a crawl from this URL could reach: its audit is judged as the crawl is (orphan pages, click depth). */
    crawledFrom?: string;
  };
  /**
   * One shard of a sharded audit (audit --shard i/n): the sitemap's URLs are split before any page
   * is fetched, by shardOf(URL); this run fetches its own and keeps what the merge needs of the
   * rest of the run (see WebSourceExtras.shard). A crawl cannot be split so: refused.
   */
  shard?: ShardSpec;
}

export { WEB_DEFAULTS };

export interface WebSourceExtras {
  /** Pages waiting to be fetched, and fetched so far (for progress lines). */
  progress(): { queued: number; fetched: number };
  /** With options.shard: this shard's part of the run, as a sharded audit needs it. */
  shard?: ShardView;
  /**
   * Every URL the run took to fetch (a page, a redirect to one, a link that answered an error), in
   * order, with its click depth, as it is asked for on the wire (a staging server's address):
   * the URL list --list-urls writes, which an audit of it fetches again alike.
   */
  fetchedUrls(): { url: string; depth: number }[];
}

export async function webSource(options: WebSourceOptions): Promise<Source & WebSourceExtras> {
  startUrl(options.target); // a bad target is refused before any connection is made
  const concurrency = Math.max(1, options.concurrency ?? WEB_DEFAULTS.concurrency);
  const maxPages = options.maxPages ?? WEB_DEFAULTS.maxPages;
  const session = sessionFor(options, concurrency);
  const notes: string[] = [];
  const ignoreRobots = options.ignoreRobots === true;
  const found = await discover(session, options.target, ignoreRobots, notes);
  const { start, isSitemap, host, origin } = found;
  // A URL list names every page: nothing to discover by following links.
  const crawl = options.pages ? false : (options.crawl ?? !isSitemap);
  honourCrawlDelay(session, found, ignoreRobots, notes);

  const include = (options.include ?? []).map(globMatcher);
  const exclude = (options.exclude ?? []).map(globMatcher);
  const inScope = (url: string): boolean => (include.length === 0 || include.some((m) => m(url))) && !exclude.some((m) => m(url));
  // Sitemap URLs past --max-pages could never be fetched; patterns may leave many out, so with them only the default cap applies.
  const sitemaps = await readRunSitemaps(session, found, { ignoreRobots, ...(include.length + exclude.length === 0 && !options.pages ? { maxUrls: maxPages } : {}) }, notes);
  if (options.pages) notes.push(`${options.pages.urls.length === 1 ? '1 URL' : `${options.pages.urls.length} URLs`} read from ${options.pages.from}`);
  const llms = await readLlms(session, found);

  // A URL list written from a staging server names its pages there: the run works in public URLs.
  const publicUrl = (url: string): string => session.mirror?.publicUrl(url) ?? url;
  const pages = options.pages && { ...options.pages, urls: options.pages.urls.map(publicUrl), depths: new Map([...(options.pages.depths ?? [])].map(([url, depth]) => [publicUrl(url), depth])) };
  const frontier = firstPages({ ...options, ...(pages ? { pages } : {}) }, found, sitemaps, session.token, maxPages, inScope);
  if (options.shard && crawl) {
    throw new InputError(`--shard: ${options.target} is crawled from its links, and a crawl finds its pages as it goes: it cannot be split before it starts. Audit a sitemap in shards (${found.isSitemap ? 'without --crawl' : `e.g. ${origin}/sitemap.xml`}), or crawl once with --list-urls urls.txt and audit that list in shards (seo-ai audit urls.txt --shard i/n)`);
  }
  // A shard fetches the sitemap URLs that fall in it; every shard queues them all, in the same order, and so knows each one's place.
  const split = options.shard ? splitFrontier(options.shard, frontier, sitemaps, { robots: found.robotsEntries, robotsText: found.robots.lines, llms }) : undefined;
  /** Why a redirect to `url` is not followed when fetching a page, or undefined to follow it. */
  const followPage = (url: string): string | undefined => {
    const u = normaliseUrl(url);
    if (u === undefined) return 'not an http(s) URL';
    if (new URL(u).host !== host) return `outside the crawl (host ${host})`;
    const blocked = found.blockedBy(u);
    if (blocked) return `robots.txt disallows it (${blocked.robotsUrl} line ${blocked.line}: ${blocked.rule})`;
    if (u !== start && !inScope(u)) return 'left out by --include/--exclude';
    return undefined;
  };
  const statuses = new LinkStatuses();
  let notFound: NotFoundProbe | undefined;
  const render = options.render ? await startRenderer(options.render, session, found, notes) : undefined;
  if (split) statuses.phases = new Map();
  const fetcher = new PageFetcher(session, frontier, sitemaps, statuses, { concurrency, crawl, host, followPage, ...(options.keywordsFor ? { keywordsFor: options.keywordsFor } : {}), ...(render ? { render } : {}), ...(split ? { elsewhere: split.elsewhere } : {}) });
  let after: AfterFacts | undefined;

  const source: Source & WebSourceExtras = {
    kind: crawl ? 'crawl' : 'sitemap',
    target: options.target,
    http: true,
    baseUrl: `${origin}/`,
    notes,
    losses: sitemaps.losses,
    ...(crawl ? {} : { size: frontier.size }),
    progress: () => fetcher.progress(),
    fetchedUrls: () => fetcher.taken.map(({ url, depth }) => ({ url: session.mirror ? session.mirror.toWire(new URL(url)).href : url, depth })),
    async *items() {
      for (const problem of sitemaps.problems) if (!split || split.mine(problem.url ?? problem.origin)) yield { error: problem };
      yield* fetcher.outcomes();
      if (session.isStopped()) return;
      // The link targets and images no page fetch answered for, the site's 404 page, then what the crawl left out and why.
      const checked = await afterPages(options, { session, fetcher, statuses, frontier, found, concurrency, ...(split ? { elsewhere: split.elsewhere } : {}) });
      notFound = checked.notFound;
      after = {
        ...(checked.links ? { links: checked.links } : {}),
        ...(checked.images ? { images: checked.images } : {}),
        ...(render ? { render: { mode: render.mode, rendered: [...fetcher.renderedUrls], failed: [...fetcher.renderFailures] } } : {}),
        frontier: frontier.facts(),
      };
      // A shard's last notes are the merge's to write, from every shard's facts: counts of its own part would be wrong.
      if (split) return;
      const last = afterNotes(after);
      source.losses = [...(source.losses ?? []), ...last.lost];
      notes.push(...last.notes);
    },
    pageChecked: (url, page) => fetcher.pageChecked(url, page),
    webSite: () => ({
      status: (url: string) => statuses.status(url),
      robots: found.robotsEntries,
      llms,
      sitemapUrls: sitemaps.urls,
      // Every page the crawl could reach was audited (by a crawl, or from the list of one): only then does "no page links here" (orphan-page) mean anything.
      crawled: (crawl || options.pages?.crawledFrom !== undefined) && !session.isStopped() && frontier.complete,
      ...(crawl ? { start } : options.pages?.crawledFrom !== undefined ? { start: options.pages.crawledFrom } : {}),
      ...(notFound ? { notFound } : {}),
    }),
    abort: session.stop,
    close: async () => {
      await render?.renderer.close();
      await session.close();
    },
  };
  if (split) {
    source.shard = {
      source,
      sparse: true,
      placeOf: split.placeOf,
      placeOfError: split.placeOfError,
      owned: split.owned,
      inputDigest: () => split.digest,
      total: () => split.total,
      facts: () => ({ web: webShardFacts(statuses, source.webSite!(), after) }),
    };
  }
  return source;
}

/**
 * A sitemap run's frontier split into shards: every URL keeps its place in the whole run (the
 * sitemap's problems first, then the URLs in the order queued), this shard takes those that fall
 * in it, and link targets another shard fetches are left to it.
 */
function splitFrontier(
  spec: ShardSpec,
  frontier: Frontier,
  sitemaps: RunSitemaps,
  site: { robots: WebSite['robots']; robotsText: readonly string[]; llms: WebSite['llms'] },
): {
  mine: (key: string) => boolean;
  elsewhere: (url: string) => boolean;
  placeOf: ShardView['placeOf'];
  placeOfError: ShardView['placeOfError'];
  owned: () => number[];
  digest: string;
  total: number;
} {
  const { problems, listings } = sitemaps;
  const queued = frontier.queued();
  const position = new Map(queued.map((e) => [e.url, e.position]));
  const problemAt = new Map(problems.map((p, i) => [p, i]));
  const mine = (key: string): boolean => shardOf(key, spec.count) === spec.index;
  // What every shard must have read alike: the sitemaps (each URL, where and how it is listed,
  // whether robots.txt blocks it), robots.txt and llms.txt. md5 for speed: a check that the site
  // did not change between shard jobs, not a security boundary.
  const digest = createHash('md5');
  digest.update(`${JSON.stringify(site.robots)}\n${site.robotsText.join('\n')}\n${JSON.stringify(site.llms)}\n`);
  for (const p of problems) digest.update(`${p.url ?? p.origin}\n${p.message}\n`);
  for (const e of queued) digest.update(`${e.url}\n${JSON.stringify(e.blockedBy ?? null)}\n${JSON.stringify(listings.get(e.url) ?? null)}\n`);
  const entryPlace = (url: string): number | undefined => {
    const at = position.get(url);
    return at === undefined ? undefined : problems.length + at;
  };
  return {
    mine,
    elsewhere: (url) => position.has(url) && !mine(url),
    // A page, or its error, is placed by the URL it was fetched for (its origin when a redirect led elsewhere).
    placeOf: (input) => entryPlace(input.origin ?? input.url),
    placeOfError: (error) => problemAt.get(error) ?? entryPlace(error.origin),
    owned: () => [...problems.flatMap((p, i) => (mine(p.url ?? p.origin) ? [i] : [])), ...queued.flatMap((e) => (mine(e.url) ? [problems.length + e.position] : []))],
    digest: digest.digest('hex'),
    total: problems.length + queued.length,
  };
}

/** What a run asks once its pages are fetched: link targets (HEAD, then GET), image sizes, the 404 probe. */
async function afterPages(
  options: WebSourceOptions,
  run: { session: WebSession; fetcher: PageFetcher; statuses: LinkStatuses; frontier: Frontier; found: Discovery; concurrency: number; elsewhere?: (url: string) => boolean },
): Promise<{ notFound?: NotFoundProbe; links?: AfterFacts['links']; images?: AfterFacts['images'] }> {
  const { session, fetcher, statuses, frontier, found, concurrency } = run;
  const shared = { host: found.host, checkExternal: options.checkExternal === true, concurrency, externalConcurrency: options.externalConcurrency ?? WEB_DEFAULTS.externalConcurrency, blockedBy: found.blockedBy };
  const out: { notFound?: NotFoundProbe; links?: AfterFacts['links']; images?: AfterFacts['images'] } = {};
  if (options.checkLinks !== false) {
    statuses.phase = 'link';
    out.links = await checkLinkTargets(session, fetcher.linksSeen, statuses, { ...shared, notFollowed: frontier.notFollowed, ...(run.elsewhere ? { elsewhere: run.elsewhere } : {}) });
    fetcher.linksSeen.clear();
  }
  if (options.checkImages !== false) {
    statuses.phase = 'image';
    out.images = await checkImageSizes(session, fetcher.imagesSeen, statuses, shared);
    fetcher.imagesSeen.clear();
  }
  if (options.probeNotFound !== false) {
    const probe = await probeNotFound(session, found.origin, found.blockedBy);
    if (probe) out.notFound = probe;
  }
  return out;
}

/** The renderer a run uses, its requests through the crawl's session; undefined (with a note) when `auto` cannot render. */
async function startRenderer(settings: RenderSettings, session: WebSession, found: Discovery, notes: string[]): Promise<{ mode: 'auto' | 'always'; renderer: Renderer } | undefined> {
  const isSameSite = (url: string): boolean => normaliseUrl(url)?.startsWith(`${found.origin}/`) === true || new URL(url).host === found.host;
  /** Why a request the page makes (or a redirect it meets) is not sent: robots.txt, or another host. */
  const refusal = (url: string): string | undefined => {
    const blocked = found.blockedBy(url);
    if (blocked) return `robots.txt disallows it (${blocked.robotsUrl} line ${blocked.line}: ${blocked.rule})`;
    if (!isSameSite(url) && settings.thirdParty !== true) return 'another host (--render-third-party allows it)';
    return undefined;
  };
  try {
    if (settings.chromium === undefined) throw new RenderUnavailable(settings.missing ?? 'no Chromium to render with');
    const renderer = await Renderer.launch({
      chromium: settings.chromium,
      concurrency: settings.concurrency ?? 2,
      timeoutMs: settings.timeoutMs ?? 20_000,
      maxBytes: settings.maxBytes ?? 5 * 1024 * 1024,
      recycleEvery: settings.recycleEvery ?? 50,
      heapLimitMB: settings.heapLimitMB ?? 1024,
      thirdParty: settings.thirdParty === true,
      isSameSite,
      fetch: async (url) => {
        const u = normaliseUrl(url);
        if (u === undefined) return 'not an http(s) URL';
        const refused = refusal(u);
        if (refused) return refused;
        // A redirect is followed only where the request itself could go.
        const res = await session.fetch(u, { follow: refusal });
        if (res.notFollowed) return `it redirects to ${res.notFollowed.location}, and ${res.notFollowed.reason}`;
        if (res.status === 0 || res.error !== undefined) return res.error ?? 'no answer';
        // A script cut short would run as a broken one: refused instead, and said.
        if (res.truncated) return 'larger than --max-bytes';
        return { status: res.status, headers: res.headers, body: res.body };
      },
    });
    return { mode: settings.mode, renderer };
  } catch (error) {
    if (!(error instanceof RenderUnavailable) || settings.mode === 'always') throw error instanceof RenderUnavailable ? new InputError(`--render always: ${error.message}`) : error;
    notes.push(`--render auto: ${error.message}; pages were audited as the server sent them`);
    return undefined;
  }
}

function sessionFor(options: WebSourceOptions, concurrency: number): WebSession {
  return new WebSession({
    perHost: options.perHostConcurrency ?? Math.min(concurrency, WEB_DEFAULTS.perHostConcurrency),
    connections: Math.max(concurrency, options.perHostConcurrency ?? 0),
    delayMs: options.delayMs ?? WEB_DEFAULTS.delayMs,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.version ? { version: options.version } : {}),
    ...(options.http ? { http: options.http } : {}),
    ...(options.client ? { client: options.client } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** The frontier with the first pages: the start URL (a crawl) and every sitemap URL on the host, at depth 0. */
function firstPages(options: WebSourceOptions, found: Discovery, sitemaps: RunSitemaps, token: string, maxPages: number, inScope: (url: string) => boolean): Frontier {
  const { start } = found;
  const frontier = new Frontier({
    host: found.host,
    start,
    maxPages,
    maxDepth: options.maxDepth ?? Number.POSITIVE_INFINITY,
    maxQueryVariants: options.maxQueryVariants ?? WEB_DEFAULTS.maxQueryVariants,
    maxPathSegments: options.maxPathSegments ?? WEB_DEFAULTS.maxPathSegments,
    inScope,
    blockedBy: found.blockedBy,
  });
  if (options.pages) {
    // A URL list's pages, in its order, at depth 0: the sitemaps only say which are listed there.
    for (const url of options.pages.urls) frontier.plan(url, options.pages.depths?.get(url) ?? 0, sitemaps.urls.has(url));
    sitemaps.locs = [];
    return frontier;
  }
  if (!found.isSitemap) {
    frontier.plan(start, 0, sitemaps.urls.has(start));
    if (found.blockedBy(start) && !sitemaps.urls.has(start)) {
      sitemaps.problems.push({ origin: found.robots.url, url: start, message: `robots.txt disallows the start URL ${start} for ${token}; pass --ignore-robots to audit it anyway` });
    }
  }
  for (const url of sitemaps.locs) frontier.plan(url, 0, true);
  sitemaps.locs = [];
  return frontier;
}
