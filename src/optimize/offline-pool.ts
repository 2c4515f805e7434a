import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OfflineJob, OfflineReply } from '../worker/protocol.js';
import type { Limits } from './offline.js';
import { OFFLINE_CELLS, offlineRewriter, type OfflineRequest, type OfflineRewriter } from './offline-rewriter.js';

const WORKER_FILE = new URL('../worker/offline-worker.js', import.meta.url);

/** Offline proposals can be made in worker threads (the compiled worker is there: built code, not the TypeScript sources). */
export function offlineWorkersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_FILE));
}

interface Waiting {
  request: OfflineRequest;
  resolve: (value: string | undefined) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Waiting>;
}

/**
 * The offline rewriter with its proposals made in `size` worker threads, so the main thread is
 * left the part of a run that must go row by row (checking candidates, taking values). Each
 * request carries only the cells the rewriter reads; requests made in the same turn go in one
 * message. Answers are the rewriter's own, whichever thread made them: a worker that fails has
 * its requests answered in this thread instead, and the pool goes on without it.
 */
export class OfflinePool implements OfflineRewriter {
  readonly name = 'offline';
  readonly deterministic = true;
  private readonly inline: OfflineRewriter;
  private readonly slots: Slot[] = [];
  private batch: { slot: Slot; jobs: OfflineJob[] } | undefined;
  private next = 0;
  private turn = 0;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly options: { brand?: string; limits?: Limits } = {},
  ) {
    this.inline = offlineRewriter(options);
    for (let i = 0; i < size; i++) this.slots.push(this.start());
  }

  proposeNow(request: OfflineRequest): string | undefined {
    return this.inline.proposeNow(request);
  }

  propose(request: OfflineRequest): Promise<string | undefined> {
    // A second attempt is nothing, at once (see offlineRewriter): no message for it.
    if (request.attempt > 1 || this.slots.length === 0) return this.inline.propose(request);
    return new Promise((resolve, reject) => {
      const id = this.next++;
      const slim: OfflineRequest = { ...request, page: pick(request.page) };
      if (!this.batch) {
        // Requests of one turn go to one worker together: the fields of a row, and the rows started with it.
        const slot = this.slots[this.turn++ % this.slots.length]!;
        this.batch = { slot, jobs: [] };
        queueMicrotask(() => this.flush());
      }
      this.batch.jobs.push({ id, request: slim });
      this.batch.slot.pending.set(id, { request: slim, resolve, reject });
    });
  }

  /** Ends the workers. Requests still out are answered in this thread, and later ones too: none is left waiting. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) for (const id of [...slot.pending.keys()]) this.answerHere(slot, id);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = undefined;
    if (!batch) return;
    if (!this.slots.includes(batch.slot)) {
      // The worker failed in between: this thread answers.
      for (const { id } of batch.jobs) this.answerHere(batch.slot, id);
      return;
    }
    batch.slot.worker.postMessage(batch.jobs);
  }

  private answerHere(slot: Slot, id: number): void {
    const waiting = slot.pending.get(id);
    slot.pending.delete(id);
    if (!waiting) return;
    try {
      waiting.resolve(this.inline.proposeNow(waiting.request));
    } catch (err) {
      waiting.reject(err);
    }
  }

  private start(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_FILE, { workerData: this.options }), pending: new Map() };
    slot.worker.on('message', (replies: OfflineReply[]) => {
      for (const reply of replies) {
        const waiting = slot.pending.get(reply.id);
        slot.pending.delete(reply.id);
        if (!waiting) continue;
        if ('error' in reply) waiting.reject(new Error(reply.error));
        else waiting.resolve(reply.value);
      }
    });
    const fail = (): void => {
      const i = this.slots.indexOf(slot);
      if (i !== -1) this.slots.splice(i, 1);
      for (const id of [...slot.pending.keys()]) this.answerHere(slot, id);
    };
    slot.worker.on('error', fail);
    slot.worker.on('messageerror', fail);
    slot.worker.on('exit', () => {
      if (!this.closed) fail();
    });
    return slot;
  }
}

function pick(page: OfflineRequest['page']): OfflineRequest['page'] {
  const out = {} as Record<(typeof OFFLINE_CELLS)[number], string>;
  for (const cell of OFFLINE_CELLS) out[cell] = page[cell];
  return out;
}
