// The LLM rewriter of an optimize run: its client (limits, budget, timeout, endpoint, key),
// checkpoint and lock, or a dry run's. Loaded only by a run that asks an LLM.
import path from 'node:path';
import type { Config } from '../engine/config.js';
import { Checkpoint } from '../llm/checkpoint.js';
import { createLlmClient, type LlmClient } from '../llm/client.js';
import { DEFAULT_MODEL, priceOf, PRICES_AS_OF, type Price } from '../llm/cost.js';
import { dryRun } from '../llm/dry-run.js';
import { LlmLimiter } from '../llm/limiter.js';
import { acquireLock, type HeldLock } from '../llm/lock.js';
import { openAiBatchApi } from '../llm/batch-api.js';
import { OPENAI_BATCH_LIMITS } from '../llm/batch-files.js';
import { BatchRound, type BatchSettings } from '../llm/batch-run.js';
import { BatchLedger } from '../llm/batch-ledger.js';
import type { BudgetPool } from '../llm/guards.js';
import { llmRewriter } from '../llm/rewriter.js';
import { InputError } from '../sources/types.js';
import { UsageError, type CliIo } from './io.js';
import { flagNumber } from './numbers.js';
import type { RewriterFlags, RewriterSetup } from './optimize-rewriter.js';

export function llmSetup(flags: RewriterFlags, config: Config, brand: string | undefined, checkpointFile: string, io: CliIo, locks: HeldLock[], signal: AbortSignal): RewriterSetup {
  const llm = config.llm ?? {};
  const model = flags.model ?? llm.model ?? DEFAULT_MODEL;
  const baseURL = flags.llmUrl ?? (io.env.OPENAI_BASE_URL || undefined) ?? llm.baseUrl;
  const rpm = flagNumber(flags.rpm, llm.rpm);
  const tpm = flagNumber(flags.tpm, llm.tpm);
  const concurrency = flagNumber(flags.concurrency, llm.concurrency) ?? 4;
  const requestTimeout = flagNumber(flags.requestTimeout, llm.timeoutMs === undefined ? undefined : llm.timeoutMs / 1000);
  const maxCost = flagNumber(flags.maxCost, llm.maxCostUsd);
  const price = priceOf(model, llm.prices);
  // --judge alone judges with the run's model; --judge <model> with another on the same endpoint.
  const judgeModel = flags.judge === undefined || flags.judge === false ? undefined : flags.judge === true ? model : flags.judge;
  const judgePrice = judgeModel === undefined ? undefined : priceOf(judgeModel, llm.prices);
  // A budget needs a price: without one every request would look free and none would be refused.
  for (const [m, p] of [[model, price], ...(judgeModel !== undefined ? [[judgeModel, judgePrice] as const] : [])] as const) {
    if (maxCost !== undefined && !p) {
      throw new UsageError(`--max-cost needs the price of ${m}, which seo-ai does not know: set llm.prices["${m}"] = { "input": <USD per million prompt tokens>, "output": <USD per million completion tokens> } in the config`);
    }
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
  const attempts = flagNumber(flags.attempts, llm.attempts) ?? 3;
  // A batch's price as a share of the sync price: half at OpenAI and Azure OpenAI (Groq: 75 %).
  const priceShare = llm.batch?.priceShare ?? BATCH_PRICE_SHARE;
  if (flags.dryRun) {
    const dry = dryRun(model, checkpoint, { ...(brand ? { brand } : {}), ...(llm.prices ? { prices: llm.prices } : {}), ...(config.rules ? { ruleSettings: config.rules } : {}), ...(judgeModel !== undefined ? { judge: judgeModel } : {}), attempts, ...(flags.batch ? { priceShare } : {}) });
    return { rewriter: dry.rewriter, concurrency, checkpoint, dry, cached: () => 0, priceNote: { note: '' } };
  }
  const apiKey = io.env.OPENAI_API_KEY || (baseURL && isLocal(baseURL) ? 'local' : undefined);
  if (!apiKey) {
    throw new InputError('OPENAI_API_KEY is not set. Set it for OpenAI; for a local server (Ollama, vLLM, LM Studio) pass --llm-url (any placeholder key works), or use --offline for non-AI fixes');
  }
  const limiter = new LlmLimiter({ concurrency, ...(rpm ? { rpm } : {}), ...(tpm ? { tpm } : {}) });
  // The judge's requests share the run's limiter (one account, one rate limit) and its budget.
  const pool = { spent: 0, committed: 0 };
  const clientFor = (forModel: string, forPrice: Price | undefined): LlmClient =>
    createLlmClient({
      apiKey,
      model: forModel,
      limiter,
      signal,
      ...(baseURL ? { baseURL } : {}),
      ...(requestTimeout !== undefined ? { timeoutMs: Math.round(requestTimeout * 1000) } : {}),
      ...(maxCost !== undefined ? { budget: { maxUsd: maxCost, price: forPrice ?? { input: 0, output: 0 }, pool } } : {}),
    });
  const client = clientFor(model, price);
  const judge = judgeModel === undefined ? undefined : { client: clientFor(judgeModel, judgePrice), ...(judgePrice ? { price: judgePrice } : {}) };
  if (!price) io.stderr.write(`note: no price known for model ${model}: cost is shown as $0 (set llm.prices in the config)\n`);
  if (judgeModel !== undefined && judgeModel !== model && !judgePrice) io.stderr.write(`note: no price known for the judge's model ${judgeModel}: its cost is shown as $0 (set llm.prices in the config)\n`);
  const batchNote = flags.batch ? `; batches at ${Math.round(priceShare * 100)} % of it` : '';
  const priceNote = price ? { price, note: `${model} at $${price.input}/$${price.output} per million tokens${batchNote}, prices as of ${PRICES_AS_OF}` } : { note: `no price known for ${model}; set llm.prices` };
  // What --batch runs did, as the checkpoint records it (read once, for the checks below and the batch round).
  const ledger = new BatchLedger(checkpoint);
  if (!flags.batch) {
    // A sync run would pay again for what batches of an earlier --batch run are still answering.
    // Only what the checkpoint has no answer for: a request answered meanwhile (--ignore-batches) is not sent again.
    const { batches: flying, requests: n } = ledger.awaited();
    if (n > 0) {
      const them = n === 1 ? 'it' : 'them';
      const said = `${n} request${n === 1 ? ' is' : 's are'} in ${flying.length} batch${flying.length === 1 ? '' : 'es'} of an earlier --batch run, not yet collected`;
      if (!flags.ignoreBatches) throw new UsageError(`${said}: add --batch to collect ${them} (at batch prices), or --ignore-batches to send ${them} again at sync prices (the batches are paid for all the same)`);
      io.stderr.write(`note: ${said}; sent again at sync prices (--ignore-batches)\n`);
    }
  }
  if (flags.batch) {
    // Batches asked of another model (the run's --model changed): paid for, their answers never used.
    const models = new Set([model, ...(judgeModel !== undefined ? [judgeModel] : [])]);
    const other = ledger.awaited().batches.filter((b) => !models.has(b.model));
    for (const m of new Set(other.map((b) => b.model))) {
      const mine = other.filter((b) => b.model === m);
      io.stderr.write(`note: ${mine.length} batch${mine.length === 1 ? '' : 'es'} of an earlier run asked ${m}, and this run asks ${[...models].join(' and ')}: ${mine.length === 1 ? 'it is' : 'they are'} paid for all the same, and ${mine.length === 1 ? 'its' : 'their'} answers not used (cancel ${mine.length === 1 ? 'it' : 'them'} at the provider: ${mine.map((b) => b.id).join(', ')})\n`);
    }
  }
  const batch = flags.batch ? batchSetup(flags, llm, { apiKey, baseURL, attempts, priceShare, maxCost, checkpoint, ledger, pool }, (m) => (m === model ? client : judge!.client)) : undefined;
  const rewriter = llmRewriter({
    client: batch ? batch.round.client(model) : client,
    checkpoint,
    ruleSettings: config.rules,
    ...(brand ? { brand } : {}),
    ...(judge ? { judge: batch ? batch.round.client(judgeModel!) : judge.client } : {}),
  });
  return { rewriter, concurrency, client, checkpoint, cached: () => rewriter.cached(), priceNote, ...(judge ? { judge } : {}), ...(batch ? { batch } : {}) };
}

/** The share of the sync price a batch costs when the config says nothing: OpenAI's and Azure OpenAI's. */
export const BATCH_PRICE_SHARE = 0.5;

/**
 * optimize --batch: the round that collects requests (each model's price at batch rates, the
 * budget, what batches did not answer asked at once with --batch-retry sync) and the Batch API.
 */
function batchSetup(
  flags: RewriterFlags,
  llm: NonNullable<Config['llm']>,
  run: { apiKey: string; baseURL: string | undefined; attempts: number; priceShare: number; maxCost: number | undefined; checkpoint: Checkpoint; ledger: BatchLedger; pool: BudgetPool },
  syncClient: (model: string) => LlmClient,
): NonNullable<RewriterSetup['batch']> {
  const atBatchRate = (m: string): Price | undefined => {
    const p = priceOf(m, llm.prices);
    return p && { input: p.input * run.priceShare, output: p.output * run.priceShare };
  };
  const settings: BatchSettings = {
    limits: {
      maxRequests: flagNumber(flags.batchMaxRequests, llm.batch?.maxRequests) ?? OPENAI_BATCH_LIMITS.maxRequests,
      maxBytes: flagNumber(flags.batchMaxBytes, llm.batch?.maxBytes) ?? OPENAI_BATCH_LIMITS.maxBytes,
    },
    attempts: run.attempts,
    priceOf: atBatchRate,
    ...(run.maxCost !== undefined ? { maxCostUsd: run.maxCost } : {}),
    ...(flags.batchRetry === 'sync' ? { sync: syncClient } : {}),
    // One budget: what batches cost and may cost, and what requests asked at once do.
    pool: run.pool,
  };
  const round = new BatchRound(run.checkpoint, settings, run.ledger);
  const api = openAiBatchApi({ apiKey: run.apiKey, ...(run.baseURL ? { baseURL: run.baseURL } : {}) });
  const pollMs = Math.round((flagNumber(flags.batchPoll, llm.batch?.pollSeconds) ?? 30) * 1000);
  return { round, api, wait: flags.wait === true, pollMs, priceShare: run.priceShare, syncPrice: (m: string) => priceOf(m, llm.prices), cachedBefore: 0 };
}

function isLocal(baseURL: string): boolean {
  try {
    const host = new URL(baseURL).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]' || host.endsWith('.local');
  } catch {
    return false;
  }
}

