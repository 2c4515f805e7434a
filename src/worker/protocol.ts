import type { Config } from '../engine/config.js';
import type { Extensions } from '../extend/index.js';
import type { CheckedPage } from '../engine/run.js';
import type { PageInput } from '../page/types.js';
import type { LinkCheckSpec } from '../sources/link-check.js';

/** What a page worker is started with: everything it needs to check pages as the main thread would. */
export interface WorkerSetup {
  ruleSettings?: Config['rules'];
  /** The config's plugins, checks and extraction: the worker builds the same rule set. */
  extensions?: Extensions;
  http: boolean;
  linkCheck?: LinkCheckSpec;
}

/** How a worker's error starts when the config's plugins failed to load in it (not a crash of seo-ai's own). */
export const PLUGIN_FAILURE = 'the config\'s plugins failed to load in a worker thread: ';

export interface WorkerJob {
  id: number;
  input: PageInput;
}

export type WorkerReply = { id: number; checked: CheckedPage } | { id: number; error: string };

/** A proposal the offline rewriter is asked for in a worker thread. */
export interface OfflineJob {
  id: number;
  request: import('../optimize/offline-rewriter.js').OfflineRequest;
}

/** Its answer: the proposal (none: no value), or the error the rewriter threw. */
export type OfflineReply = { id: number; value?: string } | { id: number; error: string };
