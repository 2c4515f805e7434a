// Writes out one report of an optimize run in a worker thread, while the main thread writes the
// output CSV: the text goes back as UTF-8 bytes, in pieces, as it is made.
import { parentPort, workerData } from 'node:worker_threads';
import { reportChunks, type ReportJob } from '../optimize/report-files.js';

const port = parentPort!;
/** Bytes sent back at a time. */
const MESSAGE_BYTES = 8 << 20;

try {
  let parts: Uint8Array[] = [];
  let size = 0;
  const send = (): void => {
    if (size === 0) return;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.byteLength;
    }
    parts = [];
    size = 0;
    port.postMessage(bytes, [bytes.buffer]);
  };
  for (const chunk of reportChunks(workerData as ReportJob)) {
    const encoded = Buffer.from(chunk, 'utf8');
    parts.push(encoded);
    size += encoded.byteLength;
    if (size >= MESSAGE_BYTES) send();
  }
  send();
  port.postMessage(null);
} catch (err) {
  port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
