import type { ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../testing/http-server.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './fetch.js';

const HTML = '<!doctype html><title>Blue widget</title>';
const MiB = 1024 * 1024;

const hits: Record<string, number> = {};
const seenUserAgents: string[] = [];

function hit(path: string): number {
  hits[path] = (hits[path] ?? 0) + 1;
  return hits[path];
}

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location }).end('moved');
}

/** Writes `total` bytes of "a" in chunks, stopping quietly once the client has gone. */
function writeLarge(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
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
  res.on('error', () => undefined);
  res.writeHead(200, { 'content-type': 'text/plain' });
  pump();
}

let server: TestServer;
let client: HttpClient | undefined;
let sleeps: number[];

function clientWith(options: HttpClientOptions = {}): HttpClient {
  sleeps = [];
  client = createHttpClient({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return client;
}

beforeAll(async () => {
  server = await startHttpServer({
    '/page': (req, res) => {
      seenUserAgents.push(req.headers['user-agent'] ?? '');
      res.setHeader('X-Multi', ['a', 'b']);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(HTML);
    },
    '/gzip': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(HTML)),
    '/deflate': (_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(HTML)),
    '/br': (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(HTML)),
    '/r1': (_req, res) => redirect(res, 302, '/r2'),
    '/r2': (_req, res) => redirect(res, 301, server.url('/page')),
    '/loop-a': (_req, res) => redirect(res, 302, '/loop-b'),
    '/loop-b': (_req, res) => redirect(res, 302, '/loop-a'),
    '/hop': (req, res) => {
      const n = Number(new URL(req.url ?? '', 'http://x').searchParams.get('n') ?? 0);
      redirect(res, 307, `/hop?n=${n + 1}`);
    },
    '/500-then-200': (_req, res) => {
      if (hit('/500-then-200') === 1) res.writeHead(500).end('oops');
      else res.writeHead(200).end(HTML);
    },
    '/always-503': (_req, res) => res.writeHead(503).end('down'),
    '/429': (_req, res) => {
      if (hit('/429') === 1) res.writeHead(429, { 'retry-after': '1' }).end('slow down');
      else res.writeHead(200).end(HTML);
    },
    '/429-day': (_req, res) => res.writeHead(429, { 'retry-after': '999999' }).end('come back in 11 days'),
    '/429-long': (_req, res) => {
      hit('/429-long');
      res.writeHead(429, { 'retry-after': '50' }).end('slow down');
    },
    '/404': (_req, res) => {
      hit('/404');
      res.writeHead(404).end('gone');
    },
    '/reset': (req) => {
      hit('/reset');
      req.socket.destroy();
    },
    '/stall': () => undefined,
    '/drip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('<p>x</p>'), 50);
      res.on('close', () => clearInterval(timer));
    },
    '/big': (_req, res) => writeLarge(res, 6 * MiB),
    '/big-gzip': (_req, res) =>
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(3 * MiB, 'a'))),
  });
});

afterEach(async () => {
  await client?.close();
  client = undefined;
});

afterAll(async () => {
  await server.close();
});

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

describe('fetchPage', () => {
  it('returns status, lower-cased joined headers and body', async () => {
    const result = await clientWith().fetchPage(server.url('/page'));
    expect(result).toMatchObject({
      url: server.url('/page'),
      finalUrl: server.url('/page'),
      status: 200,
      truncated: false,
      redirects: [],
      attempts: 1,
    });
    expect(result.error).toBeUndefined();
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers['x-multi']).toBe('a, b');
    expect(text(result.body)).toBe(HTML);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('sends seo-ai/<version> as User-Agent', async () => {
    seenUserAgents.length = 0;
    await clientWith({ version: '1.2.3' }).fetchPage(server.url('/page'));
    expect(seenUserAgents).toEqual(['seo-ai/1.2.3']);
  });

  it.each(['/gzip', '/deflate', '/br'])('decodes %s bodies', async (path) => {
    const result = await clientWith().fetchPage(server.url(path));
    expect(text(result.body)).toBe(HTML);
  });

  it('records a redirect chain of two hops', async () => {
    const result = await clientWith().fetchPage(server.url('/r1'));
    expect(result.status).toBe(200);
    expect(result.finalUrl).toBe(server.url('/page'));
    expect(result.redirects).toEqual([
      { url: server.url('/r1'), status: 302, location: '/r2' },
      { url: server.url('/r2'), status: 301, location: server.url('/page') },
    ]);
    expect(text(result.body)).toBe(HTML);
  });

  it('reports a redirect loop naming the URLs', async () => {
    const result = await clientWith().fetchPage(server.url('/loop-a'));
    const [a, b] = [server.url('/loop-a'), server.url('/loop-b')];
    expect(result.error).toBe(`redirect loop: ${a} → ${b} → ${a}`);
    expect(result.redirects).toHaveLength(2);
  });

  it('stops after maxRedirects hops', async () => {
    const result = await clientWith({ maxRedirects: 3 }).fetchPage(server.url('/hop?n=0'));
    expect(result.error).toMatch(/^too many redirects \(more than 3\): .*\/hop\?n=0 → .*\/hop\?n=4$/);
    expect(result.redirects).toHaveLength(4);
  });

  it('retries a 500 with backoff and counts attempts', async () => {
    const result = await clientWith({ retryBaseDelayMs: 500 }).fetchPage(server.url('/500-then-200'));
    expect(result).toMatchObject({ status: 200, attempts: 2 });
    expect(text(result.body)).toBe(HTML);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(250);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
  });

  it('returns the last 5xx response when retries run out', async () => {
    const result = await clientWith({ retries: 2 }).fetchPage(server.url('/always-503'));
    expect(result).toMatchObject({ status: 503, attempts: 3 });
    expect(result.error).toBeUndefined();
    expect(text(result.body)).toBe('down');
  });

  it('honours Retry-After on 429', async () => {
    const result = await clientWith().fetchPage(server.url('/429'));
    expect(result).toMatchObject({ status: 200, attempts: 2 });
    expect(sleeps).toEqual([1000]);
  });

  it('ends the request at once, as an error naming it, when Retry-After is longer than maxRetryAfterMs', async () => {
    hits['/429'] = 0;
    const result = await clientWith({ maxRetryAfterMs: 300 }).fetchPage(server.url('/429'));
    expect(result).toMatchObject({ status: 429, attempts: 1, error: 'HTTP 429 with Retry-After: 1 is longer than the 0.3 s seo-ai waits to retry; not retried' });
    expect(sleeps).toEqual([]);
  });

  it('never waits for a Retry-After longer than the request timeout, and says 11.6 days as days', async () => {
    const result = await clientWith({ requestTimeoutMs: 30_000 }).fetchPage(server.url('/429-day'));
    expect(result).toMatchObject({ status: 429, attempts: 1, error: 'HTTP 429 with Retry-After: 999999 (11.6 days) is longer than the 30 s seo-ai waits to retry; not retried' });
    expect(sleeps).toEqual([]);
  });

  it('does not wait for a Retry-After that reaches past the run\'s deadline', async () => {
    hits['/429'] = 0;
    const result = await clientWith({ deadline: Date.now() + 500 }).fetchPage(server.url('/429'));
    expect(result.status).toBe(429);
    expect(result.error).toMatch(/^HTTP 429 with Retry-After: 1 is longer than the 0\.\d s left before the run's deadline \(--timeout\); not retried$/);
    expect(sleeps).toEqual([]);
  });

  it('ends a Retry-After wait at once when the run is stopped, without another request', async () => {
    hits['/429'] = 0;
    sleeps = [];
    client = createHttpClient({});
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const started = performance.now();
    const result = await client.fetchPage(server.url('/429-long'), { signal: stop.signal });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result).toMatchObject({ status: 0, attempts: 1, error: 'aborted after 1 attempt' });
    expect(hits['/429-long']).toBe(1);
  });

  it('does not retry a 404', async () => {
    const result = await clientWith().fetchPage(server.url('/404'));
    expect(result).toMatchObject({ status: 404, attempts: 1 });
    expect(hits['/404']).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a reset connection, then reports it', async () => {
    const result = await clientWith({ retries: 2 }).fetchPage(server.url('/reset'));
    expect(result.status).toBe(0);
    expect(result.attempts).toBe(3);
    expect(result.error).toMatch(
      /^connection (reset|closed by server) \((ECONNRESET|UND_ERR_SOCKET)\) after 3 attempts$/,
    );
    expect(hits['/reset']).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('reports a refused connection', async () => {
    const closed = await startHttpServer({});
    const url = closed.url('/');
    await closed.close();
    const result = await clientWith({ retries: 2 }).fetchPage(url);
    expect(result).toMatchObject({
      status: 0,
      attempts: 3,
      error: 'connection refused (ECONNREFUSED) after 3 attempts',
    });
  });

  it('times out waiting for headers', async () => {
    const result = await clientWith({ headersTimeoutMs: 200, retries: 0 }).fetchPage(server.url('/stall'));
    expect(result.status).toBe(0);
    expect(result.error).toBe('timeout waiting for response headers (UND_ERR_HEADERS_TIMEOUT) after 1 attempt');
    // 0.2 s and the test's own overhead; without the timeout it would wait for good (a loaded machine may take seconds).
    expect(result.elapsedMs).toBeLessThan(5000);
  });

  it('ends an answer that drips slower than the request timeout, even when garbage collections run meanwhile', async () => {
    // A timeout signal held only weakly (AbortSignal.timeout inside AbortSignal.any) is lost to a
    // collection before it fires, and the request then waits for the drip forever.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const collector = setInterval(gc, 20);
    try {
      const stop = new AbortController();
      for (const signal of [undefined, stop.signal]) {
        const result = await clientWith({ requestTimeoutMs: 400, retries: 0 }).fetchPage(server.url('/drip'), signal ? { signal } : {});
        expect(result.status).toBe(0);
        expect(result.error).toBe('no complete answer within 0.4 s after 1 attempt');
        await client?.close();
        client = undefined;
      }
    } finally {
      clearInterval(collector);
    }
  });

  it('caps a large body at maxBytes', async () => {
    const result = await clientWith({ maxBytes: MiB }).fetchPage(server.url('/big'));
    expect(result.status).toBe(200);
    expect(result.truncated).toBe(true);
    expect(result.body.length).toBe(MiB);
  });

  it('caps the decoded, not the compressed, size', async () => {
    const result = await clientWith({ maxBytes: MiB }).fetchPage(server.url('/big-gzip'));
    expect(result.truncated).toBe(true);
    expect(result.body.length).toBe(MiB);
  });

  it('does not truncate a body of exactly maxBytes', async () => {
    const result = await clientWith({ maxBytes: HTML.length }).fetchPage(server.url('/page'));
    expect(result.truncated).toBe(false);
    expect(text(result.body)).toBe(HTML);
  });

  it.each([
    ['ftp://example.com/file', /^unsupported protocol "ftp:"/],
    ['not a url', /^invalid URL "not a url"$/],
  ])('returns an error for %s without throwing', async (url, error) => {
    const result = await clientWith().fetchPage(url);
    expect(result).toMatchObject({ url, finalUrl: url, status: 0, attempts: 0 });
    expect(result.error).toMatch(error);
  });
});
