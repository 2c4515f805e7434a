// optimize --batch, end to end: the built CLI and the real openai SDK against the batch test server
// (Files and Batch API on 127.0.0.1). A batch run ends with the very bytes a sync run writes, each
// request answered once; the run is killed (-9) at each stage and resumed, and nothing is paid twice
// or lost; expired and failed requests go into the next round, up to --attempts, or are asked at
// once with --batch-retry sync; costs are at batch prices.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatchServer, type BatchServer, type BatchServerOptions } from '../src/testing/batch-server.js';
import { runCliAsync, type CliRun } from '../src/testing/cli.js';
import { fakeAnswer, fakeModel } from '../src/testing/fake-model.js';
import { startOpenAiServer, type ChatRequest } from '../src/testing/openai-server.js';

const DEMO = fileURLToPath(new URL('../fixtures/csv/demo-shop.csv', import.meta.url));
const KEY = 'sk-test-batch-5c1f0e9d8b7a6f5e4d3c2b1a0f9e8d7c';
const OUTPUTS = ['shop.optimized.csv', 'shop.review.csv'];

const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-batch-'));
  copyFileSync(DEMO, path.join(dir, 'shop.csv'));
  return dir;
}

async function batchServer(options: BatchServerOptions = {}): Promise<BatchServer> {
  const s = await startBatchServer({ reply: (line) => ({ content: fakeAnswer(line.body as unknown as ChatRequest) }), apiKey: KEY, ...options });
  servers.push(s);
  return s;
}

const optimize = (url: string, dir: string, args: string[], onSpawn?: (child: ChildProcess) => void): Promise<CliRun & { signal: NodeJS.Signals | null }> =>
  runCliAsync(['optimize', '--csv', 'shop.csv', '--llm-url', url, ...args], { cwd: dir, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' }, ...(onSpawn ? { onSpawn } : {}) });

/** Runs the same --batch command until it writes the outputs (exit 0 or 2), at most `max` times; the runs' results in order. */
async function untilDone(url: string, dir: string, args: string[], max = 8): Promise<CliRun[]> {
  const runs: CliRun[] = [];
  for (let i = 0; i < max; i++) {
    const r = await optimize(url, dir, ['--batch', ...args]);
    runs.push(r);
    expect(r.stderr).not.toContain('internal error');
    if (r.code !== 75) return runs;
  }
  throw new Error(`not done after ${max} runs: ${runs.at(-1)?.stderr}`);
}

const bytes = (dir: string): string[] => OUTPUTS.map((f) => readFileSync(path.join(dir, f), 'utf8'));
const records = (dir: string): Record<string, unknown>[] =>
  readFileSync(path.join(dir, 'shop.optimized.csv.checkpoint.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => typeof l.record === 'string');

/** The sync run of the same rows with the same model: what every batch run must write. */
let expected: string[];
let syncRequests: number;

beforeAll(async () => {
  let n = 0;
  const s = await startOpenAiServer({ reply: (req) => (n++, fakeModel(req)), apiKey: KEY });
  servers.push(s);
  const dir = workDir();
  const r = await optimize(s.baseURL, dir, []);
  expect(r.code).toBe(0);
  expected = bytes(dir);
  syncRequests = n;
}, 60_000);

describe('optimize --batch', () => {
  it('goes round by round to the bytes a sync run writes, each request answered once, at batch prices', async () => {
    const s = await batchServer();
    const dir = workDir();
    const first = await optimize(s.baseURL, dir, ['--batch']);
    expect(first.code).toBe(75);
    expect(existsSync(path.join(dir, 'shop.optimized.csv'))).toBe(false);
    const runs = [first, ...(await untilDone(s.baseURL, dir, []))];
    // Round 1 asks each row's first request; later rounds what the checks refused; the last writes.
    expect(runs.map((r) => r.code)).toEqual([...runs.slice(0, -1).map(() => 75), 0]);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs[0]!.stderr).toMatch(/^note: submitted \d+ requests in 1 batch \(batch_[0-9a-f]+\) to http:\/\/127\.0\.0\.1:\d+\/v1\nbatch: submitted \d+ requests in 1 batch; 1 batch in flight, \d+\/\d+ requests answered so far\.\nnothing is written yet: run the same command again to collect the answers \(a batch ends within 24 h\), or add --wait to stay until every answer is in\n$/);
    expect(bytes(dir)).toEqual(expected);
    // Every request once: as many as the sync run sent, no custom_id twice.
    expect(s.answered.length).toBe(syncRequests);
    expect(new Set(s.answered).size).toBe(s.answered.length);
    // Each batch names the run in its metadata; the report gives the cost at batch prices.
    const run = records(dir).find((r) => r.record === 'batch-run')!.run;
    expect(s.batches.every((b) => b.metadata?.seo_ai_run === run)).toBe(true);
    const last = runs.at(-1)!.stderr;
    const tokens = 10 * syncRequests;
    const batchCost = (tokens * 0.15 + tokens * 0.6) / 1e6 / 2;
    expect(last).toContain(`of which by batch: ${syncRequests} requests in ${s.batches.length} batches, ${tokens} prompt + ${tokens} completion tokens, $${batchCost.toFixed(4)} at batch prices ($${(2 * batchCost).toFixed(4)} sent one by one)`);
    expect(readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8')).toContain(`| by batch | ${syncRequests} requests in ${s.batches.length} batches`);
    // The key is in no file the run wrote, nor in what it said.
    for (const file of readdirSync(dir)) expect(readFileSync(path.join(dir, file), 'utf8')).not.toContain(KEY);
    for (const r of runs) expect(r.stderr + r.stdout).not.toContain(KEY);
    // A rerun sends nothing and writes the same.
    const again = await optimize(s.baseURL, dir, ['--batch']);
    expect(again.code).toBe(0);
    expect(s.answered.length).toBe(syncRequests);
    expect(bytes(dir)).toEqual(expected);
  }, 120_000);

  it('--wait stays until every batch has ended, with files split within --batch-max-requests', async () => {
    const s = await batchServer({ runMs: 150 });
    const dir = workDir();
    const r = await optimize(s.baseURL, dir, ['--batch', '--wait', '--batch-poll', '0.05', '--batch-max-requests', '10']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(bytes(dir)).toEqual(expected);
    expect(s.answered.length).toBe(syncRequests);
    for (const b of s.batches) expect(b.request_counts.total).toBeLessThanOrEqual(10);
  }, 120_000);

  // Each stage a run can be killed at: the request the server gets, before or after it acts on it, and which of them.
  const stages: { name: string; method: string; path: RegExp; stage: 'before' | 'after'; nth: number }[] = [
    { name: 'while building (before anything is uploaded)', method: 'GET', path: /^\/v1\/batches$/, stage: 'after', nth: 1 },
    { name: 'while uploading (the file never stored)', method: 'POST', path: /^\/v1\/files$/, stage: 'before', nth: 1 },
    { name: 'after the upload, before it is recorded', method: 'POST', path: /^\/v1\/files$/, stage: 'after', nth: 1 },
    { name: 'after creating the batch, before it is recorded', method: 'POST', path: /^\/v1\/batches$/, stage: 'after', nth: 2 },
    { name: 'while collecting (one batch collected, the next not)', method: 'GET', path: /^\/v1\/files\/[^/]+\/content$/, stage: 'after', nth: 3 },
  ];
  for (const stage of stages) {
    it(`killed ${stage.name}: the rerun pays for nothing twice and writes what a sync run writes`, async () => {
      let child: ChildProcess | undefined;
      let seen = 0;
      let killed = false;
      const s = await batchServer({
        runMs: 50,
        onRequest: async ({ method, path: p, stage: at }) => {
          if (killed || child === undefined || method !== stage.method || !stage.path.test(p) || at !== stage.stage || ++seen !== stage.nth) return;
          killed = true;
          child.kill('SIGKILL');
          await once(child, 'close');
        },
      });
      const dir = workDir();
      const args = ['--batch', '--wait', '--batch-poll', '0.05', '--batch-max-requests', '10'];
      const first = await optimize(s.baseURL, dir, args, (c) => (child = c));
      expect(killed).toBe(true);
      expect(first.signal).toBe('SIGKILL');
      const rest = await untilDone(s.baseURL, dir, args.slice(1));
      expect(rest.at(-1)!.code).toBe(0);
      expect(bytes(dir)).toEqual(expected);
      expect(new Set(s.answered).size).toBe(s.answered.length);
      expect(s.answered.length).toBe(syncRequests);
      if (stage.method === 'POST' && stage.path.source.includes('batches')) {
        // The batch the killed run created was found by listing the account's batches for the run's id.
        expect(records(dir).filter((r) => r.record === 'batch' && r.how === 'found')).toHaveLength(1);
      }
    }, 120_000);
  }

  it('sends expired and failed requests again in the next batch, up to --attempts; then the rows fail, and --batch-retry sync finishes them', async () => {
    // The first batch expires with 5 requests answered; every request about the tent fails in batches.
    const tent = (body: Record<string, unknown>): boolean => JSON.stringify(body).includes('trailhead-2-tent');
    const s = await batchServer({
      expire: (i) => (i === 0 ? { answered: 5 } : undefined),
      reply: (line) => (line.custom_id !== '' && tent(line.body) ? { status: 500, code: 'server_error', message: 'The server had an error' } : { content: fakeAnswer(line.body as unknown as ChatRequest) }),
    });
    const dir = workDir();
    const runs = await untilDone(s.baseURL, dir, ['--attempts', '2']);
    const last = runs.at(-1)!;
    expect(last.code).toBe(2);
    expect(last.stderr).toContain('1 row failed (original values kept); run the same command again to retry it');
    const review = readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8');
    expect(review).toMatch(/no answer from 2 batches: The server had an error \(HTTP 500\); --batch-retry sync asks what batches did not answer at once/);
    // The expired ones were answered by a later batch: once each.
    expect(new Set(s.answered).size).toBe(s.answered.length);
    const paid = s.answered.length;
    // --batch-retry sync: the tent's request is asked at once; every other row is as a sync run wrote it.
    const sync = await untilDone(s.baseURL, dir, ['--attempts', '2', '--batch-retry', 'sync']);
    expect(sync.at(-1)!.code).toBe(0);
    // Asked at once the first thing, not sent in a batch again; what it leads to goes in batches.
    expect(s.answered[paid]).toBe('sync');
    expect(new Set(s.answered.filter((a) => a !== 'sync')).size).toBe(s.answered.filter((a) => a !== 'sync').length);
  }, 120_000);

  it('--judge --batch: the verdicts come in a later round, and the run writes what a sync --judge run writes', async () => {
    let n = 0;
    const sync = await startOpenAiServer({ reply: (req) => (n++, fakeModel(req)), apiKey: KEY });
    servers.push(sync);
    const syncDir = workDir();
    expect((await optimize(sync.baseURL, syncDir, ['--judge'])).code).toBe(0);
    const s = await batchServer();
    const dir = workDir();
    const runs = await untilDone(s.baseURL, dir, ['--judge']);
    expect(runs.at(-1)!.code).toBe(0);
    expect(bytes(dir)).toEqual(bytes(syncDir));
    expect(s.answered.length).toBe(n);
    expect(new Set(s.answered).size).toBe(n);
  }, 120_000);

  it('a Batch API that fails mid-run (uploads refused with 500): exit 2 naming what failed; the rerun goes on from the checkpoint', async () => {
    let refusals = 0;
    const s = await batchServer({
      onRequest: ({ method, path: p, stage }) => {
        // The first upload and the SDK's two retries of it.
        if (method === 'POST' && p === '/v1/files' && stage === 'before' && refusals < 3) {
          refusals++;
          throw new Error('upload refused');
        }
      },
    });
    const dir = workDir();
    const r = await optimize(s.baseURL, dir, ['--batch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seo-ai: uploading seo-ai-[0-9a-f-]+-[0-9a-f]{16}\.jsonl at http:\/\/127\.0\.0\.1:\d+\/v1 failed: 500 .*; what was done is recorded in the checkpoint, and the same command goes on from there\n$/);
    expect(r.stderr).not.toContain(KEY);
    const runs = await untilDone(s.baseURL, dir, []);
    expect(runs.at(-1)!.code).toBe(0);
    expect(bytes(dir)).toEqual(expected);
    expect(s.answered.length).toBe(syncRequests);
  }, 120_000);

  it('a create whose answer is lost (the batch made, a 500 sent back): the batch is found by listing, not made twice', async () => {
    let lost = 0;
    const s = await batchServer({
      onRequest: ({ method, path: p, stage }) => {
        if (method === 'POST' && p === '/v1/batches' && stage === 'after' && lost++ === 0) throw new Error('answer lost');
      },
    });
    const dir = workDir();
    const r = await optimize(s.baseURL, dir, ['--batch', '--wait', '--batch-poll', '0.05']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(bytes(dir)).toEqual(expected);
    // One batch per input file: the first was never created again.
    expect(new Set(s.batches.map((b) => b.input_file_id)).size).toBe(s.batches.length);
    expect(s.answered.length).toBe(syncRequests);
    expect(new Set(s.answered).size).toBe(syncRequests);
  }, 120_000);

  it('a model that refuses max_tokens (OpenAI reasoning models) gets max_completion_tokens from the next batch on', async () => {
    const s = await batchServer({
      reply: (line) =>
        line.body.max_tokens !== undefined
          ? { status: 400, code: 'unsupported_parameter', message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." }
          : { content: fakeAnswer({ ...(line.body as unknown as ChatRequest), max_tokens: line.body.max_completion_tokens as number }) },
    });
    const dir = workDir();
    const runs = await untilDone(s.baseURL, dir, ['--model', 'o4-mini']);
    expect(runs.at(-1)!.code).toBe(0);
    expect(records(dir).filter((r) => r.record === 'batch-param')).toEqual([expect.objectContaining({ model: 'o4-mini', param: 'max_completion_tokens' })]);
    // The first batch's requests, refused, went again in the next: each answered once.
    expect(new Set(s.answered).size).toBe(s.answered.length);
    // Every line after the first batch names max_completion_tokens, none max_tokens.
    const lines = (b: { input_file_id: string }): Record<string, unknown>[] => s.files.get(b.input_file_id)!.content.toString().trim().split('\n').map((l) => (JSON.parse(l) as { body: Record<string, unknown> }).body);
    expect(lines(s.batches[0]!).every((body) => typeof body.max_tokens === 'number')).toBe(true);
    for (const b of s.batches.slice(1)) expect(lines(b).every((body) => typeof body.max_completion_tokens === 'number' && body.max_tokens === undefined)).toBe(true);
  }, 120_000);

  it('a batch cancelled at the provider: collected as such, and its requests go into the next batch', async () => {
    const s = await batchServer({ runMs: 60_000 });
    const dir = workDir();
    expect((await optimize(s.baseURL, dir, ['--batch'])).code).toBe(75);
    const first = s.batches[0]!;
    await new OpenAI({ apiKey: KEY, baseURL: s.baseURL, maxRetries: 0 }).batches.cancel(first.id);
    const again = await optimize(s.baseURL, dir, ['--batch']);
    expect(again.code).toBe(75);
    const total = first.request_counts.total;
    expect(again.stderr).toContain(`note: collected ${first.id} (cancelled): 0 answers, ${total} requests not answered\n`);
    const ids = (b: { input_file_id: string }): string[] => s.files.get(b.input_file_id)!.content.toString().trim().split('\n').map((l) => (JSON.parse(l) as { custom_id: string }).custom_id).sort();
    expect(s.batches).toHaveLength(2);
    expect(ids(s.batches[1]!)).toEqual(ids(first));
  }, 60_000);

  it('a batch of another model (--model changed) is named, not waited for', async () => {
    const s = await batchServer({ runMs: 60_000 });
    const dir = workDir();
    expect((await optimize(s.baseURL, dir, ['--batch'])).code).toBe(75);
    const id = s.batches[0]!.id;
    const other = await optimize(s.baseURL, dir, ['--batch', '--model', 'gpt-4.1-mini']);
    expect(other.code).toBe(75);
    expect(other.stderr).toContain(`note: 1 batch of an earlier run asked gpt-4o-mini, and this run asks gpt-4.1-mini: it is paid for all the same, and its answers not used (cancel it at the provider: ${id})\n`);
    expect(other.stderr).toMatch(/batch: submitted \d+ requests in 1 batch; 2 batches in flight/);
  }, 60_000);

  it('--timeout ends the wait, not the batches: exit 75, and the rerun collects them', async () => {
    const s = await batchServer({ runMs: 60_000 });
    const dir = workDir();
    // Long enough for the first round to be submitted on a busy machine; the batch takes a minute.
    const r = await optimize(s.baseURL, dir, ['--batch', '--wait', '--batch-poll', '0.05', '--timeout', '8']);
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/batch: stopped \(--timeout 8 s reached\); submitted \d+ requests in 1 batch; 1 batch in flight/);
    expect(s.batches).toHaveLength(1);
  }, 60_000);

  it('a stop (Ctrl-C) while waiting leaves the batches running: exit 130, and the rerun collects them', async () => {
    const s = await batchServer({ runMs: 60_000 });
    const dir = workDir();
    const r = await optimize(s.baseURL, dir, ['--batch', '--wait', '--batch-poll', '0.05'], (child) => {
      const timer = setInterval(() => {
        if (s.batches.length > 0) {
          clearInterval(timer);
          child.kill('SIGINT');
        }
      }, 20);
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/batch: stopped \(interrupted \(Ctrl-C\)\); submitted \d+ requests in 1 batch; 1 batch in flight, 0\/\d+ requests answered so far\./);
    expect(s.batches[0]!.status).toBe('in_progress');
    const again = await optimize(s.baseURL, dir, ['--batch']);
    expect(again.code).toBe(75);
    expect(again.stderr).toMatch(/^batch: 1 batch in flight, 0\/\d+ requests answered so far\./);
    expect(s.batches).toHaveLength(1);
    // Without --batch, the run would pay for them again: refused, unless told to.
    const total = s.batches[0]!.request_counts.total;
    const sync = await optimize(s.baseURL, dir, []);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toBe(`seo-ai: ${total} requests are in 1 batch of an earlier --batch run, not yet collected: add --batch to collect them (at batch prices), or --ignore-batches to send them again at sync prices (the batches are paid for all the same)\n`);
    const answered = s.answered.length;
    const anyway = await optimize(s.baseURL, dir, ['--ignore-batches']);
    expect(anyway.code).toBe(0);
    expect(anyway.stderr).toContain(`note: ${total} requests are in 1 batch of an earlier --batch run, not yet collected; sent again at sync prices (--ignore-batches)\n`);
    expect(s.answered.slice(answered).every((a) => a === 'sync')).toBe(true);
    // Every request of that batch is answered now: a plain run sends nothing and is not stopped, and --batch waits for nothing.
    const paid = s.answered.length;
    const plain = await optimize(s.baseURL, dir, []);
    expect([plain.code, plain.stderr.includes('not yet collected')]).toEqual([0, false]);
    const batch = await optimize(s.baseURL, dir, ['--batch']);
    expect(batch.code).toBe(0);
    expect(s.answered.length).toBe(paid);
  }, 60_000);

  it('fails fast, sending nothing, where the endpoint has no Batch API', async () => {
    const s = await startOpenAiServer({ reply: fakeModel, apiKey: KEY });
    servers.push(s);
    const dir = workDir();
    const r = await optimize(s.baseURL, dir, ['--batch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`seo-ai: ${s.baseURL} has no Batch API (GET ${s.baseURL}/batches answered HTTP 404): run without --batch, or point --llm-url at a provider with one (OpenAI, Azure OpenAI, Groq, Together…)\n`);
    expect(s.requests).toHaveLength(0);
  });

  it('--dry-run --batch prices the run at batch prices, beside the sync price', async () => {
    const dir = workDir();
    const plain = await optimize('http://127.0.0.1:9/v1', dir, ['--dry-run']);
    const batch = await optimize('http://127.0.0.1:9/v1', dir, ['--dry-run', '--batch']);
    const cost = (text: string): number => Number(/^cost: at most \$(\d+\.\d+)/m.exec(text)![1]);
    expect(batch.code).toBe(0);
    expect(batch.stdout).toMatch(/^cost: at most \$\d+\.\d{4} at batch prices, 50 % of \$0\.15\/\$0\.6 per million tokens \(prices as of 2026-11-01\); \$\d+\.\d{4} if sent one by one$/m);
    expect(Math.abs(cost(batch.stdout) - cost(plain.stdout) / 2)).toBeLessThanOrEqual(0.0001);
    expect(batch.stdout).toContain(`; $${cost(plain.stdout).toFixed(4)} if sent one by one`);
  });

  it('--max-cost counts at batch prices: no batch is submitted past it, and the run ends partial', async () => {
    // Answers that use every completion token they may: the budget is spent within a few rounds.
    const s = await batchServer({ reply: (line) => ({ content: fakeAnswer(line.body as unknown as ChatRequest), usage: { prompt_tokens: 100, completion_tokens: line.body.max_tokens as number } }) });
    const dir = workDir();
    const runs = await untilDone(s.baseURL, dir, ['--max-cost', '0.01']);
    expect(runs.at(-1)!.code).toBe(2);
    const spent = records(dir)
      .filter((r) => r.record === 'batch-collected')
      .reduce((sum, r) => sum + (r.costUsd as number), 0);
    expect(spent).toBeGreaterThan(0.005);
    expect(spent).toBeLessThanOrEqual(0.01);
    expect(s.answered.length).toBeLessThan(syncRequests);
    expect(readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8')).toContain('--max-cost $0.01 reached');
    // Each round the budget cut short says so.
    expect(runs[0]!.stderr).toContain('note: --max-cost left room for only these requests beside the batches in flight (counted at the most each may cost); the rest go into a later batch once these are collected and their real cost is known\n');
    // A budget below what one request may cost: no rerun gets past it, and the run says what to change.
    const small = await optimize(s.baseURL, workDir(), ['--batch', '--max-cost', '0.0001']);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/stopped early: --max-cost \$0\.0001 is less than one request may cost \(up to \$0\.000\d+\): raise --max-cost; 30 rows not processed, keeping their original values: once that is fixed, the same command goes on with them/);
  }, 120_000);

  it('refuses batch flags without --batch, and --batch with --offline', async () => {
    const dir = workDir();
    const r = await optimize('http://127.0.0.1:9/v1', dir, ['--wait', '--batch-poll', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: --wait, --batch-poll are for --batch runs: add --batch, or leave them out\n');
    const ignore = await optimize('http://127.0.0.1:9/v1', dir, ['--batch', '--ignore-batches']);
    expect(ignore.code).toBe(2);
    expect(ignore.stderr).toBe('seo-ai: --ignore-batches is for a run without --batch (it sends again what batches have not answered yet); --batch collects them: leave out one of them\n');
    const off = await optimize('http://127.0.0.1:9/v1', dir, ['--batch', '--offline']);
    expect(off.code).toBe(2);
    expect(off.stderr).toBe('seo-ai: --batch sends the LLM requests as batches; --offline sends none (leave out one of them)\n');
  });
});
