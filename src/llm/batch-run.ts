// optimize --batch: the run's requests go to the provider's Batch API instead of one by one.
//
// A round is the optimize loop run once with every answer the checkpoint holds: a request it
// lacks is not sent but collected (BatchRound, the client each rewriter gets), and its row waits.
// The collected requests go out as batches (input files within the provider's limits, the
// checkpoint key as each line's custom_id); collected answers land in the checkpoint where a sync
// answer would; the next round goes on from them (a refused candidate's next attempt, a rejected
// FAQ's retry, the judge's verdicts). Once a round asks for nothing and no batch is in flight, that
// round is the run: its rows went through the same checks, gates and review as a sync run's.
//
// Nothing is paid twice and nothing is lost, however a run ends: each step is recorded in the
// checkpoint before the next (BatchLedger), a request in a batch in flight is never sent again, a
// batch created but not recorded is found by listing the account's batches for the run's id, and
// collecting again appends only what is missing.
import { createHash } from 'node:crypto';
import type { OptimizeResult } from '../optimize/outcome.js';
import { abortableSleep } from '../sleep.js';
import type { ApiBatch, BatchApi } from './batch-api.js';
import { TERMINAL } from './batch-api.js';
import { batchFiles, readBatchResults, type BatchLimits } from './batch-files.js';
import { BatchLedger, RUN_METADATA, type BatchRecord } from './batch-ledger.js';
import type { AnswerEntry } from './answer-of.js';
import type { Checkpoint } from './checkpoint.js';
import { costUsd, type Price } from './cost.js';
import { budgetTooSmall, estimateTokens, LlmError, type BudgetPool, type ChatMessage, type Completion, type CompletionRequest, type LlmClient, type LlmStats, type RequestTag } from './guards.js';
import { formatBytes } from './capped-fetch.js';
import { MAX_ANSWER_BYTES } from './client.js';
import { countTokens } from './tokens.js';

/** A batch line's body, as far as a run reads it back. */
interface ChatBody {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: { json_schema?: { name?: string } };
}

export interface BatchSettings {
  limits: BatchLimits;
  /** Batches a request is sent in at most before it fails (--attempts). */
  attempts: number;
  /** A model's price at batch rates (undefined: not known, counted as free). */
  priceOf: (model: string) => Price | undefined;
  /** --max-cost at batch prices: what collected batches cost, plus the most batches in flight and this round's may. */
  maxCostUsd?: number;
  /** --batch-retry sync: a request batches failed for good is asked at once through this model's client. */
  sync?: (model: string) => LlmClient;
  /**
   * What the run has spent and may still spend, shared with the sync clients of --batch-retry sync
   * so that --max-cost is one budget: the round adds what batches cost and may cost to it.
   */
  pool?: BudgetPool;
}

/** A request collected in a round, to go into a batch. */
interface Pending {
  key: string;
  kind: string;
  model: string;
  request: CompletionRequest;
  worstUsd: number;
}

/** Thrown for a request whose answer is to come from a batch: its row waits for the next round. */
const waiting = (): LlmError => new LlmError('waiting for the answer of a batch', 'deferred');

/** The requests of one round: what each model's client was asked and the checkpoint could not answer. */
export class BatchRound {
  readonly ledger: BatchLedger;
  readonly pending = new Map<string, Pending>();
  private inFlight = new Set<string>();
  private readonly pool: BudgetPool;
  /** The batches' share of the pool: what they cost, and what batches in flight and this round's requests may still cost. */
  private readonly share = { spent: 0, committed: 0 };

  constructor(
    readonly checkpoint: Checkpoint,
    readonly settings: BatchSettings,
    ledger?: BatchLedger,
  ) {
    this.ledger = ledger ?? new BatchLedger(checkpoint);
    this.pool = settings.pool ?? { spent: 0, committed: 0 };
    this.settle();
  }

  /** The pool brought up to what the ledger says batches spent and may still spend (between rounds, when no request is in flight). */
  private settle(): void {
    const spent = this.ledger.spent().costUsd;
    const committed = this.ledger.committed();
    this.pool.spent += spent - this.share.spent;
    this.pool.committed += committed - this.share.committed;
    this.share.spent = spent;
    this.share.committed = committed;
  }

  /** The models this run asks (a batch of another is none of its business). */
  readonly models = new Set<string>();

  /** The client for `model`'s requests in a round. */
  client(model: string): LlmClient {
    this.models.add(model);
    const zero: LlmStats = { requests: 0, rateLimited: 0, serverErrors: 0, timeouts: 0, tokens: { prompt: 0, completion: 0 } };
    return { model, complete: (request, tag) => this.ask(model, request, tag), stats: () => ({ ...zero, tokens: { ...zero.tokens } }) };
  }

  /** A new round: nothing collected yet, and what is in flight as the ledger says now. */
  begin(): void {
    this.pending.clear();
    this.settle();
    this.inFlight = this.ledger.inFlightKeys();
  }

  private async ask(model: string, request: CompletionRequest, tag: RequestTag | undefined): Promise<Completion> {
    if (tag === undefined) throw new Error('a request of a batch run needs its checkpoint key');
    // In a batch in flight, or already collected this round (two rows asking the very same prompt).
    if (this.inFlight.has(tag.key) || this.pending.has(tag.key)) throw waiting();
    const failures = this.ledger.failures.get(tag.key) ?? [];
    const last = failures.at(-1);
    // Refused as the sync client refuses an answer over the byte cap: the caller asks again with feedback.
    if (last?.tooLarge) throw new LlmError(last.message, 'too-large');
    const givenUp = last !== undefined && (last.final || failures.length >= this.settings.attempts);
    const sync = this.settings.sync?.(model);
    // --batch-retry sync: what batches did not answer, in this run or before its outputs were last written, is asked at once.
    if (sync && (givenUp || this.ledger.exhausted.has(tag.key))) return sync.complete(request, tag);
    if (givenUp) {
      const times = `${failures.length} batch${failures.length === 1 ? '' : 'es'}`;
      throw new LlmError(`no answer from ${times}: ${last.message}${last.final ? '' : '; --batch-retry sync asks what batches did not answer at once'}`, last.final ? 'bad-request' : 'server');
    }
    const estimate = estimateTokens(request);
    const worstUsd = costUsd({ prompt: estimate - request.maxTokens, completion: request.maxTokens }, this.settings.priceOf(model));
    const max = this.settings.maxCostUsd;
    const used = this.pool.spent + this.pool.committed;
    if (max !== undefined && worstUsd > max) throw budgetTooSmall(max, worstUsd);
    if (max !== undefined && used + worstUsd > max) {
      throw new LlmError(`--max-cost $${max} reached ($${used.toFixed(4)} spent or in batches and requests in flight, batches at batch prices; the next request could cost up to $${worstUsd.toFixed(4)})`, 'budget');
    }
    this.pending.set(tag.key, { key: tag.key, kind: tag.kind, model, request, worstUsd });
    this.pool.committed += worstUsd;
    this.share.committed += worstUsd;
    throw waiting();
  }
}

export interface BatchRunOptions {
  api: BatchApi;
  round: BatchRound;
  /** One round: the optimize loop over every row, answers from the checkpoint. */
  pass: () => Promise<OptimizeResult>;
  /** --wait: poll until the run is done, instead of returning once batches are submitted. */
  wait: boolean;
  pollMs: number;
  signal: AbortSignal;
  /** A line on the run's progress (batches in flight, requests answered). */
  progress?: (line: string) => void;
  /** A note for the user (stderr). */
  say: (line: string) => void;
}

export type BatchOutcome =
  | { done: true; result: OptimizeResult }
  | {
      done: false;
      /** Requests submitted by this invocation, and the batches they went in. */
      submitted: number;
      batches: string[];
      /** Batches still running, and their requests answered so far of all. */
      inFlight: { batches: number; answered: number; total: number; ended: boolean };
      /** The run was stopped (Ctrl-C, --timeout) while it waited. */
      stopped?: string;
    };

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Batches are listed back to this long before the run's first record (clocks differ). */
const LIST_MARGIN_MS = 15 * 60_000;

/**
 * The batch run: batches of this run that the checkpoint does not name are found, finished ones
 * collected, a round run, what it asks for submitted; with `wait`, again until the run is done.
 */
export async function runBatch(options: BatchRunOptions): Promise<BatchOutcome> {
  const { api, round, signal } = options;
  const { ledger } = round;
  await api.check();
  await adopt(options);
  let submitted = 0;
  const batches: string[] = [];
  for (;;) {
    await collect(options);
    round.begin();
    const result = await options.pass();
    const pending = [...round.pending.values()];
    // The caller writes the outputs, then ledger.finished() (unless the run was stopped).
    // Batches in flight whose every answer is in the checkpoint already (asked at once meanwhile) are not waited for: a later run collects them.
    if (pending.length === 0 && ledger.awaited(round.models).batches.length === 0) return { done: true, result };
    const stopped = signal.aborted ? String(signal.reason ?? 'stopped') : undefined;
    if (pending.length > 0 && stopped === undefined) {
      const made = await submit(options, pending);
      submitted += pending.length;
      batches.push(...made);
      // A round the budget cut short: said, since each round may take a day.
      if (result.notes.some((n) => n.startsWith('stopped early: --max-cost'))) {
        options.say(`--max-cost left room for only these requests beside the batches in flight (counted at the most each may cost); the rest go into a later batch once these are collected and their real cost is known`);
      }
    }
    if (!options.wait || stopped !== undefined) return { done: false, submitted, batches, inFlight: await inFlightCounts(options), ...(stopped !== undefined ? { stopped } : {}) };
    if (!(await waitForOne(options))) return { done: false, submitted, batches, inFlight: await inFlightCounts(options), stopped: String(signal.reason ?? 'stopped') };
  }
}

/**
 * Batches of this run the checkpoint does not name (the last run stopped after creating one and
 * before recording it): found by the run's id in their metadata, their requests read back from
 * their input file, and recorded, so none of them is sent again.
 */
async function adopt({ api, round }: BatchRunOptions): Promise<void> {
  const { ledger } = round;
  if (!ledger.known) return; // no batch work yet: none can exist
  const run = ledger.runId();
  const since = ledger.startedAt!.getTime() - LIST_MARGIN_MS;
  for await (const batch of api.list((b) => b.created_at * 1000 < since)) {
    if (batch.metadata?.[RUN_METADATA] !== run || ledger.batches.has(batch.id)) continue;
    const input = await api.content(batch.input_file_id);
    const requests: [string, string][] = [];
    let model = '';
    let worstUsd = 0;
    for (const line of input.split('\n')) {
      if (line.trim() === '') continue;
      const { custom_id: key, body } = JSON.parse(line) as { custom_id: string; body: ChatBody };
      model ||= body.model;
      // What it asks, as far as its body tells (the schema's name), and the most it may cost.
      requests.push([key, body.response_format?.json_schema?.name ?? 'field']);
      const maxTokens = body.max_tokens ?? body.max_completion_tokens ?? 0;
      worstUsd += costUsd({ prompt: estimateTokens({ messages: body.messages, maxTokens }) - maxTokens, completion: maxTokens }, round.settings.priceOf(body.model));
    }
    ledger.created({ id: batch.id, fileId: batch.input_file_id, model, requests, worstUsd }, sha256(input), 'found');
  }
}

/** Each batch in flight that has ended: its answers into the checkpoint, what it did not answer recorded, the batch marked collected. */
async function collect({ api, round, say }: BatchRunOptions): Promise<void> {
  const { ledger, checkpoint } = round;
  for (const recorded of ledger.inFlight()) {
    const batch = await api.retrieve(recorded.id);
    if (!TERMINAL.has(batch.status)) continue;
    const output = batch.output_file_id ? await api.content(batch.output_file_id) : '';
    const errors = batch.error_file_id ? await api.content(batch.error_file_id) : '';
    const { results, unreadable } = readBatchResults(output, errors);
    const none = noAnswer(batch);
    const tokens = { prompt: 0, completion: 0 };
    let answered = 0;
    let failed = 0;
    for (const [key, kind] of recorded.requests) {
      const r = results.get(key);
      if (r !== undefined && 'content' in r && Buffer.byteLength(r.content) > MAX_ANSWER_BYTES) {
        // As the sync client refuses it (paid, as there): the caller asks again with feedback.
        failed++;
        ledger.failed({ id: recorded.id, key, message: `the answer was larger than ${formatBytes(MAX_ANSWER_BYTES)}: the endpoint ignores max_tokens`, final: true, tooLarge: true });
        continue;
      }
      if (r !== undefined && 'content' in r) {
        answered++;
        // An endpoint that reports no usage: the answer counted by our tokenizer, as the sync client does.
        if (r.usage.completion === 0 && r.content !== '') r.usage.completion = countTokens(r.content);
        tokens.prompt += r.usage.prompt;
        tokens.completion += r.usage.completion;
        if (checkpoint.get(key) === undefined) {
          const entry: AnswerEntry = { key, model: recorded.model, kind, content: r.content, usage: r.usage, finishReason: r.finishReason, at: new Date().toISOString(), batch: recorded.id };
          checkpoint.append(entry);
        }
        continue;
      }
      failed++;
      const status = r !== undefined && 'status' in r ? r.status : undefined;
      // A model that takes max_completion_tokens instead (OpenAI's reasoning models): named so from the next batch on, not a refusal.
      const param = status === 400 && r !== undefined && 'error' in r && /max_completion_tokens/.test(r.error);
      if (param) ledger.wantsMaxCompletionTokens(recorded.model);
      ledger.failed({ id: recorded.id, key, message: r?.error ?? none, final: status === 400 && !param });
    }
    say(`collected ${recorded.id} (${batch.status}): ${answered} answer${answered === 1 ? '' : 's'}${failed > 0 ? `, ${failed} request${failed === 1 ? '' : 's'} not answered` : ''}`);
    if (unreadable.length > 0) say(`batch ${recorded.id}: ${unreadable.length} line${unreadable.length === 1 ? '' : 's'} of its results could not be read (${unreadable.slice(0, 3).join(', ')}); their requests go into the next batch`);
    ledger.collect({ id: recorded.id, status: batch.status, answered, failed, tokens, costUsd: costUsd(tokens, round.settings.priceOf(recorded.model)) });
  }
}

/** Why a batch gave a request no answer, when its files say nothing of it. */
function noAnswer(batch: ApiBatch): string {
  if (batch.status === 'failed') {
    const why = (batch.errors?.data ?? []).map((e) => e.message ?? e.code ?? '').filter(Boolean).join('; ');
    return `batch ${batch.id} failed${why ? `: ${why}` : ''}`;
  }
  if (batch.status === 'expired') return `batch ${batch.id} expired before answering it`;
  if (batch.status === 'cancelled') return `batch ${batch.id} was cancelled before answering it`;
  return `batch ${batch.id} gave no answer for it`;
}

/**
 * The round's requests as batches, a model's at a time, in key order (the same requests make the
 * same files): each file uploaded and recorded, then its batch created and recorded. A file
 * uploaded by a run that stopped before creating its batch is used again, not uploaded again.
 */
async function submit({ api, round, say }: BatchRunOptions, pending: Pending[]): Promise<string[]> {
  const { ledger, settings } = round;
  const run = ledger.runId();
  const made: string[] = [];
  const byModel = new Map<string, Pending[]>();
  for (const p of pending) {
    const list = byModel.get(p.model);
    if (list) list.push(p);
    else byModel.set(p.model, [p]);
  }
  for (const [model, requests] of byModel) {
    requests.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const byKey = new Map(requests.map((r) => [r.key, r]));
    for (const file of batchFiles(requests, model, settings.limits, ledger.limitParam(model))) {
      const digest = sha256(file.text);
      let fileId = ledger.uploads.get(digest)?.fileId;
      if (fileId === undefined) {
        fileId = await api.upload(`${run}-${digest.slice(0, 16)}.jsonl`, file.text);
        ledger.uploaded(digest, fileId);
      }
      const metadata = { [RUN_METADATA]: run, seo_ai_file: digest.slice(0, 64) };
      let batch: ApiBatch | undefined;
      try {
        batch = await api.create(fileId, metadata);
      } catch (error) {
        // The answer may have been lost after the batch was made: it is looked for before giving up.
        batch = await created(api, ledger, fileId, run);
        if (batch === undefined) throw error;
      }
      const record: BatchRecord = { id: batch.id, fileId, model, requests: file.keys.map((k) => [k, byKey.get(k)!.kind]), worstUsd: file.keys.reduce((sum, k) => sum + byKey.get(k)!.worstUsd, 0) };
      ledger.created(record, digest, 'created');
      made.push(batch.id);
    }
  }
  say(`submitted ${pending.length} request${pending.length === 1 ? '' : 's'} in ${made.length} batch${made.length === 1 ? '' : 'es'} (${made.join(', ')}) to ${api.endpoint}`);
  return made;
}

/** A batch of this run made from `fileId` and not recorded yet. */
async function created(api: BatchApi, ledger: BatchLedger, fileId: string, run: string): Promise<ApiBatch | undefined> {
  const since = (ledger.startedAt?.getTime() ?? Date.now()) - LIST_MARGIN_MS;
  for await (const b of api.list((x) => x.created_at * 1000 < since)) {
    if (b.metadata?.[RUN_METADATA] === run && b.input_file_id === fileId && !ledger.batches.has(b.id)) return b;
  }
  return undefined;
}

/** Batches in flight, their requests answered so far of all, and whether one has ended, as the API says now. */
async function inFlightCounts({ api, round }: BatchRunOptions): Promise<{ batches: number; answered: number; total: number; ended: boolean }> {
  const flying = round.ledger.inFlight();
  let answered = 0;
  let total = 0;
  let ended = false;
  for (const b of flying) {
    const now = await api.retrieve(b.id);
    ended ||= TERMINAL.has(now.status);
    answered += now.request_counts?.completed ?? 0;
    total += now.request_counts?.total || b.requests.length;
  }
  return { batches: flying.length, answered, total, ended };
}

/** Polls until a batch in flight has ended (true), or the run is stopped (false). */
async function waitForOne(options: BatchRunOptions): Promise<boolean> {
  for (;;) {
    await abortableSleep(options.pollMs, options.signal);
    if (options.signal.aborted) return false;
    const now = await inFlightCounts(options);
    options.progress?.(`${now.batches} batch${now.batches === 1 ? '' : 'es'} in flight, ${now.answered}/${now.total} requests answered`);
    if (now.ended) return true;
  }
}
