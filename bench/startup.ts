/**
 * How fast the CLI starts, measured as a user sees it: whole processes, wall time from spawn to
 * exit, beside bare `node -e 0` on the same machine in the same run. Runs alternate between the
 * commands (so a slow moment of the machine falls on all of them) and the median is reported.
 *
 *   npm run bench:startup
 *   npm run bench:startup -- --runs 20
 *
 * Targets (issue "A real user's first day"): `seo-ai --version` and `seo-ai rules` within 2.5× of
 * `node -e 0`, the demo audit within 3×.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Math.max(1, Number(values.runs));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'dist/bin/seo-ai.js');

interface Case {
  label: string;
  args: string[];
  /** The most it may take, as a multiple of node -e 0; undefined for the reference itself. */
  target?: number;
}

const CASES: Case[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'seo-ai --version', args: [BIN, '--version'], target: 2.5 },
  { label: 'seo-ai rules', args: [BIN, 'rules'], target: 2.5 },
  { label: 'seo-ai audit fixtures/sites/demo-shop', args: [BIN, 'audit', 'fixtures/sites/demo-shop'], target: 3 },
];

function once(c: Case): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, c.args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

// One warm-up of each (the file system cache), then the timed runs, alternating.
for (const c of CASES) once(c);
const times = new Map(CASES.map((c) => [c, [] as number[]]));
for (let i = 0; i < runs; i++) for (const c of CASES) times.get(c)!.push(once(c));

const base = median(times.get(CASES[0]!)!);
console.log(`startup, whole process, median of ${runs} (Node ${process.version}):`);
let missed = 0;
for (const c of CASES) {
  const ms = median(times.get(c)!);
  const ratio = ms / base;
  const verdict = c.target === undefined ? '' : ratio <= c.target ? `  within ${c.target}×` : `  OVER the ${c.target}× target`;
  if (c.target !== undefined && ratio > c.target) missed++;
  console.log(`  ${c.label.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2).padStart(5)}× node -e 0${verdict}`);
}
if (missed > 0) console.log(`${missed} over target`);
