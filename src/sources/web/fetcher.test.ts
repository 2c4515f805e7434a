import { describe, expect, it } from 'vitest';
import type { FetchOptions, FetchResult, HttpClient } from '../../http/fetch.js';
import type { SourceItem } from '../types.js';
import { PageFetcher } from './fetcher.js';
import { Frontier } from './frontier.js';
import { LinkStatuses } from './links.js';
import { WebSession } from './session.js';
import type { RunSitemaps } from './sitemaps.js';

const H = 'https://s.example';
const html = (links: string[] = []): Uint8Array => Buffer.from(`<html><body>${links.map((l) => `<a href="${l}">x</a>`).join('')}</body></html>`);

/** Answers each URL after the delay given, so later URLs can answer first. */
function client(pages: Record<string, { delayMs: number; status?: number; type?: string }>): HttpClient {
  return {
    userAgent: 'seo-ai/test',
    async fetchPage(url: string, _options?: FetchOptions): Promise<FetchResult> {
      const p = pages[url] ?? { delayMs: 0, status: 404 };
      await new Promise((r) => setTimeout(r, p.delayMs));
      return { url, finalUrl: url, status: p.status ?? 200, headers: { 'content-type': p.type ?? 'text/html' }, body: html(), truncated: false, redirects: [], attempts: 1, elapsedMs: p.delayMs };
    },
    close: async () => undefined,
    destroy: async () => undefined,
  };
}

function setUp(pages: Parameters<typeof client>[0], urls: string[], crawl = false) {
  const session = new WebSession({ perHost: 4, connections: 4, delayMs: 0, client: client(pages) });
  const frontier = new Frontier({ host: 's.example', start: `${H}/`, maxPages: 100, maxDepth: Infinity, maxQueryVariants: 50, maxPathSegments: 30, inScope: () => true, blockedBy: () => undefined });
  const sitemaps: RunSitemaps = { urls: new Set(urls), locs: [], listings: new Map(), problems: [], losses: [] };
  for (const url of urls) frontier.plan(url, 0, true);
  const fetcher = new PageFetcher(session, frontier, sitemaps, new LinkStatuses(), { concurrency: 4, crawl, host: 's.example', followPage: () => undefined });
  return { session, frontier, fetcher };
}

const describeItem = (item: SourceItem): string => ('page' in item ? item.page.url : `error ${item.error.url}: ${item.error.message}`);

describe('PageFetcher', () => {
  it('hands pages on in frontier order, whatever order their answers arrive in', async () => {
    const urls = [`${H}/a`, `${H}/b`, `${H}/c`, `${H}/d`];
    const { fetcher, frontier } = setUp({ [urls[0]!]: { delayMs: 60 }, [urls[1]!]: { delayMs: 5 }, [urls[2]!]: { delayMs: 30 }, [urls[3]!]: { delayMs: 0, type: 'application/pdf' } }, urls);
    const seen: string[] = [];
    for await (const item of fetcher.outcomes()) {
      seen.push(describeItem(item));
      if ('page' in item) fetcher.pageChecked(item.page.url, undefined);
    }
    // A sitemap URL that answers a PDF is listed, not a page or an error.
    expect(seen).toEqual([`${H}/a`, `${H}/b`, `${H}/c`]);
    expect(frontier.sitemapFiles).toEqual([{ position: 3, text: `${H}/d (application/pdf)` }]);
    expect(fetcher.progress()).toEqual({ queued: 0, fetched: 4 });
  });

  it('waits for each page to be checked before it ends, and fetches the links a crawl learns from it', async () => {
    const { fetcher } = setUp({ [`${H}/`]: { delayMs: 0 }, [`${H}/next`]: { delayMs: 0 } }, [`${H}/`], true);
    const seen: string[] = [];
    for await (const item of fetcher.outcomes()) {
      seen.push(describeItem(item));
      if (!('page' in item)) continue;
      const page = item.page.url;
      // The audit checks a page later than it is handed on: the loop must not end meanwhile.
      setTimeout(() => fetcher.pageChecked(page, { url: page, indexable: true, alternates: [], wordCount: 10, status: 200, links: page === `${H}/` ? [`${H}/next`] : [] }), 20);
    }
    expect(seen).toEqual([`${H}/`, `${H}/next`]);
  });

  it('stops at once when the run is stopped, handing on nothing more', async () => {
    const urls = [`${H}/a`, `${H}/b`];
    const { fetcher, session } = setUp({ [urls[0]!]: { delayMs: 0 }, [urls[1]!]: { delayMs: 200 } }, urls);
    const seen: string[] = [];
    for await (const item of fetcher.outcomes()) {
      seen.push(describeItem(item));
      session.stop();
    }
    expect(seen).toEqual([`${H}/a`]);
  });
});
