// Rendering in real headless Chromium (/usr/bin/chromium, as the HTML report tests use): a
// client-rendered shop (fixtures/sites/js-shop) served from 127.0.0.1 and crawled with --render.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit, type AuditResult } from '../audit.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { serveSite, type SiteServer } from '../testing/site-server.js';
import { InputError } from '../sources/types.js';
import { webSource, type RenderSettings, type WebSourceOptions } from '../sources/web.js';
import { CHROMIUM } from '../testing/browser.js';

const SHOP = fileURLToPath(new URL('../../fixtures/sites/js-shop', import.meta.url));
const HTTP = { retries: 0, headersTimeoutMs: 5000, bodyTimeoutMs: 5000 };

let server: SiteServer;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`headless Chromium is needed at ${CHROMIUM}: apt-get install -y chromium (npm test does this first)`);
  // The tent's related products answer slowly: rendering must wait for a request the page's first answer starts.
  const related = readFileSync(path.join(SHOP, 'data/tent-related.json'));
  server = await serveSite(SHOP, { '/data/tent-related.json': (_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(related), 400) });
});
afterAll(async () => server?.close());

async function audit(target: string, render?: Partial<RenderSettings>, extra: Partial<WebSourceOptions> = {}): Promise<AuditResult> {
  const options: WebSourceOptions = { target, http: HTTP, probeNotFound: false, checkImages: false, ...extra };
  if (render) options.render = { mode: 'always', chromium: CHROMIUM, timeoutMs: 8000, ...render };
  return runAudit({ source: await webSource(options), weights: DEFAULT_WEIGHTS, workers: 1 });
}
const rel = (url: string) => url.slice(server.origin.length);
const rules = (r: AuditResult, path: string) => r.pages.find((p) => rel(p.url) === path)?.findings.map((f) => f.rule) ?? [];
const asked = () => server.requests.map((r) => r.url);

describe('--render in headless Chromium', () => {
  it('never (the default): the app shells audit as empty pages', async () => {
    const r = await audit(server.url('/'));
    expect(r.pages.map((p) => rel(p.url))).toEqual(['/']);
    expect(rules(r, '/')).toEqual(expect.arrayContaining(['title-missing', 'h1-missing', 'meta-description-missing']));
    expect(r.pages[0]!.rendered).toBeUndefined();
  });

  it('always: every page as Chromium builds it, links only JavaScript adds crawled, robots.txt kept for scripts', async () => {
    server.requests.length = 0;
    const r = await audit(server.url('/'), { mode: 'always' });
    expect(r.errors).toEqual([]);
    expect(r.pages.map((p) => rel(p.url))).toEqual(['/', '/products/tent.html', '/products/stove.html', '/about.html', '/products/tent-footprint.html']);
    expect(r.pages.every((p) => p.rendered === true)).toBe(true);
    for (const path of ['/', '/products/tent.html', '/products/stove.html']) expect(rules(r, path)).not.toEqual(expect.arrayContaining(['title-missing']));
    expect(rules(r, '/')).not.toContain('h1-missing');
    // The page's own HTML is not fetched twice; its data comes through the crawl's session; the
    // script robots.txt disallows is never asked for.
    expect(server.requests.filter((q) => q.method === 'GET' && q.url === '/')).toHaveLength(1);
    expect(asked()).toContain('/data/index.json');
    expect(asked()).not.toContain('/private/tracker.js');
    // The script every page loads is asked for once a run, as a browser's cache would; each page's data every time.
    expect(asked().filter((u) => u === '/app.js')).toHaveLength(1);
    expect(asked().filter((u) => u.startsWith('/data/'))).toHaveLength(4);
    expect(r.notes).toContain('rendered 5 of the pages in Chromium (--render always)');
  });

  it('compares each rendered page with the HTML the server sent: the js-* rules and the share of words without JavaScript', async () => {
    const r = await audit(server.url('/'), { mode: 'always' });
    const js = (path: string) => r.pages.find((p) => rel(p.url) === path)!.findings.filter((f) => /^(js-|render-error)/.test(f.rule)).map((f) => `${f.rule}: ${f.message.split(server.origin).join('')}`);
    expect(js('/')).toEqual([
      'js-changes-canonical: JavaScript adds the canonical "/"; the HTML the server sends has none.',
      'js-changes-meta-description: JavaScript adds the meta description "Tents and stoves for backpackers, tested on real trails by the Northpine team since 2009, with free returns."; the HTML the server sends has none.',
      'js-changes-title: JavaScript adds the title "Northpine Outdoor: tents and stoves for the trail"; the HTML the server sends has none.',
      "js-only-content: Only 0 % of the main text's words are in the HTML the server sends; the rest appears only after JavaScript runs.",
      "js-only-links: 3 links to the site's pages exist only after JavaScript runs: /products/tent.html, /products/stove.html, /about.html.",
    ]);
    expect(js('/products/tent.html')).toEqual(expect.arrayContaining([
      'js-changes-title: JavaScript changes the title from "Tent" to "Trail tent, 1.3 kg, two doors | Northpine Outdoor".',
      // The last link comes from a request the first one's answer starts: rendering waits for it.
      "js-only-links: 3 links to the site's pages exist only after JavaScript runs: /products/tent-footprint.html, /, /products/stove.html.",
    ]));
    // The stove page's tracker is disallowed by robots.txt: refused, and said.
    expect(js('/products/stove.html').filter((l) => l.startsWith('render-error'))).toEqual(['render-error: Rendering met an error; the first: refused /private/tracker.js: robots.txt disallows it (/robots.txt line 2: Disallow: /private/)']);
    expect(r.pages.find((p) => rel(p.url) === '/')!.wordShareWithoutJs).toBe(0);
    expect(r.pages.find((p) => rel(p.url) === '/about.html')!.wordShareWithoutJs).toBe(1);
    expect(js('/about.html')).toEqual([]);
    expect(js('/products/tent-footprint.html')).toEqual(['js-changes-robots: JavaScript adds the robots directives "noindex"; the HTML the server sends has none.']);
  });

  it('renews the browser context without failing the pages still rendering in the old one', async () => {
    // Two pages at a time, a new context every 2 pages: closing a context under a page failed it.
    const r = await audit(server.url('/'), { mode: 'always', concurrency: 2, recycleEvery: 2 });
    expect(r.errors).toEqual([]);
    expect(r.pages).toHaveLength(5);
    expect(r.pages.every((p) => p.rendered)).toBe(true);
  });

  it('auto: only pages whose HTML looks client-rendered', async () => {
    const r = await audit(server.url('/'), { mode: 'auto' });
    const rendered = r.pages.filter((p) => p.rendered).map((p) => rel(p.url));
    expect(rendered).toEqual(['/', '/products/stove.html']);
    // The tent page is partly server-rendered and audited as served: the link its script adds is not seen.
    expect(r.pages.map((p) => rel(p.url))).not.toContain('/products/tent-footprint.html');
    expect(rules(r, '/products/tent.html')).toContain('title-too-short');
  });

  it('a page whose script never ends, one that crashes the renderer, one whose script throws: audited as the server sent them with the reason, noted, and the next pages still render', async () => {
    // A small JavaScript heap, so the page that allocates without end crashes its renderer at once.
    const r = await audit(server.url('/hub.html'), { mode: 'always', timeoutMs: 2000, heapLimitMB: 64 });
    const failed = {
      '/crash.html': 'the renderer crashed',
      '/loop.html': 'no rendered page within 2 s (a script that never ends, or requests that never settle)',
    };
    expect(r.errors).toEqual([]);
    expect(r.notes.filter((n) => n.includes('could not be rendered')).map((n) => n.split(server.origin).join(''))).toEqual(['2 pages could not be rendered and were audited as the server sent them (render-error says why): /crash.html, /loop.html']);
    expect(r.pages.map((p) => rel(p.url))).toEqual(['/hub.html', '/loop.html', '/crash.html', '/products/lantern.html', '/about.html', '/', '/products/tent.html', '/products/stove.html', '/products/tent-footprint.html']);
    expect(r.pages.filter((p) => !p.rendered).map((p) => rel(p.url))).toEqual(['/loop.html', '/crash.html']);
    for (const [path, why] of Object.entries(failed)) {
      expect(r.pages.find((p) => rel(p.url) === path)!.findings.filter((f) => f.rule === 'render-error').map((f) => f.message)).toEqual([`Rendering met an error; the first: rendering failed: ${why}`]);
    }
    const lantern = r.pages.find((p) => rel(p.url) === '/products/lantern.html')!.findings.find((f) => f.rule === 'render-error')!;
    expect(lantern.message.split(server.origin).join('')).toBe('Rendering met 3 errors; the first: failed /data/lantern.json: HTTP 404');
  });

  it('Chromium killed in the middle of a run: the page it was rendering is audited as the server sent it, and the next pages render in a new one', async () => {
    // The page's data request kills the browser this test process launched (its child), then answers.
    const kill = (): void => {
      const pids = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((l) => /chrom/i.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    };
    const shell = (data: string) => `<html lang="en"><head><title>App</title><script>fetch('${data}').then((r) => r.text()).then((t) => { document.body.innerHTML = '<h1>' + t + '</h1>'; });</script></head><body></body></html>`;
    const site = await serveSite(undefined, {
      '/': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html lang="en"><head><title>Home</title></head><body><h1>Home</h1><a href="/killed.html">Killed</a> <a href="/after.html">After</a></body></html>'),
      '/killed.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(shell('/kill')),
      '/kill': (_req, res) => {
        kill();
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('Too late'), 200);
      },
      '/after.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(shell('/name')),
      '/name': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('Rendered after the relaunch'),
    });
    try {
      const r = await audit(site.url('/'), { mode: 'always', concurrency: 1 });
      expect(r.errors).toEqual([]);
      expect(r.pages.find((p) => p.url.endsWith('/killed.html'))!.findings.filter((f) => f.rule === 'render-error').map((f) => f.message)).toEqual(["Rendering met an error; the first: rendering failed: Chromium's process ended while it rendered the page; the next pages start it again"]);
      expect(r.pages.map((p) => `${p.url.slice(site.origin.length)} ${String(p.rendered)}`)).toEqual(['/ true', '/killed.html undefined', '/after.html true']);
      expect(r.pages[2]!.findings.map((f) => f.rule)).not.toContain('h1-missing');
    } finally {
      await site.close();
    }
  });

  it("sends only what the crawl may: no redirect past robots.txt or to another host, no POST, no script cut short; a path Chromium escapes differently still renders", async () => {
    const other = await serveSite(undefined, { '/evil.js': (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end('document.title = "Evil";') });
    const html = (title: string, head: string) => (_req: unknown, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'text/html' }).end(`<html lang="en"><head><title>${title}</title>${head}</head><body><h1>${title}</h1></body></html>`);
    const js = (body: string) => (_req: unknown, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
    const site = await serveSite(undefined, {
      '/robots.txt': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n'),
      '/': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html lang="en"><head><title>Home</title></head><body><h1>Home</h1><a href="/1">1</a> <a href="/2">2</a> <a href="/3">3</a> <a href="/4">4</a> <a href="/a|b.html">Pipe</a></body></html>'),
      '/1': html('Redirect to a disallowed script', '<script src="/to-private.js"></script>'),
      '/2': html('Redirect to another host', '<script src="/to-other.js"></script>'),
      '/3': html('A script past --max-bytes', '<script src="/big.js"></script>'),
      '/4': html('A POST', "<script>fetch('/api/cart', { method: 'POST', body: '{}' });</script>"),
      '/to-private.js': (_req, res) => res.writeHead(302, { location: '/private/secret.js' }).end(),
      '/to-other.js': (_req, res) => res.writeHead(302, { location: other.url('/evil.js') }).end(),
      '/private/secret.js': js('document.title = "Secret";'),
      '/big.js': js(`/* ${'x'.repeat(4096)} */ document.title = "Big";`),
      '/api/cart': (_req, res) => res.writeHead(200).end('{}'),
      '/a|b.html': html('Pipe', '<script>document.title = "Pipe, rendered";</script>'),
    });
    try {
      const r = await audit(site.url('/'), { mode: 'always', concurrency: 1 }, { maxBytes: 2048 });
      const at = (url: string) => url.slice(site.origin.length);
      expect(site.requests.map((q) => `${q.method} ${q.url}`).filter((l) => !/^HEAD |\/(robots|llms)\.txt$|\/sitemap\.xml$/.test(l))).toEqual(['GET /', 'GET /1', 'GET /2', 'GET /3', 'GET /4', 'GET /a|b.html', 'GET /to-private.js', 'GET /to-other.js', 'GET /big.js']);
      expect(other.requests).toEqual([]);
      expect(r.errors).toEqual([]);
      const said = r.pages.map((p) => `${at(p.url)} ${p.findings.filter((f) => f.rule === 'render-error' || f.rule === 'js-changes-title').map((f) => f.message.split(site.origin).join('').split(other.origin).join('OTHER')).join(' | ')}`);
      expect(said).toEqual([
        '/ ',
        '/1 Rendering met an error; the first: refused /to-private.js: it redirects to /private/secret.js, and robots.txt disallows it (/robots.txt line 2: Disallow: /private/)',
        '/2 Rendering met an error; the first: refused /to-other.js: it redirects to OTHER/evil.js, and another host (--render-third-party allows it)',
        '/3 Rendering met an error; the first: refused /big.js: larger than --max-bytes',
        // The page's fetch then fails: its unhandled rejection is the second error.
        '/4 Rendering met 2 errors; the first: refused POST /api/cart: only GET requests are sent while rendering',
        '/a|b.html JavaScript changes the title from "Pipe" to "Pipe, rendered".',
      ]);
    } finally {
      await site.close();
      await other.close();
    }
  });

  it('a redirect by JavaScript: the page audited as the server sent it with js-redirect, the target crawled, another host never asked', async () => {
    const other = await serveSite(undefined, {});
    const site = await serveSite(undefined, {
      '/': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html lang="en"><head><title>Home</title></head><body><h1>Home</h1><a href="/old-tent.html">Old</a> <a href="/away.html">Away</a></body></html>'),
      '/old-tent.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end("<html lang=\"en\"><head><title>Old tent</title><script>location.href = '/tent.html';</script></head><body><h1>Old tent</h1></body></html>"),
      '/away.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html lang="en"><head><title>Away</title><script>location.replace('${other.url('/landing.html')}');</script></head><body><h1>Away</h1></body></html>`),
      '/tent.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html lang="en"><head><title>Tent</title></head><body><h1>Tent</h1></body></html>'),
    });
    try {
      const r = await audit(site.url('/'), { mode: 'always', concurrency: 1 });
      const at = (url: string) => url.slice(site.origin.length);
      expect(r.pages.map((p) => `${at(p.url)} ${String(p.rendered)} ${p.findings.filter((f) => f.rule === 'js-redirect').map((f) => f.message.split(site.origin).join('').split(other.origin).join('OTHER')).join('')}`)).toEqual([
        '/ true ',
        '/old-tent.html undefined JavaScript redirects the page to /tent.html; crawlers that run no JavaScript stay here.',
        '/away.html undefined JavaScript redirects the page to OTHER/landing.html; crawlers that run no JavaScript stay here.',
        '/tent.html true ',
      ]);
      // Audited as the server sent it: its own title, not the target's.
      expect(r.pages[1]!.findings.map((f) => f.rule)).not.toContain('js-changes-title');
      expect(other.requests).toEqual([]);
      expect(site.requests.filter((q) => q.url === '/tent.html')).toHaveLength(1);
    } finally {
      await site.close();
      await other.close();
    }
  });

  it("reads what open shadow roots hold, as Google's renderer flattens them", async () => {
    const element = "customElements.define('product-card', class extends HTMLElement { connectedCallback() { const root = this.attachShadow({ mode: 'open' }); root.innerHTML = '<h1>Trail tent</h1><p>Two doors, two vestibules, 1.3 kg packed.</p><slot></slot><a href=\"/spec.html\">Specifications</a>'; } });";
    const site = await serveSite(undefined, {
      '/': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html lang="en"><head><title>Trail tent</title><script>${element}</script></head><body><product-card><p>In stock.</p></product-card></body></html>`),
      '/spec.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html lang="en"><head><title>Specifications</title></head><body><h1>Specifications</h1></body></html>'),
    });
    try {
      const r = await audit(site.url('/'), { mode: 'always' });
      expect(r.pages.map((p) => p.url.slice(site.origin.length))).toEqual(['/', '/spec.html']);
      expect(r.pages[0]!.findings.map((f) => f.rule)).not.toContain('h1-missing');
      // The slotted paragraph is counted once; the shadow root's text is what JavaScript added.
      expect(r.pages[0]!.wordShareWithoutJs).toBe(0.17);
    } finally {
      await site.close();
    }
  });

  it('refuses scripts from other hosts unless --render-third-party, and never downloads images', async () => {
    const cdn = await serveSite(undefined, {
      '/lib.js': (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end('document.title = "From the CDN";'),
      '/pic.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(),
    });
    const page = await serveSite(undefined, {
      '/': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>Own</title><script src="${cdn.url('/lib.js')}"></script></head><body><h1>Page</h1><img src="/pic.png" alt=""><img src="${cdn.url('/pic.png')}" alt=""></body></html>`),
    });
    try {
      await audit(page.url('/'), { mode: 'always' });
      expect(cdn.requests).toEqual([]);
      await audit(page.url('/'), { mode: 'always', thirdParty: true });
      expect(cdn.requests.map((r) => r.url)).toEqual(['/lib.js']);
      expect(page.requests.map((r) => r.url)).not.toContain('/pic.png');
    } finally {
      await cdn.close();
      await page.close();
    }
  });

  it('without Chromium: always is refused with how to install it; auto says so once and audits as served', async () => {
    await expect(audit(server.url('/'), { mode: 'always', chromium: undefined, missing: '--chromium /nowhere: no such file; install Chromium (…)' })).rejects.toThrow(InputError);
    const r = await audit(server.url('/'), { mode: 'auto', chromium: undefined, missing: 'no Chromium found' });
    expect(r.pages.map((p) => p.rendered)).toEqual([undefined]);
    expect(r.notes).toContain('--render auto: no Chromium found; pages were audited as the server sent them');
  });
});
