import { describe, expect, it } from 'vitest';
import type { FetchOptions, FetchResult, HttpClient } from '../../http/fetch.js';
import { checkLinkTargets, LinkStatuses } from './links.js';
import { WebSession } from './session.js';

const answer = (url: string, status: number, extra: Partial<FetchResult> = {}): FetchResult => ({
  url,
  finalUrl: url,
  status,
  headers: {},
  body: new Uint8Array(0),
  truncated: false,
  redirects: [],
  attempts: 1,
  elapsedMs: 1,
  ...extra,
});

/** A client that answers from a table and records what it was asked, as "METHOD url". */
function fakeClient(table: Record<string, (method: string) => FetchResult>): HttpClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    userAgent: 'seo-ai/test',
    asked,
    async fetchPage(url: string, options?: FetchOptions) {
      const method = options?.method ?? 'GET';
      asked.push(`${method} ${url}`);
      return table[url]?.(method) ?? answer(url, 404);
    },
    close: async () => undefined,
    destroy: async () => undefined,
  };
}

const session = (client: HttpClient): WebSession => new WebSession({ perHost: 4, connections: 4, delayMs: 0, client });

describe('LinkStatuses', () => {
  it('records where a redirect leads, and the end of the chain; finds a target by another spelling', () => {
    const s = new LinkStatuses();
    s.record('https://s.example/old', answer('https://s.example/old', 200, { finalUrl: 'https://s.example/new', redirects: [{ url: 'https://s.example/old', status: 301, location: 'https://s.example/new' }] }));
    expect(s.status('https://s.example/old')).toEqual({ ok: true, status: 301, location: 'https://s.example/new' });
    expect(s.status('https://s.example/new')).toEqual({ ok: true, status: 200 });
    expect(s.status('HTTPS://S.EXAMPLE/new')).toEqual({ ok: true, status: 200 });
    expect(s.status('https://s.example/unknown')).toBeUndefined();
  });

  it('says a chain that ends in an error answer is a redirect to an error, not a broken 301', () => {
    const s = new LinkStatuses();
    s.record('https://s.example/a', answer('https://s.example/a', 404, { finalUrl: 'https://s.example/b', redirects: [{ url: 'https://s.example/a', status: 301, location: 'https://s.example/b' }] }));
    expect(s.status('https://s.example/a')).toEqual({ ok: false, status: 301, location: 'https://s.example/b', reason: 'redirects to https://s.example/b, which answered HTTP 404' });
  });
});

describe('checkLinkTargets', () => {
  it('asks HEAD, then GET when HEAD fails; skips what is known, left on purpose, disallowed, or on other hosts unless asked', async () => {
    const client = fakeClient({
      'https://s.example/ok': () => answer('https://s.example/ok', 200),
      'https://s.example/no-head': (m) => answer('https://s.example/no-head', m === 'HEAD' ? 405 : 200),
      'https://other.example/x': () => answer('https://other.example/x', 200),
    });
    const statuses = new LinkStatuses();
    statuses.record('https://s.example/known', answer('https://s.example/known', 200));
    const links = ['https://s.example/ok', 'https://s.example/no-head', 'https://s.example/known', 'https://s.example/deep', 'https://s.example/private', 'https://other.example/x', 'https://s.example/gone'];
    const options = {
      host: 's.example',
      checkExternal: false,
      concurrency: 2,
      externalConcurrency: 1,
      notFollowed: new Set(['https://s.example/deep']),
      blockedBy: (url: string) => (url.endsWith('/private') ? { robotsUrl: 'https://s.example/robots.txt', line: 1, rule: 'Disallow: /private' } : undefined),
    };
    const checked = await checkLinkTargets(session(client), links, statuses, options);
    expect(checked).toEqual({ internal: ['https://s.example/ok', 'https://s.example/no-head', 'https://s.example/gone'], external: [] });
    expect(client.asked.sort()).toEqual(['GET https://s.example/gone', 'GET https://s.example/no-head', 'HEAD https://s.example/gone', 'HEAD https://s.example/no-head', 'HEAD https://s.example/ok']);
    expect(['ok', 'no-head', 'gone'].map((p) => statuses.status(`https://s.example/${p}`)?.status)).toEqual([200, 200, 404]);
    const external = fakeClient({ 'https://other.example/x': () => answer('https://other.example/x', 200) });
    expect(await checkLinkTargets(session(external), ['https://other.example/x'], new LinkStatuses(), { ...options, checkExternal: true })).toEqual({ internal: [], external: ['https://other.example/x'] });
  });

  it('checks nothing once the run is stopped', async () => {
    const client = fakeClient({});
    const s = session(client);
    s.stop();
    const statuses = new LinkStatuses();
    await checkLinkTargets(s, ['https://s.example/a'], statuses, { host: 's.example', checkExternal: false, concurrency: 1, externalConcurrency: 1, notFollowed: new Set(), blockedBy: () => undefined });
    expect(client.asked).toEqual([]);
    expect(statuses.status('https://s.example/a')).toBeUndefined();
  });
});
