import { availableParallelism } from 'node:os';
import { rules as registry } from '../rules/index.js';
import { rulesLacking } from './engine/applicability.js';
import { ruleCatalogue, type RuleInfo } from './engine/catalogue.js';
import { resolveRules, type Config } from './engine/config.js';
import { Engine, PageChecker, type CheckedPage, type EngineResult } from './engine/run.js';
import type { Rule, Weights } from './engine/types.js';
import type { PageInput } from './page/types.js';
import type { Source, SourceError } from './sources/types.js';
import { ParseStopped } from './page/extract.js';
import { checkPage } from './worker/check-page.js';
import { PagePool, workersAvailable } from './worker/pool.js';

export interface AuditProgress {
  done: number;
  errors: number;
  url: string;
}

export interface AuditOptions {
  source: Source;
  /**
   * The rules to run (default: the registry, `rules` of rules/index.ts). Worker threads check
   * pages with the registry's rules only, so another set is checked in this thread.
   */
  rules?: readonly Rule[];
  /** The config's `rules` settings (already validated) for the rule set. */
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
  /**
   * A time budget, as a Date.now() time: past it the run stops as on the signal, and a page being
   * parsed in this thread is dropped mid-parse (no timer can fire while a page parses).
   */
  deadline?: number;
  /**
   * Told each page's own check (page rules, index entry) as it is settled, before the site rules
   * add to it: a caller that audits the same pages again can hand it back through `reuse`.
   */
  onChecked?: (input: PageInput, checked: CheckedPage) => void;
  /** A page's check from an earlier run of the same page (same URL, same bytes), or undefined to check it. */
  reuse?: (input: PageInput) => CheckedPage | undefined;
}

/** A copy of a page's check the engine's site rules, sorting and scoring will not touch. */
export function detachedCheck(checked: CheckedPage): CheckedPage {
  return { ...checked, result: { ...checked.result, findings: [...checked.result.findings] } };
}

export interface AuditResult extends EngineResult {
  source: { kind: Source['kind']; target: string; baseUrl?: string };
  /** Pages that could not be audited, and why. */
  errors: SourceError[];
  notes: string[];
  /** Why pages may be missing though the site has them (see Source.losses). */
  losses: string[];
  partial: boolean;
  /** Every rule of the run's set as the config had it (severity, options, fix text): the report's catalogue. */
  rules: RuleInfo[];
}

const AUTO_WORKERS_FROM = 200;
/** Checking pages in this thread gives timers and signals (--timeout, Ctrl-C) a turn this often, in ms. */
const YIELD_EVERY_MS = 50;
/** Pages handed to each worker ahead of the one it is on, so no worker waits for the reader. */
const QUEUE_PER_WORKER = 16;

/** Pages of this source can be checked in worker threads (built code, and a link check workers can run). */
function workersPossible(source: Source, ruleSet: readonly Rule[]): boolean {
  return workersAvailable() && ruleSet === registry && !(source.checkLinks && !source.linkCheck);
}

function workerCount(requested: AuditOptions['workers'], source: Source, ruleSet: readonly Rule[]): number {
  if (!workersPossible(source, ruleSet)) return 1;
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
  const ruleSet = options.rules ?? registry;
  const catalogue = ruleCatalogue(ruleSet, options.ruleSettings);
  // Rules the source cannot feed are turned off for this run, and listed as not applicable
  // (when the user had them on), rather than fired on every page.
  const enabled = new Set(catalogue.filter((r) => r.severity !== 'off').map((r) => r.id));
  const skipped = rulesLacking(ruleSet, source.lacks ?? [], source.http === true).filter((n) => enabled.has(n.rule));
  const ruleSettings: AuditOptions['ruleSettings'] =
    skipped.length === 0 ? options.ruleSettings : { ...options.ruleSettings, ...Object.fromEntries(skipped.map((n) => [n.rule, 'off' as const])) };
  const rules = resolveRules(ruleSet, ruleSettings);
  const engine = new Engine({ rules, weights: options.weights, http: source.http });
  const errors: SourceError[] = [];
  let done = 0;
  let partial = false;
  /** Pages and source errors taken care of, to tell how many were left when the run stopped. */
  let handled = 0;
  const { deadline } = options;
  const stopped = (): boolean => options.signal?.aborted === true || (deadline !== undefined && Date.now() >= deadline);

  const settle = (input: PageInput, outcome: CheckedPage | string): void => {
    if (typeof outcome === 'string') {
      // One page that breaks the parser or a rule must not cost the user the rest of the run.
      errors.push({ origin: input.origin ?? input.url, url: input.url, message: `could not be audited (internal error: ${outcome}); please report this page` });
      source.pageChecked?.(input.url, undefined);
    } else {
      options.onChecked?.(input, outcome);
      const page = engine.addChecked(outcome);
      if (input.origin !== undefined) page.origin = input.origin;
      source.pageChecked?.(input.url, outcome.entry.page);
      done++;
    }
    handled++;
    options.onProgress?.({ done, errors: errors.length, url: input.url });
  };

  const workers = workerCount(options.workers, source, ruleSet);
  // With a time budget even one worker is a thread: a worker can be terminated mid-page, this thread cannot
  // (counting the words of unspaced CJK text, for one, takes minutes and checks no clock).
  const pooled = workers > 1 || (deadline !== undefined && workersPossible(source, ruleSet));
  const pool = pooled ? new PagePool(workers, { ruleSettings, http: source.http, ...(source.linkCheck ? { linkCheck: source.linkCheck } : {}) }) : undefined;
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
  /** The run is over: a worker's late reply is dropped, not added to a finished engine. */
  let over = false;
  // A source that waits on the network (a crawl) is told at once, not when its next page arrives;
  // and the audit stops waiting for its workers, which are then terminated mid-page.
  const onAbort = (): void => {
    source.abort?.();
    wake?.();
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const deadlineTimer = deadline === undefined ? undefined : setTimeout(() => wake?.(), Math.max(0, deadline - Date.now()));
  deadlineTimer?.unref();
  // The folder source reads files synchronously: without a turn now and then, no timer or signal would fire.
  let turnAt = Date.now() + YIELD_EVERY_MS;

  try {
    for await (const item of source.items()) {
      if (stopped()) {
        partial = true;
        break;
      }
      if ('error' in item) {
        errors.push(item.error);
        handled++;
        options.onProgress?.({ done, errors: errors.length, url: item.error.url ?? item.error.origin });
        continue;
      }
      const reused = options.reuse?.(item.page);
      if (reused) {
        // Settled in its place in source order: after the pages still with the workers.
        const id = next++;
        waiting.set(id, { input: { ...item.page, body: new Uint8Array(0) }, outcome: reused });
        flush();
        continue;
      }
      if (checker) {
        let outcome: CheckedPage | string;
        try {
          outcome = await checkPage(item.page, checker, source.checkLinks?.bind(source), deadline === undefined ? {} : { deadline });
        } catch (err) {
          if (err instanceof ParseStopped) {
            partial = true;
            break;
          }
          outcome = (err as Error).message;
        }
        settle(item.page, outcome);
        if (Date.now() >= turnAt) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          turnAt = Date.now() + YIELD_EVERY_MS;
        }
        continue;
      }
      const id = next++;
      const entry: { input: PageInput; outcome?: CheckedPage | string } = { input: { ...item.page, body: new Uint8Array(0) } };
      waiting.set(id, entry);
      void pool!.check(id, item.page).then((reply) => {
        if (over) return;
        entry.outcome = 'error' in reply ? reply.error : reply.checked;
        flush();
        wake?.();
      });
      while (pool!.inFlight >= workers * QUEUE_PER_WORKER && !stopped()) await new Promise<void>((r) => (wake = r));
    }
    while (waiting.size > 0 && !stopped()) await new Promise<void>((r) => (wake = r));
    // A source that watches the signal itself (a crawl) ends early rather than yield more.
    if (options.signal?.aborted || waiting.size > 0) partial = true;
  } finally {
    over = true;
    options.signal?.removeEventListener('abort', onAbort);
    clearTimeout(deadlineTimer);
    // Terminates the workers, whatever page they are on: pages not settled by now are not audited.
    await pool?.close();
    await source.close?.();
  }
  const notes = [...source.notes];
  if (partial && source.size !== undefined && handled < source.size) {
    const left = source.size - handled;
    notes.push(`${left} of the ${source.size} pages ${left === 1 ? 'was' : 'were'} not audited`);
  }
  const result = engine.finish(source.webSite?.());
  result.notApplicable.push(...skipped);
  const src: AuditResult['source'] = { kind: source.kind, target: source.target };
  if (source.baseUrl) src.baseUrl = source.baseUrl;
  return { ...result, source: src, errors, notes, losses: source.losses ?? [], partial, rules: catalogue };
}
