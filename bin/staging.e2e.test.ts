// A staging server or a local build whose sitemap names the production host: fetched from the
// target's address, reported under --base-url, the site's public address (as for a folder).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../src/testing/cli.js';
import { rebasedCopy, serveSite, type SiteServer } from '../src/testing/site-server.js';

const DEMO = fileURLToPath(new URL('../fixtures/sites/demo-shop', import.meta.url));
const PUBLIC = 'https://demo-shop.example/';

interface Report {
  source: { kind: string; target: string; baseUrl?: string };
  errors: unknown[];
  pages: { url: string; findings: { rule: string; element?: string; fingerprint: string }[] }[];
}

describe('seo-ai audit <staging sitemap> --base-url <public address>', () => {
  let server: SiteServer;
  let dir: string;
  beforeAll(async () => {
    // The demo shop as built: its sitemap and canonicals name https://demo-shop.example/.
    server = await serveSite(DEMO);
    dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-staging-'));
  });
  afterAll(async () => server?.close());

  it('without --base-url, the refusal names it and the public address to give', async () => {
    const r = await runCliAsync(['audit', server.url('/sitemap.xml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seo-ai: http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml: no page URLs could be read from this sitemap; .* is on another host than the sitemap, which sitemaps\.org forbids; skipped; if this server is a staging or local copy of https:\/\/demo-shop\.example, give its public address: --base-url https:\/\/demo-shop\.example\/\n$/);
  });

  it('reports the pages under the public URLs, with the folder audit\'s page findings and fingerprints; a production baseline compares', async () => {
    const r = await runCliAsync(['audit', server.url('/sitemap.xml'), '--base-url', PUBLIC, '--format', 'json', '--quiet'], { cwd: dir });
    expect(r.stderr).toBe('');
    const staging = JSON.parse(r.stdout) as Report;
    expect(staging.source).toMatchObject({ kind: 'sitemap', target: server.url('/sitemap.xml'), baseUrl: PUBLIC });
    expect(staging.errors).toEqual([]);
    const folderRun = runCli(['audit', DEMO, '--base-url', PUBLIC, '--format', 'json', '--quiet']);
    const folder = JSON.parse(folderRun.stdout) as Report;
    const web = new Set(['sitemap-non-indexable', 'http-status-error', 'redirect-chain', 'link-to-redirect', 'orphan-page', 'robots-txt-invalid', 'blocked-by-robots', 'llms-txt-invalid', 'security-headers-missing', 'response-slow', 'image-too-large', 'soft-404', 'page-too-deep', 'page-dead-end', 'js-changes-title', 'js-changes-meta-description', 'js-changes-canonical', 'js-changes-robots', 'js-only-links', 'js-only-content', 'render-error', 'js-redirect']);
    const lines = (rep: Report) => rep.pages.flatMap((p) => p.findings.filter((f) => !web.has(f.rule)).map((f) => `${p.url} ${f.rule} ${f.element ?? ''} ${f.fingerprint}`));
    expect(staging.pages.map((p) => p.url)).toEqual(folder.pages.map((p) => p.url));
    expect(lines(staging)).toEqual(lines(folder));
    expect(staging.pages.every((p) => p.url.startsWith(PUBLIC))).toBe(true);
    // A baseline written from the public folder build gates the staging run: same pages, same fingerprints.
    expect(runCli(['audit', DEMO, '--base-url', PUBLIC, '--update-baseline', '--quiet'], { cwd: dir }).code).toBe(0);
    const gated = await runCliAsync(['audit', server.url('/sitemap.xml'), '--base-url', PUBLIC, '--baseline', 'seo-baseline.json', '--quiet', '--format', 'json'], { cwd: dir });
    expect(gated.stderr).toBe('');
    const compared = JSON.parse(gated.stdout) as { comparison: { common: { pages: number } } };
    expect(compared.comparison.common.pages).toBe(folder.pages.length);
  });

  it('diff --base-url compares a run made at a local address with one made at the public address', async () => {
    // The same build served with its URLs rewritten to the local address (how staging runs were made before --base-url).
    let localRoot: string | undefined;
    const localServer = await serveSite(() => localRoot);
    localRoot = rebasedCopy(DEMO, 'https://demo-shop.example', localServer.origin);
    try {
      expect((await runCliAsync(['audit', localServer.url('/sitemap.xml'), '--format', 'json=local.json', '--quiet'], { cwd: dir })).code).toBe(0);
    } finally {
      await localServer.close();
    }
    expect((await runCliAsync(['audit', server.url('/sitemap.xml'), '--base-url', PUBLIC, '--format', 'json=public.json', '--quiet'], { cwd: dir })).code).toBe(0);
    const without = runCli(['diff', 'public.json', 'local.json'], { cwd: dir });
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/none of its \d+ pages is in local\.json/);
    const moved = runCli(['diff', 'public.json', 'local.json', '--base-url', PUBLIC, '--format', 'json'], { cwd: dir });
    expect(moved.stderr).toBe('Gate: passed (fail on new high+)\n');
    expect(moved.code).toBe(0);
    const report = JSON.parse(moved.stdout) as Report & { comparison: { counts: { new: number; fixed: number; newPages: number; removedPages: number } } };
    expect(report.pages.every((p) => p.url.startsWith(PUBLIC))).toBe(true);
    expect(report.comparison.counts).toMatchObject({ new: 0, fixed: 0, newPages: 0, removedPages: 0 });
  });
});
