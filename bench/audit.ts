/**
 * Audit throughput and memory on a synthetic shop.
 *
 *   npm run bench:audit                             2,000 pages: raw htmlparser2 parse vs the full audit
 *   npm run bench:audit -- --pages 100000 --memory-only   pages from an in-memory generator, audit only
 *
 * Flags: --pages N, --dir DIR (shop folder; default under the OS temp folder), --runs N (timed
 * runs, median reported; 3), --warmup N (pages parsed before timing; 200), --source folder|generated,
 * --workers N|auto (worker threads for the audit; 1, so it compares with the one-thread raw parse),
 * --shards N (sharded audits against one unsharded run of the same folder: bench/shard.ts),
 * --memory-only, --json, --profile cpu|heap (profiles the audit phase's timed runs, writes the
 * profile under the OS temp folder and prints the hot spots), --selector CSS (a config's selector
 * check on every page, as `custom: [{ selector, must: "exist" }]`: the audit builds each page's
 * document tree for it; compare with a run without).
 * Each phase runs in its own child process, so peak RSS is the phase's own.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rules } from '../rules/index.js';
import { auditPhase, rawPhase, type PhaseOptions, type PhaseResult } from './phases.js';
import { formatHotspots, newestProfile, summariseCpu, summariseHeap } from './profile-summary.js';
import { ensureShopFolder, type ShopFolder } from './shop-source.js';
import { shardBench } from './shard.js';

/** Targets from the performance issue. */
const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 500;
/** Above this many pages the audit is timed once: three runs of 100,000 pages prove nothing more. */
const SINGLE_RUN_ABOVE = 20_000;

interface Settings extends PhaseOptions {
  /** Sharded runs against one unsharded run (bench/shard.ts) instead of the parse comparison. */
  shards?: number;
  memoryOnly: boolean;
  json: boolean;
  phase?: string;
}

interface Combined {
  node: string;
  cpu: string;
  cpus: number;
  pages: number;
  htmlMB: number;
  folder?: ShopFolder;
  rulesRegistered: { rules: number; site: number };
  /** The selector check every page had (--selector), when it had one. */
  selector?: string;
  raw?: PhaseResult;
  audit: PhaseResult;
  /** Audit pages/s over raw parse pages/s. */
  ratio?: number;
  targets: { ratio?: { target: number; met: boolean }; peakRss?: { targetMB: number; met: boolean } };
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} ${value}: give a whole number above 0`);
  return n;
}

function settings(): Settings {
  const { values: a } = parseArgs({
    options: {
      pages: { type: 'string', default: '2000' },
      dir: { type: 'string' },
      runs: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '200' },
      source: { type: 'string' },
      'memory-only': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      profile: { type: 'string' },
      workers: { type: 'string', default: '1' },
      phase: { type: 'string' },
      selector: { type: 'string' },
      shards: { type: 'string' },
    },
  });
  const memoryOnly = a['memory-only'];
  const source = a.source ?? (memoryOnly ? 'generated' : 'folder');
  if (source !== 'folder' && source !== 'generated') throw new Error(`--source ${source}: use folder or generated`);
  const s: Settings = {
    pages: positive('pages', a.pages),
    dir: path.resolve(a.dir ?? path.join(os.tmpdir(), 'seo-ai-bench-shop')),
    source,
    runs: positive('runs', a.runs),
    warmup: positive('warmup', a.warmup),
    memoryOnly,
    json: a.json,
    workers: a.workers === 'auto' ? 'auto' : positive('workers', a.workers),
  };
  if (a.profile !== undefined) {
    if (a.profile !== 'cpu' && a.profile !== 'heap') throw new Error(`--profile ${a.profile}: use cpu or heap`);
    s.profile = a.profile;
    s.profileDir = path.join(os.tmpdir(), 'seo-ai-bench-profiles');
  }
  if (a.phase !== undefined) s.phase = a.phase;
  if (a.selector !== undefined) s.selector = a.selector;
  if (a.shards !== undefined) s.shards = positive('shards', a.shards);
  return s;
}

try {
  const s = settings();
  if (s.shards !== undefined) shardBench({ dir: s.dir, pages: s.pages, shards: s.shards, json: s.json });
  else if (s.phase === undefined) await main(s);
  else process.stdout.write(`${JSON.stringify(s.phase === 'raw' ? rawPhase(s) : await auditPhase(s))}\n`);
} catch (err) {
  console.error(`bench: ${(err as Error).message}`);
  process.exitCode = 1;
}

/** Runs one phase in a fresh process (same node flags, same script) and reads its JSON line. */
function child(s: Settings, phase: 'raw' | 'audit', runs: number): PhaseResult {
  const args = ['--phase', phase, '--pages', String(s.pages), '--dir', s.dir, '--source', phase === 'raw' ? 'folder' : s.source, '--runs', String(runs), '--warmup', String(s.warmup)];
  if (phase === 'audit') args.push('--workers', String(s.workers ?? 1));
  if (phase === 'audit' && s.profile) args.push('--profile', s.profile);
  if (phase === 'audit' && s.selector !== undefined) args.push('--selector', s.selector);
  const run = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    throw new Error(`the ${phase} phase's process ended without a result (${run.status === null ? `killed by ${run.signal}` : `exit code ${run.status}`}); its own output is above`);
  }
  return JSON.parse(line) as PhaseResult;
}

async function main(s: Settings): Promise<void> {
  const log = (line: string): void => {
    if (!s.json) console.log(line);
  };
  const folder = s.source === 'folder' || !s.memoryOnly ? ensureShopFolder(s.dir, s.pages, (l) => process.stderr.write(`${l}\n`)) : undefined;
  if (s.profileDir) mkdirSync(s.profileDir, { recursive: true });
  const raw = s.memoryOnly ? undefined : child(s, 'raw', s.runs);
  const audit = child(s, 'audit', s.pages > SINGLE_RUN_ABOVE ? 1 : s.runs);

  const c: Combined = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cpus: os.cpus().length,
    pages: s.pages,
    htmlMB: audit.bytes / 1024 / 1024,
    rulesRegistered: { rules: rules.length, site: rules.filter((r) => r.site === true).length },
    audit,
    targets: {},
  };
  if (folder) c.folder = folder;
  if (s.selector !== undefined) c.selector = s.selector;
  if (raw) {
    c.raw = raw;
    c.ratio = audit.pagesPerSecond / raw.pagesPerSecond;
    c.targets.ratio = { target: TARGET_RATIO, met: c.ratio >= TARGET_RATIO };
  }
  if (s.memoryOnly) c.targets.peakRss = { targetMB: TARGET_RSS_MB, met: audit.peakRssMB < TARGET_RSS_MB };
  if (s.json) console.log(JSON.stringify(c, null, 2));
  else printTable(c, log);
  if (s.profile && s.profileDir) printProfile(s.profile, s.profileDir, log);
}

function printTable(c: Combined, log: (l: string) => void): void {
  const { raw, audit } = c;
  const mb = (n: number): string => `${n.toFixed(0)} MB`;
  const where = audit.source === 'generated' ? 'generated in memory (no files)' : `folder ${c.folder?.dir ?? ''}${c.folder?.reused ? ' (reused)' : ''}`;
  log(`seo-ai audit benchmark — node ${c.node}, ${c.cpu} (${c.cpus} CPUs)`);
  log(`shop: ${c.pages} product pages, ${c.htmlMB.toFixed(1)} MB of HTML (mean ${(audit.bytes / c.pages / 1024).toFixed(1)} KB/page); audit source: ${where}`);
  log(`rules registered: ${c.rulesRegistered.rules} (${c.rulesRegistered.site} site rules)`);
  if (c.selector !== undefined) log(`selector check on every page: ${c.selector} (each page's document tree is built for it)`);
  log('');
  const rows: string[][] = [['phase', 'source', 'workers', 'pages', 'runs', 'seconds (median)', 'pages/s', 'MB/s', 'peak RSS']];
  for (const p of [raw, audit]) {
    if (!p) continue;
    rows.push([p.phase, p.source, String(p.workers), String(p.pages), String(p.runs.length), p.seconds.toFixed(2), p.pagesPerSecond.toFixed(0), (p.bytes / 1024 / 1024 / p.seconds).toFixed(1), mb(p.peakRssMB)]);
  }
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  for (const r of rows) log(r.map((cell, k) => (k < 2 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  '));
  log('');
  const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
  if (c.ratio !== undefined && c.targets.ratio) log(`audit / raw parse rate: ${(c.ratio * 100).toFixed(1)} %  (target ≥ ${TARGET_RATIO * 100} %: ${verdict(c.targets.ratio.met)})`);
  if (c.targets.peakRss) log(`audit peak RSS: ${mb(audit.peakRssMB)}  (target < ${TARGET_RSS_MB} MB: ${verdict(c.targets.peakRss.met)})`);
  if (audit.generatorPagesPerSecond !== undefined) {
    const withoutGenerator = 1 / (1 / audit.pagesPerSecond - 1 / audit.generatorPagesPerSecond);
    log(`generator alone: ${audit.generatorPagesPerSecond.toFixed(0)} pages/s; its time is inside the audit's pages/s (≈ ${withoutGenerator.toFixed(0)} pages/s without it)`);
  }
  const a = audit.audit;
  if (a) {
    log(`sanity: site score ${a.score} (good ${a.distribution.good ?? 0}, needs improvement ${a.distribution['needs-improvement'] ?? 0}, poor ${a.distribution.poor ?? 0}); ${a.findings} findings from ${a.rules} rules; ${a.errors} page errors; heap after run ${mb(audit.heapUsedMB)}`);
  }
}

function printProfile(kind: 'cpu' | 'heap', dir: string, log: (l: string) => void): void {
  const file = newestProfile(dir, kind === 'cpu' ? '.cpuprofile' : '.heapprofile');
  if (!file) return log(`no ${kind} profile found in ${dir}`);
  log('');
  log(`profile: ${file}`);
  if (kind === 'cpu') {
    const s = summariseCpu(file);
    log(formatHotspots('self time by function:', s.byFunction));
    log(formatHotspots('self time by file:', s.byFile));
    log(formatHotspots('time by nearest function of our own code on the stack (src/, rules/):', s.byOwner));
  } else {
    const s = summariseHeap(file);
    log(formatHotspots(`live heap at the end of the run by allocating function (${s.totalMB.toFixed(0)} MB sampled):`, s.byFunction));
  }
}
