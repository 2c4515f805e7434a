// The web rules that need more than the pages: the site's answer to a URL that cannot exist
// (soft-404), image sizes (image-too-large), time to first byte (response-slow), headers
// (security-headers-missing) and click depth (page-too-deep), against a real server on 127.0.0.1.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runAudit, type AuditResult } from '../audit.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import type { RuleSettings } from '../engine/config.js';
import { serveSite, type Handler, type SiteServer } from '../testing/site-server.js';
import { webSource, type WebSourceOptions } from './web.js';
import { PROBE_PATH } from './web/not-found.js';

const HTTP = { retries: 0, headersTimeoutMs: 2000, bodyTimeoutMs: 2000 };
const servers: SiteServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function site(routes: Record<string, Handler>, fallback?: Handler): Promise<SiteServer> {
  const handlers: Record<string, Handler> = { ...routes };
  const server = await serveSite(undefined, handlers);
  servers.push(server);
  if (fallback) handlers[PROBE_PATH] = fallback;
  return server;
}

function send(status: number, body: string | Buffer, headers: Record<string, string> = {}, options: { length?: boolean; delayMs?: number } = {}): Handler {
  return (req: IncomingMessage, res: ServerResponse) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const go = (): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers, ...(options.length === false ? {} : { 'content-length': String(bytes.length) }) });
      res.end(req.method === 'HEAD' ? undefined : bytes);
    };
    if (options.delayMs) setTimeout(go, options.delayMs);
    else go();
  };
}

const html = (title: string, body = '') => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
const links = (...hrefs: string[]) => hrefs.map((h) => `<a href="${h}">${h}</a>`).join('');

async function audit(options: WebSourceOptions, ruleSettings?: RuleSettings): Promise<AuditResult> {
  return runAudit({ source: await webSource({ ...options, http: { ...HTTP, ...options.http } }), weights: DEFAULT_WEIGHTS, workers: 1, ...(ruleSettings ? { ruleSettings } : {}) });
}

function findings(result: AuditResult, server: SiteServer, rule: string): string[] {
  const rel = (t: string) => t.split(server.origin).join('');
  return result.pages.flatMap((p) => p.findings.filter((f) => f.rule === rule).map((f) => `${rel(p.url)}: ${rel(f.message)}`));
}

const ERROR_TEXT = 'We looked everywhere, but this page has gone walkabout. Try the search box, or head back to the home page.';

describe('soft-404 over HTTP', () => {
  it('asks for a URL that cannot exist once, and finds pages that answer 200 with the 404 page or say "not found"', async () => {
    const server = await site(
      {
        '/': send(200, html('Home', links('/old', '/p', '/gone'))),
        '/old': send(200, `<title>Shop</title><main><p>${ERROR_TEXT}</p></main>`),
        '/p': send(200, html('Product not found')),
        '/gone': send(404, html('Gone')),
      },
      send(404, `<title>Shop</title><main><p>${ERROR_TEXT}</p></main>`),
    );
    const result = await audit({ target: server.url('/') });
    expect(findings(result, server, 'soft-404')).toEqual([
      `/old: The page answered HTTP 200, but its main text is the site’s 404 page (what ${PROBE_PATH} answered).`,
      '/p: The page answered HTTP 200, but its title "Product not found" says the page was not found.',
    ]);
    expect(server.requests.filter((r) => r.url === PROBE_PATH).map((r) => r.method)).toEqual(['GET']);
  });

  it('reports a site that answers a URL that cannot exist with 200 on its home page, and with a redirect home', async () => {
    const ok = await site({ '/': send(200, html('Home')) }, send(200, html('Home')));
    expect(findings(await audit({ target: ok.url('/') }), ok, 'soft-404')).toEqual([`/: ${PROBE_PATH}, a URL that cannot exist, answers HTTP 200: the site answers missing pages with something other than 404.`]);
    const home = await site({ '/': send(200, html('Home')) }, (_req, res) => res.writeHead(302, { location: '/' }).end());
    expect(findings(await audit({ target: home.url('/') }), home, 'soft-404')).toEqual([`/: ${PROBE_PATH}, a URL that cannot exist, redirects (HTTP 302) to /: the site answers missing pages with something other than 404.`]);
    // The redirect was not followed: one request for the probe.
    expect(home.requests.filter((r) => r.url === PROBE_PATH)).toHaveLength(1);
  });

  it('makes no probe when told not to (the CLI does so when soft-404 is off), or where robots.txt disallows it', async () => {
    const server = await site({ '/': send(200, html('Home')), '/robots.txt': send(200, `User-agent: *\nDisallow: ${PROBE_PATH}\n`, { 'content-type': 'text/plain' }) });
    await audit({ target: server.url('/') });
    await audit({ target: server.url('/'), probeNotFound: false, ignoreRobots: true });
    expect(server.requests.filter((r) => r.url === PROBE_PATH)).toEqual([]);
  });
});

describe('image-too-large over HTTP', () => {
  it('sizes each image once by HEAD, reads it with GET when HEAD gives no length, and leaves other hosts to --check-external', async () => {
    const cdn = await site({ '/hero.jpg': send(200, Buffer.alloc(300 * 1024), { 'content-type': 'image/jpeg' }) });
    const server = await site({
      '/': send(200, html('Home', `<img src="/big.jpg" alt=""><img src="/small.png" alt=""><img src="/chunked.jpg" alt=""><img src="${cdn.url('/hero.jpg')}" alt="">${links('/p')}`)),
      '/p': send(200, html('P', '<img src="/big.jpg" alt="">')),
      '/big.jpg': send(200, Buffer.alloc(150 * 1024), { 'content-type': 'image/jpeg' }),
      '/small.png': send(200, Buffer.alloc(10 * 1024), { 'content-type': 'image/png' }),
      '/chunked.jpg': send(200, Buffer.alloc(120 * 1024), { 'content-type': 'image/jpeg' }, { length: false }),
    });
    const result = await audit({ target: server.url('/') });
    expect(findings(result, server, 'image-too-large').sort()).toEqual([
      '/: The image /big.jpg is 150.0 KB, over 100 KB.',
      '/: The image /chunked.jpg is 120.0 KB, over 100 KB.',
      '/p: The image /big.jpg is 150.0 KB, over 100 KB.',
    ]);
    const asked = server.requests.filter((r) => /\.(jpg|png)$/.test(r.url)).map((r) => `${r.method} ${r.url}`).sort();
    expect(asked).toEqual(['GET /chunked.jpg', 'HEAD /big.jpg', 'HEAD /chunked.jpg', 'HEAD /small.png']);
    expect(cdn.requests).toEqual([]);
    expect(result.notes).toContain('1 image on other hosts not sized for image-too-large; --check-external sizes them');

    const external = await audit({ target: server.url('/'), checkExternal: true });
    expect(findings(external, server, 'image-too-large')).toContain(`/: The image ${cdn.url('/hero.jpg').split(server.origin).join('')} is 300.0 KB, over 100 KB.`);
    expect(cdn.requests.map((r) => r.method)).toEqual(['HEAD']);
  });

  it('asks nothing of images when told not to (image-too-large off)', async () => {
    const server = await site({ '/': send(200, html('Home', '<img src="/big.jpg" alt="">')), '/big.jpg': send(200, Buffer.alloc(150 * 1024)) });
    const result = await audit({ target: server.url('/'), checkImages: false });
    expect(findings(result, server, 'image-too-large').sort()).toEqual([]);
    expect(server.requests.filter((r) => r.url === '/big.jpg')).toEqual([]);
  });
});

describe('response-slow, security-headers-missing and page-too-deep over HTTP', () => {
  it('reports the time to first byte of a page slower than the limit, with the figure', async () => {
    const server = await site({ '/': send(200, html('Home', links('/slow'))), '/slow': send(200, html('Slow'), {}, { delayMs: 400 }) });
    const result = await audit({ target: server.url('/') }, { 'response-slow': ['low', { maxMs: 300 }] });
    const slow = result.pages.flatMap((p) => p.findings.filter((f) => f.rule === 'response-slow').map((f) => ({ url: p.url.slice(server.origin.length), value: f.value })));
    expect(slow).toHaveLength(1);
    expect(slow[0]!.url).toBe('/slow');
    expect(Number(/^(\d+) ms$/.exec(slow[0]!.value ?? '')?.[1])).toBeGreaterThanOrEqual(400);
  });

  it('reports each missing header as its own finding, from the headers the page was served with', async () => {
    const server = await site({
      '/': send(200, html('Home', links('/bare')), { 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'self'" }),
      '/bare': send(200, html('Bare')),
    });
    const result = await audit({ target: server.url('/') });
    // http://127.0.0.1: HSTS is not asked of http pages.
    // Sorted: findings of one rule are ordered by fingerprint, which holds the server's random port.
    expect(findings(result, server, 'security-headers-missing').sort()).toEqual(['/bare: No Content-Security-Policy header (or <meta http-equiv> in the head).', '/bare: No X-Content-Type-Options header.']);
  });

  it('counts clicks from the start page by the shortest path', async () => {
    const chain: Record<string, Handler> = { '/': send(200, html('Home', links('/1', '/x'))) };
    for (let i = 1; i <= 6; i++) chain[`/${i}`] = send(200, html(`Page ${i}`, links(`/${i + 1}`)));
    chain['/x'] = send(200, html('X', links('/5')));
    chain['/7'] = send(200, html('Page 7'));
    const server = await site(chain);
    const result = await audit({ target: server.url('/') });
    // /5 is 2 clicks away through /x: /6 is 3, /7 is 4; nothing is past 4.
    expect(findings(result, server, 'page-too-deep')).toEqual([]);
    const deeper = await audit({ target: server.url('/') }, { 'page-too-deep': ['low', { maxClicks: 2 }] });
    expect(findings(deeper, server, 'page-too-deep')).toEqual([
      '/3: The page is 3 clicks from the start page /, more than 2.',
      '/6: The page is 3 clicks from the start page /, more than 2.',
      '/4: The page is 4 clicks from the start page /, more than 2.',
      '/7: The page is 4 clicks from the start page /, more than 2.',
    ]);
  });
});

describe('meta refresh over HTTP: a redirect, not a page', () => {
  const stub = (to: string) => send(200, `<!doctype html><html><head><title>${to}</title><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=${to}"></head></html>`);

  it('follows a refresh as a redirect: the stub is no page, links to it redirect, the hop is in the chain', async () => {
    const server = await site({
      '/': send(200, html('Home', links('/old', '/new'))),
      '/old': stub('/new'),
      '/new': send(200, html('New', links('/'))),
      '/sitemap.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${server.url('/moved')}</loc></url></urlset>`),
      '/moved': (_req, res) => res.writeHead(301, { location: '/old' }).end(),
    });
    const result = await audit({ target: server.url('/') }, { 'redirect-chain': ['medium', { maxHops: 0 }] });
    expect(result.pages.map((p) => p.url.slice(server.origin.length))).toEqual(['/', '/new']);
    expect(findings(result, server, 'link-to-redirect')).toEqual(['/: Link to /old redirects to /new; link to /new directly.']);
    // Reached first from the sitemap's /moved: a 301, then the refresh.
    expect(findings(result, server, 'redirect-chain')).toEqual(['/new: Reaching this page takes 2 redirects: /moved (301) → /old (meta refresh) → /new.']);
  });

  it('ends a refresh loop at the page that starts it again, and leaves a refresh off the host unfollowed', async () => {
    const server = await site({
      '/': send(200, html('Home', links('/a', '/away'))),
      '/a': stub('/b'),
      '/b': stub('/a'),
      '/away': stub('https://elsewhere.example/'),
    });
    const result = await audit({ target: server.url('/') });
    expect(result.pages.map((p) => p.url.slice(server.origin.length))).toEqual(['/', '/b']);
    expect(result.errors).toEqual([]);
    expect(findings(result, server, 'link-to-redirect').sort()).toEqual(['/: Link to /a redirects to /b; link to /b directly.', '/: Link to /away redirects to https://elsewhere.example/; link to https://elsewhere.example/ directly.']);
  });
});
