// What optimize --batch has done, as records in the run's checkpoint (beside the answers): the run's
// id, each input file uploaded, each batch created (with the keys of the requests it carries), each
// batch collected, and each request a batch did not answer. Every record is written through before
// the step after it begins, so a rerun, however the last run ended, knows what was sent and paid
// for: a request is in one batch at a time, and an answer is collected once.
import { randomUUID } from 'node:crypto';
import type { Checkpoint, CheckpointRecord } from './checkpoint.js';

/** A batch as recorded when it was created (or found by listing the account's batches). */
export interface BatchRecord {
  id: string;
  fileId: string;
  model: string;
  /** The checkpoint keys of its requests (its lines' custom_id) and what each asks for. */
  requests: [key: string, kind: string][];
  /** The most its requests may cost at batch prices (their prompts, and every completion token allowed). */
  worstUsd: number;
}

/** A batch as collected: how it ended, and what its answers came to. */
export interface CollectedRecord {
  id: string;
  status: string;
  answered: number;
  failed: number;
  tokens: { prompt: number; completion: number };
  costUsd: number;
}

/** A request a batch did not answer: why, and whether sending it again could change that. */
export interface FailureRecord {
  id: string;
  key: string;
  message: string;
  /** A refusal that would be the same again (HTTP 400): not sent again. */
  final: boolean;
  /** The answer was larger than an answer may be: refused as the sync client refuses it, never sent again. */
  tooLarge?: boolean;
}

/** The metadata key naming the run on every batch it creates (found again by listing the account's batches). */
export const RUN_METADATA = 'seo_ai_run';

export class BatchLedger {
  readonly batches = new Map<string, BatchRecord>();
  readonly collected = new Map<string, CollectedRecord>();
  /** Input files uploaded, by the digest of their bytes, and the batch created from each (if any). */
  readonly uploads = new Map<string, { fileId: string; batch?: string }>();
  /** Each key's failures since the run last wrote its outputs, oldest first. */
  readonly failures = new Map<string, FailureRecord[]>();
  /** Keys that batches had failed for good when the run last wrote its outputs. */
  readonly exhausted = new Set<string>();
  /** Batches collected since the run last wrote its outputs: what this run spent (--max-cost, the report). */
  readonly counted = new Map<string, CollectedRecord>();
  /** Models whose batch lines name the completion limit max_completion_tokens (they refused max_tokens). */
  private readonly params = new Map<string, 'max_completion_tokens'>();
  private run: { id: string; at: string } | undefined;

  constructor(private readonly checkpoint: Checkpoint) {
    for (const r of checkpoint.records) this.take(r);
  }

  private take(r: CheckpointRecord): void {
    switch (r.record) {
      case 'batch-run':
        this.run ??= { id: String(r.run), at: String(r.at) };
        break;
      case 'batch-file':
        this.uploads.set(String(r.digest), { fileId: String(r.fileId) });
        break;
      case 'batch': {
        const b = r as unknown as BatchRecord & { digest?: string };
        this.batches.set(b.id, { id: b.id, fileId: b.fileId, model: b.model, requests: b.requests, worstUsd: b.worstUsd });
        if (b.digest !== undefined) this.uploads.set(b.digest, { fileId: b.fileId, batch: b.id });
        break;
      }
      case 'batch-collected': {
        const c = r as unknown as CollectedRecord;
        const done = { id: c.id, status: c.status, answered: c.answered, failed: c.failed, tokens: c.tokens, costUsd: c.costUsd };
        this.collected.set(c.id, done);
        this.counted.set(c.id, done);
        break;
      }
      case 'batch-done':
        // The run wrote its outputs: a rerun is a new run, as a sync rerun is. It asks again what
        // batches did not answer, with --attempts batches more (or at once, with --batch-retry
        // sync), and --max-cost and the report count its own batches.
        for (const key of this.failures.keys()) this.exhausted.add(key);
        this.failures.clear();
        this.counted.clear();
        break;
      case 'batch-param':
        this.params.set(String(r.model), 'max_completion_tokens');
        break;
      case 'batch-failure': {
        const f = r as unknown as FailureRecord;
        const list = this.failures.get(f.key) ?? [];
        // A batch collected twice (a run stopped while collecting) says each failure once.
        if (!list.some((g) => g.id === f.id)) list.push({ id: f.id, key: f.key, message: f.message, final: f.final, ...(f.tooLarge ? { tooLarge: true } : {}) });
        this.failures.set(f.key, list);
        break;
      }
    }
  }

  private write(record: CheckpointRecord): void {
    this.checkpoint.appendRecord(record);
    this.take(record);
  }

  /** The run's id, named in every batch's metadata; made and written the first time it is needed. */
  runId(): string {
    if (this.run === undefined) this.write({ record: 'batch-run', run: `seo-ai-${randomUUID()}`, at: new Date().toISOString() });
    return this.run!.id;
  }

  /** When the run's first batch work began (batches created before it are none of the run's). */
  get startedAt(): Date | undefined {
    return this.run ? new Date(this.run.at) : undefined;
  }

  get known(): boolean {
    return this.run !== undefined;
  }

  uploaded(digest: string, fileId: string): void {
    this.write({ record: 'batch-file', run: this.runId(), digest, fileId, at: new Date().toISOString() });
  }

  created(batch: BatchRecord, digest: string | undefined, how: 'created' | 'found'): void {
    this.write({ record: 'batch', run: this.runId(), ...batch, ...(digest !== undefined ? { digest } : {}), how, at: new Date().toISOString() });
  }

  /** A request a batch did not answer, recorded once however often the batch is collected (a run stopped while collecting). */
  failed(failure: FailureRecord): void {
    if ((this.failures.get(failure.key) ?? []).some((f) => f.id === failure.id)) return;
    this.write({ record: 'batch-failure', ...failure, at: new Date().toISOString() });
  }

  /** The name of the completion limit in `model`'s batch lines. */
  limitParam(model: string): 'max_tokens' | 'max_completion_tokens' {
    return this.params.get(model) ?? 'max_tokens';
  }

  /** `model` refused max_tokens (OpenAI's reasoning models): its lines name max_completion_tokens from now on. */
  wantsMaxCompletionTokens(model: string): void {
    if (!this.params.has(model)) this.write({ record: 'batch-param', model, param: 'max_completion_tokens', at: new Date().toISOString() });
  }

  /** The run wrote its outputs from a round that asked for nothing (see 'batch-done'). */
  finished(): void {
    this.write({ record: 'batch-done', run: this.runId(), at: new Date().toISOString() });
  }

  collect(done: CollectedRecord): void {
    this.write({ record: 'batch-collected', ...done, at: new Date().toISOString() });
  }

  /** Batches created and not yet collected. */
  inFlight(): BatchRecord[] {
    return [...this.batches.values()].filter((b) => !this.collected.has(b.id));
  }

  /** Batches not yet collected (of these models, when named) with requests the checkpoint has no answer for (another way answered the rest), and those requests. */
  awaited(models?: ReadonlySet<string>): { batches: BatchRecord[]; requests: number } {
    const batches: BatchRecord[] = [];
    let requests = 0;
    for (const b of this.inFlight()) {
      if (models !== undefined && !models.has(b.model)) continue;
      const open = b.requests.filter(([key]) => this.checkpoint.get(key) === undefined).length;
      if (open === 0) continue;
      batches.push(b);
      requests += open;
    }
    return { batches, requests };
  }

  /** The keys of requests in a batch not yet collected: not to be sent again. */
  inFlightKeys(): Set<string> {
    const keys = new Set<string>();
    for (const b of this.inFlight()) for (const [key] of b.requests) keys.add(key);
    return keys;
  }

  /** What the batches collected since the run last wrote its outputs cost, at batch prices, and their tokens. */
  spent(): { costUsd: number; tokens: { prompt: number; completion: number }; answered: number } {
    let costUsd = 0;
    let answered = 0;
    const tokens = { prompt: 0, completion: 0 };
    for (const c of this.counted.values()) {
      costUsd += c.costUsd;
      answered += c.answered;
      tokens.prompt += c.tokens.prompt;
      tokens.completion += c.tokens.completion;
    }
    return { costUsd, tokens, answered };
  }

  /** The most batches in flight may still cost. */
  committed(): number {
    return this.inFlight().reduce((sum, b) => sum + b.worstUsd, 0);
  }
}
