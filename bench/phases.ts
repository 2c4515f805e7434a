import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Parser } from 'htmlparser2';
import { runAudit, type AuditResult } from '../src/audit.js';
import { resolveRules, resolveWeights } from '../src/engine/config.js';
import { folderSource } from '../src/sources/folder.js';
import type { Source, SourceItem } from '../src/sources/types.js';
import { rules } from '../rules/index.js';
import { firstItems, generatedShopSource, productFile } from './shop-source.js';
import { productPage } from './synthetic-shop.js';

/** What one child process measured; printed as one JSON line on stdout. */
export interface PhaseResult {
  phase: 'raw' | 'audit';
  source: 'folder' | 'generated';
  pages: number;
  /** The median run (the only run when there is one). */
  seconds: number;
  pagesPerSecond: number;
  peakRssMB: number;
  bytes: number;
  runs: number[];
  /** Worker threads the audit was asked to use (raw: always 1). */
  workers: number | 'auto';
  /** Heap in use right after the last run, with its result still referenced. */
  heapUsedMB: number;
  audit?: {
    rules: number;
    siteRules: number;
    score: number;
    distribution: Record<string, number>;
    findings: number;
    /** Findings per rule id: shows the synthetic shop makes the rules fire. */
    byRule: Record<string, number>;
    errors: number;
    notes: string[];
  };
  /** Generated source only: how fast the generator alone makes pages (its time is inside the audit's). */
  generatorPagesPerSecond?: number;
}

export interface PhaseOptions {
  pages: number;
  dir: string;
  source: 'folder' | 'generated';
  runs: number;
  warmup: number;
  /** Worker threads for the audit (1: all in the main thread; 'auto': one per core). */
  workers?: number | 'auto';
  /** Profile the timed runs (not the warm-up) and write the profile into profileDir. */
  profile?: 'cpu' | 'heap';
  profileDir?: string;
  /** A CSS selector check (the config's `custom`) on every page: the audit then builds each page's document tree. */
  selector?: string;
}

const MB = 1024 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** htmlparser2 with no handlers over every file: the floor any parse-based audit sits on. */
export function rawPhase(o: PhaseOptions): PhaseResult {
  const files = Array.from({ length: o.pages }, (_, i) => productFile(o.dir, i));
  const parseAll = (list: readonly string[]): number => {
    let bytes = 0;
    for (const file of list) {
      const buf = readFileSync(file);
      bytes += buf.length;
      new Parser({}, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).end(buf.toString('utf8'));
    }
    return bytes;
  };
  parseAll(files.slice(0, o.warmup));
  const runs: number[] = [];
  let bytes = 0;
  for (let k = 0; k < o.runs; k++) {
    gc();
    const t0 = performance.now();
    bytes = parseAll(files);
    runs.push((performance.now() - t0) / 1000);
  }
  const seconds = median(runs);
  return {
    phase: 'raw', source: 'folder', pages: o.pages, seconds, pagesPerSecond: o.pages / seconds,
    peakRssMB: peakRssMB(), bytes, runs, workers: 1, heapUsedMB: process.memoryUsage().heapUsed / MB,
  };
}

/** Counts the bytes a source hands over, outside the engine's view. */
function counting(source: Source, total: { bytes: number }): Source {
  return {
    ...source,
    async *items(): AsyncIterable<SourceItem> {
      for await (const item of source.items()) {
        if ('page' in item) total.bytes += item.page.body.length;
        yield item;
      }
    },
  };
}

/** The real pipeline, as the CLI runs it: source, extract, every registered rule, site rules, scores. */
export async function auditPhase(o: PhaseOptions): Promise<PhaseResult> {
  const resolved = resolveRules(rules, {});
  const weights = resolveWeights(undefined);
  // Every generated page, past the --max-pages default too: the bench measures what it made.
  const makeSource = (): Promise<Source> => (o.source === 'generated' ? Promise.resolve(generatedShopSource(o.pages)) : folderSource({ target: o.dir, maxPages: Number.MAX_SAFE_INTEGER }));

  let generatorPagesPerSecond: number | undefined;
  if (o.source === 'generated') {
    const sample = Math.min(o.pages, 1000);
    const t0 = performance.now();
    for (let i = 0; i < sample; i++) Buffer.from(productPage(i, o.pages), 'utf8');
    generatorPagesPerSecond = sample / ((performance.now() - t0) / 1000);
  }

  // A selector check as a config declares one: `custom: [{ id, selector, must: "exist" }]`.
  const extensions = o.selector === undefined ? {} : { extensions: { custom: [{ id: 'bench-selector', selector: o.selector, must: 'exist' as const }] } };
  await runAudit({ source: firstItems(await makeSource(), o.warmup), weights, workers: o.workers ?? 1, ...extensions });

  const runs: number[] = [];
  const total = { bytes: 0 };
  let result: AuditResult | undefined;
  const every = Math.max(10_000, Math.floor(o.pages / 10));
  const stopProfile = await startProfile(o);
  for (let k = 0; k < o.runs; k++) {
    result = undefined;
    gc();
    total.bytes = 0;
    const t0 = performance.now();
    const source = counting(await makeSource(), total);
    result = await runAudit({
      source,
      weights,
      workers: o.workers ?? 1,
      ...extensions,
      onProgress: ({ done }) => {
        if (done % every === 0) progress(`  audit: ${done} / ${o.pages} pages, ${((performance.now() - t0) / 1000).toFixed(1)} s, RSS ${(process.memoryUsage.rss() / MB).toFixed(0)} MB`);
      },
    });
    runs.push((performance.now() - t0) / 1000);
  }
  // Stopped while the last result is still referenced, so a heap profile shows what the run keeps.
  await stopProfile();
  const heapUsedMB = process.memoryUsage().heapUsed / MB;
  const r = result!;
  const seconds = median(runs);
  const out: PhaseResult = {
    phase: 'audit', source: o.source, pages: r.summary.pages, seconds, pagesPerSecond: r.summary.pages / seconds,
    peakRssMB: peakRssMB(), bytes: total.bytes, runs, workers: o.workers ?? 1, heapUsedMB,
    audit: {
      rules: resolved.length,
      siteRules: resolved.filter((x) => x.rule.site === true).length,
      score: r.summary.score,
      distribution: r.summary.distribution,
      findings: Object.values(r.summary.bySeverity).reduce((a, b) => a + b, 0),
      byRule: Object.fromEntries(Object.entries(r.summary.byRule).map(([id, x]) => [id, x.findings])),
      errors: r.errors.length,
      notes: r.notes,
    },
  };
  if (generatorPagesPerSecond !== undefined) out.generatorPagesPerSecond = generatorPagesPerSecond;
  return out;
}

/** Starts V8's CPU profiler or sampling heap profiler in this process; the returned function writes the profile. */
async function startProfile(o: PhaseOptions): Promise<() => Promise<void>> {
  if (!o.profile || !o.profileDir) return async () => {};
  const session = new Session();
  session.connect();
  const file = path.join(o.profileDir, `audit-${process.pid}.${o.profile === 'cpu' ? 'cpuprofile' : 'heapprofile'}`);
  if (o.profile === 'cpu') {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    return async () => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    };
  }
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 16384 });
  return async () => {
    gc();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
