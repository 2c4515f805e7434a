// The optimize loop: audit the rows, plan what to rewrite, ask the rewriter for candidates,
// re-check every candidate with the same rules (and against the run's other titles, descriptions
// and H1s), keep only what passes, and audit the result again. The parts: how a candidate is
// judged (candidates.ts), how calls are sent ahead (slots.ts), the audit after (audit-after.ts),
// what a run gives back (outcome.ts).
import { rules as registry } from '../../rules/index.js';
import { detachedCheck, runAudit, type AuditResult } from '../audit.js';
import { rulesLacking } from '../engine/applicability.js';
import { resolveRules } from '../engine/config.js';
import { PageChecker, type CheckedPage } from '../engine/run.js';
import type { PageResult } from '../engine/types.js';
import { rowPage, type CsvPage } from '../sources/csv.js';
import type { Source, SourceError, SourceItem } from '../sources/types.js';
import { auditAfter, headRechecks, inputDigest, type Digest } from './audit-after.js';
import { count, FIELD_COLUMN, freeTextGrounds, giveBack, issues, keywordsOf, normalisedUrl, rowData, validate, type InUse, type ValidationContext } from './candidates.js';
import { fieldRules, TEXT_FIELDS, type FieldRules, type TextField } from './fields.js';
import { notProcessed, runNotes, withScoresAfter, type FieldOutcome, type OptimizeResult, type RowOutcome } from './outcome.js';
import { planRow } from './plan.js';
import type { OptimizeOptions } from './options.js';
import { RewriteError, type Proposal, type Rewriter, type RewriteRequest } from './rewriter.js';
import { AHEAD, askFirst, NOT_ASKED, Slots, unwrap, type RowWork } from './slots.js';
import { judgeRow } from './judging.js';

export { contentProblems, duplicateKey, validate, type InUse, type ValidationContext } from './candidates.js';
export { headRechecks } from './audit-after.js';
export { notProcessed, reportFields, reportResult, type FieldOutcome, type OptimizeResult, type ReportField, type ReportResult, type RowOutcome, type RowStatus } from './outcome.js';
export { RewriteError, type FaqOutcome, type FaqResult, type Proposal, type RefusedCandidate, type Rewriter, type RewriteRequest } from './rewriter.js';
export type { TextField };
export type { OptimizeOptions } from './options.js';

/** Why a row of an optimize --batch round is not finished: some of its answers are still to come. */
export const WAITING = 'waiting for answers from a batch';

/** How long the loop works before the event loop gets a turn (the audit after feeds its workers then). */
const YIELD_EVERY_MS = 20;

export async function optimize(options: OptimizeOptions): Promise<OptimizeResult> {
  const run = new OptimizeRun(options);
  await run.auditBefore();
  return run.rewrite();
}

/** One optimize run: the state the rows share, and the steps, in order. */
class OptimizeRun {
  private readonly attempts: number;
  private readonly rewriter: Rewriter;
  private readonly writesFaq: boolean;
  private readonly fields: Record<TextField, FieldRules>;
  private before!: AuditResult;
  /** Each page's own check before, with digests of what was checked: the audit after reuses it for a row that ends unchanged. */
  private readonly checkedBefore = new Map<string, { checked: CheckedPage; digest: Digest }>();
  private resultByUrl = new Map<string, PageResult>();
  private readonly errorByLine = new Map<number, SourceError>();
  private checker!: PageChecker;
  private headRules: ReadonlySet<string> | undefined;
  private context!: ValidationContext;
  private pages: CsvPage[] = [];
  private notPage = new Set<number>();
  private rows: (RowOutcome | undefined)[] = [];
  private faqSkipped = 0;
  private done = 0;
  /** Pages the audit after took from the audit before, and brought up to date for a new head. */
  private readonly counts = { reused: 0, rechecked: 0 };
  private stopped: string | undefined;
  /** The stop needs a fix (a refused key, an endpoint that is no API) before a rerun can go on. */
  private stopNeedsFix = false;

  /** The first stop a rewriter asked for is the run's. */
  private stopFor(error: RewriteError): void {
    if (this.stopped !== undefined) return;
    this.stopped = error.message;
    this.stopNeedsFix = error.needsFix;
  }
  private fatal: { error: unknown } | undefined;
  private readonly slots: Slots;
  private readonly width: number;
  private yieldAt = 0;
  /** Row i's values are final once its turn is over: the audit after reads rows as they get there. */
  private final: { promise: Promise<void>; resolve: () => void }[] = [];
  /** Row i's work after its turn (the judge's verdicts), settled when the row is final. */
  private readonly tails: Promise<void>[] = [];

  constructor(private readonly options: OptimizeOptions) {
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.rewriter = options.rewriter;
    this.writesFaq = options.writesFaq ?? options.rewriter.faq !== undefined;
    this.fields = fieldRules(options.ruleSettings);
    this.width = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.slots = new Slots(this.width);
  }

  /**
   * The audit before, in worker threads as `seo-ai audit` does (from 200 rows): most of an offline
   * run's work. Each page's own check is kept, with digests of what was checked (its head and its
   * body), taken as the source gives the page out (the bytes then go on to a worker thread).
   */
  async auditBefore(): Promise<void> {
    const { source } = this.options;
    const digests = new Map<string, Digest>();
    const watched: Source = Object.assign(Object.create(source) as Source, {
      async *items(): AsyncIterable<SourceItem> {
        for await (const item of source.items()) {
          if ('page' in item) digests.set(item.page.url, inputDigest(item.page));
          yield item;
        }
      },
    });
    this.before = await runAudit({
      source: watched,
      ruleSettings: this.options.ruleSettings,
      weights: this.options.weights,
      workers: 'auto',
      onChecked: (input, checked) => {
        const digest = digests.get(input.url);
        if (digest !== undefined) this.checkedBefore.set(input.url, { checked: detachedCheck(checked), digest });
      },
    });
    this.resultByUrl = new Map(this.before.pages.map((p) => [p.url, p]));
    for (const e of this.before.errors) if (e.line !== undefined) this.errorByLine.set(e.line, e);

    // The same rules as the audit, for candidates: the source's inapplicable ones stay off.
    const off = Object.fromEntries(rulesLacking(registry, source.lacks ?? [], false).map((n) => [n.rule, 'off' as const]));
    const running = resolveRules(registry, { ...this.options.ruleSettings, ...off });
    this.checker = new PageChecker({ rules: running, http: false });
    this.headRules = headRechecks(running);
    // One page per row; a row that is no page of its own (a Shopify variant, a WooCommerce
    // variation) keeps an empty stand-in and is not optimized.
    const given = source.pages();
    this.notPage = new Set(given.flatMap((p, i) => (p === undefined ? [i] : [])));
    this.pages = given.map((p, i) => p ?? rowPage({}, [], source.table.rows[i]!.line));
    // Values in use across the run, so a candidate never duplicates another row's.
    const inUse: InUse = { title: new Map(), meta: new Map(), h1: new Map() };
    this.pages.forEach((p, i) => {
      if (!this.notPage.has(i)) for (const field of TEXT_FIELDS) count(inUse[field], p[FIELD_COLUMN[field]], 1);
    });
    this.context = { keywordsFor: this.options.keywordsFor, checker: this.checker, rulesOn: new Set(running.map((r) => r.rule.id)), inUse, fields: this.fields };
    this.rows = new Array(this.pages.length);
  }

  /**
   * Rows start in order, up to AHEAD × concurrency of them unfinished at once, so the slots stay
   * busy with later rows' first requests while the row in its turn asks again after a refusal;
   * each waits for the one before it (its turn) to check and take candidates. The slots keep
   * requests to `concurrency` at once and the rewriter's limiter paces them. A row's fields go in
   * order, since a title is judged against the H1 and the other way round.
   */
  async rewrite(): Promise<OptimizeResult> {
    const { signal } = this.options;
    // Set before the rewriter's own "stopped" errors arrive (they come a tick later), so the reason
    // recorded is the caller's, not the client's.
    const stopFor = (): void => void (this.stopped ??= typeof signal?.reason === 'string' ? signal.reason : 'stopped');
    if (signal?.aborted) stopFor();
    else signal?.addEventListener('abort', stopFor, { once: true });
    this.yieldAt = Date.now() + YIELD_EVERY_MS;
    this.final = this.pages.map(() => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    });
    const after = this.auditAfter();
    // Awaited after the loop; should it fail meanwhile (its workers cannot start), that is no
    // unhandled rejection ending the process while rows are still being asked for.
    after.catch(() => undefined);
    const window = this.width * AHEAD;
    const finished: Promise<void>[] = [];
    const done: Promise<void>[] = [];
    for (let i = 0; i < this.pages.length && !this.fatal; i++) {
      if (i >= window) await finished[i - window];
      if (this.fatal) break;
      const turn = finished[i - 1] ?? Promise.resolve();
      if (this.notPage.has(i)) {
        // Its turn passes straight on: the chain of turns stays one per row.
        finished.push(turn);
        done.push(turn.then(() => this.final[i]!.resolve()));
        continue;
      }
      // The next row's turn comes when this one's is over; the row is final once it is judged too.
      const fail = (error: unknown): void => void (this.fatal ??= { error });
      const turnOver = this.optimizeRow(i, turn).catch(fail);
      finished.push(turnOver);
      done.push(turnOver.then(() => this.tails[i]).catch(fail).finally(() => this.final[i]!.resolve()));
    }
    await Promise.all(done);
    signal?.removeEventListener('abort', stopFor);
    if (this.fatal) {
      // The audit after stops at the row it waits for, which resolves now.
      for (const f of this.final) f.resolve();
      await after.catch(() => undefined);
      throw this.fatal.error;
    }
    return this.result(await after);
  }

  /** The run audited again with what was accepted, row by row as each row's values become final. */
  private auditAfter(): Promise<AuditResult> {
    const { rows } = this;
    return auditAfter({
      source: this.options.source,
      pages: this.pages,
      ready: async (i) => {
        await this.final[i]!.promise;
        return this.fatal === undefined;
      },
      ruleSettings: this.options.ruleSettings,
      weights: this.options.weights,
      keywordsFor: this.options.keywordsFor,
      checkedBefore: this.checkedBefore,
      unchanged: (i) => rows[i] === undefined || rows[i]!.fields.every((f) => f.after === undefined),
      headOnly: (i) => rows[i] !== undefined && rows[i]!.fields.every((f) => f.after === undefined || f.field !== 'h1'),
      headRules: this.headRules,
      checker: this.checker,
      counts: this.counts,
    });
  }

  /** The rows' scores and issues from the audit after, and the run's notes. */
  private result(afterResult: AuditResult): OptimizeResult {
    this.checkedBefore.clear();
    const outcomes = withScoresAfter(this.rows.filter((r): r is RowOutcome => r !== undefined), afterResult);
    const { faqSkipped, stopped, rewriter } = this;
    const notes = runNotes({ faqSkipped, rewriter: rewriter.name, stopped, needsFix: this.stopNeedsFix, left: outcomes.filter(notProcessed).length });
    return { rows: outcomes, before: this.before, after: afterResult, rewriter: rewriter.name, faqSkipped, notes, partial: stopped !== undefined, reused: this.counts.reused, rechecked: this.counts.rechecked, fields: this.fields };
  }

  /**
   * A rewriter call for row `row`, when a slot is free; NOT_ASKED once the run has stopped. A call
   * that stops the run stops it at once, so no request queued behind it is sent.
   */
  private send<T>(row: number, call: () => Promise<T>): Promise<T | typeof NOT_ASKED> {
    return this.slots.run(row, async () => {
      if (this.stopped !== undefined) return NOT_ASKED;
      try {
        return await call();
      } catch (error) {
        if (error instanceof RewriteError && error.stopsRun) this.stopFor(error);
        throw error;
      }
    });
  }

  private progress(): void {
    this.options.onProgress?.(++this.done, this.pages.length - this.notPage.size);
  }

  /**
   * One row. Its first requests (one per field, and the FAQ) are sent as soon as it starts, side by
   * side with the other rows'; then it waits for its turn (every row before it finished) to check
   * and take candidates, and to ask again after a refusal. Which of two rows keeps a title both
   * were offered so depends on row order only, never on which answer arrived first: a rerun, or a
   * resume whose answers come from the checkpoint at once, asks the same prompts and writes the same output.
   */
  private async optimizeRow(i: number, turn: Promise<void>): Promise<void> {
    const work = this.startRow(i);
    await turn;
    if (work === undefined) {
      const page = this.pages[i]!;
      const line = this.options.source.table.rows[i]!.line;
      this.rows[i] = { line, url: page.url, row: i, status: 'failed', fields: [], issuesBefore: [], issuesAfter: [], error: this.errorByLine.get(line)?.message ?? 'not audited' };
      this.progress();
      return;
    }
    if (this.fatal) return;
    // Offline, a row's turn is all promises already settled: without a turn of the event loop now
    // and then, the audit after (its worker threads) would get no page until the last row.
    if (Date.now() >= this.yieldAt) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.yieldAt = Date.now() + YIELD_EVERY_MS;
    }
    try {
      // A field whose answer is not there yet (optimize --batch) leaves the row waiting; its other
      // fields still ask theirs, retries included, so one round of batches carries all the row can
      // ask. A retry checked against a field still to come (an H1 against the title) is asked on
      // the page as it is: should the last round's page differ where it matters (the H1's
      // candidate equal to the title's new value), that request was paid for nothing and the last
      // round asks another. Waiting instead would cost a round (a day) every time; in the
      // 10,000-row benchmark asking ahead paid for no request more than a sync run sends.
      for (const field of work.textFields) await this.deferrable(work, () => this.takeField(work, field));
      await this.deferrable(work, () => this.finishRow(work));
      if (work.waiting) this.keepOriginals(work, 'not_processed', WAITING);
    } catch (error) {
      this.unfinished(work, error);
    }
    this.tails[i] = this.judged(work);
  }

  /** A step of the row; a deferred answer marks the row waiting instead of ending it. */
  private async deferrable(work: RowWork, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (!(error instanceof RewriteError && error.deferred)) throw error;
      work.waiting = true;
    }
  }

  /** A RewriteError's row keeps its original values: nothing unchecked is written, nothing is dropped. */
  private unfinished(work: RowWork, error: unknown): void {
    if (!(error instanceof RewriteError)) throw error;
    if (error.deferred) return this.keepOriginals(work, 'not_processed', WAITING);
    if (error.stopsRun) this.stopFor(error);
    this.keepOriginals(work, error.stopsRun ? 'not_processed' : 'failed', error.stopsRun ? `not processed: ${this.stopped}` : error.message);
  }

  /** The row ends with its original values (failed, or not finished before a stop). */
  private keepOriginals(work: RowWork, status: 'failed' | 'not_processed', error: string): void {
    // With a judge the row's own value was never released (see takeField): only the page goes back.
    giveBack(this.context.inUse, work.page, work.outcome, this.rewriter.judge === undefined);
    work.outcome.status = status;
    work.outcome.error = error;
  }

  /** After its turn: the row's kept candidates judged (--judge), then the row is final. */
  private async judged(work: RowWork): Promise<void> {
    const { outcome } = work;
    const { judge } = this.rewriter;
    if (judge && (outcome.status === 'ok' || outcome.status === 'needs_review') && (outcome.faq || outcome.fields.some((f) => f.after !== undefined))) {
      try {
        if ((await judgeRow(work, judge, (call) => this.send(work.i, call))) === 'stopped') this.keepOriginals(work, 'not_processed', `not processed: ${this.stopped}`);
      } catch (error) {
        this.unfinished(work, error);
      }
    }
    this.rows[work.i] = outcome;
    this.progress();
  }

  /**
   * Before its turn: the row's plan, and its first requests, built now from the row as it is and
   * sent when a slot is free (unless the run has stopped by then). Undefined for a row the audit
   * could not judge (a bad or repeated URL).
   */
  private startRow(i: number): RowWork | undefined {
    const page = this.pages[i]!;
    const line = this.options.source.table.rows[i]!.line;
    const error = this.errorByLine.get(line);
    const url = error?.url ?? normalisedUrl(page.url);
    const result = url === undefined ? undefined : this.resultByUrl.get(url);
    if (error || result === undefined || url === undefined) return undefined;
    const failing = new Set(result.findings.map((f) => f.rule));
    const planned = planRow(page, failing, this.options.fields, this.fields);
    const wantsFaq = planned.includes('faq');
    if (wantsFaq && !this.writesFaq) this.faqSkipped++;
    const keywords = keywordsOf(page, url, this.options.keywordsFor);
    const { rewriter } = this;
    const work: RowWork = {
      i,
      page,
      url,
      outcome: { line, url, row: i, status: 'unchanged', fields: [], scoreBefore: result.score, issuesBefore: issues(result), issuesAfter: [] },
      textFields: planned.filter((f): f is TextField => f !== 'faq'),
      failing,
      keywords,
      grounds: rewriter.freeText ? freeTextGrounds(rowData(page, keywords, rewriter.brand), page.lang) : undefined,
      firsts: new Map(),
      faqWanted: wantsFaq && this.writesFaq && rewriter.faq !== undefined,
      faqAnswer: undefined,
    };
    const requests = work.textFields.map((field) => this.requestFor(work, field, 1, [], undefined));
    askFirst(work, requests, { page: { ...page }, url, keywords, attempts: this.attempts }, rewriter, (call) => this.send(i, call));
    return work;
  }

  /** A copy of the page as it is at asking time: the loop changes the row's page as it takes values. */
  private requestFor(work: RowWork, field: TextField, attempt: number, feedback: string[], previous: string | undefined): RewriteRequest {
    const failing = this.fields[field].triggers.filter((r) => work.failing.has(r));
    const request: RewriteRequest = { field, page: { ...work.page }, url: work.url, keywords: work.keywords, attempt, feedback, failing };
    if (previous !== undefined) request.previous = previous;
    return request;
  }

  /** In the row's turn: the field's candidates, checked and the first that passes taken, asking again after a refusal. */
  private async takeField(work: RowWork, field: TextField): Promise<void> {
    const { page } = work;
    const column = FIELD_COLUMN[field];
    const fieldOutcome: FieldOutcome = { field, before: page[column], attempts: 0 };
    work.outcome.fields.push(fieldOutcome);
    let feedback: string[] = [];
    let previous: string | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      let proposal: Proposal;
      if (attempt === 1) {
        const first = unwrap(await work.firsts.get(field)!);
        if (first === NOT_ASKED) break; // the run had stopped before it was sent
        proposal = first;
      } else {
        const request = this.requestFor(work, field, attempt, feedback, previous);
        const next = await this.send(work.i, () => this.rewriter.propose(request));
        if (next === NOT_ASKED) break; // the run has stopped: no more requests
        proposal = next;
      }
      fieldOutcome.attempts = attempt;
      if (proposal === undefined) {
        if (this.rewriter.deterministic) break; // asking again gives the same nothing
        feedback = ['the answer was empty once quotes, labels, markup and reasoning were removed'];
        continue;
      }
      const candidate = typeof proposal === 'string' ? proposal : proposal.refused;
      // Checked and taken in one synchronous step, in the row's turn: no other row can take the same value in between.
      const failures = typeof proposal === 'string' ? validate(field, candidate, page, work.url, this.context, work.grounds) : proposal.failures;
      if (failures.length === 0) {
        // With a judge, the verdict comes after later rows' turns: the row's own value stays counted
        // too, so what a later row may take never depends on when (or whether) it is accepted.
        if (!this.rewriter.judge) count(this.context.inUse[field], page[column], -1);
        count(this.context.inUse[field], candidate, 1);
        fieldOutcome.after = candidate;
        page[column] = candidate; // later fields are judged with this one in place (title vs H1)
        break;
      }
      fieldOutcome.rejected = { value: candidate, failures };
      feedback = failures;
      previous = candidate;
    }
    if (fieldOutcome.after !== undefined) delete fieldOutcome.rejected;
  }

  /** The row's FAQ, and its status: finished (ok, needs review, unchanged) or, after a stop, not processed. */
  private async finishRow(work: RowWork): Promise<void> {
    const { outcome } = work;
    const got = work.faqAnswer && unwrap(await work.faqAnswer);
    const faqAsked = got !== undefined && got !== NOT_ASKED;
    if (faqAsked) {
      if (got.faq) outcome.faq = got.faq;
      else {
        outcome.faqRejected = got.rejected?.failures ?? ['no FAQ was written'];
        if (got.rejected?.items && got.rejected.items.length > 0) outcome.faqRefused = got.rejected.items;
      }
    }
    if (this.stopped !== undefined && (outcome.fields.some((f) => f.attempts === 0) || (work.faqWanted && !faqAsked))) {
      // The run stopped before part of this row was asked for: not finished, so it keeps its originals.
      this.keepOriginals(work, 'not_processed', `not processed: ${this.stopped}`);
    } else {
      const parts = outcome.fields.length + (faqAsked ? 1 : 0);
      if (parts > 0) outcome.status = outcome.fields.every((f) => f.after !== undefined) && (!faqAsked || outcome.faq !== undefined) ? 'ok' : 'needs_review';
    }
  }
}
