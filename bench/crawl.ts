/**
 * Crawl throughput and politeness on the synthetic shop served from 127.0.0.1.
 *
 *   node --expose-gc dist/bench/crawl.js                  20,000 products: raw fetch, our crawl + audit, linkinator
 *   node --expose-gc dist/bench/crawl.js --delay-ms 200   politeness: the request rate a per-host delay gives
 *
 * Flags: --pages N (products; the site also has the generator's 150 other pages; 20000),
 * --concurrency N (requests in flight, for every phase; 16), --runs N (timed runs per phase,
 * median reported; 1), --skip-linkinator, --delay-ms N (politeness check instead of throughput),
 * --latency-ms N (every answer waits N ms: a site that far away; 0), --json.
 * Phases: raw fetches every URL the sitemaps list with undici at the same concurrency, reading
 * each body whole and parsing nothing; ours crawls from the home page and audits every page
 * (parse, rules, site rules); linkinator crawls from the home page too.
 * The server runs in a worker thread of this process (bench/shop-server.ts) and each phase in its
 * own child process, so a phase shares no event loop with the server and its peak RSS is its own.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { parseSitemapXml } from '../src/sources/sitemap-xml.js';
import { startShopServer, type ServerCounts, type ShopServer } from './shop-server.js';
import { staticPaths } from './synthetic-shop.js';

/** Targets from the crawl issue. */
const TARGET_RATIO = 0.7;
const TARGET_DELAY_DEVIATION = 0.1;
/** Pages the politeness check crawls: enough gaps to average, few enough to finish at slow rates. */
const DELAY_PAGES = 60;
/** Above this many products the server renders each page per request (the cache would pass 2.5 GB). */
const CACHE_UP_TO = 50_000;
const MB = 1024 * 1024;

type Phase = 'raw' | 'ours' | 'linkinator' | 'delay';
const PHASES: readonly Phase[] = ['raw', 'ours', 'linkinator', 'delay'];

interface Settings {
  pages: number;
  concurrency: number;
  runs: number;
  json: boolean;
  skipLinkinator: boolean;
  delayMs?: number;
  /** Server-side wait before each answer: a site this many ms away (0: loopback). */
  latencyMs?: number;
  /** Set in a phase's child process. */
  phase?: Phase;
  origin?: string;
}

/** What one child process measured; printed as one JSON line on stdout. */
export interface PhaseResult {
  phase: Phase;
  /** As the client counts them: URLs fetched (raw), pages audited (ours), pages parsed (linkinator). */
  pages: number;
  /** The median run. */
  seconds: number;
  runs: number[];
  pagesPerSecond: number;
  peakRssMB: number;
  /** The phase's own facts (bytes read, links checked, score …), from its last run. */
  detail: Record<string, number>;
  /** What the server answered in one run of the phase (added by the orchestrating process). */
  server?: ServerCounts;
}

interface Throughput {
  /** Server-side wait before each answer, ms (0: loopback). */
  latencyMs: number;
  node: string;
  cpu: string;
  cpus: number;
  products: number;
  sitePages: number;
  concurrency: number;
  runs: number;
  server: { where: 'worker thread'; cached: boolean; startSeconds: number };
  phases: PhaseResult[];
  /** Phases whose process ended without a result, and why. */
  failed: Partial<Record<Phase, string>>;
  oursToRaw?: number;
  oursToLinkinator?: number;
  targets: { ratio?: { target: number; met: boolean }; fasterThanLinkinator?: { met: boolean } };
}

interface Politeness {
  delayMs: number;
  configuredPerSecond: number;
  crawl: PhaseResult;
  measured: RequestRate;
  /** measured / configured − 1. */
  deviation: number;
  target: { within: number; met: boolean };
}

export interface RequestRate {
  requests: number;
  /** From the first request to the last. */
  seconds: number;
  perSecond: number;
  medianGapMs: number;
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} ${value}: give a whole number above 0`);
  return n;
}

function settings(): Settings {
  const { values: a } = parseArgs({
    options: {
      pages: { type: 'string', default: '20000' },
      concurrency: { type: 'string', default: '16' },
      runs: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      'skip-linkinator': { type: 'boolean', default: false },
      'delay-ms': { type: 'string' },
      'latency-ms': { type: 'string', default: '0' },
      phase: { type: 'string' },
      origin: { type: 'string' },
    },
  });
  const s: Settings = {
    pages: positive('pages', a.pages),
    concurrency: positive('concurrency', a.concurrency),
    runs: positive('runs', a.runs),
    json: a.json,
    skipLinkinator: a['skip-linkinator'],
  };
  if (a['delay-ms'] !== undefined) s.delayMs = positive('delay-ms', a['delay-ms']);
  if (a['latency-ms'] !== '0') s.latencyMs = positive('latency-ms', a['latency-ms']);
  if (a.phase !== undefined) {
    if (!PHASES.includes(a.phase as Phase)) throw new Error(`--phase ${a.phase}: use ${PHASES.join(', ')}`);
    if (a.origin === undefined) throw new Error('--phase needs --origin');
    s.phase = a.phase as Phase;
    s.origin = a.origin;
  }
  return s;
}

try {
  const s = settings();
  if (s.phase === undefined) await main(s);
  else process.stdout.write(`${JSON.stringify(await runPhase(s.phase, s, s.origin!))}\n`);
} catch (err) {
  console.error(`bench: ${(err as Error).message}`);
  process.exitCode = 1;
}

/** The request rate over a list of arrival times (ms). */
export function requestRate(times: readonly number[]): RequestRate {
  const sorted = [...times].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((t, k) => t - sorted[k]!).sort((a, b) => a - b);
  const seconds = sorted.length > 1 ? (sorted.at(-1)! - sorted[0]!) / 1000 : 0;
  return {
    requests: sorted.length,
    seconds,
    perSecond: seconds > 0 ? (sorted.length - 1) / seconds : 0,
    medianGapMs: gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)]! : 0,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * This process's peak RSS in MB. Not resourceUsage().maxRSS: on Linux a spawned child starts with
 * its parent's peak, here the server's gigabyte of cached pages. VmHWM starts afresh at exec;
 * where there is no /proc, the highest of samples taken every 50 ms stands in.
 */
function peakRssMB(sampled: number): number {
  try {
    const kB = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kB !== undefined) return Number(kB) / 1024;
  } catch {
    // Not Linux: the samples are all there is.
  }
  return Math.max(sampled, process.memoryUsage.rss()) / MB;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Times `runs` runs of `run`, which returns the pages it did and its facts. */
async function timed(phase: Phase, runs: number, run: () => Promise<{ pages: number; detail: Record<string, number> }>): Promise<PhaseResult> {
  const seconds: number[] = [];
  let last: { pages: number; detail: Record<string, number> } | undefined;
  let sampled = 0;
  const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 50).unref();
  try {
    for (let k = 0; k < runs; k++) {
      gc();
      const t0 = performance.now();
      last = await run();
      seconds.push((performance.now() - t0) / 1000);
      progress(`  ${phase}: run ${k + 1}/${runs}: ${last.pages} pages in ${seconds.at(-1)!.toFixed(2)} s`);
    }
  } finally {
    clearInterval(sampler);
  }
  const s = median(seconds);
  return { phase, pages: last!.pages, seconds: s, runs: seconds, pagesPerSecond: last!.pages / s, peakRssMB: peakRssMB(sampled), detail: last!.detail };
}

function runPhase(phase: Phase, s: Settings, origin: string): Promise<PhaseResult> {
  if (phase === 'raw') return rawPhase(s, origin);
  if (phase === 'linkinator') return linkinatorPhase(s, origin);
  return oursPhase(phase, s, origin);
}

/** Every page URL the site's sitemaps list (the index, then its children). */
async function sitemapUrls(origin: string): Promise<string[]> {
  const read = async (url: string): Promise<string> => {
    const res = await request(url);
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
    return res.body.text();
  };
  const index = parseSitemapXml(await read(`${origin}/sitemap.xml`));
  if (index.kind === 'urlset') return index.entries.map((e) => e.loc);
  const urls: string[] = [];
  for (const child of index.entries) urls.push(...parseSitemapXml(await read(child.loc)).entries.map((e) => e.loc));
  return urls;
}

/** undici at the crawl's concurrency, each body read whole and not parsed: the fetch floor. */
async function fetchAll(urls: readonly string[], concurrency: number): Promise<{ bytes: number; failures: number }> {
  const agent = new Agent({ connections: concurrency });
  let next = 0;
  let bytes = 0;
  let failures = 0;
  const lane = async (): Promise<void> => {
    while (next < urls.length) {
      const res = await request(urls[next++]!, { dispatcher: agent });
      bytes += (await res.body.arrayBuffer()).byteLength;
      if (res.statusCode !== 200) failures++;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    await agent.close();
  }
  return { bytes, failures };
}

async function rawPhase(s: Settings, origin: string): Promise<PhaseResult> {
  const urls = await sitemapUrls(origin);
  return timed('raw', s.runs, async () => {
    const { bytes, failures } = await fetchAll(urls, s.concurrency);
    return { pages: urls.length, detail: { bytes, failures } };
  });
}

/**
 * Our crawler and the whole audit, as the CLI runs them. Imported here, not at the top, so the
 * other phases' processes do not load the engine and rules (their peak RSS would include them).
 */
async function oursPhase(phase: 'ours' | 'delay', s: Settings, origin: string): Promise<PhaseResult> {
  const [{ webSource }, { runAudit }, { DEFAULT_WEIGHTS }] = await Promise.all([import('../src/sources/web.js'), import('../src/audit.js'), import('../src/engine/config.js')]);
  const sitePages = staticPaths().length + s.pages;
  const politeness = phase === 'delay' ? { perHostConcurrency: 1, delayMs: s.delayMs, maxPages: DELAY_PAGES } : { perHostConcurrency: s.concurrency, maxPages: 2 * sitePages };
  const every = Math.max(1000, Math.floor(sitePages / 10));
  return timed(phase, phase === 'delay' ? 1 : s.runs, async () => {
    const t0 = performance.now();
    const source = await webSource({ target: `${origin}/`, crawl: true, concurrency: s.concurrency, ...politeness });
    const r = await runAudit({
      source,
      weights: DEFAULT_WEIGHTS,
      workers: 'auto',
      onProgress: ({ done }) => {
        if (done % every === 0) progress(`  ${phase}: ${done} pages, ${((performance.now() - t0) / 1000).toFixed(1)} s, RSS ${(process.memoryUsage.rss() / MB).toFixed(0)} MB`);
      },
    });
    const findings = Object.values(r.summary.bySeverity).reduce((a, b) => a + b, 0);
    return { pages: r.summary.pages, detail: { sitePages, score: r.summary.score, findings, errors: r.errors.length, partial: r.partial ? 1 : 0 } };
  });
}

/**
 * linkinator from the home page, recursing. Links to other hosts are skipped (there is no
 * internet here), and so are /media/ and /assets/ (images, CSS, JS), so it fetches what our
 * crawler fetches: the pages and the targets of their links.
 */
async function linkinatorPhase(s: Settings, origin: string): Promise<PhaseResult> {
  const { LinkChecker, LinkState } = await import('linkinator');
  const local = `${origin}/`;
  const skip = (link: string): Promise<boolean> => Promise.resolve(!link.startsWith(local) || link.startsWith(`${local}media/`) || link.startsWith(`${local}assets/`));
  return timed('linkinator', s.runs, async () => {
    const checker = new LinkChecker();
    let pages = 0;
    checker.on('pagestart', () => pages++);
    const { links } = await checker.check({ path: local, recurse: true, concurrency: s.concurrency, linksToSkip: skip, timeout: 30_000 });
    const count = (state: string): number => links.filter((l) => l.state === state).length;
    return { pages, detail: { linksChecked: links.length - count(LinkState.SKIPPED), broken: count(LinkState.BROKEN), skipped: count(LinkState.SKIPPED) } };
  });
}

/** Runs one phase in a fresh process (same node flags, same script) and reads its JSON line. */
function child(s: Settings, phase: Phase, origin: string): Promise<PhaseResult> {
  const args = ['--phase', phase, '--origin', origin, '--pages', String(s.pages), '--concurrency', String(s.concurrency), '--runs', String(s.runs)];
  if (s.delayMs !== undefined) args.push('--delay-ms', String(s.delayMs));
  const proc = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as PhaseResult);
      else reject(new Error(`the ${phase} phase's process ended without a result (${signal ? `killed by ${signal}` : `exit code ${code}`}); its own output is above`));
    });
  });
}

/** A phase in its child process, with what the server answered for it, per run. */
async function measured(s: Settings, phase: Phase, server: ShopServer): Promise<{ result: PhaseResult; times: number[] }> {
  await server.stats(true);
  const result = await child(s, phase, server.origin);
  const { times, ...counts } = await server.stats(true);
  const runs = result.runs.length;
  result.server = { requests: counts.requests / runs, pages: counts.pages / runs, notFound: counts.notFound / runs, other: counts.other / runs, bytes: counts.bytes / runs };
  return { result, times };
}

async function main(s: Settings): Promise<void> {
  const cache = s.delayMs === undefined && s.pages <= CACHE_UP_TO;
  if (!s.json) progress(`starting the shop server (${s.pages} products${cache ? ', rendered into memory first' : ''}) …`);
  const server = await startShopServer({ pages: s.pages, cache, ...(s.latencyMs ? { latencyMs: s.latencyMs } : {}) });
  try {
    if (s.delayMs !== undefined) await politeness(s, s.delayMs, server);
    else await throughput(s, server);
  } finally {
    await server.close();
  }
}

async function throughput(s: Settings, server: ShopServer): Promise<void> {
  const c: Throughput = {
    latencyMs: s.latencyMs ?? 0,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cpus: os.cpus().length,
    products: s.pages,
    sitePages: server.sitePages,
    concurrency: s.concurrency,
    runs: s.runs,
    server: { where: 'worker thread', cached: server.cached, startSeconds: server.startSeconds },
    phases: [],
    failed: {},
    targets: {},
  };
  for (const phase of ['raw', 'ours', 'linkinator'] as const) {
    if (phase === 'linkinator' && s.skipLinkinator) continue;
    try {
      c.phases.push((await measured(s, phase, server)).result);
    } catch (err) {
      // One phase failing (say, a crawler under construction) should not cost the others' numbers.
      c.failed[phase] = (err as Error).message;
      process.exitCode = 1;
    }
  }
  const rate = (phase: Phase): number | undefined => c.phases.find((p) => p.phase === phase)?.pagesPerSecond;
  const [raw, ours, linkinator] = [rate('raw'), rate('ours'), rate('linkinator')];
  if (ours !== undefined && raw !== undefined) {
    c.oursToRaw = ours / raw;
    c.targets.ratio = { target: TARGET_RATIO, met: c.oursToRaw >= TARGET_RATIO };
  }
  if (ours !== undefined && linkinator !== undefined) {
    c.oursToLinkinator = ours / linkinator;
    c.targets.fasterThanLinkinator = { met: c.oursToLinkinator > 1 };
  }
  if (s.json) console.log(JSON.stringify(c, null, 2));
  else printThroughput(c);
}

async function politeness(s: Settings, delayMs: number, server: ShopServer): Promise<void> {
  const { result, times } = await measured(s, 'delay', server);
  const configuredPerSecond = 1000 / delayMs;
  const rate = requestRate(times);
  const deviation = rate.perSecond / configuredPerSecond - 1;
  const p: Politeness = { delayMs, configuredPerSecond, crawl: result, measured: rate, deviation, target: { within: TARGET_DELAY_DEVIATION, met: Math.abs(deviation) <= TARGET_DELAY_DEVIATION } };
  if (s.json) return console.log(JSON.stringify(p, null, 2));
  console.log(`seo-ai politeness check — delay ${delayMs} ms, one request at a time per host: configured ${configuredPerSecond.toFixed(2)} requests/s`);
  console.log(`crawled ${result.pages} pages in ${result.seconds.toFixed(1)} s; the server saw ${rate.requests} requests over ${rate.seconds.toFixed(1)} s`);
  console.log(`measured ${rate.perSecond.toFixed(2)} requests/s (median gap ${rate.medianGapMs.toFixed(0)} ms): ${(deviation * 100).toFixed(1)} % off (target within ±${TARGET_DELAY_DEVIATION * 100} %: ${p.target.met ? 'met' : 'MISSED'})`);
}

function printThroughput(c: Throughput): void {
  const log = (line: string): void => console.log(line);
  log(`seo-ai crawl benchmark — node ${c.node}, ${c.cpu} (${c.cpus} CPUs)`);
  log(`site: ${c.products} products + ${c.sitePages - c.products} other pages on 127.0.0.1, served from a worker thread${c.latencyMs ? ` answering after ${c.latencyMs} ms` : ''} (${c.server.cached ? `rendered into memory in ${c.server.startSeconds.toFixed(1)} s` : 'rendered per request'}); concurrency ${c.concurrency}, ${c.runs} run(s) per phase (median)`);
  log('');
  const rows: string[][] = [['phase', 'pages', 'seconds', 'pages/s', 'peak RSS', 'server: requests', 'HTML', '404', 'other', 'MB sent']];
  for (const p of c.phases) {
    const v = p.server ?? { requests: 0, pages: 0, notFound: 0, other: 0, bytes: 0 };
    rows.push([p.phase, String(p.pages), p.seconds.toFixed(2), p.pagesPerSecond.toFixed(0), `${p.peakRssMB.toFixed(0)} MB`, ...[v.requests, v.pages, v.notFound, v.other].map((n) => n.toFixed(0)), (v.bytes / MB).toFixed(0)]);
  }
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  for (const r of rows) log(r.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  '));
  for (const [phase, message] of Object.entries(c.failed)) log(`${phase.padEnd(widths[0]!)}  FAILED: ${message}`);
  log('');
  for (const p of c.phases) log(`${p.phase}: ${Object.entries(p.detail).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
  if (c.oursToRaw !== undefined && c.targets.ratio) log(`ours / raw fetch rate: ${(c.oursToRaw * 100).toFixed(1)} %  (target ≥ ${TARGET_RATIO * 100} %: ${verdict(c.targets.ratio.met)})`);
  if (c.oursToLinkinator !== undefined && c.targets.fasterThanLinkinator) log(`ours / linkinator: ${c.oursToLinkinator.toFixed(2)}×  (target > 1×: ${verdict(c.targets.fasterThanLinkinator.met)})`);
}
