import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { joinedChunks } from '../report/chunks.js';
import { optimizeMarkdownLines, type LlmUsage, type RunSummary } from './output.js';
import { optimizeHtmlLines, type RunStats } from './report-html.js';
import type { ReportResult } from './outcome.js';

/** One report of a run, and all it is made from: plain data, so a worker thread can make it. */
export type ReportJob = (
  | { kind: 'markdown'; result: ReportResult; summary: RunSummary; input: string; usage?: LlmUsage }
  | { kind: 'html'; result: ReportResult; summary: RunSummary; input: string; stats?: RunStats }
) & {
  /** Bytes a worker sends back at a time (default 8 MiB); at most 4 such pieces wait in this thread. */
  pieceBytes?: number;
};

/** The report's text in pieces (see joinedChunks): the same bytes as optimizeMarkdown or optimizeHtml. */
export function reportChunks(job: ReportJob): Iterable<string> {
  if (job.kind === 'markdown') return joinedChunks(optimizeMarkdownLines(job.result, job.summary, job.input, job.usage), '\n', '\n');
  return joinedChunks(optimizeHtmlLines(job.result, job.summary, job.input, job.stats), '\n');
}

const WORKER_FILE = new URL('../worker/report-worker.js', import.meta.url);

/**
 * The report, made in a worker thread from now on (built code; from the TypeScript sources, in
 * this thread as it is read): its UTF-8 bytes in pieces, as they come. A worker that fails fails
 * the write, with its error.
 */
export function reportFile(job: ReportJob, inWorker: boolean): { text: Iterable<string> | AsyncIterable<Uint8Array>; close(): Promise<void>; waiting(): number } {
  if (!inWorker || !existsSync(fileURLToPath(WORKER_FILE))) return { text: reportChunks(job), close: async () => undefined, waiting: () => 0 };
  let worker: Worker;
  try {
    worker = new Worker(WORKER_FILE, { workerData: job });
  } catch {
    // Something of the run that does not cross threads: made here instead.
    return { text: reportChunks(job), close: async () => undefined, waiting: () => 0 };
  }
  const queue: (Uint8Array | null | Error)[] = [];
  let wake: (() => void) | undefined;
  const push = (item: Uint8Array | null | Error): void => {
    queue.push(item);
    wake?.();
  };
  worker.on('message', (m: Uint8Array | null | { error: string }) => push(m === null || m instanceof Uint8Array ? m : new Error(`the ${job.kind} report could not be made: ${m.error}`)));
  worker.on('error', (err) => push(new Error(`the ${job.kind} report could not be made: ${err.message}`)));
  worker.on('exit', (code) => push(new Error(`the ${job.kind} report's worker stopped (exit code ${code})`)));
  const text: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          const item = queue.shift()!;
          if (item === null) return;
          if (item instanceof Error) throw item;
          yield item;
          // Written: the worker may send another piece.
          worker.postMessage('more');
        }
      } finally {
        await worker.terminate();
      }
    },
  };
  // A run that stops before writing the report (another write failed) does not wait for it.
  return { text, close: async () => void (await worker.terminate()), waiting: () => queue.filter((item) => item instanceof Uint8Array).length };
}
