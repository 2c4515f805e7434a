// Pages rendered in headless Chromium (playwright-core, an optional dependency loaded only when a
// run renders): one browser, a bounded pool of pages, every request the page makes decided here.
// The page's own HTML is the bytes the crawler already fetched (no second request); its scripts
// and data come through the crawl's session (robots.txt, the per-host limiter, a staging mirror);
// other hosts are refused unless allowed, and images, fonts and media are never downloaded.
import type { Browser, BrowserContext, Page as BrowserPage, Request, Route } from 'playwright-core';
import { performance } from 'node:perf_hooks';
import { INSTALL_HINT } from './chromium.js';

export interface SubresourceAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface RendererOptions {
  chromium: string;
  /** Pages rendered at once. */
  concurrency: number;
  /** Per page: from navigation to the rendered HTML. */
  timeoutMs: number;
  /** The rendered HTML is cut here, as a fetched page is at --max-bytes. */
  maxBytes: number;
  /** A fresh browser context after this many pages, so memory stays bounded. */
  recycleEvery: number;
  /** A page's JavaScript heap, at most (MB): a page that needs more crashes its renderer, and only it fails. */
  heapLimitMB: number;
  /** Requests to other hosts are allowed (by default they are refused). */
  thirdParty: boolean;
  /** The page's host: what is not on it is third-party. */
  isSameSite(url: string): boolean;
  /** A subresource on the site, fetched through the crawl's session; a string says why it is refused. */
  fetch(url: string): Promise<SubresourceAnswer | string>;
}

export interface Rendered {
  html: string;
  truncated: boolean;
  /** Console errors and requests that failed or were refused, first ones first (a few at most). */
  problems: string[];
  /** Where the page's script sent the browser (location.href = …): a redirect by JavaScript, not followed here. */
  redirect?: string;
}

/** A browser context and the pages open in it; it is closed once retired and its last page is. */
type Slot = { context: Promise<BrowserContext>; pages: number; retired: boolean };

/** One page being rendered: what the requests its browser page makes are answered from, and what went wrong. */
interface Job {
  url: string;
  body: Uint8Array;
  headers: Record<string, string>;
  problems: string[];
  /** Requests the page has made that have not finished: the page has settled once there are none for a moment. */
  inFlight: Set<Request>;
  lastChange: number;
  /** The page's document is this job's (the navigation has committed). */
  committed: boolean;
  /** The first navigation the page's own scripts started, to another document. */
  navigatedTo?: string;
  /** Resolves when the page's script starts that navigation: the page is not waited for any longer. */
  left: Promise<void>;
  leave: () => void;
  crashed: (error: Error) => void;
}

/** A browser page kept open between renders (opening one costs more than navigating it again). */
interface Lane {
  slot: Slot;
  page: BrowserPage;
  job: Job | undefined;
}

/** Rendering cannot start: no playwright-core, or Chromium does not launch. */
export class RenderUnavailable extends Error {}

const RESOURCE_SKIPPED = new Set(['image', 'media', 'font']);
/** Scripts and stylesheets a site's pages share are fetched once a run, as a browser's cache would. */
const RESOURCE_CACHED = new Set(['script', 'stylesheet']);
const CACHE_BYTES = 64 * 1024 * 1024;
/** A page is settled once no request has been in flight for this long (what its scripts do with an answer takes a moment). */
const QUIET_MS = 50;
const MAX_PROBLEMS = 5;
/** Chromium launched again after its process went away, at most this many times a run. */
const MAX_RELAUNCHES = 3;

export class Renderer {
  /** The context new pages open in. */
  private slot: Slot | undefined;
  private started = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idle: Lane[] = [];
  private readonly cache = new Map<string, Promise<SubresourceAnswer | string>>();
  private cachedBytes = 0;

  /** The browser now; undefined once it is gone (crashed, killed) until the next page launches another. */
  private browser: Browser | undefined;
  private relaunches = 0;
  /** The launch under way after Chromium went away, shared by the pages that need it. */
  private relaunching: Promise<Browser> | undefined;
  private closing = false;

  private constructor(
    private readonly launchBrowser: () => Promise<Browser>,
    private readonly options: RendererOptions,
  ) {}

  static async launch(options: RendererOptions): Promise<Renderer> {
    let chromium: typeof import('playwright-core').chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch {
      throw new RenderUnavailable(`rendering needs the optional package playwright-core, which is not installed: npm install playwright-core, and ${INSTALL_HINT}`);
    }
    const renderer = new Renderer(
      () =>
        chromium.launch({
          executablePath: options.chromium,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', `--js-flags=--max-old-space-size=${options.heapLimitMB}`],
        }),
      options,
    );
    try {
      await renderer.start();
      return renderer;
    } catch (error) {
      throw new RenderUnavailable(`Chromium at ${options.chromium} did not start (${firstLine(error)}); ${INSTALL_HINT}`);
    }
  }

  /**
   * A browser for the next page. One that went away (its process crashed or was killed) fails the
   * pages it was rendering, and the next page launches another, up to MAX_RELAUNCHES times a run.
   */
  private async start(): Promise<Browser> {
    const browser = await this.launchBrowser();
    browser.on('disconnected', () => {
      if (this.browser !== browser) return;
      this.browser = undefined;
      this.slot = undefined;
      this.idle.length = 0;
    });
    this.browser = browser;
    return browser;
  }

  private async browserNow(): Promise<Browser> {
    if (this.browser) return this.browser;
    if (this.closing) throw new Error('the renderer is closed');
    if (this.relaunching) return this.relaunching;
    if (this.relaunches >= MAX_RELAUNCHES) throw new Error(`Chromium went away ${MAX_RELAUNCHES + 1} times in this run; pages are no longer rendered`);
    this.relaunches++;
    this.relaunching = this.start().finally(() => (this.relaunching = undefined));
    return this.relaunching;
  }

  /** The page as Chromium builds it from `body` (the HTML the server sent for `url`). */
  async render(url: string, body: Uint8Array, headers: Record<string, string>): Promise<Rendered> {
    await this.turn();
    try {
      return await this.renderNow(url, body, headers);
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.browser?.close().catch(() => undefined);
  }

  private async turn(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
  }

  /**
   * A page to render in: an idle one of the current context, or a new one. The context is renewed
   * every recycleEvery pages; an old one is closed once the pages still rendering in it are done
   * (closing it under them would fail them).
   */
  private async lane(): Promise<Lane> {
    if (this.slot && this.started > 0 && this.started % this.options.recycleEvery === 0) this.retire(this.slot);
    this.started++;
    const idle = this.idle.pop();
    if (idle) return idle;
    const browser = await this.browserNow();
    if (!this.slot) {
      const slot: Slot = { context: browser.newContext({ javaScriptEnabled: true, serviceWorkers: 'block' }), pages: 0, retired: false };
      // A context that could not be made is not kept: the next page asks for another.
      slot.context.catch(() => this.slot === slot && (this.slot = undefined));
      this.slot = slot;
    }
    const slot = this.slot;
    slot.pages++;
    try {
      return await this.open(slot);
    } catch (error) {
      this.release(slot);
      throw error;
    }
  }

  /** A new page in `slot`, its requests and errors going to whichever job it is rendering. */
  private async open(slot: Slot): Promise<Lane> {
    const page = await (await slot.context).newPage();
    const lane: Lane = { slot, page, job: undefined };
    // Until the job's document is committed, what the page does is still its last document's:
    // refused, and not said (so nothing a page's scripts did after it was rendered reaches the next).
    const current = (): Job | undefined => (lane.job?.committed ? lane.job : undefined);
    page.on('framenavigated', (frame) => lane.job && frame === page.mainFrame() && sameDocument(frame.url(), lane.job.url) && (lane.job.committed = true));
    // Requests refused here (images, other hosts, robots.txt) are said once, as refused, not again as the browser's load errors.
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('ERR_BLOCKED_BY_CLIENT') && whenSome(current(), (job) => note(job, `console error: ${m.text()}`)));
    page.on('pageerror', (e) => whenSome(current(), (job) => note(job, `uncaught ${firstLine(e)}`)));
    page.on('crash', () => lane.job?.crashed(new Error('the renderer crashed')));
    // A page closes under a job only when its browser has gone (ours are closed between jobs).
    page.on('close', () => lane.job?.crashed(new Error("Chromium's process ended while it rendered the page; the next pages start it again")));
    // The page has settled once none of its requests has been in flight for a moment: the
    // browser's own events say when each one is done (Playwright's networkidle waits 500 ms each time).
    page.on('request', (r) => whenSome(lane.job, (job) => (job.inFlight.add(r), (job.lastChange = performance.now()))));
    const done = (r: Request): void => whenSome(lane.job, (job) => job.inFlight.delete(r) && (job.lastChange = performance.now()));
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    await page.route('**/*', (route) => {
      const job = lane.job;
      if (job && (job.committed || isOwnDocument(route.request(), job.url))) return this.answer(route, job);
      return route.abort('blockedbyclient');
    });
    return lane;
  }

  private retire(slot: Slot): void {
    slot.retired = true;
    if (this.slot === slot) this.slot = undefined;
    for (const lane of this.idle.filter((l) => l.slot === slot)) {
      this.idle.splice(this.idle.indexOf(lane), 1);
      void this.discard(lane);
    }
    if (slot.pages === 0) void slot.context.then((c) => c.close()).catch(() => undefined);
  }

  private release(slot: Slot): void {
    slot.pages--;
    if (slot.retired && slot.pages === 0) void slot.context.then((c) => c.close()).catch(() => undefined);
  }

  /** Closes a lane's page; a page whose script never ends may not close, and then its context goes. */
  private async discard(lane: Lane): Promise<void> {
    if (lane.page.context().browser()?.isConnected() === false) return this.release(lane.slot);
    const closed = await Promise.race([lane.page.close({ runBeforeUnload: false }).then(() => true, () => true), delay(2000).then(() => false)]);
    if (!closed && !lane.slot.retired) this.retire(lane.slot);
    this.release(lane.slot);
  }

  private async renderNow(url: string, body: Uint8Array, headers: Record<string, string>): Promise<Rendered> {
    const lane = await this.lane();
    let crashed!: (error: Error) => void;
    const crash = new Promise<never>((_, reject) => (crashed = reject));
    let leave!: () => void;
    const left = new Promise<void>((resolve) => (leave = resolve));
    const job: Job = { url, body, headers, problems: [], inFlight: new Set(), lastChange: performance.now(), committed: false, crashed, left, leave };
    lane.job = job;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no rendered page within ${this.options.timeoutMs / 1000} s (a script that never ends, or requests that never settle)`)), this.options.timeoutMs);
    });
    let reusable = false;
    try {
      const html = await Promise.race([this.settle(lane.page, job), crash, timedOut]);
      // A page left mid-load (its script redirected) may still be loading: not used again.
      reusable = job.navigatedTo === undefined;
      const bytes = Buffer.byteLength(html);
      const truncated = bytes > this.options.maxBytes;
      // Cut at a byte: a character split there is dropped, not left as U+FFFD.
      const kept = truncated ? Buffer.from(html).subarray(0, this.options.maxBytes).toString().replace(/\uFFFD$/, '') : html;
      return { html: kept, truncated, problems: [...job.problems], ...(job.navigatedTo !== undefined ? { redirect: job.navigatedTo } : {}) };
    } catch (error) {
      if (lane.page.context().browser()?.isConnected() === false) throw new Error("Chromium's process ended while it rendered the page; the next pages start it again");
      throw error;
    } finally {
      clearTimeout(timer);
      crash.catch(() => undefined);
      lane.job = undefined;
      // A page that failed (timed out, crashed) is not used again; nor one whose context was retired.
      if (reusable && !lane.slot.retired) this.idle.push(lane);
      else await this.discard(lane);
    }
  }

  /**
   * Load, then quiet: no request in flight for QUIET_MS (3 s at most: pages that poll are never
   * quiet), then the DOM as HTML.
   */
  private async settle(page: BrowserPage, job: Job): Promise<string> {
    // A page whose script redirects is done as soon as it does (its load may never come).
    const loaded = page.goto(job.url, { waitUntil: 'load', timeout: this.options.timeoutMs });
    loaded.catch(() => undefined);
    await Promise.race([loaded, job.left]);
    if (job.navigatedTo !== undefined) return '';
    const until = performance.now() + Math.min(3000, this.options.timeoutMs);
    while (performance.now() < until && (job.inFlight.size > 0 || performance.now() - job.lastChange < QUIET_MS)) await delay(10);
    return page.evaluate<string>(SERIALIZE);
  }

  /** Every request the page makes: its own document from the crawl's bytes, the site's scripts and data through the session, the rest refused. */
  private async answer(route: Route, job: Job): Promise<void> {
    const request = route.request();
    const target = request.url();
    if (isOwnDocument(request, job.url)) {
      await route.fulfill({ status: 200, headers: { 'content-type': job.headers['content-type'] ?? 'text/html; charset=utf-8' }, body: Buffer.from(job.body) });
      return;
    }
    // The page's script leaves it for another document: a redirect by JavaScript. It is recorded,
    // not followed (the crawl fetches the target as a page of its own), and the page is kept.
    if (request.isNavigationRequest() && request.frame() === request.frame().page().mainFrame()) {
      job.navigatedTo ??= target;
      job.leave();
      return route.abort('aborted');
    }
    if (RESOURCE_SKIPPED.has(request.resourceType())) return route.abort('blockedbyclient');
    // Other hosts are refused by this run's choice, not the site's fault: not a problem of the page
    // (a script they would have run that the page needs shows as the page's own errors).
    if (!this.options.isSameSite(target) && !this.options.thirdParty) return route.abort('blockedbyclient');
    // A crawler changes nothing on the site: a form post or an API call by POST is not sent.
    if (request.method() !== 'GET') {
      note(job, `refused ${request.method()} ${target}: only GET requests are sent while rendering`);
      return route.abort('blockedbyclient');
    }
    const answer = await (RESOURCE_CACHED.has(request.resourceType()) ? this.cached(target) : this.fetch(target));
    if (typeof answer === 'string') {
      note(job, `refused ${target}: ${answer}`);
      return route.abort('blockedbyclient');
    }
    if (answer.status >= 400) note(job, `failed ${target}: HTTP ${answer.status}`);
    const kept = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => k === 'content-type' || k === 'access-control-allow-origin'));
    await route.fulfill({ status: answer.status, headers: kept, body: Buffer.from(answer.body) }).catch(() => undefined);
  }

  private fetch(url: string): Promise<SubresourceAnswer | string> {
    return this.options.fetch(url).catch((error: unknown) => firstLine(error));
  }

  /** A script or stylesheet, asked for once a run (pages rendering at once share the request); failures are not kept. */
  private cached(url: string): Promise<SubresourceAnswer | string> {
    const hit = this.cache.get(url);
    if (hit) return hit;
    const answer = this.fetch(url);
    this.cache.set(url, answer);
    void answer.then((a) => {
      if (typeof a === 'string' || a.status !== 200 || this.cachedBytes + a.body.byteLength > CACHE_BYTES) this.cache.delete(url);
      else this.cachedBytes += a.body.byteLength;
    });
    return answer;
  }
}

function note(job: Job, problem: string): void {
  if (job.problems.length < MAX_PROBLEMS) job.problems.push(problem);
}

/**
 * The rendered document as HTML, with the content of open shadow roots in it: Google's renderer
 * flattens shadow DOM into the page it indexes, and outerHTML leaves it out. Each shadow root's
 * HTML goes, for the moment of serializing, into an element at the start of its host (slotted
 * children stay where they are, so nothing is counted twice), and is taken out again.
 */
const SERIALIZE = `(() => {
  const added = [];
  const flatten = (root) => {
    for (const host of Array.from(root.querySelectorAll('*'))) {
      const shadow = host.shadowRoot;
      if (!shadow) continue;
      flatten(shadow);
      const holder = document.createElement('div');
      holder.setAttribute('data-seo-ai-shadow-root', '');
      holder.innerHTML = shadow.innerHTML;
      host.insertBefore(holder, host.firstChild);
      added.push(holder);
    }
  };
  flatten(document);
  const doctype = document.doctype ? '<!DOCTYPE ' + document.doctype.name + '>' : '';
  const html = doctype + document.documentElement.outerHTML;
  for (const holder of added) holder.remove();
  return html;
})()`;

/** The navigation that loads the page being rendered: answered with the bytes the crawler fetched. */
function isOwnDocument(request: Request, url: string): boolean {
  return request.isNavigationRequest() && request.frame() === request.frame().page().mainFrame() && sameDocument(request.url(), url);
}

function whenSome<T>(value: T | undefined, then: (value: T) => unknown): void {
  if (value !== undefined) then(value);
}

/** Two URLs of one document: the fragment aside, and escapes aside (Chromium escapes `|` and `^` in a path, Node's URL does not). */
function sameDocument(a: string, b: string): boolean {
  return documentKey(a) === documentKey(b);
}

function documentKey(url: string): string {
  const bare = url.replace(/#.*$/, '');
  try {
    return decodeURI(bare);
  } catch {
    return bare;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
