// Writes out one report of an optimize run in a worker thread, while the main thread writes the
// output CSV: the text goes back as UTF-8 bytes, in pieces, as it is made, and no more than
// IN_FLIGHT pieces wait in the main thread at a time (it says "more" as it writes each).
import { parentPort, workerData } from 'node:worker_threads';
import { reportChunks, type ReportJob } from '../optimize/report-files.js';

const port = parentPort!;
const job = workerData as ReportJob;
/** Bytes sent back at a time. */
const MESSAGE_BYTES = job.pieceBytes ?? 8 << 20;
/** Pieces sent and not yet written. */
const IN_FLIGHT = 4;

let credits = IN_FLIGHT;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});
// Only a wait for credit keeps this thread alive: once the report is sent it ends.
port.unref();

async function main(): Promise<void> {
  let parts: Uint8Array[] = [];
  let size = 0;
  /** Sends the first `n` bytes held (all when n is size), once there is credit. */
  const send = async (n: number): Promise<void> => {
    while (credits <= 0) {
      port.ref();
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      port.unref();
    }
    credits--;
    const bytes = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const p = parts[0]!;
      const take = Math.min(p.byteLength, n - at);
      bytes.set(p.subarray(0, take), at);
      at += take;
      if (take === p.byteLength) parts.shift();
      else parts[0] = p.subarray(take);
    }
    size -= n;
    port.postMessage(bytes, [bytes.buffer]);
  };
  for (const chunk of reportChunks(job)) {
    const encoded = Buffer.from(chunk, 'utf8');
    parts.push(encoded);
    size += encoded.byteLength;
    while (size >= MESSAGE_BYTES) await send(MESSAGE_BYTES);
  }
  if (size > 0) await send(size);
  parts = [];
  port.postMessage(null);
}

main().catch((err: unknown) => port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
