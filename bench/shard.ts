/**
 * Sharded audits against one unsharded run of the same synthetic shop folder (issue 16):
 *
 *   npm run bench:audit -- --pages 100000 --shards 4
 *
 * Each run is the CLI in its own process (`audit`, then `audit --shard i/n` for each shard one
 * after the other, as separate CI jobs would run them, then `merge`), with its wall time and peak
 * RSS. Targets: each shard ≤ 30 % of the unsharded time, the merge ≤ 10 %, merge memory < 500 MB.
 * The merged JSON report is compared with the unsharded one (generatedAt aside).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ensureShopFolder } from './shop-source.js';

const BIN = fileURLToPath(new URL('../bin/seo-ai.js', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./rss-preload.js', import.meta.url));

interface Timed {
  what: string;
  seconds: number;
  peakRssMB: number;
}

function cli(what: string, args: string[], cwd: string): Timed {
  const rssFile = path.join(cwd, `${what.replace(/\W+/g, '-')}.rss`);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['--import', PRELOAD, BIN, ...args], { cwd, env: { ...process.env, SEO_AI_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${what}: exit ${run.status}: ${run.stderr}`);
  return { what, seconds, peakRssMB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

function withoutTime(file: string): string {
  const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete report.generatedAt;
  return JSON.stringify(report);
}

export function shardBench(options: { dir: string; pages: number; shards: number; json: boolean }): void {
  const { dir, pages, shards } = options;
  ensureShopFolder(dir, pages, (l) => process.stderr.write(`${l}\n`));
  const work = mkdtempSync(path.join(os.tmpdir(), 'seo-ai-shard-bench-'));
  try {
    const whole = cli('unsharded', ['audit', dir, '--format', 'json', '--output', 'whole.json', '--quiet'], work);
    const parts = Array.from({ length: shards }, (_, i) => cli(`shard ${i + 1}/${shards}`, ['audit', dir, '--shard', `${i + 1}/${shards}`, '--output', `shard-${i + 1}.jsonl`, '--quiet'], work));
    const merge = cli('merge', ['merge', ...parts.map((_, i) => `shard-${i + 1}.jsonl`), '--format', 'json', '--output', 'merged.json', '--quiet'], work);
    const identical = withoutTime(path.join(work, 'merged.json')) === withoutTime(path.join(work, 'whole.json'));
    const rows = [whole, ...parts, merge];
    if (options.json) {
      console.log(JSON.stringify({ node: process.version, cpus: os.cpus().length, pages, shards, runs: rows, identical }, null, 2));
      return;
    }
    console.log(`shard benchmark — ${pages} pages, ${shards} shards, node ${process.version}, ${os.cpus().length} cores`);
    console.log('run            seconds  of unsharded  peak RSS');
    for (const r of rows) console.log(`${r.what.padEnd(13)} ${r.seconds.toFixed(1).padStart(8)}  ${`${((r.seconds / whole.seconds) * 100).toFixed(0)} %`.padStart(12)}  ${`${r.peakRssMB.toFixed(0)} MB`.padStart(8)}`);
    const slowest = Math.max(...parts.map((p) => p.seconds));
    console.log(`targets: each shard ≤ 30 % (slowest ${((slowest / whole.seconds) * 100).toFixed(0)} %), merge ≤ 10 % (${((merge.seconds / whole.seconds) * 100).toFixed(0)} %), merge < 500 MB (${merge.peakRssMB.toFixed(0)} MB); merged report ${identical ? 'identical to' : 'DIFFERENT from'} the unsharded one`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
