// Hostile pages for the parser and the rules: markup nested without end, JSON-LD nested without
// end, and a run that must stop at --timeout however busy it is. Inputs are generated here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedFiles, fileStates, runMeasured, scratchDir } from '../../src/testing/adversarial.js';

interface ReportPage {
  url: string;
  warnings: string[];
  findings: { rule: string; message: string; value?: string; expected?: string; element?: string }[];
}
interface Report {
  partial: boolean;
  pages: ReportPage[];
  errors: { origin: string; message: string }[];
  notes: string[];
}
const readReport = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;

describe('adversarial: deep nesting', () => {
  it('#8: 800,000 nested <div>s (4 MB) are parsed to 512 levels in about a second, and the page says the rest was not parsed', async () => {
    const dir = scratchDir('nest');
    const site = path.join(dir, 'site');
    mkdirSync(site);
    const head = '<!doctype html><html lang="en"><head><title>A page nested far too deep</title></head><body><h1>Deep</h1>';
    const html = `${head}${'<div>'.repeat(800_000)}x</body></html>`;
    writeFileSync(path.join(site, 'index.html'), html);
    const before = fileStates(site);
    // Before the cap this ran past 150 s (htmlparser2's open-element stack is quadratic in depth).
    const r = await runMeasured(['audit', 'site', '--format', 'json=out.json', '--workers', '1'], { cwd: dir, killAfterMs: 20_000, heapMb: 512 });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.maxRssMb).toBeLessThan(1500);
    expect(changedFiles(before, fileStates(site))).toEqual([]);
    const report = readReport(path.join(dir, 'out.json'));
    expect(report.errors).toEqual([]);
    // html, body and 510 divs are open: the 511th div is where parsing stops.
    const cutAt = head.length + '<div>'.length * 510;
    expect(report.pages[0]!.warnings).toEqual([
      `elements nest more than 512 deep at character ${cutAt}: the rest of the page (${html.length - cutAt} characters) was not parsed; findings describe the part before it`,
    ]);
    expect(report.pages[0]!.findings.map((f) => f.rule)).not.toContain('h1-missing');
  });
});

describe('adversarial: deep JSON-LD', () => {
  it('#17: a page whose JSON-LD nests 100,000 arrays deep is audited, the block reported as structured-data-invalid (nesting too deep)', async () => {
    const dir = scratchDir('deep-jsonld');
    const site = path.join(dir, 'site');
    mkdirSync(site);
    const block = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    writeFileSync(
      path.join(site, 'index.html'),
      `<!doctype html><html lang="en"><head><title>Deep JSON-LD</title><script type="application/ld+json">${block}</script></head><body><h1>Deep</h1></body></html>`,
    );
    const before = fileStates(site);
    for (const workers of ['1', '2']) {
      const r = await runMeasured(['audit', 'site', '--format', `json=out-${workers}.json`, '--workers', workers], { cwd: dir, killAfterMs: 30_000, heapMb: 512 });
      expect(r.killed).toBe(false);
      expect(r.code).toBe(0);
      expect(r.ms).toBeLessThan(10_000);
      expect(r.maxRssMb).toBeLessThan(1500);
      // Before: "could not be audited (internal error: Maximum call stack size exceeded)".
      expect(r.stderr).not.toMatch(/Maximum call stack/);
      const report = readReport(path.join(dir, `out-${workers}.json`));
      expect(report.errors).toEqual([]);
      expect(report.pages).toHaveLength(1);
      expect(report.pages[0]!.findings.filter((f) => f.rule === 'structured-data-invalid')).toEqual([
        expect.objectContaining({
          message: 'JSON-LD block 1 nests arrays and objects more than 128 levels deep, so it was not checked further.',
          value: `${'['.repeat(200)}…`,
          expected: 'at most 128 levels of nesting',
          element: 'json-ld-invalid-1',
        }),
      ]);
    }
    expect(changedFiles(before, fileStates(site))).toEqual([]);
  });
});
