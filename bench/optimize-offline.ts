/**
 * `optimize --offline` against `audit` on the same shop CSV: rows/s of each, their ratio, and
 * peak RSS. Target: the offline optimize within 3× the audit's time (it audits the rows twice,
 * before and after, and checks every rewrite with the rules).
 *
 *   npm run bench:offline                     20,000 rows (~75 MB)
 *   npm run bench:offline -- --rows 100000    a 370 MB export
 *
 * Flags: --rows N, --dir DIR (where the CSV is written; default a new folder under the OS temp
 * folder, removed afterwards), --json. Each command runs as its own process (the built CLI), so
 * its peak RSS is its own; the CSV is generated first (bench/shop-csv.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RUSAGE_PRELOAD } from '../src/testing/adversarial.js';
import { writeShopCsv } from './shop-csv.js';

const TARGET_RATIO = 3;

interface Timed {
  seconds: number;
  rowsPerSecond: number;
  peakRssMB: number | undefined;
  exitCode: number | null;
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} ${value}: give a whole number above 0`);
  return n;
}

/** The built CLI beside this file (dist/bench → dist/bin). */
const BIN = fileURLToPath(new URL('../bin/seo-ai.js', import.meta.url));

/** Runs the CLI as its own process, as a user would (default heap), and measures it. */
function timed(args: string[], cwd: string, rows: number): Timed {
  const usageFile = path.join(cwd, 'rusage.json');
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', RUSAGE_PRELOAD, BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', SEO_AI_RUSAGE_FILE: usageFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  // An audit that finds issues exits 0; 1 is a failed gate. Anything else is a broken run.
  if (r.status !== 0 && !(args[0] === 'audit' && r.status === 1)) throw new Error(`seo-ai ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 2000)}`);
  let peakRssMB: number | undefined;
  try {
    peakRssMB = (JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number }).maxRSS / 1024;
  } catch {
    peakRssMB = undefined;
  }
  return { seconds, rowsPerSecond: rows / seconds, peakRssMB, exitCode: r.status };
}

const mb = (n: number | undefined): string => (n === undefined ? '?' : `${Math.round(n)} MB`);

async function main(): Promise<void> {
  const { values: a } = parseArgs({ options: { rows: { type: 'string', default: '20000' }, dir: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const rows = positive('rows', a.rows);
  const own = a.dir === undefined;
  const dir = own ? mkdtempSync(path.join(os.tmpdir(), 'seo-ai-bench-offline-')) : path.resolve(a.dir!);
  mkdirSync(dir, { recursive: true });
  const log = (line: string): void => {
    if (!a.json) process.stdout.write(`${line}\n`);
  };
  try {
    const file = path.join(dir, 'shop.csv');
    log(`writing ${rows} rows to ${file} …`);
    writeShopCsv(file, rows);
    const csvMB = statSync(file).size / 1e6;
    log(`${csvMB.toFixed(1)} MB; node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}`);
    const audit = timed(['audit', 'shop.csv', '--format', 'json', '--output', 'audit.json'], dir, rows);
    log(`audit               ${audit.seconds.toFixed(1)} s  ${Math.round(audit.rowsPerSecond)} rows/s  peak RSS ${mb(audit.peakRssMB)}`);
    const optimize = timed(['optimize', '--csv', 'shop.csv', '--offline', '--quiet'], dir, rows);
    log(`optimize --offline  ${optimize.seconds.toFixed(1)} s  ${Math.round(optimize.rowsPerSecond)} rows/s  peak RSS ${mb(optimize.peakRssMB)}`);
    const ratio = optimize.seconds / audit.seconds;
    log(`ratio ${ratio.toFixed(2)}× the audit's time (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`);
    if (a.json) process.stdout.write(`${JSON.stringify({ rows, csvMB, audit, optimize, ratio, target: { ratio: TARGET_RATIO, met: ratio <= TARGET_RATIO } }, null, 2)}\n`);
  } finally {
    if (own) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
