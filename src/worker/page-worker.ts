import { parentPort, workerData } from 'node:worker_threads';
import { rules as registry } from '../../rules/index.js';
import { resolveRules } from '../engine/config.js';
import { PageChecker } from '../engine/run.js';
import { linkChecker } from '../sources/link-check.js';
import { checkPage } from './check-page.js';
import { extendedRules } from '../extend/index.js';
import { PLUGIN_FAILURE, type WorkerJob, type WorkerReply, type WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
// A config's plugins are imported here too: the rules a page is checked with are the same in every thread.
// A plugin that loaded in the main thread but fails here (it needs something only that thread has)
// is said as what it is, on every page this worker is given, not as a crash of seo-ai's.
let setupError: string | undefined;
const extended = setup.extensions
  ? await extendedRules(setup.extensions).catch((error: unknown) => {
      setupError = `${PLUGIN_FAILURE}${(error as Error).message}; run with --workers 1, or make the plugin load in a worker thread`;
      return undefined;
    })
  : undefined;
const checker = new PageChecker({ rules: resolveRules(extended?.rules ?? registry, setup.ruleSettings), http: setup.http });
const parseOptions = extended?.dom ? { dom: true } : {};
const checkLinks = setup.linkCheck ? linkChecker(setup.linkCheck) : undefined;
const port = parentPort!;

/** Replies go back in batches: one message per page cost as much as a small page's rules. */
let replies: WorkerReply[] = [];
let scheduled = false;
let flushedAt = 0;
/** Replies waiting this long go before the next page is started: that page may run until the audit terminates this worker. */
const HOLD_MS = 50;
const flush = (): void => {
  scheduled = false;
  flushedAt = Date.now();
  if (replies.length === 0) return;
  const batch = replies;
  replies = [];
  port.postMessage(batch);
};
const reply = (r: WorkerReply): void => {
  replies.push(r);
  if (replies.length >= 16) flush();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
};

port.on('message', (job: WorkerJob) => {
  if (replies.length > 0 && Date.now() - flushedAt >= HOLD_MS) flush();
  if (setupError !== undefined) {
    reply({ id: job.id, error: setupError });
    return;
  }
  checkPage(job.input, checker, checkLinks, parseOptions, extended?.extract).then(
    (checked) => reply({ id: job.id, checked }),
    (err: unknown) => reply({ id: job.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
