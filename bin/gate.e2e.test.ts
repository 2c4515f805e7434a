import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../src/report/json.js';
import { ROOT, runCli } from '../src/testing/cli.js';

const SHOP = path.join(ROOT, 'fixtures/sites/demo-shop');
const TENT = 'products/basecamp-6-family-tent/index.html';
const TENT_URL = 'https://demo-shop.example/products/basecamp-6-family-tent/';
const SHELTER = 'products/featherline-solo-shelter/index.html';

/** A private copy of the demo shop to make worse and better. */
function shopCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-gate-'));
  cpSync(SHOP, path.join(dir, 'site'), { recursive: true });
  return dir;
}

function edit(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, 'site', file);
  const text = readFileSync(full, 'utf8');
  expect(text).toContain(from);
  writeFileSync(full, text.replace(from, to));
}

describe('the CI gate on the demo shop', () => {
  let dir: string;
  beforeAll(() => {
    dir = shopCopy();
    const r = runCli(['audit', 'site', '--update-baseline', '--quiet'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('writes a baseline of every page, sorted by URL, that passes against itself', () => {
    const baseline = JSON.parse(readFileSync(path.join(dir, 'seo-baseline.json'), 'utf8')) as { kind: string; score: number; pages: { url: string }[] };
    expect(baseline.kind).toBe('seo-ai-baseline');
    expect(baseline.score).toBe(92.4);
    expect(baseline.pages).toHaveLength(45);
    expect(baseline.pages.map((p) => p.url)).toEqual(baseline.pages.map((p) => p.url).sort());
    const r = runCli(['audit', 'site', '--baseline', 'seo-baseline.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Gate: passed (fail on new high+)');
    expect(r.stdout).toContain('Compared with seo-baseline.json: site score 92.4 → 92.4 (±0)');
  });

  it('a page made worse fails with exit 1, and the output names that page and finding first; fixed again, it passes', () => {
    edit(dir, TENT, '<h1>Basecamp 6 Family Tent</h1>', '<p>Basecamp 6 Family Tent</p>');
    const worse = runCli(['audit', 'site', '--baseline', 'seo-baseline.json'], { cwd: dir });
    expect(worse.code).toBe(1);
    const lines = worse.stdout.split('\n');
    // The header, a blank line, then the verdict and its cause.
    expect(lines.slice(2, 6)).toEqual([
      'Gate: FAILED, 1 condition (fail on new high+)',
      '  new-findings: 1 new high or worse finding on 1 page (--fail-on high)',
      `    ${TENT_URL} (score 100 → 85)`,
      '      high     h1-missing  Page has no H1.',
    ]);
    expect(worse.stderr).toBe('seo-ai: the gate failed: new-findings\n');

    edit(dir, TENT, '<p>Basecamp 6 Family Tent</p>', '<h1>Basecamp 6 Family Tent</h1>');
    const fixed = runCli(['audit', 'site', '--baseline', 'seo-baseline.json'], { cwd: dir });
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
  });

  it('a longer title (a finding whose message and numbers change) and a reordered sitemap report no regression', () => {
    const copy = shopCopy();
    cpSync(path.join(dir, 'seo-baseline.json'), path.join(copy, 'seo-baseline.json'));
    edit(copy, SHELTER, 'Backpacking Shelter | Northpine Outfitters</title>', 'Backpacking Shelter for Thru-Hiking | Northpine Outfitters</title>');
    const sitemap = path.join(copy, 'site', 'sitemap.xml');
    const xml = readFileSync(sitemap, 'utf8');
    const urls = xml.match(/ {2}<url>[\s\S]*?<\/url>\n/g)!;
    expect(urls).toHaveLength(45);
    writeFileSync(sitemap, xml.replace(urls.join(''), [...urls].reverse().join('')));

    const r = runCli(['audit', 'site', '--baseline', 'seo-baseline.json', '--format', 'json', '--max-score-drop', '0', '--max-page-drop', '0', '--fail-on', 'low'], { cwd: copy });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.pages[0]!.url).toBe('https://demo-shop.example/de/versand/');
    expect(report.comparison!.counts).toEqual({ new: 0, fixed: 0, unchanged: 33, newPages: 0, removedPages: 0, changedPages: 0 });
    expect(report.gate).toMatchObject({ passed: true, failures: [] });
    const base = JSON.parse(runCli(['audit', 'site', '--format', 'json'], { cwd: dir }).stdout) as JsonReport;
    const title = (rep: JsonReport): string => rep.pages.find((p) => p.url.endsWith('/featherline-solo-shelter/'))!.findings.find((f) => f.rule === 'title-too-long')!.message;
    expect(title(report)).not.toBe(title(base));
  });

  it('runs twice on the same input give identical fingerprints and reports, but for one timestamp', () => {
    const formats = ['json', 'sarif', 'junit', 'github', 'markdown', 'html', 'csv', 'issues-csv'];
    const run = (out: string): Record<string, string> => {
      const r = runCli(['audit', 'site', '--baseline', 'seo-baseline.json', '--quiet', ...formats.flatMap((f) => ['--format', `${f}=${out}/report.${f}`])], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      return Object.fromEntries(formats.map((f) => [f, readFileSync(path.join(dir, out, `report.${f}`), 'utf8')]));
    };
    // The report folders do not exist yet: the CLI makes them.
    const one = run('one');
    const two = run('two');
    // The run's time as ISO 8601, or as the HTML report shows it to people ("2026-11-26 18:35:51 UTC").
    const TIME = /\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d\.\d{3}Z| \d\d:\d\d:\d\d UTC)/g;
    const stamp = (text: string): string[] => text.match(TIME) ?? [];
    for (const f of formats) {
      // At most one timestamp in each report, and nothing else differs.
      expect(stamp(one[f]!).length, f).toBeLessThanOrEqual(1);
      const plain = (t: string): string => t.replace(TIME, 'TIME');
      expect(plain(two[f]!), f).toBe(plain(one[f]!));
    }
    const fingerprints = (t: string): string[] => (JSON.parse(t) as JsonReport).pages.flatMap((p) => p.findings.map((x) => x.fingerprint));
    expect(fingerprints(two.json!)).toEqual(fingerprints(one.json!));
    expect(readdirSync(path.join(dir, 'one')).sort()).toEqual(formats.map((f) => `report.${f}`).sort());
  });
});
