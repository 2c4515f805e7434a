// Which rewriter an optimize run uses, from its flags and config: the offline one (in worker threads
// from 200 rows), a dry run's (prints what would be sent), or an LLM's behind its client, limiter,
// budget, checkpoint and lock.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Config } from '../engine/config.js';
import { Checkpoint } from '../llm/checkpoint.js';
import { createLlmClient, type LlmClient } from '../llm/client.js';
import { costUsd, DEFAULT_MODEL, priceOf, PRICES_AS_OF, type Price } from '../llm/cost.js';
import { dryRun, type DryRun } from '../llm/dry-run.js';
import { LlmLimiter } from '../llm/limiter.js';
import { acquireLock, type HeldLock } from '../llm/lock.js';
import { llmRewriter } from '../llm/rewriter.js';
import { fieldLimits } from '../optimize/fields.js';
import { limitsOf } from '../optimize/offline.js';
import { OfflinePool, offlineWorkersAvailable } from '../optimize/offline-pool.js';
import { offlineRewriter } from '../optimize/offline-rewriter.js';
import type { LlmUsage } from '../optimize/output.js';
import type { Rewriter } from '../optimize/rewriter.js';
import { InputError } from '../sources/types.js';
import { UsageError, type CliIo } from './io.js';

/** The flags that choose and shape the rewriter. */
export interface RewriterFlags {
  offline?: boolean;
  dryRun?: boolean;
  brand?: string;
  llmUrl?: string;
  model?: string;
  rpm?: string;
  tpm?: string;
  concurrency?: string;
  maxCost?: string;
  requestTimeout?: string;
}

/** Rows from which offline proposals and the reports are made in worker threads (as the audit checks pages in them from 200). */
export const WORKERS_FROM = 200;

export interface RewriterSetup {
  rewriter: Rewriter;
  /** Rewriter calls at once. */
  concurrency: number;
  /** The LLM client, for its counts (absent offline and in a dry run). */
  client?: LlmClient;
  checkpoint?: Checkpoint;
  dry?: DryRun;
  pool?: OfflinePool;
  /** Answers the LLM rewriter read from the checkpoint. */
  cached(): number;
  priceNote: { price?: Price; note: string };
}

/** A positive number flag, else the config's value. */
export function num(flag: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1e9) throw new UsageError(`${flag} ${value}: expected a number above 0`);
  return n;
}

export function setUpRewriter(flags: RewriterFlags, config: Config, rows: number, checkpointFile: string, io: CliIo, locks: HeldLock[], signal: AbortSignal): RewriterSetup {
  const brand = flags.brand ?? config.llm?.brand;
  if (flags.offline) {
    // The limits the run's rules check, config included: a proposal made to the defaults would be refused.
    const options = { limits: limitsOf(fieldLimits(config.rules)), ...(brand === undefined ? {} : { brand }) };
    const none = { cached: () => 0, priceNote: { note: '' } };
    // From 200 rows, as the audit's worker threads: proposals are made beside the main thread,
    // which goes row by row checking candidates and taking values. Many rows are asked for at
    // once so the workers always have some; the answers are the same as made here.
    if (rows >= WORKERS_FROM && offlineWorkersAvailable()) {
      const pool = new OfflinePool(Math.max(1, Math.min(availableParallelism() - 1, 4)), options);
      return { rewriter: pool, concurrency: 64 * pool.size, pool, ...none };
    }
    return { rewriter: offlineRewriter(options), concurrency: 1, ...none };
  }
  return llmSetup(flags, config, brand, checkpointFile, io, locks, signal);
}

function llmSetup(flags: RewriterFlags, config: Config, brand: string | undefined, checkpointFile: string, io: CliIo, locks: HeldLock[], signal: AbortSignal): RewriterSetup {
  const llm = config.llm ?? {};
  const model = flags.model ?? llm.model ?? DEFAULT_MODEL;
  const baseURL = flags.llmUrl ?? (io.env.OPENAI_BASE_URL || undefined) ?? llm.baseUrl;
  const rpm = num('--rpm', flags.rpm, llm.rpm);
  const tpm = num('--tpm', flags.tpm, llm.tpm);
  const concurrency = num('--concurrency', flags.concurrency, llm.concurrency) ?? 4;
  if (!Number.isInteger(concurrency) || concurrency > 256) throw new UsageError(`--concurrency ${flags.concurrency}: expected a whole number from 1 to 256`);
  const requestTimeout = num('--request-timeout', flags.requestTimeout, llm.timeoutMs === undefined ? undefined : llm.timeoutMs / 1000);
  const maxCost = num('--max-cost', flags.maxCost, llm.maxCostUsd);
  const price = priceOf(model, llm.prices);
  // A budget needs a price: without one every request would look free and none would be refused.
  if (maxCost !== undefined && !price) {
    throw new UsageError(`--max-cost needs the price of ${model}, which seo-ai does not know: set llm.prices["${model}"] = { "input": <USD per million prompt tokens>, "output": <USD per million completion tokens> } in the config`);
  }
  const checkpointPath = path.resolve(io.cwd, checkpointFile);
  // One run at a time per checkpoint: a second would send (and pay for) every request again.
  // A dry run only reads it (complete lines; a torn last line is left alone) and sends nothing: no lock.
  if (!flags.dryRun) {
    const lock = acquireLock(`${checkpointPath}.lock`, checkpointFile);
    locks.push(lock);
    const was = lock.tookOver;
    if (was) io.stderr.write(`note: took over the lock ${lock.file} of process ${was.pid}${was.started ? ` (started ${was.started})` : ''}, which is no longer running\n`);
  }
  // A dry run reads the checkpoint but never changes it (not even to repair a torn last line).
  const checkpoint = Checkpoint.open(checkpointPath, { readOnly: flags.dryRun === true });
  if (flags.dryRun) {
    const dry = dryRun(model, checkpoint, { ...(brand ? { brand } : {}), ...(llm.prices ? { prices: llm.prices } : {}), ...(config.rules ? { ruleSettings: config.rules } : {}) });
    return { rewriter: dry.rewriter, concurrency, checkpoint, dry, cached: () => 0, priceNote: { note: '' } };
  }
  const apiKey = io.env.OPENAI_API_KEY || (baseURL && isLocal(baseURL) ? 'local' : undefined);
  if (!apiKey) {
    throw new InputError('OPENAI_API_KEY is not set. Set it for OpenAI; for a local server (Ollama, vLLM, LM Studio) pass --llm-url (any placeholder key works), or use --offline for non-AI fixes');
  }
  const limiter = new LlmLimiter({ concurrency, ...(rpm ? { rpm } : {}), ...(tpm ? { tpm } : {}) });
  const client = createLlmClient({
    apiKey,
    model,
    limiter,
    signal,
    ...(baseURL ? { baseURL } : {}),
    ...(requestTimeout !== undefined ? { timeoutMs: Math.round(requestTimeout * 1000) } : {}),
    ...(maxCost !== undefined ? { budget: { maxUsd: maxCost, price: price ?? { input: 0, output: 0 } } } : {}),
  });
  const rewriter = llmRewriter({ client, checkpoint, ruleSettings: config.rules, ...(brand ? { brand } : {}) });
  if (!price) io.stderr.write(`note: no price known for model ${model}: cost is shown as $0 (set llm.prices in the config)\n`);
  const priceNote = price ? { price, note: `${model} at $${price.input}/$${price.output} per million tokens, prices as of ${PRICES_AS_OF}` } : { note: `no price known for ${model}; set llm.prices` };
  return { rewriter, concurrency, client, checkpoint, cached: () => rewriter.cached(), priceNote };
}

function isLocal(baseURL: string): boolean {
  try {
    const host = new URL(baseURL).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]' || host.endsWith('.local');
  } catch {
    return false;
  }
}

/** What the LLM requests of a run came to, for the reports. */
export function usageOf(client: LlmClient, cached: number, priced: { price?: Price; note: string }): LlmUsage {
  const s = client.stats();
  return { requests: s.requests, rateLimited: s.rateLimited, tokens: s.tokens, costUsd: costUsd(s.tokens, priced.price), cached, priced: priced.note };
}
