/**
 * LLM throughput of `seo-ai optimize` against a local OpenAI-compatible server that enforces a
 * rate limit like OpenAI's (a token bucket, 429 with retry-after and x-ratelimit headers).
 *
 *   npm run bench:llm                       2,000 rows, server limited to 600 requests/minute
 *   npm run bench:llm -- --rows 300         a shorter run
 *
 * Flags: --rows N (2000), --rpm N (the server's limit and ours; 600), --latency-ms N (model
 * answer time; 150), --concurrency N (8), --json.
 * The rows are shop pages whose titles are too long (one rewrite each); the model is
 * src/testing/fake-model.ts, which writes rule-abiding answers. The run goes through the same
 * pieces as the CLI: CSV source, optimize loop, LLM rewriter, limiter, openai SDK, checkpoint.
 * Then the same run again: every answer must come from the checkpoint (0 requests).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_WEIGHTS } from '../src/engine/config.js';
import { Checkpoint } from '../src/llm/checkpoint.js';
import { createLlmClient } from '../src/llm/client.js';
import { LlmLimiter } from '../src/llm/limiter.js';
import { llmRewriter } from '../src/llm/rewriter.js';
import { optimize, type OptimizeResult } from '../src/optimize/run.js';
import { csvSource } from '../src/sources/csv.js';
import { fakeModel } from '../src/testing/fake-model.js';
import { startOpenAiServer } from '../src/testing/openai-server.js';

const TARGET_RATE = 0.9;
const TARGET_429 = 0.02;
const KEY = 'sk-bench-not-a-real-key';

const { values: a } = parseArgs({
  options: {
    rows: { type: 'string', default: '2000' },
    rpm: { type: 'string', default: '600' },
    'latency-ms': { type: 'string', default: '150' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
  },
});
const rows = Number(a.rows);
const rpm = Number(a.rpm);
const latencyMs = Number(a['latency-ms']);
const concurrency = Number(a.concurrency);
const log = (s: string): void => {
  if (!a.json) process.stderr.write(`${s}\n`);
};

/** A shop export where every title is too long and everything else passes. */
function csv(n: number): string {
  const out = ['url,title,meta_description,h1,content,keywords,page_type,has_faq'];
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  for (let i = 0; i < n; i++) {
    const name = `Trail Lantern ${i + 1}`;
    const title = `${name} Rechargeable LED Camping Lantern with Dimmer and Red Light Mode | Northpine Outfitters`;
    const meta = `The ${name} camping lantern gives 400 lumens for 30 hours on one charge, with a dimmer, a red mode and a hook for the tent ceiling.`;
    const content = `<p>The ${name} is a rechargeable camping lantern for tents and camp tables. It gives up to 400 lumens, runs 30 hours on low and charges over USB-C in four hours.</p><p>A dimmer, a red night mode and a folding hook make it easy to live with in a tent, and the frosted globe spreads light without glare.</p>`;
    out.push([`https://shop.example/p/lantern-${i + 1}`, q(title), q(meta), q(name), q(content), 'camping lantern', 'page', 'yes'].join(','));
  }
  return `${out.join('\n')}\n`;
}

async function runOnce(file: string, checkpointFile: string, baseURL: string): Promise<{ result: OptimizeResult; seconds: number }> {
  const source = csvSource({ target: file });
  const checkpoint = Checkpoint.open(checkpointFile);
  const limiter = new LlmLimiter({ rpm, concurrency });
  const client = createLlmClient({ apiKey: KEY, baseURL, model: 'gpt-4o-mini', limiter });
  const t0 = performance.now();
  let last = 0;
  const result = await optimize({
    source,
    weights: DEFAULT_WEIGHTS,
    fields: ['title', 'meta', 'h1'],
    rewriter: llmRewriter({ client, checkpoint }),
    concurrency,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - last > 10_000 || done === total) {
        last = now;
        log(`  ${done}/${total} rows, ${client.stats().requests} requests, ${client.stats().rateLimited} × 429, ${((now - t0) / 1000).toFixed(0)} s`);
      }
    },
  });
  checkpoint.close();
  return { result, seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seo-ai-llm-bench-'));
  const file = path.join(dir, 'shop.csv');
  writeFileSync(file, csv(rows));
  const server = await startOpenAiServer({ rpm, reply: (req) => ({ delayMs: latencyMs, then: fakeModel(req) }) });
  try {
    log(`seo-ai LLM benchmark — ${rows} rows, server limit ${rpm} requests/minute (token bucket), model latency ${latencyMs} ms, concurrency ${concurrency}`);
    const first = await runOnce(file, path.join(dir, 'checkpoint.jsonl'), server.baseURL);
    const sent = server.requests.length;
    const limited = server.requests.filter((r) => r.status === 429).length;
    const times = server.requests.map((r) => r.at);
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    // Sustained rate: requests after the first, over the time from the first to the last.
    const ratePerMinute = span > 0 ? ((sent - 1) / span) * 60 : 0;
    const lost = rows - first.result.rows.length;
    const statuses = Object.fromEntries(['ok', 'unchanged', 'needs_review', 'failed'].map((s) => [s, first.result.rows.filter((r) => r.status === s).length]));
    const rerun = await runOnce(file, path.join(dir, 'checkpoint.jsonl'), server.baseURL);
    const rerunRequests = server.requests.length - sent;
    const report = {
      node: process.version,
      rows,
      rpmLimit: rpm,
      latencyMs,
      concurrency,
      requests: sent,
      rateLimited: limited,
      rateLimitedShare: sent === 0 ? 0 : limited / sent,
      seconds: first.seconds,
      sustainedRequestsPerMinute: ratePerMinute,
      shareOfLimit: ratePerMinute / rpm,
      rowsLost: lost + (rerun.result.rows.length === rows ? 0 : rows - rerun.result.rows.length),
      statuses,
      rerunRequests,
      rerunSeconds: rerun.seconds,
      targets: {
        rate: { target: TARGET_RATE, met: ratePerMinute / rpm >= TARGET_RATE },
        rateLimited: { target: TARGET_429, met: sent > 0 && limited / sent < TARGET_429 },
        rowsLost: { met: lost === 0 },
        rerun: { met: rerunRequests === 0 },
      },
    };
    if (a.json) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      console.log(`requests: ${sent} in ${first.seconds.toFixed(1)} s; sustained ${ratePerMinute.toFixed(1)} requests/minute = ${(100 * report.shareOfLimit).toFixed(1)} % of ${rpm} (target ≥ ${100 * TARGET_RATE} %: ${report.targets.rate.met ? 'met' : 'MISSED'})`);
      console.log(`429s: ${limited} = ${(100 * report.rateLimitedShare).toFixed(2)} % of requests (target < ${100 * TARGET_429} %: ${report.targets.rateLimited.met ? 'met' : 'MISSED'})`);
      console.log(`rows: ${first.result.rows.length} of ${rows} written back (${Object.entries(statuses).map(([k, v]) => `${k} ${v}`).join(', ')}); lost: ${lost}`);
      console.log(`rerun: ${rerunRequests} requests in ${rerun.seconds.toFixed(1)} s (target 0: ${rerunRequests === 0 ? 'met' : 'MISSED'})`);
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
