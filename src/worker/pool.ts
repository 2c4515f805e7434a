import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PageInput } from '../page/types.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './protocol.js';

const WORKER_FILE = new URL('./page-worker.js', import.meta.url);

/** Worker threads need the compiled worker; running from TypeScript sources (tests) checks pages in-process. */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_FILE));
}

interface Slot {
  worker: Worker;
  pending: Map<number, (reply: WorkerReply) => void>;
}

/**
 * Page workers in one process: each parses and checks whole pages, and only the findings and the
 * site-index entry come back. A worker that dies fails only the pages it held, and is replaced.
 */
export class PagePool {
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly setup: WorkerSetup,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.start());
  }

  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  check(id: number, input: PageInput): Promise<WorkerReply> {
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return new Promise((resolve) => {
      slot.pending.set(id, resolve);
      const body = input.body;
      // Hand the bytes over rather than copy them, unless they share a buffer with something else.
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
      const job: WorkerJob = { id, input: own ? input : { ...input, body: new Uint8Array(body) } };
      slot.worker.postMessage(job, [job.input.body.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private start(): Slot {
    // A larger young generation: checking a page allocates a lot that dies at once, and scavenges were 6 % of a worker's time.
    const slot: Slot = { worker: new Worker(WORKER_FILE, { workerData: this.setup, resourceLimits: { maxYoungGenerationSizeMb: 48 } }), pending: new Map() };
    slot.worker.on('message', (replies: WorkerReply[]) => {
      for (const reply of replies) {
        const resolve = slot.pending.get(reply.id);
        slot.pending.delete(reply.id);
        resolve?.(reply);
      }
    });
    const fail = (why: string): void => {
      for (const [id, resolve] of slot.pending) resolve({ id, error: `the page worker stopped (${why})` });
      slot.pending.clear();
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i !== -1) this.slots[i] = this.start();
    };
    slot.worker.on('error', (err) => fail(err.message));
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(`exit code ${code}`);
    });
    return slot;
  }
}
