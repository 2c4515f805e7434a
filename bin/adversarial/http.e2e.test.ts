// Hostile HTTP servers (issue 17, breaks #12 and #13): a server may ask for any pause and list any
// number of sitemaps; an audit still ends when the user said, with a report, and bounded work.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMeasured, scratchDir } from '../../src/testing/adversarial.js';
import { startOpenAiServer } from '../../src/testing/openai-server.js';
import { serveSite, type SiteServer } from '../../src/testing/site-server.js';

interface JsonReport {
  partial: boolean;
  notes: string[];
  losses?: string[];
  errors: { origin: string; url?: string; message: string }[];
  pages: { url: string }[];
}

const html = (title: string, body = ''): string => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
const send = (res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': type, ...headers }).end(body);
};
const page = (title: string, body = '') => (_req: IncomingMessage, res: ServerResponse) => send(res, 200, 'text/html; charset=utf-8', html(title, body));
const noRobots = (_req: IncomingMessage, res: ServerResponse): void => send(res, 404, 'text/plain', 'not found');

let server: SiteServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const readReport = (file: string): JsonReport => JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
const hits = (s: SiteServer, prefix: string): number => s.requests.filter((r) => r.url.startsWith(prefix)).length;

describe('adversarial: HTTP waits end with the run (#12)', () => {
  it('#12: a 429 with Retry-After: 999999 under --timeout 20 fails that URL at once, naming it; the rest is audited', async () => {
    server = await serveSite(undefined, {
      '/robots.txt': noRobots,
      '/': page('Home', '<a href="/slow">slow</a>'),
      '/slow': (_req, res) => send(res, 429, 'text/plain', 'slow down', { 'retry-after': '999999' }),
    });
    const dir = scratchDir('retry-after-day');
    const out = path.join(dir, 'report.json');
    const r = await runMeasured(['audit', server.url('/'), '--timeout', '20', '--no-check-links', '--format', `json=${out}`], { cwd: dir, killAfterMs: 25_000 });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    // Before: the wait was capped at 60 s a retry, and only --timeout ended it (20 s, a partial report, exit 2).
    expect(r.ms).toBeLessThan(10_000);
    const report = readReport(out);
    expect(report.partial).toBe(false);
    expect(report.pages.map((p) => p.url)).toEqual([server.url('/')]);
    expect(report.errors).toEqual([
      {
        origin: server.url('/slow'),
        url: server.url('/slow'),
        message: 'HTTP 429 with Retry-After: 999999 (11.6 days) is longer than the 60 s seo-ai waits to retry; not retried',
      },
    ]);
    expect(r.stderr).toContain(`warning: ${server.url('/slow')}: HTTP 429 with Retry-After: 999999 (11.6 days) is longer than the 60 s seo-ai waits to retry; not retried`);
    expect(hits(server, '/slow')).toBe(1);
    expect(r.maxRssMb).toBeLessThan(1500);
  });

  it('#12: a Retry-After within the 60 s cap but past what --timeout leaves is not waited for either', async () => {
    server = await serveSite(undefined, {
      '/robots.txt': noRobots,
      '/': page('Home', '<a href="/slow">slow</a>'),
      '/slow': (_req, res) => send(res, 503, 'text/plain', 'busy', { 'retry-after': '50' }),
    });
    const dir = scratchDir('retry-after-deadline');
    const out = path.join(dir, 'report.json');
    const r = await runMeasured(['audit', server.url('/'), '--timeout', '8', '--no-check-links', '--format', `json=${out}`], { cwd: dir, killAfterMs: 20_000 });
    expect(r.killed).toBe(false);
    // Before: the run slept until --timeout stopped it (exit 2, partial).
    expect(r.code).toBe(0);
    const report = readReport(out);
    expect(report.partial).toBe(false);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.url).toBe(server.url('/slow'));
    expect(report.errors[0]!.message).toMatch(/^HTTP 503 with Retry-After: 50 is longer than the \d+(\.\d)? s left before the run's deadline \(--timeout\); not retried$/);
    expect(hits(server, '/slow')).toBe(1);
  });

  it('#12: Ctrl-C during a Retry-After wait ends the run at once, with the partial report written', async () => {
    let child: ChildProcess | undefined;
    server = await serveSite(undefined, {
      '/robots.txt': noRobots,
      '/': page('Home', '<a href="/slow">slow</a>'),
      '/slow': (_req, res) => {
        send(res, 429, 'text/plain', 'slow down', { 'retry-after': '50' });
        // The client is now waiting 50 s to retry: interrupt it then.
        setTimeout(() => child?.kill('SIGINT'), 300);
      },
    });
    const dir = scratchDir('retry-after-sigint');
    const out = path.join(dir, 'report.json');
    const r = await runMeasured(['audit', server.url('/'), '--no-check-links', '--format', `json=${out}`], { cwd: dir, killAfterMs: 20_000, onSpawn: (c) => (child = c) });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(130);
    // Before: the 50 s sleep ran to its end.
    expect(r.ms).toBeLessThan(15_000);
    expect(existsSync(out)).toBe(true);
    const report = readReport(out);
    expect(report.partial).toBe(true);
    expect(report.pages.map((p) => p.url)).toEqual([server.url('/')]);
    expect(hits(server, '/slow')).toBe(1);
  });
});

/** A site whose robots.txt names a sitemap index of `children` sitemaps, each answered by `child(i)` after `delayMs`. */
async function indexSite(children: number, child: (i: number, origin: string) => string, delayMs = 0): Promise<SiteServer> {
  let origin = '';
  const handlers: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/robots.txt': (_req, res) => send(res, 200, 'text/plain', `User-agent: *\nDisallow:\nSitemap: ${origin}/sitemap.xml\n`),
    '/': page('Home'),
    '/sitemap.xml': (_req, res) =>
      send(res, 200, 'application/xml', `<sitemapindex>\n${Array.from({ length: children }, (_, i) => `<sitemap><loc>${origin}/s/${i}.xml</loc></sitemap>`).join('\n')}\n</sitemapindex>`),
  };
  for (let i = 0; i < children; i++) {
    handlers[`/s/${i}.xml`] = (_req, res) => {
      const answer = (): void => send(res, 200, 'application/xml', child(i, origin));
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    };
  }
  const s = await serveSite(undefined, handlers);
  origin = s.origin;
  return s;
}
const urlset = (...locs: string[]): string => `<urlset>\n${locs.map((l) => `<url><loc>${l}</loc></url>`).join('\n')}\n</urlset>`;

describe('adversarial: a sitemap index cannot make a run fetch without end (#13)', () => {
  it('#13: an index of 3,000 sitemaps gets 1,000 read at most; the rest is said in notes and losses', async () => {
    // Every child lists the home page: the cap on sitemaps, not on URLs, is what stops the reading.
    server = await indexSite(3000, (_i, origin) => urlset(`${origin}/`));
    const dir = scratchDir('sitemap-cap');
    const out = path.join(dir, 'report.json');
    const r = await runMeasured(['audit', server.url('/'), '--no-check-links', '--format', `json=${out}`], { cwd: dir, killAfterMs: 60_000 });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    // The index is the first of the 1,000.
    expect(hits(server, '/s/')).toBe(999);
    const cut = `sitemaps: stopped at 1000 sitemaps (the most one run reads); 2001 more listed sitemaps, from ${server.url('/s/999.xml')}, and the URLs in them were not read`;
    const report = readReport(out);
    expect(report.losses).toEqual([cut]);
    expect(report.notes).toContain(cut);
    expect(report.pages.map((p) => p.url)).toEqual([server.url('/')]);
    expect(r.ms).toBeLessThan(45_000);
    expect(r.maxRssMb).toBeLessThan(1500);
  }, 90_000);

  it('#13: sitemap URLs are read up to --max-pages: later sitemaps are not fetched, and the cut is a loss', async () => {
    server = await indexSite(20, (i, origin) => urlset(...Array.from({ length: 10 }, (_, k) => `${origin}/p/${i}-${k}`)));
    const dir = scratchDir('sitemap-max-pages');
    const out = path.join(dir, 'report.json');
    const r = await runMeasured(['audit', server.url('/sitemap.xml'), '--max-pages', '5', '--no-check-links', '--format', `json=${out}`], { cwd: dir, killAfterMs: 30_000 });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    // One sitemap holds the 5 URLs; at most the few fetched ahead of it (4 at once) are asked for too.
    expect(hits(server, '/s/')).toBeLessThanOrEqual(4);
    const cut = `sitemaps: stopped at 5 URLs (--max-pages 5); ${server.url('/p/0-5')} (${server.url('/s/0.xml')} line 7) and every URL listed after it were not read`;
    const report = readReport(out);
    expect(report.losses).toEqual([cut]);
    expect(report.pages).toHaveLength(5);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('#13: --timeout while sitemaps are read still writes the report, marked partial, exit 2, and no baseline', async () => {
    server = await indexSite(3000, (i, origin) => urlset(`${origin}/p/${i}`), 1000);
    const dir = scratchDir('sitemap-timeout');
    const out = path.join(dir, 'report.json');
    const baseline = path.join(dir, 'baseline.json');
    const stopped = 'sitemaps: the run was stopped while they were read; the URLs of sitemaps not yet read were not seen';

    const toFile = await runMeasured(['audit', server.url('/'), '--timeout', '2', '--format', `json=${out}`, '--update-baseline', baseline], { cwd: dir, killAfterMs: 30_000 });
    expect(toFile.killed).toBe(false);
    expect(toFile.code).toBe(2);
    // Before: "stopped before any page was read", and no report.
    expect(existsSync(out)).toBe(true);
    const report = readReport(out);
    expect(report.partial).toBe(true);
    expect(report.pages).toEqual([]);
    expect(report.losses).toEqual([stopped]);
    expect(report.notes).toContain('stopped by --timeout 2 s: the report covers the 0 pages audited before the stop');
    expect(toFile.stderr).toContain(`stopped by --timeout 2 s: the baseline ${baseline} was not written (the run is partial)`);
    expect(toFile.stderr).toContain('stopped by --timeout 2 s: the report is partial (0 pages)');
    expect(existsSync(baseline)).toBe(false);
    expect(toFile.ms).toBeLessThan(20_000);

    const toStdout = await runMeasured(['audit', server.url('/'), '--timeout', '2', '--format', 'json'], { cwd: dir, killAfterMs: 30_000 });
    expect(toStdout.killed).toBe(false);
    expect(toStdout.code).toBe(2);
    const printed = JSON.parse(toStdout.stdout) as JsonReport;
    expect(printed.partial).toBe(true);
    expect(printed.pages).toEqual([]);
    expect(printed.losses).toEqual([stopped]);
    expect(toStdout.ms).toBeLessThan(20_000);
  }, 90_000);
});

describe('adversarial: an LLM server asking for a day\'s pause (#12)', () => {
  it('#12: optimize against a 429 with Retry-After: 999999 fails those rows at once, saying so, and sends nothing more', async () => {
    const llm = await startOpenAiServer({ reply: () => ({ status: 429, retryAfterSeconds: 999999 }) });
    try {
      const dir = scratchDir('llm-retry-after-day');
      copyFileSync(new URL('../../fixtures/csv/demo-shop.csv', import.meta.url), path.join(dir, 'shop.csv'));
      const r = await runMeasured(['optimize', '--csv', 'shop.csv', '--llm-url', llm.baseURL, '--concurrency', '1'], { cwd: dir, killAfterMs: 25_000, env: { OPENAI_API_KEY: 'test-key' } });
      // Before: the limiter paused every request for 11.6 days (killed here).
      expect(r.killed).toBe(false);
      expect(r.ms).toBeLessThan(20_000);
      expect(r.stderr).toContain('30 rows failed (original values kept); run the same command again to retry them');
      expect(readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8')).toContain(
        'line 4: **failed**: rate limited (429): the server asks to wait 11.6 days, longer than the 5 min seo-ai waits; try again later (a daily quota may be spent)',
      );
      // One request met the 429; every other row is refused without asking again.
      expect(llm.requests).toHaveLength(1);
      expect(r.code).toBe(2);
    } finally {
      await llm.close();
    }
  });
});
