import { parentPort, workerData } from 'node:worker_threads';
import { rules as registry } from '../../rules/index.js';
import { resolveRules } from '../engine/config.js';
import { PageChecker } from '../engine/run.js';
import { linkChecker } from '../sources/link-check.js';
import { checkPage } from './check-page.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const checker = new PageChecker({ rules: resolveRules(registry, setup.ruleSettings), http: setup.http });
const checkLinks = setup.linkCheck ? linkChecker(setup.linkCheck) : undefined;
const port = parentPort!;

port.on('message', (job: WorkerJob) => {
  checkPage(job.input, checker, checkLinks).then(
    (checked) => port.postMessage({ id: job.id, checked } satisfies WorkerReply),
    (err: unknown) => port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply),
  );
});
