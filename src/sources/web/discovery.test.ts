import { describe, expect, it } from 'vitest';
import type { FetchOptions, FetchResult, HttpClient } from '../../http/fetch.js';
import { discover, honourCrawlDelay, MAX_CRAWL_DELAY_S, readLlms, startUrl } from './discovery.js';
import { WebSession } from './session.js';

const answer = (url: string, status: number, extra: Partial<FetchResult> = {}): FetchResult => ({
  url, finalUrl: url, status, headers: {}, body: new Uint8Array(0), truncated: false, redirects: [], attempts: 1, elapsedMs: 1, ...extra,
});
const text = (url: string, body: string, type = 'text/plain'): FetchResult => answer(url, 200, { headers: { 'content-type': type }, body: Buffer.from(body) });

function client(table: Record<string, (method: string) => FetchResult>): HttpClient {
  return {
    userAgent: 'seo-ai/1.0',
    async fetchPage(url: string, options?: FetchOptions) {
      return table[url]?.(options?.method ?? 'GET') ?? answer(url, 404);
    },
    close: async () => undefined,
    destroy: async () => undefined,
  };
}
const session = (c: HttpClient): WebSession => new WebSession({ perHost: 4, connections: 4, delayMs: 0, client: c });

describe('discovery', () => {
  it('refuses a target that is no http(s) URL, or holds credentials, without repeating the password', () => {
    expect(() => startUrl('ftp://s.example/')).toThrow('ftp://s.example/: not an http(s) URL');
    expect(() => startUrl('https://me:secret@s.example/')).toThrow('https://s.example/: URLs with a user name or password are not supported');
  });

  it('reads robots.txt, follows the start URL to another origin, and reads that robots.txt, which the run obeys', async () => {
    const notes: string[] = [];
    const found = await discover(
      session(client({
        'http://s.example/robots.txt': () => text('http://s.example/robots.txt', 'User-agent: *\nDisallow: /old'),
        'http://s.example/': () => answer('http://s.example/', 200, { finalUrl: 'https://www.s.example/' }),
        'https://www.s.example/robots.txt': () => text('https://www.s.example/robots.txt', 'User-agent: seo-ai\nDisallow: /private\nCrawl-delay: 3600'),
      })),
      'http://s.example/',
      false,
      notes,
    );
    expect([found.start, found.host, found.isSitemap, found.robots.url]).toEqual(['https://www.s.example/', 'www.s.example', false, 'https://www.s.example/robots.txt']);
    expect(found.robotsEntries.map((r) => r.url)).toEqual(['https://www.s.example/robots.txt']);
    expect(found.blockedBy('https://www.s.example/private/a')).toEqual({ robotsUrl: 'https://www.s.example/robots.txt', line: 2, rule: 'Disallow: /private' });
    expect(found.blockedBy('https://www.s.example/old')).toBeUndefined();
    expect(notes).toEqual(['http://s.example/ redirects to https://www.s.example/: the crawl starts there and stays on www.s.example']);
    const s = session(client({}));
    honourCrawlDelay(s, found, false, notes);
    expect(s.limiter.limits('www.s.example').delayMs).toBe(MAX_CRAWL_DELAY_S * 1000);
    expect(notes.at(-1)).toBe('robots.txt asks for Crawl-delay: 3600; requests to www.s.example were spaced 30 s apart, the most seo-ai waits (--delay sets more)');
  });

  it('crawls nothing while robots.txt is unreachable (RFC 9309), unless robots.txt is ignored', async () => {
    const c = client({ 'https://s.example/robots.txt': () => answer('https://s.example/robots.txt', 503), 'https://s.example/': () => answer('https://s.example/', 200) });
    await expect(discover(session(c), 'https://s.example/', false, [])).rejects.toThrow(
      'https://s.example/robots.txt answered HTTP 503: RFC 9309 says to crawl nothing while robots.txt is unreachable. Try again later, or pass --ignore-robots to audit anyway.',
    );
    const found = await discover(session(c), 'https://s.example/', true, []);
    expect(found.blockedBy('https://s.example/anything')).toBeUndefined();
  });

  it("reads /llms.txt as text, and a single-page app's HTML there as none", async () => {
    const found = await discover(session(client({})), 'https://s.example/', false, []);
    expect(await readLlms(session(client({ 'https://s.example/llms.txt': () => text('https://s.example/llms.txt', '# Shop\n') })), found)).toEqual([{ url: 'https://s.example/llms.txt', status: 200, text: '# Shop\n' }]);
    expect(await readLlms(session(client({ 'https://s.example/llms.txt': () => text('https://s.example/llms.txt', '<!doctype html><html>', 'text/html') })), found)).toEqual([{ url: 'https://s.example/llms.txt', status: 404 }]);
  });
});
