// The fetch loop: pages are fetched many at a time, in frontier order, and handed on in that order
// whatever order their answers arrive in, so a run's report is the same every time. The crawler
// learns each page's links back (pageChecked) after the audit has parsed it, and plans them then.
import type { IndexedPage } from '../../engine/site-index.js';
import { answeredOk } from '../../engine/web-pages.js';
import { normaliseUrl } from '../../page/normalise-url.js';
import { metaRefresh } from '../../page/refresh.js';
import type { FetchResult } from '../../http/fetch.js';
import { clientRendered } from '../../render/client-rendered.js';
import type { Renderer } from '../../render/renderer.js';
import type { PageInput, WebFacts } from '../../page/types.js';
import type { SourceItem } from '../types.js';
import { isHtml, namesFile } from './content.js';
import type { Frontier, Planned } from './frontier.js';
import type { LinkStatuses } from './links.js';
import type { RunSitemaps } from './sitemaps.js';
import type { WebSession } from './session.js';

/** Meta refreshes followed one after another at most, as redirects are (browsers stop long before loops matter). */
const MAX_REFRESHES = 10;

/** How many pages may be fetched ahead of the oldest one not yet handed on, per request in flight. */
const WINDOW_PER_SLOT = 4;

type Outcome = SourceItem | null;

export interface FetcherOptions {
  concurrency: number;
  crawl: boolean;
  host: string;
  /** Why a redirect to a URL is not followed when fetching a page (off the host, disallowed, outside the patterns); undefined to follow it. */
  followPage(url: string): string | undefined;
  keywordsFor?: (url: string) => string[] | undefined;
  /** Pages rendered in Chromium: every HTML page, or those whose HTML looks client-rendered. */
  render?: { mode: 'auto' | 'always'; renderer: Pick<Renderer, 'render'> };
  /** A sharded audit: the URLs queued for another shard, not fetched here. */
  elsewhere?: (url: string) => boolean;
}

export class PageFetcher {
  /** Outcomes by their index in frontier order, until handed on. */
  private readonly results = new Map<number, Outcome>();
  private nextIndex = 0;
  private nextOut = 0;
  private active = 0;
  private fetched = 0;
  private awaitingFeedback = 0;
  private readonly depthOf = new Map<string, number>();
  /**
   * Final URLs of pages handed on, so a page reached twice (directly and through a redirect) is
   * audited once. Decided when pages are handed on, in source order, never when fetches finish:
   * which fetch answers first changes from run to run.
   */
  private readonly pagesOut = new Set<string>();
  /** Final URLs some fetch has answered with a page: a queued entry for one is not fetched again. */
  private readonly reached = new Set<string>();
  /** Every link target of the pages handed on, for the link check at the end. */
  readonly linksSeen = new Set<string>();
  /** Every image of the pages that answered 2xx, for the size check at the end. */
  readonly imagesSeen = new Set<string>();
  private wake: (() => void) | undefined;

  constructor(
    private readonly session: WebSession,
    private readonly frontier: Frontier,
    private readonly sitemaps: RunSitemaps,
    private readonly statuses: LinkStatuses,
    private readonly options: FetcherOptions,
  ) {
    session.onStop = () => this.notify();
  }

  /** Pages waiting to be fetched, and fetched so far (for progress lines). */
  progress(): { queued: number; fetched: number } {
    return { queued: this.frontier.waiting, fetched: this.fetched };
  }

  /** The pages and errors, in frontier order, until the frontier is empty and every page handed on has been checked. */
  async *outcomes(): AsyncGenerator<SourceItem> {
    this.pump();
    for (;;) {
      if (this.session.isStopped()) return;
      if (this.results.has(this.nextOut)) {
        const outcome = this.results.get(this.nextOut)!;
        this.results.delete(this.nextOut++);
        this.pump();
        if (outcome === null) continue;
        if ('page' in outcome) {
          if (this.pagesOut.has(outcome.page.url)) continue;
          this.pagesOut.add(outcome.page.url);
          this.awaitingFeedback++;
          this.depthOf.set(outcome.page.url, outcome.page.web?.depth ?? 0);
        }
        yield outcome;
        continue;
      }
      if (this.active === 0 && this.frontier.waiting === 0 && this.awaitingFeedback === 0 && this.nextOut === this.nextIndex) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (this.session.isStopped()) resolve();
      });
    }
  }

  /** A page handed on has been checked: its links (an error page's are not crawled) are planned, and checked at the end. */
  pageChecked(url: string, page: IndexedPage | undefined): void {
    this.awaitingFeedback--;
    const depth = this.depthOf.get(url) ?? 0;
    this.depthOf.delete(url);
    // Only a page that answered 2xx has links search engines follow (and web rules judge): an
    // error page's links are not crawled, so a 404 template's relative links cannot breed more 404s.
    const links = page && answeredOk(page) ? (page.links ?? []) : [];
    // Canonical and hreflang targets are followed and checked like links: search engines do, and
    // the canonical and hreflang rules judge them by what they answer.
    const more = page && answeredOk(page) ? [...(page.canonical ? [page.canonical] : []), ...page.alternates.map((a) => a.url)] : [];
    const redirect = this.jsRedirects.get(url);
    if (redirect !== undefined) {
      this.jsRedirects.delete(url);
      more.push(redirect);
    }
    if (page && answeredOk(page)) for (const image of page.images ?? []) this.imagesSeen.add(image);
    const { crawl } = this.options;
    // Link targets in the index are already in normal form; canonical and hreflang URLs are not.
    const mirror = this.session.mirror;
    for (const written of links) {
      // A staging copy answers http:// and https:// alike: a link in the other scheme is crawled as the public one.
      const link = mirror ? mirror.inPublicScheme(written) : written;
      if (link !== written) this.statuses.alias(written, link);
      this.linksSeen.add(link);
      if (crawl && !this.frontier.seen.has(link)) this.frontier.plan(link, depth + 1, this.sitemaps.urls.has(link));
    }
    for (const target of more) {
      const normal = normaliseUrl(target);
      if (normal === undefined) continue;
      this.linksSeen.add(normal);
      if (crawl) this.frontier.plan(normal, depth + 1, this.sitemaps.urls.has(normal));
    }
    this.pump();
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private pump(): void {
    const window = this.options.concurrency * WINDOW_PER_SLOT;
    while (!this.session.isStopped() && this.active < this.options.concurrency && this.frontier.waiting > 0 && this.nextIndex - this.nextOut < window) {
      const entry = this.frontier.take()!;
      if (this.options.elsewhere?.(entry.url)) continue;
      this.taken.push({ url: entry.url, depth: entry.depth });
      // Reached already, through a redirect from an earlier entry, which will hand the page on.
      if (this.reached.has(entry.url)) continue;
      const index = this.nextIndex++;
      this.active++;
      void this.fetchOne(entry).then(
        (outcome) => this.settle(index, outcome),
        (error: unknown) => this.settle(index, { error: { origin: entry.url, url: entry.url, message: `internal error: ${(error as Error).message}` } }),
      );
    }
  }

  private settle(index: number, outcome: Outcome): void {
    this.active--;
    this.results.set(index, outcome);
    this.pump();
    this.notify();
  }

  private async fetchOne(entry: Planned): Promise<Outcome> {
    const facts: WebFacts = { redirects: [], inSitemap: entry.inSitemap, depth: entry.depth };
    const { listings, urls: sitemapUrls } = this.sitemaps;
    const listing = listings.get(entry.url);
    if (listing) {
      facts.sitemap = listing;
      listings.delete(entry.url);
    }
    if (entry.blockedBy) {
      facts.blockedBy = entry.blockedBy;
      return { page: this.pageInput(entry.url, new Uint8Array(0), facts) };
    }
    // Redirects are followed hop by hop only where a page may be fetched: on the host, allowed by
    // robots.txt, inside the patterns.
    // A sitemap URL naming a file (a PDF, an image) is listed with what it answers, not fetched whole or scored.
    const file = entry.inSitemap && namesFile(entry.url);
    let res = await this.session.fetch(entry.url, { follow: this.options.followPage, ...(file ? { method: 'HEAD' as const } : {}) });
    // What arrives after a stop is an abandoned request, not an answer: it must not read as a broken link.
    if (this.session.isStopped()) return null;
    this.fetched++;
    this.statuses.record(entry.url, res);
    res = await this.followRefreshes(res);
    if (this.session.isStopped()) return null;
    const seed = entry.inSitemap || entry.depth === 0;
    const { skipped } = this.frontier;
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
    if (file || (entry.inSitemap && res.status < 400 && !isHtml(type, res.body))) {
      this.frontier.sitemapFiles.push({ position: entry.position, text: `${entry.url} (${res.status < 400 ? (type ?? 'no content-type') : `HTTP ${res.status}`})` });
      return null;
    }
    // An error answer is reported by its status whatever it is made of: a plain-text 503 is still a 503.
    if (res.status < 400 && !isHtml(type, res.body)) {
      skipped.nonHtml++;
      return seed ? { error: { origin: entry.url, url: entry.url, message: `not an HTML page (content-type ${type ?? 'missing'}); not audited` } } : null;
    }
    if (res.ttfbMs !== undefined) facts.ttfbMs = res.ttfbMs;
    const rendered = await this.rendered(final, res, facts);
    const wire = this.session.mirror?.toWire(new URL(final)).href;
    if (wire !== undefined && wire !== final) facts.servedFrom = wire;
    this.reached.add(final);
    const input = this.pageInput(final, rendered?.body ?? res.body, facts);
    input.status = res.status;
    // Chromium's HTML is UTF-8 whatever the server's charset was (the raw bytes keep that one).
    input.headers = rendered !== undefined ? { ...res.headers, 'content-type': 'text/html; charset=utf-8' } : res.headers;
    input.origin = entry.url;
    if (res.truncated || rendered?.truncated) input.truncated = true;
    if (rendered !== undefined) {
      input.raw = res.body;
      if (res.headers['content-type'] !== undefined) input.rawContentType = res.headers['content-type'];
    }
    return { page: input };
  }

  /** Pages rendered so far in Chromium (for the notes). */
  /** Every URL taken from the frontier to fetch, in order, with its click depth (what --list-urls writes). */
  readonly taken: { url: string; depth: number }[] = [];

  /** Pages rendered in Chromium (their URLs: a page met twice in a race is one page), for the notes. */
  readonly renderedUrls = new Set<string>();
  /** Where a rendered page's script redirected, by page: crawled as its links are. */
  private readonly jsRedirects = new Map<string, string>();
  /** Pages whose rendering failed (they were audited as the server sent them), for the notes. */
  readonly renderFailures = new Set<string>();

  /**
   * The page as Chromium builds it, when this run renders it. When rendering fails (a timeout, a
   * crash) the page is audited as the server sent it, so it is not lost and its links are still
   * crawled; its render-error finding says why, and the notes list it.
   */
  private async rendered(url: string, res: FetchResult, facts: WebFacts): Promise<{ body: Uint8Array; truncated: boolean } | undefined> {
    const render = this.options.render;
    if (!render || res.status < 200 || res.status > 299) return undefined;
    const reason = render.mode === 'always' ? '--render always' : clientRendered(res.body);
    if (reason === undefined) return undefined;
    try {
      const out = await render.renderer.render(url, res.body, res.headers);
      this.renderedUrls.add(url);
      if (out.redirect !== undefined) {
        // A redirect by JavaScript: the page is audited as the server sent it (Google indexes the
        // target, crawlers without JavaScript this page), js-redirect says so, and the target is crawled.
        facts.rendered = { reason, problems: out.problems, redirect: out.redirect };
        const target = normaliseUrl(out.redirect);
        if (target !== undefined) this.jsRedirects.set(url, target);
        return undefined;
      }
      facts.rendered = { reason, problems: out.problems };
      return { body: Buffer.from(out.html), truncated: out.truncated };
    } catch (error) {
      const why = (error as Error).message.split('\n')[0]!;
      facts.rendered = { reason, problems: [`rendering failed: ${why}`], failed: true };
      this.renderFailures.add(url);
      return undefined;
    }
  }

  /**
   * A page whose HTML refreshes to another URL (`<meta http-equiv="refresh">`) is a redirect, and
   * is followed as one: the hop is recorded (redirect-chain, link-to-redirect read it) and the page
   * it leads to is the answer. A refresh loop ends at the page that starts it again.
   */
  private async followRefreshes(first: FetchResult): Promise<FetchResult> {
    let res = first;
    const hops = [...first.redirects];
    const seen = new Set([normaliseUrl(first.url) ?? first.url]);
    for (let i = 0; i < MAX_REFRESHES && !res.notFollowed && res.error === undefined && res.status >= 200 && res.status <= 299; i++) {
      const from = normaliseUrl(res.finalUrl) ?? res.finalUrl;
      const found = isHtml(res.headers['content-type'], res.body) ? metaRefresh(res.body, from) : undefined;
      const to = found === undefined ? undefined : (normaliseUrl(found) ?? found);
      if (to === undefined || seen.has(to)) break;
      seen.add(to);
      this.statuses.refreshes(from, to, res.status);
      hops.push({ url: from, status: res.status, location: to, via: 'meta refresh' });
      const refused = this.options.followPage(to);
      if (refused !== undefined) return { ...res, url: first.url, redirects: hops.slice(0, -1), notFollowed: { location: to, reason: refused } };
      const next = await this.session.fetch(to, { follow: this.options.followPage });
      if (this.session.isStopped()) return next;
      this.statuses.record(to, next);
      hops.push(...next.redirects);
      res = { ...next, url: first.url, redirects: [...hops] };
    }
    return res;
  }

  private pageInput(url: string, body: Uint8Array, web: WebFacts): PageInput {
    const input: PageInput = { url, body, web };
    const keywords = this.options.keywordsFor?.(url);
    if (keywords) input.keywords = keywords;
    return input;
  }
}
