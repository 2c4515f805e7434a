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
  it('#8: 800,000 nested <div>s (4 MB) are read to the end in about a second, elements past 512 levels read as siblings', async () => {
    const dir = scratchDir('nest');
    const site = path.join(dir, 'site');
    mkdirSync(site);
    const head = '<!doctype html><html lang="en"><head><title>A page nested far too deep</title></head><body><h1>Deep</h1>';
    const html = `${head}${'<div>'.repeat(800_000)}x <a href="missing.html">the end</a></body></html>`;
    writeFileSync(path.join(site, 'index.html'), html);
    const before = fileStates(site);
    // Before the cap this ran past 150 s (htmlparser2's open-element stack is quadratic in depth).
    const r = await runMeasured(['audit', 'site', '--format', 'json=out.json', '--workers', '1'], { cwd: dir, killAfterMs: 25_000, heapMb: 512 });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    // About a second on an idle machine; CLI start-up alone took 6 s on a loaded one.
    expect(r.ms).toBeLessThan(20_000);
    expect(r.maxRssMb).toBeLessThan(1500);
    expect(changedFiles(before, fileStates(site))).toEqual([]);
    const report = readReport(path.join(dir, 'out.json'));
    expect(report.errors).toEqual([]);
    expect(report.pages[0]!.warnings).toBeUndefined();
    // The link at the very end was read, and checked: the page is parsed to its end.
    expect(report.pages[0]!.findings.filter((f) => f.rule === 'link-broken').map((f) => f.message)).toHaveLength(1);
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
    const runs = await Promise.all(
      ['1', '2'].map((workers) => runMeasured(['audit', 'site', '--format', `json=out-${workers}.json`, '--workers', workers], { cwd: dir, killAfterMs: 25_000, heapMb: 512 })),
    );
    for (const [i, r] of runs.entries()) {
      const workers = i + 1;
      expect(r.killed).toBe(false);
      expect(r.code).toBe(0);
      expect(r.ms).toBeLessThan(20_000);
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

describe('adversarial: --timeout binds a folder audit', () => {
  it('#9: --timeout stops a folder audit of 6,000 pages after 2 s, with --workers 1 and 2: the workers are stopped, the partial report written, exit 2', async () => {
    const dir = scratchDir('timeout');
    const site = path.join(dir, 'site');
    mkdirSync(site);
    // 6,000 pages of 8 KB: several seconds of parsing at any speed this machine has (about
    // 1,500 pages/s for the parser alone), so a 2 s budget always ends the run mid-way.
    const body = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i} about tents, poles and pegs for two people in the hills.</p>`).join('');
    for (let i = 0; i < 6000; i++) {
      writeFileSync(path.join(site, `p${i}.html`), `<!doctype html><html lang="en"><head><title>Page ${i} of the tent shop catalogue</title></head><body><h1>Page ${i}</h1>${body}</body></html>`);
    }
    const before = fileStates(site);
    const runs = await Promise.all(
      ['1', '2'].map((workers) =>
        runMeasured(['audit', 'site', '--timeout', '2', '--workers', workers, '--format', `json=out-${workers}.json`], { cwd: dir, killAfterMs: 45_000, heapMb: 512 }),
      ),
    );
    for (const [i, r] of runs.entries()) {
      const workers = i + 1;
      // Before: --workers 1 never looked at the clock and audited every page, exit 0.
      expect(r.killed, `--workers ${workers}`).toBe(false);
      expect(r.code, `--workers ${workers}`).toBe(2);
      // About 3 s on an idle machine (2 s of budget).
      expect(r.ms).toBeLessThan(30_000);
      expect(r.maxRssMb).toBeLessThan(1500);
      expect(r.stderr).toMatch(/stopped by --timeout 2 s: the report is partial \(\d+ pages\)\n/);
      const report = readReport(path.join(dir, `out-${workers}.json`));
      expect(report.partial).toBe(true);
      expect(report.pages.length).toBeLessThan(6000);
      expect(report.notes).toContain(`${6000 - report.pages.length} of the 6000 pages were not audited`);
      expect(report.notes).toContain(`stopped by --timeout 2 s: the report covers the ${report.pages.length} page${report.pages.length === 1 ? '' : 's'} audited before the stop`);
    }
    expect(changedFiles(before, fileStates(site))).toEqual([]);
  }, 60_000);
});

describe('adversarial: long text without spaces', () => {
  it('found while fixing #9: a page of 200,000 characters of Japanese without a space is audited in seconds (ICU took 23 s on 72,000 at once)', async () => {
    const dir = scratchDir('cjk');
    writeFileSync(path.join(dir, 'ja.html'), `<!doctype html><html lang="ja"><head><title>長いページ</title></head><body><h1>長い</h1><p>${'日本語の文章です。'.repeat(22_000)}</p></body></html>`);
    const r = await runMeasured(['audit', 'ja.html', '--format', 'json=out.json'], { cwd: dir, killAfterMs: 25_000, heapMb: 512 });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    // About 1 s on an idle machine.
    expect(r.ms).toBeLessThan(15_000);
    const report = readReport(path.join(dir, 'out.json'));
    expect(report.pages).toHaveLength(1);
    expect(report.errors).toEqual([]);
  });
});
