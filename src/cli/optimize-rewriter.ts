// Which rewriter an optimize run uses, from its flags and config: the offline one (in worker threads
// from 200 rows), a dry run's (prints what would be sent), or an LLM's behind its client, limiter,
// budget, checkpoint and lock.
import { availableParallelism } from 'node:os';
import type { Config } from '../engine/config.js';
import type { Checkpoint } from '../llm/checkpoint.js';
import type { LlmClient } from '../llm/client.js';
import type { DryRun } from '../llm/dry-run.js';
import type { BatchApi } from '../llm/batch-api.js';
import type { BatchRound } from '../llm/batch-run.js';
import type { HeldLock } from '../llm/lock.js';
import { costUsd, type Price } from '../llm/cost.js';
import { fieldLimits } from '../optimize/fields.js';
import { limitsOf } from '../optimize/offline.js';
import { OfflinePool, offlineWorkersAvailable } from '../optimize/offline-pool.js';
import { offlineRewriter } from '../optimize/offline-rewriter.js';
import type { LlmUsage } from '../optimize/output.js';
import type { Rewriter } from '../optimize/rewriter.js';
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
  /** --judge [model]: true for the run's own model. */
  judge?: string | boolean;
  /** --attempts: the dry run prices every one. */
  attempts?: string;
  /** optimize --batch and its flags. */
  batch?: boolean;
  wait?: boolean;
  batchRetry?: string;
  batchMaxRequests?: string;
  batchMaxBytes?: string;
  batchPoll?: string;
  /** A run without --batch sends again what batches of an earlier --batch run still answer. */
  ignoreBatches?: boolean;
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
  /** --judge: its client (its model, the run's limiter and budget) and its model's price. */
  judge?: { client: LlmClient; price?: Price };
  /** optimize --batch: the rounds' requests, the provider's Batch API, and how to wait. */
  batch?: {
    round: BatchRound;
    api: BatchApi;
    wait: boolean;
    pollMs: number;
    priceShare: number;
    syncPrice: (model: string) => Price | undefined;
    /** Answers read from the checkpoint before the last round began (the rounds before it read them too). */
    cachedBefore: number;
  };
}

export async function setUpRewriter(flags: RewriterFlags, config: Config, rows: number, checkpointFile: string, io: CliIo, locks: HeldLock[], signal: AbortSignal): Promise<RewriterSetup> {
  const brand = flags.brand ?? config.llm?.brand;
  const batchOnly = (['wait', 'batchRetry', 'batchMaxRequests', 'batchMaxBytes', 'batchPoll'] as const).filter((f) => flags[f] !== undefined);
  if (!flags.batch && batchOnly.length > 0) throw new UsageError(`${batchOnly.map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} ${batchOnly.length === 1 ? 'is' : 'are'} for --batch runs: add --batch, or leave ${batchOnly.length === 1 ? 'it' : 'them'} out`);
  if (flags.batch && flags.ignoreBatches) throw new UsageError('--ignore-batches is for a run without --batch (it sends again what batches have not answered yet); --batch collects them: leave out one of them');
  if (flags.offline && flags.ignoreBatches) throw new UsageError('--ignore-batches is for an LLM run without --batch; --offline sends no request (leave it out)');
  if (flags.batch && flags.offline) throw new UsageError('--batch sends the LLM requests as batches; --offline sends none (leave out one of them)');
  if (flags.batchRetry !== undefined && flags.batchRetry !== 'sync' && flags.batchRetry !== 'batch') throw new UsageError(`--batch-retry ${flags.batchRetry}: 'batch' (a rerun sends what failed in the next batch) or 'sync' (asked at once)`);
  if (flags.offline && flags.judge !== undefined) {
    throw new UsageError('--judge asks an LLM for a verdict on each candidate; --offline proposals are made without one (leave out one of them)');
  }
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
  // The LLM stack (the SDK, the tokenizer, the HTTP client) is loaded only by a run that uses it.
  const { llmSetup } = await import('./optimize-llm.js');
  return llmSetup(flags, config, brand, checkpointFile, io, locks, signal);
}

/** What the LLM requests of a run came to, for the reports: the judge's included, and apart. */
export function usageOf(setup: Pick<RewriterSetup, 'client' | 'judge' | 'priceNote' | 'cached' | 'batch'>): LlmUsage | undefined {
  if (!setup.client) return undefined;
  const s = setup.client.stats();
  const usage: LlmUsage = { requests: s.requests, rateLimited: s.rateLimited, tokens: s.tokens, costUsd: costUsd(s.tokens, setup.priceNote.price), cached: setup.cached(), priced: setup.priceNote.note };
  if (setup.batch) {
    const batch = batchUsage(setup.batch);
    usage.batch = batch;
    usage.requests += batch.requests;
    // The last round's reads of the checkpoint, less the answers this run's batches brought (counted as requests).
    usage.cached = Math.max(0, setup.cached() - setup.batch.cachedBefore - batch.requests);
    usage.tokens = { prompt: usage.tokens.prompt + batch.tokens.prompt, completion: usage.tokens.completion + batch.tokens.completion };
    usage.costUsd += batch.costUsd;
  }
  if (setup.judge) {
    const j = setup.judge.client.stats();
    const judgeCost = costUsd(j.tokens, setup.judge.price);
    usage.judge = { model: setup.judge.client.model, requests: j.requests, tokens: j.tokens, costUsd: judgeCost };
    usage.requests += j.requests;
    usage.rateLimited += j.rateLimited;
    usage.tokens = { prompt: s.tokens.prompt + j.tokens.prompt, completion: s.tokens.completion + j.tokens.completion };
    usage.costUsd += judgeCost;
  }
  return usage;
}

/** What the run's batches came to (those collected since its outputs were last written): requests answered, tokens, cost at batch prices and at sync prices. */
function batchUsage(batch: NonNullable<RewriterSetup['batch']>): NonNullable<LlmUsage['batch']> {
  const { ledger } = batch.round;
  const spent = ledger.spent();
  let syncCostUsd = 0;
  for (const c of ledger.counted.values()) syncCostUsd += costUsd(c.tokens, batch.syncPrice(ledger.batches.get(c.id)?.model ?? ''));
  return { batches: ledger.counted.size, requests: spent.answered, tokens: spent.tokens, costUsd: spent.costUsd, syncCostUsd };
}
