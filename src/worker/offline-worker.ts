// Proposes offline rewrites in a worker thread: the same code as in the main thread, given the
// cells it reads of each row (see OFFLINE_CELLS), so its answers are the same.
import { parentPort, workerData } from 'node:worker_threads';
import { offlineRewriter } from '../optimize/offline-rewriter.js';
import type { OfflineJob, OfflineReply } from './protocol.js';

const rewriter = offlineRewriter(workerData as Parameters<typeof offlineRewriter>[0]);
const port = parentPort!;

port.on('message', (jobs: OfflineJob[]) => {
  const replies: OfflineReply[] = jobs.map(({ id, request }) => {
    try {
      const value = rewriter.proposeNow(request);
      return value === undefined ? { id } : { id, value };
    } catch (err) {
      return { id, error: err instanceof Error ? err.message : String(err) };
    }
  });
  port.postMessage(replies);
});
