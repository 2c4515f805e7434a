/**
 * Report and gate speed on a synthetic shop: every format, the comparison with a baseline and
 * the verdict, and (with Chromium) how fast the HTML report opens and filters.
 *
 *   npm run bench:reports                      20,000 pages
 *   npm run bench:reports -- --pages 100000 --no-browser
 *
 * Flags: --pages N (20000), --runs N (timed runs per format, median reported; 3), --no-browser.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { runAudit } from '../src/audit.js';
import { FORMATS } from '../src/cli/defaults.js';
import { rendererFor } from '../src/cli/outputs.js';
import { DEFAULT_WEIGHTS } from '../src/engine/config.js';
import { baselineOf, formatBaseline, parseSnapshot } from '../src/gate/baseline.js';
import { compare } from '../src/gate/compare.js';
import { judge } from '../src/gate/policy.js';
import { snapshotOfReport } from '../src/gate/snapshot.js';
import { toJsonReport, type JsonReport } from '../src/report/json.js';
import { generatedShopSource } from './shop-source.js';

const { values } = parseArgs({
  options: { pages: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' }, 'no-browser': { type: 'boolean', default: false } },
});
const pages = Number(values.pages);
const runs = Math.max(1, Number(values.runs));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(f: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = f();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}

const started = performance.now();
const result = await runAudit({ source: generatedShopSource(pages), weights: DEFAULT_WEIGHTS, workers: 'auto' });
const auditMs = performance.now() - started;
const now: JsonReport = toJsonReport(result, { name: 'seo-ai', version: 'bench' }, '2026-01-01T00:00:00.000Z', { weights: DEFAULT_WEIGHTS });
const findings = now.pages.reduce((n, p) => n + p.findings.length, 0);
console.log(`${pages} pages, ${findings} findings (audit ${(auditMs / 1000).toFixed(1)} s, ${os.cpus().length} cores, Node ${process.version})`);

// The baseline: this run with every tenth page's findings gone (so they read as new) and one
// finding more on every twentieth (fixed), as a busy week on a real shop would look.
const base = baselineOf(now);
base.pages = base.pages.map((p, i) => (i % 10 === 0 ? { ...p, findings: [] } : i % 20 === 5 ? { ...p, findings: [...p.findings, { rule: 'og-missing', severity: 'low', fingerprint: `gone${i}` }] } : p));
const baselineText = formatBaseline(base);

const rows: [string, number, number][] = [];
const write = time(() => formatBaseline(baselineOf(now)));
rows.push(['baseline: write', write.ms, Buffer.byteLength(write.value)]);
const read = time(() => parseSnapshot(baselineText, 'seo-baseline.json'));
rows.push(['baseline: read', read.ms, Buffer.byteLength(baselineText)]);
const cmp = time(() => compare(read.value, snapshotOfReport(now, 'this run')));
rows.push(['compare', cmp.ms, 0]);
const verdict = time(() => judge(now.summary.score, cmp.value, { failOn: 'high', maxPageDrop: 10, maxScoreDrop: 0 }));
rows.push(['judge', verdict.ms, 0]);
const report: JsonReport = { ...now, comparison: cmp.value, gate: verdict.value };
console.log(`comparison: ${cmp.value.counts.new} new, ${cmp.value.counts.fixed} fixed, ${cmp.value.counts.unchanged} unchanged; gate ${verdict.value.passed ? 'passed' : 'failed'}`);

let html = '';
for (const format of FORMATS) {
  const render = await rendererFor(format);
  // The whole text, as the format writes it (the JSON report's chunks joined).
  const r = time(() => {
    const text = render(report, { color: 0, verbose: false });
    return typeof text === 'string' ? text : [...text].join('');
  });
  if (format === 'html') html = r.value;
  rows.push([`format ${format}`, r.ms, Buffer.byteLength(r.value)]);
}
console.log('');
console.log('step                     median ms        size');
for (const [name, ms, bytes] of rows) console.log(`${name.padEnd(22)} ${ms.toFixed(1).padStart(10)} ${bytes === 0 ? '' : `${(bytes / 1e6).toFixed(2).padStart(9)} MB`}`);

if (!values['no-browser'] && existsSync('/usr/bin/chromium')) {
  const { launchChromium } = await import('../src/testing/browser.js');
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'seo-ai-bench-')), 'report.html');
  writeFileSync(file, html);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const t = performance.now();
    await page.goto(`file://${file}`, { timeout: 600_000 });
    const loadMs = performance.now() - t;
    // A filter as a person uses it: the script and the layout it causes, measured in the page.
    // (A string: this file is compiled without the DOM's types.)
    const filters = (await page.evaluate(`['p', 'products/', 'og-missing', ''].map((q) => {
      const search = document.getElementById('search');
      search.value = q;
      const t0 = performance.now();
      search.dispatchEvent(new Event('input', { bubbles: true }));
      void document.body.offsetHeight;
      return performance.now() - t0;
    })`)) as number[];
    console.log('');
    console.log(`HTML in Chromium: opens in ${(loadMs / 1000).toFixed(2)} s; a search filters in ${filters.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  } finally {
    await browser.close();
  }
}
