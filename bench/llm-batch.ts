/**
 * `seo-ai optimize --batch --wait` on 10,000 rows of a made-up shop's export (bench/shop-csv.ts) against the local batch server (the
 * Files and Batch API of src/testing/batch-server.ts on 127.0.0.1): the built CLI, the real
 * openai SDK, round after round until the outputs are written.
 *
 *   npm run bench:llm -- --batch                  10,000 rows
 *   node dist/bench/llm-batch.js --rows 2000      a shorter run
 *
 * Flags: --rows N (10000), --run-ms N (how long the server takes per batch; 2000), --max-requests N
 * (requests per batch file; 50000), --rpm N (the sync rate the run is compared with; 500), --json.
 * Reports the requests and batches sent, each answered once; the wall time; and the cost at batch
 * prices against the same tokens at sync prices, with the least time the same requests would take
 * one by one at --rpm. The model is src/testing/fake-model.ts; the server reports usage as our
 * tokenizer counts the prompt and the answer.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { costUsd, priceOf } from '../src/llm/cost.js';
import { countTokens } from '../src/llm/tokens.js';
import { startBatchServer } from '../src/testing/batch-server.js';
import { fakeAnswer } from '../src/testing/fake-model.js';
import type { ChatRequest } from '../src/testing/openai-server.js';
import { writeShopCsv } from './shop-csv.js';

const { values: a } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    'run-ms': { type: 'string', default: '2000' },
    'max-requests': { type: 'string', default: '50000' },
    rpm: { type: 'string', default: '500' },
    json: { type: 'boolean', default: false },
    batch: { type: 'boolean', default: true },
  },
});
const rows = Number(a.rows);
const rpm = Number(a.rpm);
const BIN = fileURLToPath(new URL('../bin/seo-ai.js', import.meta.url));
const KEY = 'sk-bench-batch';

const server = await startBatchServer({
  apiKey: KEY,
  runMs: Number(a['run-ms']),
  reply: (line) => {
    const body = line.body as unknown as ChatRequest;
    const content = fakeAnswer(body);
    const prompt = body.messages.reduce((n, m) => n + countTokens(m.content) + 4, 0);
    return { content, usage: { prompt_tokens: prompt, completion_tokens: countTokens(content) } };
  },
});
const dir = mkdtempSync(path.join(os.tmpdir(), 'seo-ai-bench-batch-'));
try {
  writeShopCsv(path.join(dir, 'shop.csv'), rows);
  const started = performance.now();
  const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'optimize', '--csv', 'shop.csv', '--llm-url', server.baseURL, '--batch', '--wait', '--batch-poll', '0.25', '--batch-max-requests', String(a['max-requests']), '--quiet'], {
      cwd: dir,
      env: { ...process.env, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (run.code !== 0) throw new Error(`optimize --batch exited ${run.code}: ${run.stderr}`);
  const records = readFileSync(path.join(dir, 'shop.optimized.csv.checkpoint.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { record?: string; tokens?: { prompt: number; completion: number }; costUsd?: number });
  const collected = records.filter((r) => r.record === 'batch-collected');
  const tokens = collected.reduce((t, r) => ({ prompt: t.prompt + r.tokens!.prompt, completion: t.completion + r.tokens!.completion }), { prompt: 0, completion: 0 });
  const batchCost = collected.reduce((sum, r) => sum + r.costUsd!, 0);
  const syncCost = costUsd(tokens, priceOf('gpt-4o-mini'));
  const answered = server.answered.length;
  const unique = new Set(server.answered).size;
  const rounds = new Set(server.batches.map((b) => Math.floor(b.created_at))).size;
  const result = {
    rows,
    requests: answered,
    answeredTwice: answered - unique,
    batches: server.batches.length,
    batchesCreatedAtDistinctSeconds: rounds,
    uploads: server.log.filter((l) => l === 'POST /v1/files').length,
    wallSeconds: Number(wallSeconds.toFixed(1)),
    serverSecondsPerBatch: Number(a['run-ms']) / 1000,
    tokens,
    costUsd: { batch: Number(batchCost.toFixed(4)), sync: Number(syncCost.toFixed(4)) },
    syncMinutesAtRpm: { rpm, minutes: Number((answered / rpm).toFixed(1)) },
  };
  if (a.json) console.log(JSON.stringify(result));
  else {
    console.log(`optimize --batch --wait, ${rows} rows, local batch server (${result.serverSecondsPerBatch} s a batch)`);
    console.log(`  requests: ${answered} in ${result.batches} batches (${result.uploads} files uploaded), answered twice: ${result.answeredTwice}`);
    console.log(`  wall time: ${result.wallSeconds} s (one by one at ${rpm} RPM: at least ${result.syncMinutesAtRpm.minutes} min)`);
    console.log(`  tokens: ${tokens.prompt} prompt + ${tokens.completion} completion`);
    console.log(`  cost: $${result.costUsd.batch} at batch prices, $${result.costUsd.sync} at sync prices (gpt-4o-mini)`);
  }
  if (result.answeredTwice > 0) process.exitCode = 1;
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
