// `seo-ai audit <url>` end to end: the built CLI against a real server on 127.0.0.1.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { runCliAsync } from '../src/testing/cli.js';
import { rebasedCopy, serveSite, type SiteServer } from '../src/testing/site-server.js';

const DEMO = fileURLToPath(new URL('../fixtures/sites/demo-shop', import.meta.url));

interface JsonReport {
  source: { kind: string; target: string };
  partial: boolean;
  notes: string[];
  errors: { origin: string; message: string }[];
  notApplicable: { rule: string }[];
  pages: { url: string; findings: { rule: string; element?: string }[] }[];
}

const WEB_RULES = ['http-status-error', 'redirect-chain', 'link-to-redirect', 'robots-txt-invalid', 'blocked-by-robots', 'sitemap-non-indexable', 'orphan-page', 'llms-txt-invalid'];

describe('seo-ai audit <url>', () => {
  let server: SiteServer;
  let root: string | undefined;
  /** Set by a test: called on each page request (to interrupt the CLI mid-run). */
  let onPage: ((path: string) => void) | undefined;
  let robots = 'User-agent: *\nDisallow:\n';

  beforeAll(async () => {
    server = await serveSite(() => root, {
      '/robots.txt': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(robots);
      },
    });
    root = rebasedCopy(DEMO, 'https://demo-shop.example', server.origin);
    // Wrap the folder handler: the log tells which pages were asked for.
    const requests = server.requests;
    const push = requests.push.bind(requests);
    requests.push = (...items) => {
      for (const r of items) if (!r.url.endsWith('.txt') && !r.url.endsWith('.xml')) onPage?.(r.url);
      return push(...items);
    };
  });
  afterAll(async () => server?.close());

  const webFindings = (report: JsonReport) =>
    report.pages.flatMap((p) => p.findings.filter((f) => WEB_RULES.includes(f.rule)).map((f) => `${p.url.slice(server.origin.length)} ${f.rule}`));

  it('a sitemap URL: every listed page, the web rules applied, exit 0', async () => {
    const r = await runCliAsync(['audit', server.url('/sitemap.xml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.source).toEqual({ kind: 'sitemap', target: server.url('/sitemap.xml'), baseUrl: `${server.origin}/` });
    expect(report.partial).toBe(false);
    expect(report.pages).toHaveLength(45);
    expect(report.notApplicable.map((n) => n.rule)).not.toContain('http-status-error');
    expect(webFindings(report)).toEqual(['/products/alpine-fleece-hoodie-navy/ sitemap-non-indexable', '/gift-cards/ sitemap-non-indexable']);
    // The user agent is ours, and says which version.
    expect(server.requests.at(-1)?.userAgent).toMatch(/^seo-ai\/\d+\.\d+\.\d+/);
  });

  it('a site URL: sitemaps discovered, pages crawled from the start URL', async () => {
    const r = await runCliAsync(['audit', server.url('/'), '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.source.kind).toBe('crawl');
    const urls = report.pages.map((p) => p.url.slice(server.origin.length));
    expect(urls[0]).toBe('/');
    expect(report.notes).toContain(`45 URLs read from ${server.url('/sitemap.xml')}`);
    expect(urls.length).toBeGreaterThanOrEqual(45);
  });

  it('robots.txt is obeyed by default; --ignore-robots fetches anyway and says so in the report', async () => {
    robots = 'User-agent: *\nDisallow: /products/\n';
    try {
      const before = server.requests.length;
      const obeyed = JSON.parse((await runCliAsync(['audit', server.url('/sitemap.xml'), '--format', 'json'])).stdout) as JsonReport;
      const asked = server.requests.slice(before).map((q) => q.url);
      expect(asked.filter((u) => u.startsWith('/products/'))).toEqual([]);
      const blocked = obeyed.pages.filter((p) => p.findings.some((f) => f.rule === 'blocked-by-robots'));
      expect(blocked.length).toBeGreaterThan(5);
      expect(blocked.every((p) => p.url.startsWith(`${server.origin}/products/`))).toBe(true);

      const ignored = JSON.parse((await runCliAsync(['audit', server.url('/sitemap.xml'), '--format', 'json', '--ignore-robots'])).stdout) as JsonReport;
      expect(ignored.notes).toContain(`robots.txt ignored (--ignore-robots): pages were fetched whatever ${server.url('/robots.txt')} allows`);
      expect(ignored.pages.flatMap((p) => p.findings).filter((f) => f.rule === 'blocked-by-robots')).toEqual([]);
      const terminal = await runCliAsync(['audit', server.url('/sitemap.xml'), '--ignore-robots']);
      expect(terminal.stdout).toContain('note: robots.txt ignored (--ignore-robots)');
    } finally {
      robots = 'User-agent: *\nDisallow:\n';
    }
  });

  it('--timeout stops a slow crawl, writes the report marked partial, and exits 2 (and writes no baseline)', async () => {
    robots = 'User-agent: *\nCrawl-delay: 2\n';
    try {
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'seo-ai-web-')), 'report.json');
      const started = Date.now();
      // robots.txt at once; the sitemap, llms.txt and each page 2 s apart: pages at 4 s and 6 s.
      const baseline = path.join(path.dirname(out), 'seo-baseline.json');
      const r = await runCliAsync(['audit', server.url('/sitemap.xml'), '--format', 'json', '--timeout', '7', '--output', out, '--update-baseline', baseline]);
      expect(Date.now() - started).toBeLessThan(12_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('stopped by --timeout 7 s: the report is partial');
      // A baseline missing pages would make them all "new" next time: a partial run never writes one.
      expect(r.stderr).toContain(`stopped by --timeout 7 s: the baseline ${baseline} was not written (the run is partial)\n`);
      expect(existsSync(baseline)).toBe(false);
      const report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
      expect(report.partial).toBe(true);
      expect(report.pages.length).toBeGreaterThan(0);
      expect(report.pages.length).toBeLessThan(45);
      expect(report.notes.some((n) => n.startsWith('robots.txt asks for Crawl-delay: 2'))).toBe(true);
    } finally {
      robots = 'User-agent: *\nDisallow:\n';
    }
  });

  it('Ctrl-C stops the crawl, still prints the report marked partial, and exits 130', async () => {
    robots = 'User-agent: *\nCrawl-delay: 0.3\n';
    let child: ChildProcess | undefined;
    let pages = 0;
    onPage = () => {
      if (++pages === 3) child?.kill('SIGINT');
    };
    try {
      const r = await runCliAsync(['audit', server.url('/sitemap.xml'), '--format', 'json', '--concurrency', '1'], {
        onSpawn: (c) => (child = c),
      });
      expect(r.code).toBe(130);
      const report = JSON.parse(r.stdout) as JsonReport;
      expect(report.partial).toBe(true);
      expect(report.pages.length).toBeGreaterThanOrEqual(1);
      expect(report.pages.length).toBeLessThan(45);
      expect(report.notes).toContain(`interrupted (Ctrl-C): the report covers the ${report.pages.length} page${report.pages.length === 1 ? '' : 's'} audited before the stop`);
    } finally {
      onPage = undefined;
      robots = 'User-agent: *\nDisallow:\n';
    }
  });

  it('bad URLs: a clear message and exit 2', async () => {
    const ftp = await runCliAsync(['audit', 'ftp://example.com/sitemap.xml']);
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toContain('ftp://example.com/sitemap.xml: only http:// and https:// URLs can be audited');
    const missing = await runCliAsync(['audit', server.url('/no-such-sitemap.xml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${server.url('/no-such-sitemap.xml')}: no page URLs could be read from this sitemap`);
  });
});
