import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit, type AuditResult } from '../audit.js';
import { rules } from '../../rules/index.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { rebasedCopy, serveSite, type SiteServer } from '../testing/site-server.js';
import { folderSource } from './folder.js';
import { webSource } from './web.js';
import { stagingTarget } from './web/staging.js';

const DEMO = fileURLToPath(new URL('../../fixtures/sites/demo-shop', import.meta.url));
/** The rules only pages fetched over HTTP have: everything else must read the same from files. */
const WEB_RULES = new Set(rules.filter((r) => r.scope === 'web').map((r) => r.id));
/** Web rules about how the server answers (its headers, its speed), which a test server does not mimic. */
const SERVER_RULES = new Set(['security-headers-missing', 'response-slow']);

/** Findings as comparable lines: page, rule and element (what a fingerprint is made of). */
function findingLines(result: AuditResult, keep: (rule: string) => boolean): string[] {
  return result.pages.flatMap((p) => p.findings.filter((f) => keep(f.rule)).map((f) => `${p.url} ${f.rule} ${f.element ?? ''}`));
}

describe('demo-shop over HTTP', () => {
  let server: SiteServer;
  let root: string | undefined;
  beforeAll(async () => {
    server = await serveSite(() => root);
    root = rebasedCopy(DEMO, 'https://demo-shop.example', server.origin);
  });
  afterAll(async () => server?.close());

  it('gives the folder audit\'s page findings, plus web findings', async () => {
    const served = server;
    {
      const http = await runAudit({ source: await webSource({ target: served.url('/sitemap.xml') }), weights: DEFAULT_WEIGHTS, workers: 1 });
      const folder = await runAudit({ source: await folderSource({ target: root!, baseUrl: `${served.origin}/` }), weights: DEFAULT_WEIGHTS, workers: 1 });
      expect(http.errors).toEqual([]);
      expect(http.pages.map((p) => p.url)).toEqual(folder.pages.map((p) => p.url));
      expect(findingLines(http, (r) => !WEB_RULES.has(r))).toEqual(findingLines(folder, (r) => !WEB_RULES.has(r)));
      expect(findingLines(http, (r) => WEB_RULES.has(r) && !SERVER_RULES.has(r))).toEqual([
        `${served.origin}/products/alpine-fleece-hoodie-navy/ sitemap-non-indexable `,
        `${served.origin}/gift-cards/ sitemap-non-indexable `,
      ]);
      // The finding names where the sitemap lists the page.
      const giftCards = http.pages.find((p) => p.url === `${served.origin}/gift-cards/`)!.findings.find((f) => f.rule === 'sitemap-non-indexable')!;
      expect(giftCards.message).toMatch(new RegExp(`^Listed in the sitemap \\(${served.origin}/sitemap\\.xml line \\d+\\), but not indexable as listed: `));
    }
  });
});

// The whole flink.apache.org build when this machine has it (CI does); else the 66 pages in fixtures.
const FLINK_CORPUS = '/work/shared/corpus/flink-web/content';
const FLINK = existsSync(path.join(FLINK_CORPUS, 'sitemap.xml')) ? FLINK_CORPUS : fileURLToPath(new URL('../../fixtures/pages/flink-web', import.meta.url));

describe('flink.apache.org over HTTP', () => {
  let server: SiteServer;
  let root: string | undefined;
  beforeAll(async () => {
    server = await serveSite(() => root);
    root = rebasedCopy(FLINK, 'https://flink.apache.org', server.origin);
    if (!existsSync(path.join(root, 'sitemap.xml'))) writeFileSync(path.join(root, 'sitemap.xml'), sitemapOf(root, server.origin));
  });
  afterAll(async () => server?.close());

  it('through its sitemap index: the folder audit\'s pages and page findings, plus the web findings', async () => {
    const http = await runAudit({ source: await webSource({ target: server.url('/sitemap.xml') }), weights: DEFAULT_WEIGHTS, workers: 2 });
    const folder = await runAudit({ source: await folderSource({ target: root!, baseUrl: `${server.origin}/` }), weights: DEFAULT_WEIGHTS, workers: 2 });
    expect(folder.pages.length).toBeGreaterThan(60);
    expect(http.errors).toEqual([]);
    expect(http.pages.map((p) => p.url)).toEqual(folder.pages.map((p) => p.url));
    const notWeb = (r: string) => !WEB_RULES.has(r);
    expect(findingLines(http, notWeb)).toEqual(findingLines(folder, notWeb));
    // Only web rules add findings over HTTP.
    const web = findingLines(http, (r) => WEB_RULES.has(r));
    expect(findingLines(http, () => true).length).toBe(findingLines(folder, () => true).length + web.length);
  });
});

// A staging server: the build served as it is, its sitemap naming the production host. Fetched
// from 127.0.0.1, reported under https://flink.apache.org/, it must read as the folder audit does.
describe('flink.apache.org from a staging server, --base-url its public address', () => {
  const PUBLIC = 'https://flink.apache.org/';
  let server: SiteServer;
  let root: string | undefined;
  beforeAll(async () => {
    server = await serveSite(() => root);
    root = rebasedCopy(FLINK, PUBLIC, PUBLIC);
    if (!existsSync(path.join(root, 'sitemap.xml'))) writeFileSync(path.join(root, 'sitemap.xml'), sitemapOf(root, 'https://flink.apache.org'));
  });
  afterAll(async () => server?.close());

  it('fetches every page, robots.txt included, from staging, and gives the folder audit\'s pages and findings under the production URLs', async () => {
    const staging = stagingTarget(server.url('/sitemap.xml'), PUBLIC);
    expect(staging.target).toBe(`${PUBLIC}sitemap.xml`);
    const http = await runAudit({ source: await webSource({ target: staging.target, http: { mirror: staging.mirror! } }), weights: DEFAULT_WEIGHTS, workers: 2 });
    const folder = await runAudit({ source: await folderSource({ target: root!, baseUrl: PUBLIC }), weights: DEFAULT_WEIGHTS, workers: 2 });
    expect(folder.pages.length).toBeGreaterThan(60);
    expect(http.errors).toEqual([]);
    expect(http.source.baseUrl).toBe(PUBLIC);
    expect(http.pages.map((p) => p.url)).toEqual(folder.pages.map((p) => p.url));
    const notWeb = (r: string) => !WEB_RULES.has(r);
    expect(findingLines(http, notWeb)).toEqual(findingLines(folder, notWeb));
    // Fingerprints are those of the production URLs: a baseline made on production compares.
    expect(http.pages.flatMap((p) => p.findings.filter((f) => notWeb(f.rule)).map((f) => f.fingerprint))).toEqual(folder.pages.flatMap((p) => p.findings.filter((f) => notWeb(f.rule)).map((f) => f.fingerprint)));
    expect(findingLines(http, () => true).length).toBe(findingLines(folder, () => true).length + findingLines(http, (r) => WEB_RULES.has(r)).length);
    // Every request went to staging: robots.txt first, then the sitemaps and a GET for each page.
    const asked = server.requests.map((r) => `${r.method} ${new URL(r.url, 'http://x').pathname}`);
    expect(asked[0]).toBe('GET /robots.txt');
    expect(asked).toContain('GET /sitemap.xml');
    for (const page of http.pages) expect(asked).toContain(`GET ${new URL(page.url).pathname}`);
    expect(http.pages.every((p) => p.url.startsWith(PUBLIC))).toBe(true);
  });
});

/** A urlset of every .html file, for the fixture subset that has no sitemap of its own. */
function sitemapOf(root: string, origin: string): string {
  const locs: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) locs.push(`${origin}/${path.relative(root, p).split(path.sep).join('/').replace(/index\.html$/, '')}`);
    }
  };
  walk(root);
  return `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((l) => `<url><loc>${l}</loc></url>`).join('')}</urlset>`;
}
