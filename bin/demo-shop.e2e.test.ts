import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../src/report/json.js';
import { ROOT, runCli } from '../src/testing/cli.js';

const SHOP = 'fixtures/sites/demo-shop';
const defects = JSON.parse(readFileSync(path.join(ROOT, SHOP, 'DEFECTS.json'), 'utf8')) as Record<string, string[]>;

function auditJson(...extra: string[]): { report: JsonReport; raw: string } {
  const r = runCli(['audit', SHOP, '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { report: JSON.parse(r.stdout) as JsonReport, raw: r.stdout };
}

describe('seo-ai audit fixtures/sites/demo-shop', () => {
  it('finds exactly the planted defects: every (page, rule) pair in DEFECTS.json, nothing more', () => {
    const { report } = auditJson();
    const found = Object.fromEntries(report.pages.map((p) => [p.url, [...new Set(p.findings.map((f) => f.rule))].sort()]));
    const expected = Object.fromEntries(Object.entries(defects).map(([url, rules]) => [url, [...rules].sort()]));
    expect(found).toEqual(expected);
    expect(report.errors).toEqual([]);
    expect(report.source).toEqual({ kind: 'folder', target: SHOP, baseUrl: 'https://demo-shop.example/' });
  });

  it('scores pages as DESIGN.md says: 100 minus the weight of each failing rule, site = mean', () => {
    const { report } = auditJson();
    const weights = { critical: 25, high: 15, medium: 10, low: 5 };
    for (const page of report.pages) {
      const lost = new Map(page.findings.map((f) => [f.rule, weights[f.severity]]));
      expect(page.score).toBe(Math.max(0, 100 - [...lost.values()].reduce((a, b) => a + b, 0)));
    }
    const mean = report.pages.reduce((a, p) => a + p.score, 0) / report.pages.length;
    expect(report.summary.score).toBe(Math.round(mean * 10) / 10);
    expect(report.summary.pages).toBe(Object.keys(defects).length);
    const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const p of report.pages) for (const f of p.findings) bySeverity[f.severity]++;
    expect(report.summary.bySeverity).toEqual(bySeverity);
  });

  it('gives byte-identical JSON on a second run apart from generatedAt', () => {
    const a = auditJson().raw.replace(/"generatedAt": "[^"]+"/, '');
    const b = auditJson().raw.replace(/"generatedAt": "[^"]+"/, '');
    expect(a).toBe(b);
    expect(a).not.toContain('generatedAt');
  });

  it('worker threads change nothing: --workers 2 gives the same report as --workers 1', () => {
    const strip = (raw: string) => raw.replace(/"generatedAt": "[^"]+"/, '');
    const one = auditJson('--workers', '1').raw;
    const two = auditJson('--workers', '2').raw;
    const auto = auditJson().raw;
    expect(strip(two)).toBe(strip(one));
    expect(strip(auto)).toBe(strip(one));
  });

  it('keyword rules apply once keywords are given', () => {
    const none = auditJson().report;
    const web = ['http-status-error', 'redirect-chain', 'link-to-redirect', 'robots-txt-invalid', 'blocked-by-robots', 'sitemap-non-indexable', 'orphan-page', 'llms-txt-invalid', 'page-dead-end', 'page-too-deep', 'response-slow', 'security-headers-missing', 'image-too-large', 'soft-404', 'js-changes-title', 'js-changes-meta-description', 'js-changes-canonical', 'js-changes-robots', 'js-only-links', 'js-only-content', 'render-error', 'js-redirect'];
    expect(none.notApplicable.map((n) => n.rule).filter((r) => !web.includes(r))).toEqual(['title-missing-keyword', 'meta-description-missing-keyword', 'keyword-density']);
    const { report } = auditJson('--keywords', 'backpacking tent');
    // A folder has no HTTP facts: only the web rules are left out.
    expect(report.notApplicable.map((n) => n.rule).sort()).toEqual([...web].sort());
    const home = report.pages.find((p) => p.url === 'https://demo-shop.example/')!;
    expect(home.findings.map((f) => f.rule)).toContain('title-missing-keyword');
  });

  it('prints the terminal summary with the site score, the costly rules and the worst pages', () => {
    const { report } = auditJson();
    const r = runCli(['audit', SHOP]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`seo-ai audit ${SHOP} (folder, https://demo-shop.example/)`);
    expect(r.stdout).toContain(`Site score  ${report.summary.score}/100`);
    const sev = report.summary.bySeverity;
    expect(r.stdout).toContain(`Findings    critical ${sev.critical}  high ${sev.high}  medium ${sev.medium}  low ${sev.low}\n`);
    expect(r.stdout).toContain('Rules that cost most\n');
    const worst = [...report.pages].sort((a, b) => a.score - b.score || (a.url < b.url ? -1 : 1))[0]!;
    expect(r.stdout).toContain(`Worst pages\n  ${String(worst.score).padStart(3)}  ${worst.url}\n`);
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
  });

  it('--verbose prints each finding with its fix hint', () => {
    const r = runCli(['audit', SHOP, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('https://demo-shop.example/products/talus-approach-shoe/');
    expect(r.stdout).toMatch(/critical meta-description-missing {2}.+\n {14}fix: /);
  });

  it('exit codes: 1 below --min-score, 0 at or above it; --output writes the file', () => {
    const { report } = auditJson();
    const above = Math.floor(report.summary.score) + 1;
    const fail = runCli(['audit', SHOP, '--min-score', String(above), '--quiet']);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toBe(`site score ${report.summary.score} is below --min-score ${above}\n`);
    const pass = runCli(['audit', SHOP, '--min-score', String(Math.floor(report.summary.score))]);
    expect(pass.code).toBe(0);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seo-ai-out-')), 'report.json');
    const out = runCli(['audit', SHOP, '--format', 'json', '--output', file]);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(`json report written to ${file} (site score ${report.summary.score})\n`);
    expect((JSON.parse(readFileSync(file, 'utf8')) as JsonReport).summary).toEqual(report.summary);
  });

  it('a rule turned off in config disappears from the findings and the score', () => {
    const r = runCli(['audit', SHOP, '--format', 'json', '--config', 'fixtures/configs/no-titles.json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.pages.flatMap((p) => p.findings).filter((f) => f.rule.startsWith('title-'))).toEqual([]);
    const hydration = report.pages.find((p) => p.url.endsWith('/hydration-reservoir-2l/'))!;
    expect(hydration.findings.find((f) => f.rule === 'image-alt-missing')?.severity).toBe('critical');
  });
});
