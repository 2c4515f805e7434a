// Pages rendered in headless Chromium (playwright-core, an optional dependency loaded only when a
// run renders): one browser, a bounded pool of pages, every request the page makes decided here.
// The page's own HTML is the bytes the crawler already fetched (no second request); its scripts
// and data come through the crawl's session (robots.txt, the per-host limiter, a staging mirror);
// other hosts are refused unless allowed, and images, fonts and media are never downloaded.
import type { Browser, BrowserContext, Page as BrowserPage, Route } from 'playwright-core';
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
}

type Slot = { context: Promise<BrowserContext>; pages: number; retired: boolean };

/** Rendering cannot start: no playwright-core, or Chromium does not launch. */
export class RenderUnavailable extends Error {}

const RESOURCE_SKIPPED = new Set(['image', 'media', 'font']);
/** A page is settled once no request has been in flight for this long (what its scripts do with an answer takes a moment). */
const QUIET_MS = 100;
const MAX_PROBLEMS = 5;

export class Renderer {
  /** The context new pages open in, and how many pages are rendering in it. */
  private slot: Slot | undefined;
  private rendered = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  private constructor(
    private readonly browser: Browser,
    private readonly options: RendererOptions,
  ) {}

  static async launch(options: RendererOptions): Promise<Renderer> {
    let chromium: typeof import('playwright-core').chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch {
      throw new RenderUnavailable(`rendering needs the optional package playwright-core, which is not installed: npm install playwright-core, and ${INSTALL_HINT}`);
    }
    try {
      const browser = await chromium.launch({
        executablePath: options.chromium,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
      });
      return new Renderer(browser, options);
    } catch (error) {
      throw new RenderUnavailable(`Chromium at ${options.chromium} did not start (${firstLine(error)}); ${INSTALL_HINT}`);
    }
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
    await this.browser.close().catch(() => undefined);
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
   * The context for the next page: a new one every recycleEvery pages. An old context is closed
   * once the pages still rendering in it are done (closing it under them would fail them).
   */
  private async contextNow(): Promise<Slot> {
    if (this.slot && this.rendered % this.options.recycleEvery === 0 && this.rendered > 0) this.retire(this.slot);
    this.rendered++;
    this.slot ??= { context: this.browser.newContext({ javaScriptEnabled: true, serviceWorkers: 'block' }), pages: 0, retired: false };
    this.slot.pages++;
    return this.slot;
  }

  private retire(slot: Slot): void {
    slot.retired = true;
    if (this.slot === slot) this.slot = undefined;
    if (slot.pages === 0) void slot.context.then((c) => c.close()).catch(() => undefined);
  }

  private release(slot: Slot): void {
    slot.pages--;
    if (slot.retired && slot.pages === 0) void slot.context.then((c) => c.close()).catch(() => undefined);
  }

  private async renderNow(url: string, body: Uint8Array, headers: Record<string, string>): Promise<Rendered> {
    const slot = await this.contextNow();
    try {
      return await this.renderIn(slot, url, body, headers);
    } finally {
      this.release(slot);
    }
  }

  private async renderIn(slot: Slot, url: string, body: Uint8Array, headers: Record<string, string>): Promise<Rendered> {
    const page = await (await slot.context).newPage();
    const problems: string[] = [];
    const note = (problem: string): void => void (problems.length < MAX_PROBLEMS && problems.push(problem));
    // Requests refused here (images, other hosts, robots.txt) are said once, as refused, not again as the browser's load errors.
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('ERR_BLOCKED_BY_CLIENT') && note(`console error: ${m.text()}`));
    page.on('pageerror', (e) => note(`uncaught ${firstLine(e)}`));
    // Every request passes the route below, so the requests in flight are known exactly: the page
    // has settled once none has been for a moment (Playwright's networkidle waits 500 ms each time).
    const inFlight = { count: 0, lastChange: performance.now() };
    await page.route('**/*', async (route) => {
      inFlight.count++;
      try {
        await this.answer(route, url, body, headers, note);
      } finally {
        inFlight.count--;
        inFlight.lastChange = performance.now();
      }
    });
    const crashed = new Promise<never>((_, reject) => page.once('crash', () => reject(new Error('the renderer crashed'))));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no rendered page within ${this.options.timeoutMs / 1000} s (a script that never ends, or requests that never settle)`)), this.options.timeoutMs);
    });
    try {
      const html = await Promise.race([this.settle(page, url, inFlight), crashed, timedOut]);
      const bytes = Buffer.byteLength(html);
      const truncated = bytes > this.options.maxBytes;
      return { html: truncated ? Buffer.from(html).subarray(0, this.options.maxBytes).toString() : html, truncated, problems };
    } finally {
      clearTimeout(timer);
      crashed.catch(() => undefined);
      // A page whose script never ends may not close: its context goes, and the next page gets a new one.
      const closed = await Promise.race([page.close({ runBeforeUnload: false }).then(() => true, () => true), delay(2000).then(() => false)]);
      if (!closed) this.retire(slot);
    }
  }

  /**
   * Load, then quiet: no request in flight for QUIET_MS (3 s at most: pages that poll are never
   * quiet), then the DOM as HTML.
   */
  private async settle(page: BrowserPage, url: string, inFlight: { count: number; lastChange: number }): Promise<string> {
    await page.goto(url, { waitUntil: 'load', timeout: this.options.timeoutMs });
    const until = performance.now() + Math.min(3000, this.options.timeoutMs);
    while (performance.now() < until && (inFlight.count > 0 || performance.now() - inFlight.lastChange < QUIET_MS)) await delay(10);
    return page.content();
  }

  /** Every request the page makes: its own document from the crawl's bytes, the site's scripts and data through the session, the rest refused. */
  private async answer(route: Route, url: string, body: Uint8Array, headers: Record<string, string>, note: (p: string) => void): Promise<void> {
    const request = route.request();
    const target = request.url();
    if (request.isNavigationRequest() && request.frame() === request.frame().page().mainFrame() && sameDocument(target, url)) {
      await route.fulfill({ status: 200, headers: { 'content-type': headers['content-type'] ?? 'text/html; charset=utf-8' }, body: Buffer.from(body) });
      return;
    }
    if (RESOURCE_SKIPPED.has(request.resourceType())) return route.abort('blockedbyclient');
    if (!this.options.isSameSite(target) && !this.options.thirdParty) {
      note(`refused ${target}: another host (--render-third-party allows it)`);
      return route.abort('blockedbyclient');
    }
    const answer = await this.options.fetch(target).catch((error: unknown) => firstLine(error));
    if (typeof answer === 'string') {
      note(`refused ${target}: ${answer}`);
      return route.abort('blockedbyclient');
    }
    if (answer.status >= 400) note(`failed ${target}: HTTP ${answer.status}`);
    const kept = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => k === 'content-type' || k === 'access-control-allow-origin'));
    await route.fulfill({ status: answer.status, headers: kept, body: Buffer.from(answer.body) }).catch(() => undefined);
  }
}

function sameDocument(a: string, b: string): boolean {
  return a.replace(/#.*$/, '') === b.replace(/#.*$/, '');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
