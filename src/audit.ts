import { availableParallelism } from 'node:os';
import { rules as registry } from '../rules/index.js';
import { rulesLacking } from './engine/applicability.js';
import { ruleCatalogue, type RuleInfo } from './engine/catalogue.js';
import { resolveRules, type Config, type ResolvedRule } from './engine/config.js';
import { Engine, PageChecker, type CheckedPage, type EngineResult } from './engine/run.js';
import type { PageResult, Rule, RuleFailure, Weights } from './engine/types.js';
import type { PageInput } from './page/types.js';
import type { Source, SourceError } from './sources/types.js';
import { ParseStopped } from './page/extract.js';
import { checkPage } from './worker/check-page.js';
import { PLUGIN_FAILURE } from './worker/protocol.js';
import { extendedRules, extendsAnything, type ExtendedRules, type Extensions } from './extend/index.js';
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
  /**
   * A config's plugins (resolved), declarative checks and extraction: their rules join the
   * registry's, in this thread and in worker threads alike. Ignored when `rules` is given.
   */
  extensions?: Extensions;
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
  /** A page that could not be checked (a rule or the parser broke on it): the error the run lists for it. */
  onUnchecked?: (input: PageInput, error: SourceError) => void;
  /** A page's check from an earlier run of the same page (same URL, same bytes), or undefined to check it. */
  reuse?: (input: PageInput) => CheckedPage | undefined;
}

/** A copy of a page's check the engine's site rules, sorting and scoring will not touch. */
export function detachedCheck(checked: CheckedPage): CheckedPage {
  return { ...checked, result: { ...checked.result, findings: [...checked.result.findings] } };
}

export interface AuditResult extends Omit<EngineResult, 'failures'> {
  /** Rules that threw or reported nonsense, once per rule: their findings are missing where they failed. */
  ruleFailures?: RuleFailureSummary[];
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

/** One rule's failures in a run: on how many pages (site rules: once), the first, and what it said. */
export interface RuleFailureSummary {
  rule: string;
  /** The plugin it came from, when it came from one. */
  plugin?: string;
  message: string;
  pages: number;
  firstUrl?: string;
}

const AUTO_WORKERS_FROM = 200;
/** Checking pages in this thread gives timers and signals (--timeout, Ctrl-C) a turn this often, in ms. */
const YIELD_EVERY_MS = 50;
/** Pages handed to each worker ahead of the one it is on, so no worker waits for the reader. */
const QUEUE_PER_WORKER = 16;

/** Pages of this source can be checked in worker threads (built code, and a link check workers can run). */
function workersPossible(source: Source, rebuilt: boolean): boolean {
  return workersAvailable() && rebuilt && !(source.checkLinks && !source.linkCheck);
}

function workerCount(requested: AuditOptions['workers'], source: Source, rebuilt: boolean): number {
  if (!workersPossible(source, rebuilt)) return 1;
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
  const extended = options.rules === undefined && extendsAnything(options.extensions) ? await extendedRules(options.extensions) : undefined;
  return new AuditRun(options, extended).run();
}

type Outcome = CheckedPage | string;

/** A run's rules for a source: the catalogue as configured, the rules the source cannot feed (turned off, listed as not applicable), and the rules resolved. */
export function runRules(ruleSet: readonly Rule[], settings: AuditOptions['ruleSettings'], source: Pick<Source, 'lacks' | 'http'>): { catalogue: RuleInfo[]; skipped: AuditResult['notApplicable']; ruleSettings: AuditOptions['ruleSettings']; rules: ResolvedRule[] } {
  const catalogue = ruleCatalogue(ruleSet, settings);
  const enabled = new Set(catalogue.filter((r) => r.severity !== 'off').map((r) => r.id));
  const skipped = rulesLacking(ruleSet, source.lacks ?? [], source.http === true).filter((n) => enabled.has(n.rule));
  const ruleSettings = skipped.length === 0 ? settings : { ...settings, ...Object.fromEntries(skipped.map((n) => [n.rule, 'off' as const])) };
  return { catalogue, skipped, ruleSettings, rules: resolveRules(ruleSet, ruleSettings) };
}

/** One audit: the rules of the run, the engine, and the pages on their way through it in source order. */
class AuditRun {
  private readonly source: Source;
  private readonly ruleSet: readonly Rule[];
  private readonly catalogue: RuleInfo[];
  /** Rules the source cannot feed, turned off for this run and listed as not applicable (when the user had them on). */
  private readonly skipped: AuditResult['notApplicable'];
  private readonly ruleSettings: AuditOptions['ruleSettings'];
  private readonly rules: ResolvedRule[];
  private readonly engine: Engine;
  private readonly errors: SourceError[] = [];
  private done = 0;
  private partial = false;
  /** Pages and source errors taken care of, to tell how many were left when the run stopped. */
  private handled = 0;
  private readonly workers: number;
  private readonly rebuilt: boolean;
  private pool: PagePool | undefined;
  private checker: PageChecker | undefined;
  /** Pages sent to the workers (or reused), by their place in source order; replies arrive in any order. */
  private readonly waiting = new Map<number, { input: PageInput; outcome?: Outcome }>();
  private next = 0;
  private nextToSettle = 0;
  private wake: (() => void) | undefined;
  /** The run is over: a worker's late reply is dropped, not added to a finished engine. */
  private over = false;
  private turnAt = 0;

  constructor(
    private readonly options: AuditOptions,
    private readonly extended?: ExtendedRules,
  ) {
    const { source } = options;
    this.source = source;
    this.ruleSet = options.rules ?? extended?.rules ?? registry;
    ({ catalogue: this.catalogue, skipped: this.skipped, ruleSettings: this.ruleSettings, rules: this.rules } = runRules(this.ruleSet, options.ruleSettings, source));
    this.engine = new Engine({ rules: this.rules, weights: options.weights, http: source.http });
    // Worker threads build their rule set from the registry and the config's extensions: another set runs here.
    this.rebuilt = options.rules === undefined || options.rules === registry;
    this.workers = workerCount(options.workers, source, this.rebuilt);
  }

  async run(): Promise<AuditResult> {
    const { source, options, workers } = this;
    const { deadline } = options;
    // With a time budget even one worker is a thread: a worker can be terminated mid-page, this thread cannot
    // (counting the words of unspaced CJK text, for one, takes minutes and checks no clock).
    const pooled = workers > 1 || (deadline !== undefined && workersPossible(source, this.rebuilt));
    const extensions = this.extended ? { extensions: this.options.extensions! } : {};
    if (pooled) this.pool = new PagePool(workers, { ruleSettings: this.ruleSettings, http: source.http, ...extensions, ...(source.linkCheck ? { linkCheck: source.linkCheck } : {}) });
    else this.checker = new PageChecker({ rules: this.rules, http: source.http });
    // A source that waits on the network (a crawl) is told at once, not when its next page arrives;
    // and the audit stops waiting for its workers, which are then terminated mid-page.
    const onAbort = (): void => {
      source.abort?.();
      this.wake?.();
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const deadlineTimer = deadline === undefined ? undefined : setTimeout(() => this.wake?.(), Math.max(0, deadline - Date.now()));
    deadlineTimer?.unref();
    try {
      await this.feed();
    } finally {
      this.over = true;
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(deadlineTimer);
      // Terminates the workers, whatever page they are on: pages not settled by now are not audited.
      await this.pool?.close();
      await source.close?.();
    }
    return this.result();
  }

  private stopped(): boolean {
    const { signal, deadline } = this.options;
    return signal?.aborted === true || (deadline !== undefined && Date.now() >= deadline);
  }

  private pause(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** The source's items through the checks, until it ends or the run stops. */
  private async feed(): Promise<void> {
    // The folder source reads files synchronously: without a turn now and then, no timer or signal would fire.
    this.turnAt = Date.now() + YIELD_EVERY_MS;
    for await (const item of this.source.items()) {
      if (this.stopped()) {
        this.partial = true;
        break;
      }
      if ('error' in item) {
        this.errors.push(item.error);
        this.handled++;
        this.options.onProgress?.({ done: this.done, errors: this.errors.length, url: item.error.url ?? item.error.origin });
        continue;
      }
      const reused = this.options.reuse?.(item.page);
      if (reused) {
        // Settled in its place in source order: after the pages still with the workers.
        this.waiting.set(this.next++, { input: { ...item.page, body: new Uint8Array(0) }, outcome: reused });
        this.flush();
      } else if (this.checker) {
        if (!(await this.checkHere(item.page, this.checker))) break;
      } else {
        await this.checkInPool(item.page, this.pool!);
      }
    }
    while (this.waiting.size > 0 && !this.stopped()) await this.pause();
    // A source that watches the signal itself (a crawl) ends early rather than yield more.
    if (this.options.signal?.aborted || this.waiting.size > 0) this.partial = true;
  }

  /** A page checked in this thread; false when the time budget stopped its parse (the run ends there). */
  private async checkHere(page: PageInput, checker: PageChecker): Promise<boolean> {
    const { deadline } = this.options;
    let outcome: Outcome;
    try {
      const parse = { ...(deadline === undefined ? {} : { deadline }), ...(this.extended?.dom ? { dom: true } : {}) };
      outcome = await checkPage(page, checker, this.source.checkLinks?.bind(this.source), parse, this.extended?.extract);
    } catch (err) {
      if (err instanceof ParseStopped) {
        this.partial = true;
        return false;
      }
      outcome = (err as Error).message;
    }
    this.settle(page, outcome);
    if (Date.now() >= this.turnAt) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.turnAt = Date.now() + YIELD_EVERY_MS;
    }
    return true;
  }

  /** A page sent to a worker, settled in its place when its reply comes; waits while the workers have enough queued. */
  private async checkInPool(page: PageInput, pool: PagePool): Promise<void> {
    const id = this.next++;
    const entry: { input: PageInput; outcome?: Outcome } = { input: { ...page, body: new Uint8Array(0) } };
    this.waiting.set(id, entry);
    void pool.check(id, page).then((reply) => {
      if (this.over) return;
      entry.outcome = 'error' in reply ? reply.error : reply.checked;
      this.flush();
      this.wake?.();
    });
    while (pool.inFlight >= this.workers * QUEUE_PER_WORKER && !this.stopped()) await this.pause();
  }

  /** Settles the pages whose turn it is, in source order. */
  private flush(): void {
    for (let w = this.waiting.get(this.nextToSettle); w?.outcome !== undefined; w = this.waiting.get(this.nextToSettle)) {
      this.waiting.delete(this.nextToSettle++);
      this.settle(w.input, w.outcome);
    }
  }

  private settle(input: PageInput, outcome: Outcome): void {
    const { source, options } = this;
    if (typeof outcome === 'string') {
      // One page that breaks the parser or a rule must not cost the user the rest of the run.
      const message = outcome.startsWith(PLUGIN_FAILURE) ? `could not be audited: ${outcome}` : `could not be audited (internal error: ${outcome}); please report this page`;
      const error: SourceError = { origin: input.origin ?? input.url, url: input.url, message };
      this.errors.push(error);
      options.onUnchecked?.(input, error);
      source.pageChecked?.(input.url, undefined);
    } else {
      options.onChecked?.(input, outcome);
      const page = this.engine.addChecked(outcome);
      if (input.origin !== undefined) page.origin = input.origin;
      source.pageChecked?.(input.url, outcome.entry.page);
      this.done++;
    }
    this.handled++;
    options.onProgress?.({ done: this.done, errors: this.errors.length, url: input.url });
  }

  private result(): AuditResult {
    const { source } = this;
    const notes = [...source.notes];
    if (this.partial && source.size !== undefined && this.handled < source.size) {
      const left = source.size - this.handled;
      notes.push(`${left} of the ${source.size} pages ${left === 1 ? 'was' : 'were'} not audited`);
    }
    const { failures, ...result } = this.engine.finish(source.webSite?.());
    result.notApplicable.push(...this.skipped);
    const src: AuditResult['source'] = { kind: source.kind, target: source.target };
    if (source.baseUrl) src.baseUrl = source.baseUrl;
    const ruleFailures = summariseFailures(result.pages, failures, this.extended?.pluginOf);
    return { ...result, source: src, errors: this.errors, notes, losses: source.losses ?? [], partial: this.partial, rules: this.catalogue, ...(ruleFailures.length > 0 ? { ruleFailures } : {}) };
  }
}

/** Every rule failure of the run, once per rule (its first message: one that names the page would repeat), with how many pages it cost and the first. */
export function summariseFailures(pages: readonly PageResult[], site: readonly RuleFailure[], pluginOf: ReadonlyMap<string, string> | undefined): RuleFailureSummary[] {
  const byKey = new Map<string, RuleFailureSummary>();
  const add = (f: RuleFailure, url: string | undefined): void => {
    const key = f.rule;
    const known = byKey.get(key);
    if (known) {
      known.pages++;
      return;
    }
    const plugin = pluginOf?.get(f.rule);
    byKey.set(key, { rule: f.rule, message: f.message, pages: url === undefined ? 0 : 1, ...(plugin ? { plugin } : {}), ...(url ? { firstUrl: url } : {}) });
  };
  for (const page of pages) for (const f of page.failures ?? []) add(f, page.url);
  for (const f of site) add(f, undefined);
  return [...byKey.values()];
}
