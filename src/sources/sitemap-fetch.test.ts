import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../http/fetch.js';
import { startHttpServer, type TestServer } from '../testing/http-server.js';
import { MAX_SITEMAP_BYTES, readSitemaps, type ReadSitemapsOptions, type SitemapRead } from './sitemap-fetch.js';

let server: TestServer;
/** A second server: another host:port, for redirects across hosts. */
let other: TestServer;
let client: HttpClient | undefined;
/** Paths requested from `server`, in arrival order. */
let requests: string[];
let inFlight = 0;
let maxInFlight = 0;

const u = (path: string): string => server.url(path);
const o = (path: string): string => other.url(path);

/** One entry a line, so entry N of the list is on line N + 1. */
const urlset = (...locs: string[]): string =>
  ['<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...locs.map((l) => `<url><loc>${l}</loc></url>`), '</urlset>'].join('\n');
const index = (...locs: string[]): string =>
  ['<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`), '</sitemapindex>'].join('\n');

function send(res: ServerResponse, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/xml' }): void {
  res.writeHead(200, headers).end(body);
}
/** Answers after `ms`, counting how many answers are outstanding at once. */
function slow(ms: number, body: () => string): (req: unknown, res: ServerResponse) => void {
  return (_req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      send(res, body());
    }, ms);
  };
}

const hugeGzip = gzipSync(
  Buffer.concat([Buffer.from('<urlset><url><loc>http://127.0.0.1/a</loc></url>'), Buffer.alloc(MAX_SITEMAP_BYTES, 0x20), Buffer.from('</urlset>')]),
);

beforeAll(async () => {
  const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('\n');
  server = await startHttpServer({
    '/basic.xml': (_req, res) =>
      send(
        res,
        `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>${u('/a?x=1&amp;y=2')}</loc>
    <lastmod>2024-10-01</lastmod>
    <xhtml:link rel="alternate" hreflang="de" href="${u('/de/a')}"/>
    <xhtml:link rel="alternate" hreflang="x-default" href="${u('/a')}"/>
  </url>
  <url><loc>${u('/b')}</loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>`,
      ),

    '/gz/app-gzip.xml.gz': (_req, res) => send(res, gzipSync(urlset(u('/gz1'), u('/gz2'))), { 'content-type': 'application/gzip' }),
    '/gz/octet.xml.gz': (_req, res) => send(res, gzipSync(urlset(u('/gz3'))), { 'content-type': 'application/octet-stream' }),
    '/gz/encoded.xml': (_req, res) => send(res, gzipSync(urlset(u('/enc1'))), { 'content-type': 'application/xml', 'content-encoding': 'gzip' }),
    '/gz/cut.xml.gz': (_req, res) => {
      const gz = gzipSync(urlset(u('/cut1'), u('/cut2')));
      send(res, gz.subarray(0, gz.length - 12), { 'content-type': 'application/gzip' });
    },
    '/gz/huge.xml.gz': (_req, res) => send(res, hugeGzip, { 'content-type': 'application/gzip' }),

    '/text.txt': (_req, res) =>
      send(res, `${u('/t1')}\r\n\r\n   ${u('/t2')}  \nnot a url\nftp://files.example/t\nhttps://elsewhere.example/t\n${u('/t3')}`, {
        'content-type': 'text/plain; charset=utf-8',
      }),
    // The body decides: a text sitemap without text/plain, and an XML one sent as text/plain.
    '/text-octet': (_req, res) => send(res, `\n${u('/t4')}\n`, { 'content-type': 'application/octet-stream' }),
    '/xml-as-text.xml': (_req, res) => send(res, `\n  ${urlset(u('/x1'))}`, { 'content-type': 'text/plain' }),

    // index → a (index) → a1 (index) → a1x (urlset): three index levels. The first leaf is
    // the slowest, so fetched-later sitemaps finish first and order has to be restored.
    '/nest/index.xml': (_req, res) => send(res, index(u('/nest/a.xml'), u('/nest/b.xml'), u('/nest/c.xml'))),
    '/nest/a.xml': (_req, res) => send(res, index(u('/nest/a1.xml'), u('/nest/a2.xml'))),
    '/nest/a1.xml': (_req, res) => send(res, index(u('/nest/a1x.xml'))),
    '/nest/a1x.xml': slow(60, () => urlset(u('/p/a1x-1'), u('/p/a1x-2'))),
    '/nest/a2.xml': slow(5, () => urlset(u('/p/a2'))),
    '/nest/b.xml': (_req, res) => send(res, urlset(u('/p/b'))),
    '/nest/c.xml': (_req, res) => send(res, index(u('/nest/c1.xml'))),
    '/nest/c1.xml': (_req, res) => send(res, urlset(u('/p/c1'))),

    '/wide/index.xml': (_req, res) => send(res, index(...[1, 2, 3, 4, 5, 6].map((n) => u(`/wide/${n}.xml`)))),
    ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`/wide/${n}.xml`, slow(50, () => urlset(u(`/p/wide-${n}`)))])),

    '/loop/index.xml': (_req, res) => send(res, index(u('/loop/index.xml'), u('/loop/a.xml'), u('/loop/b.xml'), u('/loop/moved.xml'))),
    '/loop/a.xml': (_req, res) => send(res, index(u('/loop/index.xml'), u('/loop/b.xml'))),
    '/loop/b.xml': (_req, res) => send(res, urlset(u('/p/loop-b'))),
    '/loop/moved.xml': (_req, res) => res.writeHead(301, { location: '/loop/b.xml' }).end(),

    '/broken/index.xml': (_req, res) => send(res, index(u('/broken/missing.xml'), u('/broken/ok.xml'), u('/broken/503.xml'))),
    '/broken/ok.xml': (_req, res) => send(res, urlset(u('/p/ok'))),
    '/broken/503.xml': (_req, res) => res.writeHead(503).end('down'),
    '/broken/truncated.xml': (_req, res) => send(res, `<urlset>\n<url><loc>${u('/p/t')}</loc></url>\n<url><loc>${u('/p/u')}</loc>`),
    '/broken/soft-404.xml': (_req, res) => send(res, '<!doctype html>\n<html><body>Not found</body></html>', { 'content-type': 'text/html' }),
    '/broken/empty.xml': (_req, res) => send(res, ' \n '),

    '/hosts/index.xml': (_req, res) =>
      send(res, index(u('/hosts/own.xml'), 'https://cdn.elsewhere.example/sitemap.xml', '/relative.xml', u('/hosts/redirect.xml'))),
    '/hosts/own.xml': (_req, res) => send(res, urlset(u('/p/own'), 'https://elsewhere.example/p', '/p/relative', 'mailto:a@b.example', u('/p/own-2'))),
    '/hosts/redirect.xml': (_req, res) => res.writeHead(302, { location: o('/moved-sitemap.xml') }).end(),

    '/dedupe/index.xml': (_req, res) => send(res, index(u('/dedupe/1.xml'), u('/dedupe/2.xml'))),
    '/dedupe/1.xml': (_req, res) => send(res, urlset(u('/p/d1'), u('/p/d2'), u('/p/d1'))),
    '/dedupe/2.xml': (_req, res) => send(res, urlset(u('/p/d2'), u('/p/d3'), u('/p/d1'))),

    '/cap/index.xml': (_req, res) => send(res, index(u('/cap/1.xml'), u('/cap/2.xml'), u('/cap/3.xml'))),
    '/cap/1.xml': (_req, res) => send(res, urlset(u('/p/c-1'), u('/p/c-2'), u('/p/c-3'))),
    '/cap/2.xml': (_req, res) => send(res, urlset(u('/p/c-3'), u('/p/c-4'), u('/p/c-5'), u('/p/c-6'))),
    '/cap/3.xml': (_req, res) => send(res, urlset(u('/p/c-7'))),

    '/robots/index.xml': (_req, res) => send(res, index(u('/private/s.xml'), u('/robots/public.xml'))),
    '/robots/public.xml': (_req, res) => send(res, urlset(u('/p/public'))),
    '/private/s.xml': (_req, res) => send(res, urlset(u('/p/secret'))),
    '/private/root.xml': (_req, res) => send(res, urlset(u('/p/secret-root'))),

    '/hostile/lol.xml': (_req, res) =>
      send(res, `<?xml version="1.0"?>\n<!DOCTYPE urlset [\n<!ENTITY l0 "aaaaaaaaaa">\n${lol}\n]>\n<urlset><url><loc>${u('/&l9;')}</loc></url></urlset>`),
    '/hostile/xxe.xml': (_req, res) =>
      send(res, `<?xml version="1.0"?>\n<!DOCTYPE urlset [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n<urlset><url><loc>${u('/&x;')}</loc></url></urlset>`),
  });
  other = await startHttpServer({
    // Reached by a redirect from `server`: its own host is accepted (it answered), and so is
    // the host the sitemap was asked for; a third host is not.
    '/moved-sitemap.xml': (_req, res) => send(res, urlset(o('/p/final-host'), u('/p/asked-host'), 'https://elsewhere.example/q')),
  });
});

beforeEach(() => {
  requests = [];
  inFlight = 0;
  maxInFlight = 0;
});

afterAll(async () => {
  await client?.close();
  await server.close();
  await other.close();
});

/** Reads with a real HTTP client (no retries), recording what was asked of `server`. */
async function read(roots: string[], options: Omit<ReadSitemapsOptions, 'fetch'> = {}, maxBytes?: number): Promise<SitemapRead> {
  const shared = (client ??= createHttpClient({ retries: 0 }));
  const http = maxBytes === undefined ? shared : createHttpClient({ retries: 0, maxBytes });
  try {
    return await readSitemaps(roots, {
      ...options,
      fetch: (url) => {
        if (url.startsWith(u('/'))) requests.push(new URL(url).pathname);
        return http.fetchPage(url);
      },
    });
  } finally {
    if (http !== shared) await http.close();
  }
}

const locs = (result: SitemapRead): string[] => result.urls.map((entry) => entry.loc);

describe('readSitemaps', () => {
  it('reads a urlset with lastmod and xhtml:link alternates, naming the sitemap and line of each URL', async () => {
    const result = await read([u('/basic.xml')]);
    expect(result).toEqual({
      urls: [
        {
          loc: u('/a?x=1&y=2'),
          lastmod: '2024-10-01',
          alternates: [
            { hreflang: 'de', href: u('/de/a') },
            { hreflang: 'x-default', href: u('/a') },
          ],
          sitemap: u('/basic.xml'),
          line: 3,
        },
        { loc: u('/b'), sitemap: u('/basic.xml'), line: 9 },
      ],
      sitemaps: [u('/basic.xml')],
      problems: [{ origin: u('/basic.xml'), message: 'line 10: <url> without <loc> was skipped' }],
      losses: [],
    });
  });

  it('gunzips .xml.gz files sent without Content-Encoding, and reads gzip Content-Encoding', async () => {
    const roots = ['/gz/app-gzip.xml.gz', '/gz/octet.xml.gz', '/gz/encoded.xml'].map(u);
    const result = await read(roots);
    expect(locs(result)).toEqual([u('/gz1'), u('/gz2'), u('/gz3'), u('/enc1')]);
    expect(result.urls[1]).toEqual({ loc: u('/gz2'), sitemap: u('/gz/app-gzip.xml.gz'), line: 3 });
    expect(result.sitemaps).toEqual(roots);
    expect(result.problems).toEqual([]);
  });

  it('never uses a cut-off gzip file or one that unpacks past 50 MB', async () => {
    const started = performance.now();
    const result = await read([u('/gz/cut.xml.gz'), u('/gz/huge.xml.gz')]);
    expect(result).toEqual({
      urls: [],
      sitemaps: [],
      problems: [
        { origin: u('/gz/cut.xml.gz'), message: 'cannot gunzip: unexpected end of file; not read' },
        { origin: u('/gz/huge.xml.gz'), message: 'decompresses to more than 50 MB (the sitemaps.org limit); not read' },
      ],
      losses: [],
    });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('reads plain-text sitemaps: one URL a line, blank lines skipped, bad lines reported with their number', async () => {
    const result = await read([u('/text.txt'), u('/text-octet'), u('/xml-as-text.xml')]);
    expect(result.urls).toEqual([
      { loc: u('/t1'), sitemap: u('/text.txt'), line: 1 },
      { loc: u('/t2'), sitemap: u('/text.txt'), line: 3 },
      { loc: u('/t3'), sitemap: u('/text.txt'), line: 7 },
      { loc: u('/t4'), sitemap: u('/text-octet'), line: 2 },
      { loc: u('/x1'), sitemap: u('/xml-as-text.xml'), line: 3 },
    ]);
    expect(result.problems).toEqual([
      { origin: u('/text.txt'), url: 'not a url', message: 'line 4: "not a url" is not an absolute http(s) URL; skipped' },
      { origin: u('/text.txt'), url: 'ftp://files.example/t', message: 'line 5: "ftp://files.example/t" is not an absolute http(s) URL; skipped' },
      {
        origin: u('/text.txt'),
        url: 'https://elsewhere.example/t',
        message: 'line 6: https://elsewhere.example/t is on another host than the sitemap, which sitemaps.org forbids; skipped',
      },
    ]);
  });

  it('reads indexes nested three levels deep, in document order although the children are fetched concurrently', async () => {
    const result = await read([u('/nest/index.xml')]);
    expect(locs(result)).toEqual(['/p/a1x-1', '/p/a1x-2', '/p/a2', '/p/b', '/p/c1'].map(u));
    expect(result.urls[1]).toEqual({ loc: u('/p/a1x-2'), sitemap: u('/nest/a1x.xml'), line: 3 });
    expect(result.sitemaps).toEqual(['index', 'a', 'a1', 'a1x', 'a2', 'b', 'c', 'c1'].map((n) => u(`/nest/${n}.xml`)));
    expect(result.problems).toEqual([]);
    // b.xml was asked for before the slow a1x.xml, which was read first.
    expect(requests.indexOf('/nest/b.xml')).toBeLessThan(requests.indexOf('/nest/a1x.xml'));
  });

  it('fetches at most `concurrency` sitemaps at once', async () => {
    const wide = ['/p/wide-1', '/p/wide-2', '/p/wide-3', '/p/wide-4', '/p/wide-5', '/p/wide-6'].map(u);
    const three = await read([u('/wide/index.xml')], { concurrency: 3 });
    expect(locs(three)).toEqual(wide);
    expect(maxInFlight).toBe(3);
    maxInFlight = 0;
    const one = await read([u('/wide/index.xml')], { concurrency: 1 });
    expect(locs(one)).toEqual(wide);
    expect(maxInFlight).toBe(1);
  });

  it('reads no index nested deeper than maxDepth, naming the index, the line and the limit', async () => {
    const result = await read([u('/nest/index.xml')], { maxDepth: 2 });
    expect(locs(result)).toEqual(['/p/a2', '/p/b', '/p/c1'].map(u));
    expect(result.sitemaps).toEqual(['index', 'a', 'a1', 'a2', 'b', 'c', 'c1'].map((n) => u(`/nest/${n}.xml`)));
    expect(result.problems).toEqual([
      {
        origin: u('/nest/a1.xml'),
        url: u('/nest/a1x.xml'),
        message: `line 2: ${u('/nest/a1x.xml')} is nested deeper than 2 sitemap index levels (maxDepth); not read`,
      },
    ]);
    expect(requests).not.toContain('/nest/a1x.xml');
  });

  it('reads each sitemap once when indexes loop, list one twice or redirect to one already read', async () => {
    const result = await read([u('/loop/index.xml'), u('/loop/b.xml')]);
    expect(result.urls).toEqual([{ loc: u('/p/loop-b'), sitemap: u('/loop/b.xml'), line: 2 }]);
    expect(result.sitemaps).toEqual([u('/loop/index.xml'), u('/loop/a.xml'), u('/loop/b.xml')]);
    expect(result.problems).toEqual([
      { origin: u('/loop/index.xml'), url: u('/loop/index.xml'), message: 'line 2: the sitemap index lists itself; read once' },
      { origin: u('/loop/a.xml'), url: u('/loop/index.xml'), message: `line 2: ${u('/loop/index.xml')} was already read; read once` },
      { origin: u('/loop/index.xml'), url: u('/loop/b.xml'), message: `line 4: ${u('/loop/b.xml')} was already read; read once` },
      { origin: u('/loop/moved.xml'), message: `redirects to ${u('/loop/b.xml')}, which was already read; read once` },
      { origin: u('/loop/b.xml'), message: 'was already read; read once' },
    ]);
    expect(requests.filter((p) => p === '/loop/index.xml')).toHaveLength(1);
  });

  it('reports sitemaps that answer an error or cannot be reached, and still reads the others', async () => {
    const gone = await startHttpServer({});
    const refused = gone.url('/sitemap.xml');
    await gone.close();
    const result = await read([u('/broken/index.xml'), refused]);
    expect(result.urls).toEqual([{ loc: u('/p/ok'), sitemap: u('/broken/ok.xml'), line: 2 }]);
    expect(result.sitemaps).toEqual([u('/broken/index.xml'), u('/broken/ok.xml')]);
    expect(result.problems).toEqual([
      { origin: u('/broken/missing.xml'), message: 'answered HTTP 404' },
      { origin: u('/broken/503.xml'), message: 'answered HTTP 503' },
      { origin: refused, message: 'cannot fetch: connection refused (ECONNREFUSED) after 1 attempt' },
    ]);
  });

  it('reports malformed, non-sitemap, empty and cut-off answers with the line, and reads nothing from them', async () => {
    const result = await read([u('/broken/truncated.xml'), u('/broken/soft-404.xml'), u('/broken/empty.xml')]);
    expect(result).toEqual({
      urls: [],
      sitemaps: [],
      problems: [
        { origin: u('/broken/truncated.xml'), message: 'line 3: <url> is never closed: the file looks truncated' },
        { origin: u('/broken/soft-404.xml'), message: 'line 2: not a sitemap: the root element is <html>, expected <urlset> or <sitemapindex>' },
        { origin: u('/broken/empty.xml'), message: 'the answer is empty; no URLs' },
      ],
      losses: [],
    });
    const cut = await read([u('/nest/b.xml')], {}, 64);
    expect(cut).toEqual({
      urls: [],
      sitemaps: [],
      problems: [{ origin: u('/nest/b.xml'), message: 'the answer was cut off at 64 bytes (the fetch size cap); not read' }],
      losses: [],
    });
  });

  it('skips URLs and child sitemaps on another host or not absolute http(s); a redirected sitemap may list its old and new host', async () => {
    const result = await read([u('/hosts/index.xml'), 'not a url', 'ftp://files.example/sitemap.xml']);
    expect(result.urls).toEqual([
      { loc: u('/p/own'), sitemap: u('/hosts/own.xml'), line: 2 },
      { loc: u('/p/own-2'), sitemap: u('/hosts/own.xml'), line: 6 },
      { loc: o('/p/final-host'), sitemap: u('/hosts/redirect.xml'), line: 2 },
      { loc: u('/p/asked-host'), sitemap: u('/hosts/redirect.xml'), line: 3 },
    ]);
    expect(result.sitemaps).toEqual([u('/hosts/index.xml'), u('/hosts/own.xml'), u('/hosts/redirect.xml')]);
    const elsewhere = 'is on another host than the sitemap, which sitemaps.org forbids; skipped';
    expect(result.problems).toEqual([
      { origin: u('/hosts/own.xml'), url: 'https://elsewhere.example/p', message: `line 3: https://elsewhere.example/p ${elsewhere}` },
      { origin: u('/hosts/own.xml'), url: '/p/relative', message: 'line 4: "/p/relative" is not an absolute http(s) URL; skipped' },
      { origin: u('/hosts/own.xml'), url: 'mailto:a@b.example', message: 'line 5: "mailto:a@b.example" is not an absolute http(s) URL; skipped' },
      {
        origin: u('/hosts/index.xml'),
        url: 'https://cdn.elsewhere.example/sitemap.xml',
        message: `line 3: https://cdn.elsewhere.example/sitemap.xml ${elsewhere}`,
      },
      { origin: u('/hosts/index.xml'), url: '/relative.xml', message: 'line 4: "/relative.xml" is not an absolute http(s) URL; skipped' },
      { origin: u('/hosts/redirect.xml'), url: 'https://elsewhere.example/q', message: `line 4: https://elsewhere.example/q ${elsewhere}` },
      { origin: 'not a url', message: 'is not an absolute http(s) URL; not read' },
      { origin: 'ftp://files.example/sitemap.xml', message: 'is not an absolute http(s) URL; not read' },
    ]);
  });

  it('keeps the first listing of a URL listed twice', async () => {
    const result = await read([u('/dedupe/index.xml')]);
    expect(result.urls).toEqual([
      { loc: u('/p/d1'), sitemap: u('/dedupe/1.xml'), line: 2 },
      { loc: u('/p/d2'), sitemap: u('/dedupe/1.xml'), line: 3 },
      { loc: u('/p/d3'), sitemap: u('/dedupe/2.xml'), line: 3 },
    ]);
    expect(result.problems).toEqual([]);
  });

  it('stops at maxUrls unique URLs with a loss (not a problem of the site), and fetches no sitemap queued after that', async () => {
    const result = await read([u('/cap/index.xml')], { maxUrls: 4, concurrency: 1, maxUrlsName: '--max-pages 4' });
    expect(locs(result)).toEqual(['/p/c-1', '/p/c-2', '/p/c-3', '/p/c-4'].map(u));
    expect(result.sitemaps).toEqual([u('/cap/index.xml'), u('/cap/1.xml'), u('/cap/2.xml')]);
    expect(result.problems).toEqual([]);
    expect(result.losses).toEqual([
      `sitemaps: stopped at 4 URLs (--max-pages 4); ${u('/p/c-5')} (${u('/cap/2.xml')} line 4) and every URL listed after it were not read`,
    ]);
    expect(requests).toEqual(['/cap/index.xml', '/cap/1.xml', '/cap/2.xml']);

    // Exactly maxUrls URLs is no loss: nothing was left out.
    const exact = await read([u('/cap/index.xml')], { maxUrls: 7 });
    expect(locs(exact)).toHaveLength(7);
    expect(exact.problems).toEqual([]);
    expect(exact.losses).toEqual([]);
  });

  it('fetches at most maxSitemaps sitemaps (prefetches included) and says how many listed ones were left unread', async () => {
    const result = await read([u('/cap/index.xml')], { maxSitemaps: 2, concurrency: 4 });
    expect(result.sitemaps).toEqual([u('/cap/index.xml'), u('/cap/1.xml')]);
    expect(locs(result)).toEqual(['/p/c-1', '/p/c-2', '/p/c-3'].map(u));
    expect(result.problems).toEqual([]);
    expect(result.losses).toEqual([`sitemaps: stopped at 2 sitemaps (the most one run reads); 2 more listed sitemaps, from ${u('/cap/2.xml')}, and the URLs in them were not read`]);
    expect([...requests].sort()).toEqual(['/cap/1.xml', '/cap/index.xml']);
    // Exactly maxSitemaps is no loss.
    expect((await read([u('/cap/index.xml')], { maxSitemaps: 4 })).losses).toEqual([]);
  });

  it('fetches no more sitemaps once the signal aborts, and returns what was read with a loss', async () => {
    const stop = new AbortController();
    const result = await read([u('/cap/index.xml')], {
      concurrency: 1,
      signal: stop.signal,
      allowed: (url) => {
        // Aborted while the index's children are being admitted: after /cap/1.xml is read.
        if (url === u('/cap/2.xml') && requests.includes('/cap/1.xml')) stop.abort();
        return true;
      },
    });
    expect(result.sitemaps).toEqual([u('/cap/index.xml'), u('/cap/1.xml')]);
    expect(result.losses).toEqual(['sitemaps: the run was stopped while they were read; the URLs of sitemaps not yet read were not seen']);
    expect(result.problems).toEqual([]);
    expect(requests).toEqual(['/cap/index.xml', '/cap/1.xml']);
  });

  it('fetches no sitemap that allowed() refuses', async () => {
    const allowed = (url: string): boolean => !new URL(url).pathname.startsWith('/private/');
    const result = await read([u('/robots/index.xml'), u('/private/root.xml')], { allowed });
    expect(result.urls).toEqual([{ loc: u('/p/public'), sitemap: u('/robots/public.xml'), line: 2 }]);
    expect(result.sitemaps).toEqual([u('/robots/index.xml'), u('/robots/public.xml')]);
    expect(result.problems).toEqual([
      { origin: u('/robots/index.xml'), url: u('/private/s.xml'), message: `line 2: ${u('/private/s.xml')} is disallowed by robots.txt; not fetched` },
      { origin: u('/private/root.xml'), message: 'is disallowed by robots.txt; not fetched' },
    ]);
    expect(requests.filter((p) => p.startsWith('/private/'))).toEqual([]);
  });

  it('expands no entities: billion laughs and XXE come back quickly with the reference left as it is', async () => {
    const started = performance.now();
    const result = await read([u('/hostile/lol.xml'), u('/hostile/xxe.xml')]);
    // Milliseconds; expanded, a billion "lol"s would take minutes and gigabytes.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.urls).toEqual([
      { loc: u('/&l9;'), sitemap: u('/hostile/lol.xml'), line: 14 },
      { loc: u('/&x;'), sitemap: u('/hostile/xxe.xml'), line: 5 },
    ]);
    expect(result.problems).toEqual([]);
    const text = JSON.stringify(result);
    expect(text).not.toContain('aaaaaaaaaa');
    expect(text).not.toContain('root:');
  });
});
