/**
 * Precision on a real site: flink.apache.org's committed build (../shared/corpus/flink-web, 633
 * HTML files and no images, archives or PDFs, so links to those are dead), served from 127.0.0.1
 * and crawled from its home page as a staging copy of https://flink.apache.org/.
 *
 *   node dist/bench/flink-crawl.js                      this build
 *   node dist/bench/flink-crawl.js --cli <seo-ai.js>    another build of the CLI (a before/after)
 *   node dist/bench/flink-crawl.js --config <file>      with a config (rules turned off, options)
 *
 * Prints the site score, pages, errors, the findings and pages of each rule, and the worst pages;
 * --json prints the same as JSON.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serveSite } from '../src/testing/site-server.js';

const PUBLIC = 'https://flink.apache.org/';

interface Report {
  summary: { score: number; pages: number; byRule: Record<string, { severity: string; findings: number; pages: number }> };
  errors: { origin: string; message: string }[];
  notes: string[];
  pages: { url: string; score: number; findings: { rule: string }[] }[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cli: { type: 'string', default: fileURLToPath(new URL('../bin/seo-ai.js', import.meta.url)) },
      corpus: { type: 'string', default: fileURLToPath(new URL('../../../shared/corpus/flink-web/content', import.meta.url)) },
      worst: { type: 'string', default: '10' },
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!existsSync(values.corpus)) throw new Error(`${values.corpus}: no flink-web corpus here; pass --corpus <dir>`);
  const server = await serveSite(values.corpus);
  try {
    const report = await audit(values.cli, server.url('/'), values.config);
    const byRule = Object.entries(report.summary.byRule).sort(([a, x], [b, y]) => y.pages - x.pages || y.findings - x.findings || (a < b ? -1 : 1));
    const worst = [...report.pages].sort((a, b) => a.score - b.score || (a.url < b.url ? -1 : 1)).slice(0, Number(values.worst));
    const out = {
      score: report.summary.score,
      pages: report.summary.pages,
      errors: report.errors.length,
      byRule: Object.fromEntries(byRule.map(([id, r]) => [id, { severity: r.severity, findings: r.findings, pages: r.pages }])),
      worst: worst.map((p) => ({ url: p.url, score: p.score, rules: [...new Set(p.findings.map((f) => f.rule))] })),
      notes: report.notes,
    };
    if (values.json) {
      console.log(JSON.stringify(out, null, 2));
      return;
    }
    console.log(`score ${out.score}, ${out.pages} pages, ${out.errors} errors`);
    console.log('\nrule                           severity  findings  pages');
    for (const [id, r] of byRule) console.log(`${id.padEnd(30)} ${r.severity.padEnd(9)} ${String(r.findings).padStart(8)}  ${String(r.pages).padStart(5)}`);
    console.log('\nworst pages');
    for (const p of out.worst) console.log(`${String(p.score).padStart(4)}  ${p.url}\n      ${p.rules.join(', ')}`);
    console.log('\nnotes');
    for (const n of out.notes) console.log(`  ${n}`);
  } finally {
    await server.close();
  }
}

/** The CLI's JSON report of a crawl from `start`, reported under the public address. */
function audit(cli: string, start: string, config: string | undefined): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'audit', start, '--base-url', PUBLIC, '--format', 'json', '--quiet', '--no-color', ...(config ? ['--config', config] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(stdout) as Report);
      } catch {
        reject(new Error(`${cli} exited ${String(code)} without a JSON report`));
      }
    });
  });
}

await main();
