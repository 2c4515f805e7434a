// The HTTP web source against hostile and broken servers: every case runs a real audit against
// a server on 127.0.0.1 and checks the exact pages, errors, web findings and notes, and what the
// server was asked for (so "not fetched" is proved, not assumed).
import { getEventListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runAudit, type AuditOptions, type AuditResult } from '../audit.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { serveSite, type Handler, type SiteServer } from '../testing/site-server.js';
import { InputError } from './types.js';
import { webSource, type WebSourceOptions } from './web.js';
import { PROBE_PATH } from './web/not-found.js';

/** Small timeouts and one quick retry: hostile servers cost milliseconds, not seconds. */
const HTTP = { retries: 1, retryBaseDelayMs: 10, headersTimeoutMs: 500, bodyTimeoutMs: 500 };
/** The rules about what was fetched, and link-broken (which judges fetched link targets). */
const WEB_RULES = new Set(['http-status-error', 'redirect-chain', 'link-to-redirect', 'robots-txt-invalid', 'blocked-by-robots', 'sitemap-non-indexable', 'orphan-page', 'llms-txt-invalid', 'link-broken']);

type Route = string | Buffer | Handler;

const servers: SiteServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server whose routes may name its own URLs (sitemaps need absolute ones); other paths 404. */
async function site(routes: (url: (path: string) => string) => Record<string, Route>): Promise<SiteServer> {
  const handlers: Record<string, Handler> = {};
  const server = await serveSite(undefined, handlers);
  servers.push(server);
  for (const [path, route] of Object.entries(routes(server.url))) handlers[path] = typeof route === 'function' ? route : ok(route, typeOf(path));
  return server;
}

function typeOf(path: string): string {
  if (path.endsWith('.xml')) return 'application/xml';
  if (path.endsWith('.txt')) return 'text/plain; charset=utf-8';
  return 'text/html; charset=utf-8';
}

function ok(body: string | Buffer, type: string, extra: Record<string, string> = {}): Handler {
  return (req, res) => answer(req, res, 200, body, { 'content-type': type, ...extra });
}

function answer(req: IncomingMessage, res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function redirect(to: string, status = 301): Handler {
  return (_req, res) => res.writeHead(status, { location: to }).end();
}

/** A small HTML page; links as written. */
function page(title: string, ...links: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${links
    .map((href) => `<p><a href="${href}">${href}</a></p>`)
    .join('')}</body></html>`;
}

const urlset = (...locs: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${locs.map((l) => `<url><loc>${l}</loc></url>`).join('\n')}\n</urlset>`;
const sitemapIndex = (...locs: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`).join('\n')}\n</sitemapindex>`;

async function audit(options: WebSourceOptions, run: Partial<Omit<AuditOptions, 'source'>> = {}): Promise<AuditResult> {
  return runAudit({ source: await webSource({ ...options, http: { ...HTTP, ...options.http } }), weights: DEFAULT_WEIGHTS, workers: 1, ...run });
}

/** What a run found, with the server's origin taken out of every string, for exact comparison. */
function outcome(result: AuditResult, server: SiteServer) {
  const rel = (text: string): string => text.split(server.origin).join('');
  return {
    pages: result.pages.map((p) => rel(p.url)),
    errors: result.errors.map((e) => `${rel(e.origin)}: ${rel(e.message)}`),
    web: result.pages
      .flatMap((p) => p.findings.filter((f) => WEB_RULES.has(f.rule)).map((f) => [rel(p.url), f.rule, rel(f.element ?? '')].filter(Boolean).join(' ')))
      .sort(),
    notes: result.notes.map(rel),
  };
}

/** GET requests the server saw, path and query, in arrival order. */
function gets(server: SiteServer): string[] {
  return server.requests.filter((r) => r.method === 'GET').map((r) => r.url);
}

/** Times between the starts of consecutive requests, in ms. */
function gaps(server: SiteServer, from = 0): number[] {
  const at = server.requests.slice(from).map((r) => r.at);
  return at.slice(1).map((t, i) => t - at[i]!);
}

/**
 * Requests from `from` on arrived `ms` apart. Timed where they arrive, so one request held up on
 * its way (a loaded machine) makes its gap longer and the next one shorter: each gap may come in
 * a quarter early, and so may the gaps together (the first arrival held up), but no more (a
 * client that did not space its requests would show gaps of a millisecond or two).
 */
function expectSpaced(server: SiteServer, from: number, ms: number): void {
  const all = gaps(server, from);
  for (const gap of all) expect(gap).toBeGreaterThanOrEqual(0.75 * ms);
  expect(all.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual((all.length - 0.25) * ms);
}

function finding(result: AuditResult, url: string, rule: string) {
  return result.pages.find((p) => p.url === url)?.findings.find((f) => f.rule === rule);
}

describe('sitemaps', () => {
  it('reads a gzip file served as application/gzip, and a sitemap sent with Content-Encoding: gzip', async () => {
    const server = await site((u) => ({
      '/sitemap.xml.gz': ok(gzipSync(urlset(u('/a'), u('/b'))), 'application/gzip'),
      '/encoded.xml': ok(gzipSync(urlset(u('/c'))), 'application/xml', { 'content-encoding': 'gzip' }),
      '/a': page('Page A of the gzip test site', '/b'),
      '/b': page('Page B of the gzip test site'),
      '/c': page('Page C of the gzip test site'),
    }));
    const gz = outcome(await audit({ target: server.url('/sitemap.xml.gz') }), server);
    expect(gz).toEqual({ pages: ['/a', '/b'], errors: [], web: [], notes: ['2 URLs read from /sitemap.xml.gz'] });
    const encoded = outcome(await audit({ target: server.url('/encoded.xml') }), server);
    expect(encoded).toEqual({ pages: ['/c'], errors: [], web: [], notes: ['1 URL read from /encoded.xml'] });
  });

  it('follows sitemap indexes three levels deep, in document order', async () => {
    const server = await site((u) => ({
      '/index.xml': sitemapIndex(u('/level1.xml'), u('/leaf-z.xml')),
      '/level1.xml': sitemapIndex(u('/level2.xml')),
      '/level2.xml': sitemapIndex(u('/leaf-a.xml'), u('/leaf-b.xml')),
      '/leaf-a.xml': urlset(u('/a1'), u('/a2')),
      '/leaf-b.xml': urlset(u('/b1')),
      '/leaf-z.xml': urlset(u('/z1'), u('/a1')),
      '/a1': page('Page a1 of the nested index site'),
      '/a2': page('Page a2 of the nested index site'),
      '/b1': page('Page b1 of the nested index site'),
      '/z1': page('Page z1 of the nested index site'),
    }));
    const result = outcome(await audit({ target: server.url('/index.xml') }), server);
    expect(result).toEqual({ pages: ['/a1', '/a2', '/b1', '/z1'], errors: [], web: [], notes: ['4 URLs read from 6 sitemaps'] });
    expect(gets(server).filter((p) => p === '/a1')).toHaveLength(1);
  });

  it('rejects a billion-laughs sitemap quickly, expanding nothing', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const server = await site(() => ({
      '/sitemap.xml': `<?xml version="1.0"?>\n<!DOCTYPE urlset [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<url><loc>&lol9;</loc></url>\n</urlset>`,
    }));
    const started = performance.now();
    const error = await webSource({ target: server.url('/sitemap.xml'), http: HTTP }).catch((e: unknown) => e);
    // Expanded, the entities are a billion "lol"s: minutes and gigabytes, not the seconds a loaded machine may take.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `${server.url('/sitemap.xml')}: no page URLs could be read from this sitemap; ${server.url('/sitemap.xml')}: line 15: "&lol9;" is not an absolute http(s) URL; skipped`,
    );
  });
});

describe('a site URL: sitemaps found, pages crawled', () => {
  const routes = (u: (p: string) => string, robots: string, sitemapPath: string): Record<string, Route> => ({
    '/robots.txt': robots,
    [sitemapPath]: urlset(u('/'), u('/a'), u('/orphan')),
    '/': page('Home page of the crawl test site', '/a', '/b'),
    '/a': page('Page A of the crawl test site', '/'),
    '/b': page('Page B of the crawl test site, not in the sitemap'),
    '/orphan': page('A page of the sitemap nothing links to'),
  });

  it.each([1, 2])('reads the sitemap robots.txt names, crawls what it lacks, finds the orphan (workers: %i)', async (workers) => {
    const server = await site((u) => routes(u, `User-agent: *\nAllow: /\nSitemap: ${u('/maps/pages.xml')}\n`, '/maps/pages.xml'));
    const result = outcome(await audit({ target: server.url('/') }, { workers }), server);
    expect(result).toEqual({ pages: ['/', '/a', '/orphan', '/b'], errors: [], web: ['/orphan orphan-page'], notes: ['3 URLs read from /maps/pages.xml'] });
    expect(gets(server)).not.toContain('/sitemap.xml');
  });

  it('guesses /sitemap.xml when robots.txt names none', async () => {
    const server = await site((u) => routes(u, 'User-agent: *\nDisallow:\n', '/sitemap.xml'));
    const result = outcome(await audit({ target: server.url('/') }), server);
    expect(result).toEqual({ pages: ['/', '/a', '/orphan', '/b'], errors: [], web: ['/orphan orphan-page'], notes: ['3 URLs read from /sitemap.xml'] });
  });

  it('says so when there is no sitemap at all', async () => {
    const server = await site(() => ({ '/': page('Home page of a site without sitemap', '/a'), '/a': page('Page A of a site without sitemap') }));
    const result = outcome(await audit({ target: server.url('/') }), server);
    expect(result).toEqual({ pages: ['/', '/a'], errors: [], web: [], notes: ['no sitemap found: robots.txt names none and /sitemap.xml is not there'] });
  });
});

describe('robots.txt', () => {
  const routes = (u: (p: string) => string): Record<string, Route> => ({
    '/robots.txt': `User-agent: *\nDisallow: /private\nNoindex: /drafts\nSitemap: ${u('/sitemap.xml')}\n`,
    '/sitemap.xml': urlset(u('/'), u('/private/listed')),
    '/': page('Home page of the robots test site', '/private/linked', '/open'),
    '/open': page('An open page of the robots test site'),
    '/private/listed': page('A private page the sitemap lists'),
    '/private/linked': page('A private page the home page links to'),
  });

  it('does not fetch disallowed URLs: a sitemap one is a blocked-by-robots page, a linked one is skipped', async () => {
    const server = await site(routes);
    const result = outcome(await audit({ target: server.url('/') }), server);
    expect(result).toEqual({
      pages: ['/', '/private/listed', '/open'],
      errors: [],
      web: ['/ robots-txt-invalid robots.txt: Noindex: /drafts', '/private/listed blocked-by-robots'],
      notes: ['2 URLs read from /sitemap.xml', '1 linked URL disallowed by robots.txt not fetched'],
    });
    expect(server.requests.map((r) => r.url).filter((p) => p.startsWith('/private'))).toEqual([]);
  });

  it('fetches them all with ignoreRobots, and says so', async () => {
    const server = await site(routes);
    const result = outcome(await audit({ target: server.url('/'), ignoreRobots: true }), server);
    expect(result).toEqual({
      pages: ['/', '/private/listed', '/private/linked', '/open'],
      errors: [],
      web: ['/ robots-txt-invalid robots.txt: Noindex: /drafts', '/private/listed orphan-page'],
      notes: ['robots.txt ignored (--ignore-robots): pages were fetched whatever /robots.txt allows', '2 URLs read from /sitemap.xml'],
    });
  });

  it('refuses to crawl while robots.txt answers 500, unless told to ignore it', async () => {
    const server = await site(() => ({
      '/robots.txt': (req, res) => answer(req, res, 500, 'oops', { 'content-type': 'text/plain' }),
      '/': page('Home page of a site with a broken robots.txt'),
    }));
    const error = await webSource({ target: server.url('/'), http: HTTP }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `${server.url('/robots.txt')} answered HTTP 500: RFC 9309 says to crawl nothing while robots.txt is unreachable. Try again later, or pass --ignore-robots to audit anyway.`,
    );
    expect(gets(server)).toEqual(['/robots.txt', '/robots.txt']);
    const result = outcome(await audit({ target: server.url('/'), ignoreRobots: true }), server);
    expect(result).toEqual({
      pages: ['/'],
      errors: [],
      web: [],
      notes: ['robots.txt ignored (--ignore-robots): pages were fetched whatever /robots.txt allows', 'no sitemap found: robots.txt names none and /sitemap.xml is not there'],
    });
  });
});

describe('politeness', () => {
  const routes = (robots: string) => (): Record<string, Route> => ({
    '/robots.txt': robots,
    '/': page('Home page of the polite crawl site', '/a', '/b'),
    '/a': page('Page A of the polite crawl site'),
    '/b': page('Page B of the polite crawl site'),
  });

  it('spaces requests by robots.txt Crawl-delay, and says so', async () => {
    const server = await site(routes('User-agent: *\nCrawl-delay: 0.2\n'));
    const result = outcome(await audit({ target: server.url('/') }), server);
    expect(result.pages).toEqual(['/', '/a', '/b']);
    expect(result.notes[0]).toBe(`robots.txt asks for Crawl-delay: 0.2; requests to ${new URL(server.origin).host} were spaced 0.2 s apart`);
    // robots.txt and a HEAD of the start URL (does it redirect to another origin?) come first,
    // before the Crawl-delay is known; then /sitemap.xml, /llms.txt, the three pages and the probe
    // of a URL that cannot exist (soft-404), spaced.
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /robots.txt', 'HEAD /', 'GET /sitemap.xml', 'GET /llms.txt', 'GET /', 'GET /a', 'GET /b', `GET ${PROBE_PATH}`]);
    expectSpaced(server, 2, 200);
  });

  it('honours a Crawl-delay of a day as 30 s (MAX_CRAWL_DELAY_S), and says so', async () => {
    const server = await site(routes('User-agent: *\nCrawl-delay: 86400\n'));
    const stop = new AbortController();
    // Stopped once the spaced requests begin: the note is what is checked, not 30 s waits.
    const timer = setTimeout(() => stop.abort(), 1500);
    const result = await audit({ target: server.url('/'), signal: stop.signal }, { signal: stop.signal });
    clearTimeout(timer);
    expect(result.notes[0]).toBe(`robots.txt asks for Crawl-delay: 86400; requests to ${new URL(server.origin).host} were spaced 30 s apart, the most seo-ai waits (--delay sets more)`);
    expect(result.partial).toBe(true);
    // robots.txt and the HEAD probe come before the delay is known; then one request, and the wait of 30 s.
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /robots.txt', 'HEAD /', 'GET /sitemap.xml']);
  });

  it('spaces requests by delayMs alone', async () => {
    const server = await site(routes('User-agent: *\nDisallow:\n'));
    const result = outcome(await audit({ target: server.url('/'), delayMs: 100 }), server);
    expect(result.pages).toEqual(['/', '/a', '/b']);
    expect(result.notes).toEqual(['no sitemap found: robots.txt names none and /sitemap.xml is not there']);
    expectSpaced(server, 2, 100);
  });
});

describe('servers that fail', () => {
  it('reports a page whose headers never come in time, and audits the others', async () => {
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/'), u('/slow'), u('/after')),
      '/': page('Home page of the slow server site', '/slow'),
      // Headers after 3 s: well past the 500 ms timeout, which undici's coarse timer fires within 0.5–1.5 s.
      '/slow': (req, res) => {
        const timer = setTimeout(() => answer(req, res, 200, page('Too late'), { 'content-type': 'text/html' }), 3000);
        res.on('close', () => clearTimeout(timer));
      },
      '/after': page('The page after the slow one'),
    }));
    // No retry here: each timed-out attempt costs up to 1.5 s.
    const result = outcome(await audit({ target: server.url('/sitemap.xml'), http: { retries: 0 } }), server);
    expect(result).toEqual({
      pages: ['/', '/after'],
      errors: ['/slow: timeout waiting for response headers (UND_ERR_HEADERS_TIMEOUT) after 1 attempt'],
      web: ['/ link-broken /slow'],
      notes: ['3 URLs read from /sitemap.xml'],
    });
  });

  it('reports a page whose connection is reset, after retrying, and audits the others', async () => {
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/'), u('/reset'), u('/after')),
      '/': page('Home page of the resetting server site'),
      '/reset': (req) => req.socket.destroy(),
      '/after': page('The page after the reset one'),
    }));
    const result = outcome(await audit({ target: server.url('/sitemap.xml') }), server);
    expect(result.pages).toEqual(['/', '/after']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^\/reset: connection (reset|closed by server) \((ECONNRESET|UND_ERR_SOCKET)\) after 2 attempts$/);
    expect(gets(server).filter((p) => p === '/reset')).toHaveLength(2);
  });

  it('audits a 500 page and a linked 404 as pages with their status; links to them are broken', async () => {
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/'), u('/boom'), u('/plain-boom')),
      '/': page('Home page of the erroring server site', '/missing'),
      '/boom': (req, res) => answer(req, res, 500, page('Server error', '/from-error-page'), { 'content-type': 'text/html' }),
      '/plain-boom': (req, res) => answer(req, res, 503, 'Service Unavailable', { 'content-type': 'text/plain' }),
      '/missing': (req, res) => answer(req, res, 404, page('Not found', '/from-error-page'), { 'content-type': 'text/html' }),
      '/from-error-page': page('Only error pages link here'),
    }));
    const result = await audit({ target: server.url('/') });
    expect(outcome(result, server)).toEqual({
      pages: ['/', '/boom', '/plain-boom', '/missing'],
      errors: [],
      web: [
        '/ link-broken /missing',
        '/boom http-status-error',
        '/boom sitemap-non-indexable',
        '/missing http-status-error',
        '/plain-boom http-status-error',
        '/plain-boom sitemap-non-indexable',
      ],
      notes: ['3 URLs read from /sitemap.xml'],
    });
    expect(finding(result, server.url('/boom'), 'http-status-error')?.value).toBe('HTTP 500');
    expect(finding(result, server.url('/plain-boom'), 'http-status-error')?.value).toBe('HTTP 503');
    // 5xx is retried once, then kept as the answer; a 404 is not retried; error pages' links are not followed.
    expect(gets(server).filter((p) => p === '/boom')).toHaveLength(2);
    expect(gets(server).filter((p) => p === '/missing')).toHaveLength(1);
    expect(server.requests.map((r) => r.url)).not.toContain('/from-error-page');
  });

  it('waits out a 429 Retry-After, then audits the page', async () => {
    let calls = 0;
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/busy')),
      '/busy': (req, res) => {
        if (calls++ === 0) answer(req, res, 429, 'slow down', { 'content-type': 'text/plain', 'retry-after': '1' });
        else answer(req, res, 200, page('A page behind a rate limit'), { 'content-type': 'text/html' });
      },
    }));
    const result = outcome(await audit({ target: server.url('/sitemap.xml') }), server);
    expect(result).toEqual({ pages: ['/busy'], errors: [], web: [], notes: ['1 URL read from /sitemap.xml'] });
    const busy = server.requests.filter((r) => r.url === '/busy');
    expect(busy).toHaveLength(2);
    expect(busy[1]!.at - busy[0]!.at).toBeGreaterThanOrEqual(990);
    // Retry-After said 1 s: waited that, not a backoff of its own on top (allowing for a loaded machine).
    expect(busy[1]!.at - busy[0]!.at).toBeLessThan(4000);
  });
});

describe('redirects', () => {
  it('audits the end of a chain with redirect-chain and sitemap-non-indexable; links to hops are flagged', async () => {
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/a'), u('/linker'), u('/x')),
      '/a': redirect('/b'),
      '/b': redirect(u('/c'), 302),
      '/c': page('The end of a redirect chain'),
      '/linker': page('A page linking to redirects', '/b', '/x', '/gone', '/no-head'),
      '/x': redirect('/y'),
      '/y': redirect('/x'),
      '/gone': redirect('/nowhere'),
      // A server that refuses HEAD: the link check asks again with GET.
      '/no-head': (req, res) => answer(req, res, req.method === 'HEAD' ? 405 : 200, page('A page that refuses HEAD'), { 'content-type': 'text/html' }),
    }));
    const result = await audit({ target: server.url('/sitemap.xml') });
    expect(outcome(result, server)).toEqual({
      pages: ['/c', '/linker'],
      errors: ['/x: redirect loop: /x → /y → /x'],
      web: ['/c redirect-chain', '/c sitemap-non-indexable', '/linker link-broken /gone', '/linker link-broken /x', '/linker link-to-redirect /b'],
      notes: ['3 URLs read from /sitemap.xml', "checked 3 link targets outside the run's pages (0 on other hosts)"],
    });
    expect(server.requests.filter((r) => r.url === '/no-head').map((r) => r.method)).toEqual(['HEAD', 'GET']);
    const rel = (s: string | undefined) => s?.split(server.origin).join('');
    expect(rel(finding(result, server.url('/c'), 'redirect-chain')?.value)).toBe('/a → /b → /c');
    expect(rel(finding(result, server.url('/c'), 'sitemap-non-indexable')?.value)).toBe('/a redirects to /c');
    const broken = result.pages[1]!.findings.filter((f) => f.rule === 'link-broken').map((f) => rel(f.message));
    expect(broken.sort()).toEqual([
      'Link to /gone is broken (HTTP 301, redirects to /nowhere, which answered HTTP 404).',
      'Link to /x is broken (HTTP 301, redirect loop: /x → /y → /x).',
    ]);
  });

  it.each([
    ['the redirect answers last', 100, 0],
    ['the redirect answers first', 0, 100],
  ])('yields a page reached directly and through a redirect once, at the first URL listed (%s)', async (_case, redirectMs, pageMs) => {
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/old'), u('/new'), u('/other')),
      '/old': (_req, res) => void setTimeout(() => res.writeHead(301, { location: '/new' }).end(), redirectMs),
      '/new': (req, res) => void setTimeout(() => answer(req, res, 200, page('The page a redirect leads to'), { 'content-type': 'text/html' }), pageMs),
      '/other': page('Another page of the racing site'),
    }));
    const result = await audit({ target: server.url('/sitemap.xml'), concurrency: 4 });
    expect(outcome(result, server)).toEqual({ pages: ['/new', '/other'], errors: [], web: ['/new sitemap-non-indexable'], notes: ['3 URLs read from /sitemap.xml'] });
    expect(finding(result, server.url('/new'), 'sitemap-non-indexable')?.value).toBe(`${server.url('/old')} redirects to ${server.url('/new')}`);
  });
});

describe('what a page answers with', () => {
  it('audits a 50 MB page as its first 5 MB, with a warning, without being sent all of it', async () => {
    let sent = 0;
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/huge'), u('/after')),
      '/huge': (_req, res) => {
        const total = 50 * 1024 * 1024;
        // Filler in a comment: cheap to parse, so the test measures fetching, not rules.
        const chunk = Buffer.alloc(64 * 1024, 'x');
        res.on('error', () => undefined);
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(total) });
        res.write('<!doctype html><html lang="en"><head><title>A very large page of the test site</title></head><body><!--');
        sent = 0;
        const pump = (): void => {
          while (sent < total && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          if (!res.destroyed) res.end();
        };
        pump();
      },
      '/after': page('The page after the huge one'),
    }));
    const result = await audit({ target: server.url('/sitemap.xml') });
    expect(outcome(result, server)).toEqual({ pages: ['/huge', '/after'], errors: [], web: [], notes: ['2 URLs read from /sitemap.xml'] });
    expect(result.pages[0]!.warnings).toEqual(['page truncated at 5242880 bytes; findings describe the part read']);
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });

  it('lists a sitemap URL that is not HTML without scoring it, and checks a linked file as a link target, not a page', async () => {
    const pdf = ok(Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/'), u('/listed.pdf'), u('/gone.zip'), u('/report')),
      '/': page('Home page of the site with documents', '/linked.pdf', '/missing.psd', '/doc'),
      '/listed.pdf': pdf,
      '/linked.pdf': pdf,
      '/report': pdf,
      '/doc': pdf,
    }));
    const listed = outcome(await audit({ target: server.url('/sitemap.xml') }), server);
    expect(listed.pages).toEqual(['/']);
    expect(listed.errors).toEqual([]);
    // /missing.psd is one link-broken finding on the page that links to it, not a page of its own.
    expect(listed.web).toEqual(['/ link-broken /missing.psd']);
    expect(listed.notes).toContain('3 sitemap URLs not HTML, listed and not scored: /listed.pdf (application/pdf), /gone.zip (HTTP 404), /report (application/pdf)');
    // Files named by their extension are asked with HEAD (a link target that fails HEAD is asked again
    // with GET, as every link is), never crawled; /report says what it is only when fetched.
    expect(server.requests.filter((r) => /listed|gone|missing|linked/.test(r.url)).map((r) => `${r.method} ${r.url}`).sort()).toEqual(['GET /missing.psd', 'HEAD /gone.zip', 'HEAD /linked.pdf', 'HEAD /listed.pdf', 'HEAD /missing.psd']);
    server.requests.length = 0;
    const crawled = outcome(await audit({ target: server.url('/'), exclude: ['/listed.pdf', '/gone.zip', '/report'] }), server);
    expect(crawled).toEqual({
      pages: ['/'],
      errors: [],
      web: ['/ link-broken /missing.psd'],
      notes: [
        '4 URLs read from /sitemap.xml',
        'checked 2 link targets outside the run\'s pages (0 on other hosts)',
        '3 URLs left out by include/exclude patterns',
        '2 links to files (PDFs, images, archives…) checked as link targets, not crawled as pages',
        '1 URL answered with something other than HTML; not audited',
      ],
    });
  });

  it('decodes windows-1252 from the header, and Shift_JIS and ISO-8859-1 from <meta charset>', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    // 日本語のページ in Shift_JIS.
    const japanese = Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x82, 0xcc, 0x83, 0x79, 0x81, 0x5b, 0x83, 0x57]);
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/cp1252'), u('/sjis'), u('/latin1')),
      '/cp1252': ok(latin1('<!doctype html><html lang="fr"><title>Caf\u00e9 \u2013 menu</title><h1>x</h1></html>'.replace('\u2013', '\x96')), 'text/html; charset=windows-1252'),
      '/sjis': ok(
        Buffer.concat([Buffer.from('<!doctype html><html lang="ja"><head><meta charset="Shift_JIS"><title>'), japanese, Buffer.from('</title></head><h1>x</h1></html>')]),
        'text/html',
      ),
      '/latin1': ok(latin1('<!doctype html><html lang="fr"><head><meta charset="iso-8859-1"><title>Cr\u00e8me br\u00fbl\u00e9e</title></head><h1>x</h1></html>'), 'text/html'),
    }));
    const result = await audit({ target: server.url('/sitemap.xml') });
    expect(result.errors).toEqual([]);
    expect(finding(result, server.url('/cp1252'), 'title-too-short')?.value).toBe('Café – menu');
    expect(finding(result, server.url('/sjis'), 'title-too-short')?.value).toBe('日本語のページ');
    expect(finding(result, server.url('/latin1'), 'title-too-short')?.value).toBe('Crème brûlée');
    for (const p of result.pages) expect(p.warnings).toEqual([]);
  });
});

describe('traps and limits', () => {
  /** Answers every path under /deep with a link one level deeper, repeating "deep" each time. */
  const deep: Handler = (req, res) => {
    const path = new URL(req.url ?? '', 'http://x').pathname;
    const next = `${path}/deep/${path.split('/').filter(Boolean).length / 2 + 1}`;
    answer(req, res, 200, page(`A deep page of the trap site at ${path}`, next), { 'content-type': 'text/html' });
  };
  const deepPaths = ['/deep/1', '/deep/1/deep/2', '/deep/1/deep/2/deep/3', '/deep/1/deep/2/deep/3/deep/4', '/deep/1/deep/2/deep/3/deep/4/deep/5'];

  it('ends a crawl through endless query strings and ever-deeper paths, and names the trap', async () => {
    const server = await site(() => ({
      '/': page('Home page of the crawler trap site', '/search?q=1', '/deep/1'),
      '/search': (req, res) => {
        const q = Number(new URL(req.url ?? '', 'http://x').searchParams.get('q'));
        answer(req, res, 200, page(`Search results for query number ${q}`, `/search?q=${q + 1}`), { 'content-type': 'text/html' });
      },
      ...Object.fromEntries(deepPaths.map((p) => [p, deep])),
    }));
    const result = outcome(await audit({ target: server.url('/'), maxQueryVariants: 5 }), server);
    expect(result).toEqual({
      pages: ['/', '/search?q=1', '/deep/1', '/search?q=2', '/deep/1/deep/2', '/search?q=3', '/deep/1/deep/2/deep/3', '/search?q=4', '/search?q=5'],
      errors: [],
      web: [],
      notes: [
        'no sitemap found: robots.txt names none and /sitemap.xml is not there',
        '2 URLs skipped as a likely crawler trap (more than 5 query strings on one path, over 30 path segments, or a segment repeated): /deep/1/deep/2/deep/3/deep/4, /search',
      ],
    });
    expect(gets(server).filter((p) => p.startsWith('/search'))).toHaveLength(5);
    expect(gets(server).filter((p) => p.startsWith('/deep'))).toEqual(deepPaths.slice(0, 3));
  });

  it('stops at maxPages, counting each URL left out once, and checks none of them', async () => {
    const server = await site(() => ({
      '/': page('Home page of the max pages site', '/a', '/b', '/c'),
      '/a': page('Page A of the max pages site', '/b', '/d'),
      '/b': page('Page B of the max pages site'),
      '/c': page('Page C of the max pages site'),
      '/d': page('Page D of the max pages site'),
    }));
    const result = outcome(await audit({ target: server.url('/'), maxPages: 2 }), server);
    expect(result).toEqual({
      pages: ['/', '/a'],
      errors: [],
      web: [],
      notes: ['no sitemap found: robots.txt names none and /sitemap.xml is not there', '3 URLs not fetched: --max-pages 2 reached'],
    });
    expect(server.requests.map((r) => r.url).filter((p) => /^\/[bcd]$/.test(p))).toEqual([]);
  });

  it('stops at maxDepth, counting each URL left out once', async () => {
    const server = await site(() => ({
      '/': page('Home page of the max depth site', '/a', '/b'),
      '/a': page('Page A of the max depth site', '/deeper'),
      '/b': page('Page B of the max depth site', '/deeper'),
      '/deeper': page('A page two links from home'),
    }));
    const result = outcome(await audit({ target: server.url('/'), maxDepth: 1 }), server);
    expect(result).toEqual({
      pages: ['/', '/a', '/b'],
      errors: [],
      web: [],
      notes: ['no sitemap found: robots.txt names none and /sitemap.xml is not there', '1 URL deeper than --max-depth 1 not fetched'],
    });
    expect(server.requests.map((r) => r.url)).not.toContain('/deeper');
  });

  it('audits only included, not excluded pages, but always the start URL; links to the others are checked', async () => {
    const server = await site(() => ({
      '/': page('Home page of the patterns site', '/blog/one', '/blog/private/two', '/about'),
      '/blog/one': page('A blog post of the patterns site', '/blog/three'),
      '/blog/three': page('Another blog post of the patterns site'),
      '/blog/private/two': page('A private blog post'),
      '/about': page('About the patterns site'),
    }));
    const result = outcome(await audit({ target: server.url('/'), include: ['/blog/**'], exclude: ['**/private/**'] }), server);
    expect(result).toEqual({
      pages: ['/', '/blog/one', '/blog/three'],
      errors: [],
      web: [],
      notes: [
        'no sitemap found: robots.txt names none and /sitemap.xml is not there',
        "checked 2 link targets outside the run's pages (0 on other hosts)",
        '2 URLs left out by include/exclude patterns',
      ],
    });
    expect(server.requests.filter((r) => r.url === '/about' || r.url === '/blog/private/two').map((r) => `${r.method} ${r.url}`)).toEqual([
      'HEAD /blog/private/two',
      'HEAD /about',
    ]);
  });

  it('fetches each page once however its links spell it, and keeps apart what servers may tell apart', async () => {
    const server = await site((u) => ({
      '/': page(
        'Home page of the URL spelling site',
        '/p?x=1#frag',
        '/p?x=1',
        u('/p?x=1').replace('http://', 'HTTP://'),
        '/dir/../p?x=1',
        '/%7Euser/',
        '/%7euser/',
        '/~user/',
        `${u('')}:80/p?x=1`,
        '/P?x=1',
        '/p?x=1&y=2',
        '/p?y=2&x=1',
        '/dir',
        '/dir/',
      ),
      '/p': (req, res) => answer(req, res, 200, page(`The p page at ${req.url}`), { 'content-type': 'text/html' }),
      '/P': page('The P page of the URL spelling site'),
      '/~user/': page('The user page of the URL spelling site'),
      '/dir': page('The dir page without a slash'),
      '/dir/': page('The dir page with a slash'),
    }));
    const result = outcome(await audit({ target: server.url('/') }), server);
    const pages = ['/', '/p?x=1', '/~user/', '/P?x=1', '/p?x=1&y=2', '/p?y=2&x=1', '/dir', '/dir/'];
    expect(result).toEqual({ pages, errors: [], web: [], notes: ['no sitemap found: robots.txt names none and /sitemap.xml is not there'] });
    // Fetched concurrently, so in any order; each once.
    expect(gets(server).filter((p) => !p.endsWith('.txt') && !p.endsWith('.xml') && p !== PROBE_PATH).sort()).toEqual([...pages].sort());
  });
});

describe('stopping and ordering', () => {
  it('returns a partial result soon after the signal aborts, with the pages done so far', async () => {
    const server = await site(() => ({
      '/': page('Home page of the aborted crawl site', ...Array.from({ length: 20 }, (_, i) => `/p${i + 1}`)),
      ...Object.fromEntries(
        Array.from({ length: 20 }, (_, i): [string, Handler] => [
          `/p${i + 1}`,
          (req, res) => {
            // The first two answer at once, the rest only after 3 s.
            const timer = setTimeout(() => answer(req, res, 200, page(`Page ${i + 1} of the aborted crawl site`), { 'content-type': 'text/html' }), i < 2 ? 0 : 3000);
            res.on('close', () => clearTimeout(timer));
          },
        ]),
      ),
    }));
    const controller = new AbortController();
    const started = performance.now();
    const run = await audit(
      { target: server.url('/'), signal: controller.signal, http: { headersTimeoutMs: 10_000 } },
      { signal: controller.signal, onProgress: (p) => (p.done === 3 ? controller.abort() : undefined) },
    );
    // Stopped at the abort, not by the 10 s headers timeout of the pages still out.
    expect(performance.now() - started).toBeLessThan(6000);
    expect(run.partial).toBe(true);
    expect(outcome(run, server).pages).toEqual(['/', '/p1', '/p2']);
  });

  it.each([1, 2])('gives the same page order on every run, however answers interleave (workers: %i)', async (workers) => {
    const sections = [1, 2, 3, 4, 5, 6];
    const routes: Record<string, Route> = { '/': page('Home page of the ordering site', ...sections.map((s) => `/s${s}`)) };
    for (const s of sections) {
      routes[`/s${s}`] = jittered(page(`Section ${s} of the ordering site`, `/s${s}/a`, `/s${s}/b`, '/', `/s${(s % 6) + 1}`));
      routes[`/s${s}/a`] = jittered(page(`Page a of section ${s} of the ordering site`, `/s${s}/b`));
      routes[`/s${s}/b`] = jittered(page(`Page b of section ${s} of the ordering site`, `/s${(s % 6) + 1}/a`));
    }
    const server = await site(() => routes);
    const expected = ['/', ...sections.map((s) => `/s${s}`), ...sections.flatMap((s) => [`/s${s}/a`, `/s${s}/b`])];
    for (let run = 0; run < 2; run++) {
      const signal = new AbortController().signal;
      const result = outcome(await audit({ target: server.url('/'), concurrency: 4, signal }, { workers, signal }), server);
      expect(result.pages).toEqual(expected);
      expect(result.errors).toEqual([]);
      // The crawl waited on answers many times; it put at most one listener on the caller's signal.
      expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1);
    }
  });
});

/** Answers after 0–15 ms at random, so fetches finish in a different order on every run. */
function jittered(body: string): Handler {
  return (req, res) => void setTimeout(() => answer(req, res, 200, body, { 'content-type': 'text/html' }), Math.random() * 15);
}

describe('the start URL', () => {
  it('follows a site URL that redirects to another origin, and crawls there', async () => {
    // 127.0.0.1 and localhost are two hosts of one server: a redirect between them is "example.com → www.example.com".
    const handlers: Record<string, Handler> = {
      '/': (req, res) =>
        req.headers.host?.startsWith('127.0.0.1')
          ? res.writeHead(301, { location: `http://${req.headers.host.replace('127.0.0.1', 'localhost')}/` }).end()
          : answer(req, res, 200, page('Home page on the canonical host', '/a'), { 'content-type': 'text/html' }),
      '/a': ok(page('Page A on the canonical host'), 'text/html'),
    };
    const routed = await serveSite(undefined, handlers);
    servers.push(routed);
    const from = routed.origin;
    const to = from.replace('127.0.0.1', 'localhost');
    const result = await audit({ target: `${from}/` });
    expect(result.pages.map((p) => p.url)).toEqual([`${to}/`, `${to}/a`]);
    expect(result.notes[0]).toBe(`${from}/ redirects to ${to}/: the crawl starts there and stays on ${new URL(to).host}`);
    expect(result.errors).toEqual([]);
  });

  it('a site that cannot be reached is a clear input error', async () => {
    const server = await site(() => ({}));
    const dead = server.origin;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await expect(webSource({ target: `${dead}/`, http: HTTP })).rejects.toThrow(new InputError(`${dead}/ could not be reached (connection refused (ECONNREFUSED) after 2 attempts). Check the URL and that the site is up.`));
  });

  it('a guessed /sitemap.xml that answers with HTML is a note, not an error', async () => {
    const server = await site(() => ({ '/': page('Home page of a single-page app'), '/sitemap.xml': (req, res) => answer(req, res, 200, page('App shell'), { 'content-type': 'text/html' }) }));
    const result = outcome(await audit({ target: server.url('/') }), server);
    expect(result.errors).toEqual([]);
    expect(result.pages).toEqual(['/']);
    expect(result.notes[0]).toMatch(/^no sitemap found: robots.txt names none and \/sitemap.xml is not one \(/);
  });

  it('canonical and hreflang targets are fetched, and judged by what they answer', async () => {
    const server = await site((u) => ({
      '/': `<!doctype html><html lang="en"><head><title>Home page with a canonical to a dead URL</title><link rel="canonical" href="${u('/gone')}"><link rel="alternate" hreflang="de" href="${u('/de/')}"><link rel="alternate" hreflang="en" href="${u('/')}"></head><body><h1>Home</h1></body></html>`,
      '/de/': redirect('/de/start'),
    }));
    const result = await audit({ target: server.url('/') });
    const home = result.pages[0]!;
    expect(home.findings.filter((f) => f.rule === 'canonical-invalid' || f.rule === 'hreflang-no-return-link').map((f) => `${f.rule} ${f.element}`)).toEqual([
      'canonical-invalid target-fails',
      `hreflang-no-return-link ${server.url('/de/')}`,
    ]);
    expect(gets(server)).toContain('/gone');
  });
});

describe('sitemap URLs with and without --crawl, and external links', () => {
  const routes = (u: (p: string) => string, external: string): Record<string, Route> => ({
    '/sitemap.xml': urlset(u('/'), u('/a')),
    '/': page('Home page of the sitemap crawl site', '/a', '/b', `${external}/gone`, `${external}/fine`),
    '/a': page('Page A of the sitemap crawl site'),
    '/b': page('Page B, which the sitemap does not list'),
  });

  it('without crawl, audits only the sitemap and checks the other internal links with HEAD', async () => {
    const outside = await site(() => ({ '/fine': page('fine') }));
    const server = await site((u) => routes(u, outside.origin));
    const result = outcome(await audit({ target: server.url('/sitemap.xml') }), server);
    expect(result.pages).toEqual(['/', '/a']);
    expect(result.web).toEqual([]);
    expect(server.requests.filter((r) => r.url === '/b').map((r) => r.method)).toEqual(['HEAD']);
    expect(outside.requests).toEqual([]);
  });

  it('with crawl, also audits the pages the sitemap misses; with checkExternal, checks other hosts', async () => {
    const outside = await site(() => ({ '/fine': page('fine') }));
    const server = await site((u) => routes(u, outside.origin));
    const result = await audit({ target: server.url('/sitemap.xml'), crawl: true, checkExternal: true });
    expect(result.source.kind).toBe('crawl');
    expect(outcome(result, server).pages).toEqual(['/', '/a', '/b']);
    const broken = result.pages[0]!.findings.filter((f) => f.rule === 'link-broken');
    expect(broken.map((f) => f.element)).toEqual([`${outside.origin}/gone`]);
    // Any failure to HEAD is asked again with GET (servers get HEAD wrong); a success is believed.
    expect(outside.requests.map((r) => `${r.method} ${r.url}`).sort()).toEqual(['GET /gone', 'HEAD /fine', 'HEAD /gone']);
  });
});

describe('link checks', () => {
  it('asks again with GET when HEAD is refused, and believes the GET', async () => {
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/')),
      '/': page('Home page of the link check site', '/no-head', '/no-head-gone'),
      '/no-head': (req, res) => (req.method === 'HEAD' ? res.writeHead(405).end() : answer(req, res, 200, page('fine'), { 'content-type': 'text/html' })),
      '/no-head-gone': (req, res) => (req.method === 'HEAD' ? res.writeHead(405).end() : answer(req, res, 410, page('gone'), { 'content-type': 'text/html' })),
    }));
    const result = outcome(await audit({ target: server.url('/sitemap.xml') }), server);
    expect(result.web).toEqual(['/ link-broken /no-head-gone']);
    expect(server.requests.filter((r) => r.url.startsWith('/no-head')).map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /no-head',
      'GET /no-head-gone',
      'HEAD /no-head',
      'HEAD /no-head-gone',
    ]);
  });
});

describe('redirects, robots.txt and politeness together', () => {
  it('does not follow a redirect into what robots.txt disallows, nor off the host; linked ones are no error', async () => {
    const server = await site((u) => ({
      '/robots.txt': 'User-agent: *\nDisallow: /private/\n',
      '/sitemap.xml': urlset(u('/'), u('/go')),
      '/': page('Home page of the redirect robots site', '/away'),
      '/go': redirect('/private/secret'),
      '/private/secret': page('Secret page robots.txt disallows'),
      '/away': redirect(u('/').replace('127.0.0.1', 'localhost')),
    }));
    const result = outcome(await audit({ target: server.url('/sitemap.xml'), crawl: true }), server);
    expect(gets(server)).not.toContain('/private/secret');
    expect(result.pages).toEqual(['/']);
    expect(result.errors).toEqual([
      `/go: redirects to /private/secret, which is robots.txt disallows it (/robots.txt line 2: Disallow: /private/); not audited`,
    ]);
    expect(result.web).toEqual(['/ link-to-redirect /away']);
  });

  it('spaces every request on the wire by Crawl-delay: redirect hops and retries too', async () => {
    let tries = 0;
    const server = await site((u) => ({
      '/robots.txt': 'User-agent: *\nCrawl-delay: 0.15\n',
      '/sitemap.xml': urlset(u('/r1')),
      '/r1': redirect('/r2'),
      '/r2': redirect('/end'),
      '/end': (req, res) => (++tries === 1 ? res.writeHead(503).end() : answer(req, res, 200, page('The end of the chain, after a retry'), { 'content-type': 'text/html' })),
    }));
    const result = outcome(await audit({ target: server.url('/sitemap.xml') }), server);
    expect(result.pages).toEqual(['/end']);
    const paths = server.requests.map((r) => r.url);
    const from = paths.indexOf('/r1', paths.indexOf('/sitemap.xml'));
    expect(paths.slice(from)).toEqual(['/r1', '/r2', '/end', '/end', PROBE_PATH]);
    expectSpaced(server, from, 150);
  });

  it('reads a sitemap robots.txt names on another host, listing this site\'s pages', async () => {
    // The sitemap is on a CDN: another server, reached as localhost so its host differs too.
    const handlers: Record<string, Handler> = {
      '/': ok(page('Home page of the CDN sitemap site', '/b'), 'text/html'),
      '/b': ok(page('Page B listed by the CDN sitemap'), 'text/html'),
    };
    const main = await serveSite(undefined, handlers);
    servers.push(main);
    const cdn = await serveSite(undefined, { '/maps/site.xml': ok(urlset(main.url('/'), main.url('/b')), 'application/xml') });
    servers.push(cdn);
    const cdnSitemap = `${cdn.origin.replace('127.0.0.1', 'localhost')}/maps/site.xml`;
    handlers['/robots.txt'] = ok(`User-agent: *\nSitemap: ${cdnSitemap}\n`, 'text/plain');
    const result = outcome(await audit({ target: main.url('/') }), main);
    expect(result.errors).toEqual([]);
    expect(result.pages).toEqual(['/', '/b']);
    expect(result.notes[0]).toBe(`2 URLs read from ${cdnSitemap}`);
  });

  it('follows a sitemap URL that redirects to another host, and audits its pages there', async () => {
    const handlers: Record<string, Handler> = {};
    const server = await serveSite(undefined, handlers);
    servers.push(server);
    const other = server.origin.replace('127.0.0.1', 'localhost');
    handlers['/sitemap.xml'] = (req, res) =>
      req.headers.host?.startsWith('127.0.0.1') ? res.writeHead(301, { location: `${other}/sitemap.xml` }).end() : answer(req, res, 200, urlset(`${other}/`), { 'content-type': 'application/xml' });
    handlers['/'] = ok(page('Home page on the host the sitemap moved to'), 'text/html');
    const result = await audit({ target: server.url('/sitemap.xml') });
    expect(result.pages.map((p) => p.url)).toEqual([`${other}/`]);
    expect(result.notes[0]).toBe(`${server.url('/sitemap.xml')} redirects to ${other}/sitemap.xml: the sitemap is read there and the audit stays on ${new URL(other).host}`);
  });

  it('gives up on a page that drips its answer slower than the request timeout', async () => {
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/'), u('/drip')),
      '/': page('Home page of the drip site'),
      '/drip': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => res.write('<p>x</p>'), 100);
        res.on('close', () => clearInterval(timer));
      },
    }));
    const started = performance.now();
    const result = outcome(await audit({ target: server.url('/sitemap.xml'), http: { retries: 0, requestTimeoutMs: 600 } }), server);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.pages).toEqual(['/']);
    expect(result.errors).toEqual(['/drip: no complete answer within 0.6 s after 1 attempt']);
  });

  it('reports no orphan pages when patterns or limits cut the crawl short', async () => {
    const routes = (u: (p: string) => string): Record<string, Route> => ({
      '/sitemap.xml': urlset(u('/'), u('/blog/post'), u('/shop/item')),
      '/': page('Home page of the orphan site', '/shop/', '/blog/'),
      '/shop/': page('Shop index of the orphan site', '/shop/item'),
      '/blog/': page('Blog index of the orphan site', '/blog/post'),
      '/shop/item': page('An item in the shop'),
      '/blog/post': page('A post in the blog'),
    });
    const cut = outcome(await audit({ target: (await site(routes)).url('/'), include: ['/blog/**'] }), servers.at(-1)!);
    expect(cut.web.filter((w) => w.includes('orphan-page'))).toEqual([]);
    const limited = outcome(await audit({ target: (await site(routes)).url('/'), maxPages: 3 }), servers.at(-1)!);
    expect(limited.web.filter((w) => w.includes('orphan-page'))).toEqual([]);
  });

  it('reads an HTML answer for robots.txt or llms.txt (a single-page app) as no file, with a note', async () => {
    const app = page('The app shell every path answers with');
    const server = await site((u) => ({ '/robots.txt': (req, res) => answer(req, res, 200, app, { 'content-type': 'text/html' }), '/llms.txt': (req, res) => answer(req, res, 200, app, { 'content-type': 'text/html' }), '/sitemap.xml': urlset(u('/')), '/': app }));
    const result = outcome(await audit({ target: server.url('/sitemap.xml') }), server);
    expect(result.web).toEqual([]);
    expect(result.notes[0]).toBe('/robots.txt answers with an HTML page, not a robots.txt: read as no robots.txt');
  });

  it('refuses a URL with a password, without repeating it', async () => {
    const error = await webSource({ target: 'https://alice:s3cret@shop.example/sitemap.xml' }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe('https://shop.example/sitemap.xml: URLs with a user name or password are not supported; remove them from the URL (the credentials are not shown here)');
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe('stopping during link checks', () => {
  it('returns at once when stopped while links are checked, and calls no link broken that was only abandoned', async () => {
    const slow = (_req: IncomingMessage, res: ServerResponse): void => {
      const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page('late')), 3000);
      res.on('close', () => clearTimeout(timer));
    };
    const server = await site((u) => ({
      '/sitemap.xml': urlset(u('/')),
      '/': page('Home page of the slow link site', '/s1', '/s2', '/s3'),
      '/s1': slow,
      '/s2': slow,
      '/s3': slow,
    }));
    const controller = new AbortController();
    const started = performance.now();
    const run = audit({ target: server.url('/sitemap.xml'), delayMs: 50, http: { retries: 0, headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000 } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 400);
    const result = await run;
    // Stopped at the abort (0.4 s), not by the 10 s timeouts of the slow pages.
    expect(performance.now() - started).toBeLessThan(6000);
    expect(result.partial).toBe(true);
    expect(outcome(result, server).web).toEqual([]);
  });
});
