// Hostile HTTP servers (issue 17, breaks #12 and #13): a server may ask for any pause and list any
// number of sitemaps; an audit still ends when the user said, with a report, and bounded work.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMeasured, scratchDir } from '../../src/testing/adversarial.js';
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
