import { availableParallelism } from 'node:os';
import { rules as registry } from '../rules/index.js';
import { resolveRules, type Config } from './engine/config.js';
import { Engine, PageChecker, type CheckedPage, type EngineResult } from './engine/run.js';
import type { Weights } from './engine/types.js';
import type { PageInput } from './page/types.js';
import type { Source, SourceError } from './sources/types.js';
import { checkPage } from './worker/check-page.js';
import { PagePool, workersAvailable } from './worker/pool.js';

export interface AuditProgress {
  done: number;
  errors: number;
  url: string;
}

export interface AuditOptions {
  source: Source;
  /** The config's `rules` settings (already validated); every rule comes from the registry. */
  ruleSettings?: Config['rules'];
  weights: Weights;
  /**
   * Worker threads checking pages: 1 checks them in this thread; 'auto' uses one per core for
   * sources of 200 pages or more (below that, starting the workers costs more than it saves).
   */
  workers?: number | 'auto';
  onProgress?: (p: AuditProgress) => void;
  /** Stop early (Ctrl-C, a time budget): the result is marked partial. */
  signal?: AbortSignal;
}

export interface AuditResult extends EngineResult {
  source: { kind: Source['kind']; target: string; baseUrl?: string };
  /** Pages that could not be audited, and why. */
  errors: SourceError[];
  notes: string[];
  /** Why pages may be missing though the site has them (see Source.losses). */
  losses: string[];
  partial: boolean;
}

const AUTO_WORKERS_FROM = 200;
/** Pages handed to each worker ahead of the one it is on, so no worker waits for the reader. */
const QUEUE_PER_WORKER = 16;

function workerCount(requested: AuditOptions['workers'], source: Source): number {
  if (!workersAvailable() || (source.checkLinks && !source.linkCheck)) return 1;
  if (requested === undefined || requested === 'auto') {
    return source.size !== undefined && source.size < AUTO_WORKERS_FROM ? 1 : Math.min(availableParallelism(), 8);
  }
  return Math.max(1, Math.floor(requested));
}

/**
 * Streams a source through extract() and the engine: a few pages' HTML in memory at a time.
 * Pages are checked in worker threads when there are cores to spare, and handed to the engine
 * in source order either way, so the result does not depend on the number of workers.
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const { source } = options;
  // Rules the source cannot feed are turned off for this run, and listed as not applicable
  // (when the user had them on), rather than fired on every page.
  const enabled = new Set(resolveRules(registry, options.ruleSettings).map((r) => r.rule.id));
  const skipped = (source.notApplicable ?? []).filter((n) => enabled.has(n.rule));
  const ruleSettings: AuditOptions['ruleSettings'] =
    skipped.length === 0 ? options.ruleSettings : { ...options.ruleSettings, ...Object.fromEntries(skipped.map((n) => [n.rule, 'off' as const])) };
  const rules = resolveRules(registry, ruleSettings);
  const engine = new Engine({ rules, weights: options.weights, http: source.http });
  const errors: SourceError[] = [];
  let done = 0;
  let partial = false;

  const settle = (input: PageInput, outcome: CheckedPage | string): void => {
    if (typeof outcome === 'string') {
      // One page that breaks the parser or a rule must not cost the user the rest of the run.
      errors.push({ origin: input.origin ?? input.url, url: input.url, message: `could not be audited (internal error: ${outcome}); please report this page` });
      source.pageChecked?.(input.url, undefined);
    } else {
      const page = engine.addChecked(outcome);
      if (input.origin !== undefined) page.origin = input.origin;
      source.pageChecked?.(input.url, outcome.entry.page);
      done++;
    }
    options.onProgress?.({ done, errors: errors.length, url: input.url });
  };

  const workers = workerCount(options.workers, source);
  const pool = workers > 1 ? new PagePool(workers, { ruleSettings, http: source.http, ...(source.linkCheck ? { linkCheck: source.linkCheck } : {}) }) : undefined;
  const checker = pool ? undefined : new PageChecker({ rules, http: source.http });
  // Replies arrive in any order; they are settled in source order.
  const waiting = new Map<number, { input: PageInput; outcome?: CheckedPage | string }>();
  let next = 0;
  let nextToSettle = 0;
  const flush = (): void => {
    for (let w = waiting.get(nextToSettle); w?.outcome !== undefined; w = waiting.get(nextToSettle)) {
      waiting.delete(nextToSettle++);
      settle(w.input, w.outcome);
    }
  };
  let wake: (() => void) | undefined;
  // A source that waits on the network (a crawl) is told at once, not when its next page arrives.
  const abortSource = (): void => source.abort?.();
  if (options.signal?.aborted) abortSource();
  options.signal?.addEventListener('abort', abortSource, { once: true });

  try {
    for await (const item of source.items()) {
      if (options.signal?.aborted) {
        partial = true;
        break;
      }
      if ('error' in item) {
        errors.push(item.error);
        options.onProgress?.({ done, errors: errors.length, url: item.error.url ?? item.error.origin });
        continue;
      }
      if (checker) {
        settle(item.page, await checkPage(item.page, checker, source.checkLinks?.bind(source)).catch((err: unknown) => (err as Error).message));
        continue;
      }
      const id = next++;
      const entry: { input: PageInput; outcome?: CheckedPage | string } = { input: { ...item.page, body: new Uint8Array(0) } };
      waiting.set(id, entry);
      void pool!.check(id, item.page).then((reply) => {
        entry.outcome = 'error' in reply ? reply.error : reply.checked;
        flush();
        wake?.();
      });
      while (pool!.inFlight >= workers * QUEUE_PER_WORKER) await new Promise<void>((r) => (wake = r));
    }
    while (waiting.size > 0) await new Promise<void>((r) => (wake = r));
    // A source that watches the signal itself (a crawl) ends early rather than yield more.
    if (options.signal?.aborted) partial = true;
  } finally {
    options.signal?.removeEventListener('abort', abortSource);
    await pool?.close();
    await source.close?.();
  }
  const result = engine.finish(source.webSite?.());
  result.notApplicable.push(...skipped);
  const src: AuditResult['source'] = { kind: source.kind, target: source.target };
  if (source.baseUrl) src.baseUrl = source.baseUrl;
  return { ...result, source: src, errors, notes: source.notes, losses: source.losses ?? [], partial };
}
