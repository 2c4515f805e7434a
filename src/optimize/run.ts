// The optimize loop: audit the rows, plan what to rewrite, ask the rewriter for candidates,
// re-check every candidate with the same rules (and against the run's other titles, descriptions
// and H1s), keep only what passes, and audit the result again.
import { createHash } from 'node:crypto';
import { rules as registry } from '../../rules/index.js';
import { detachedCheck, runAudit, type AuditResult } from '../audit.js';
import { rulesLacking } from '../engine/applicability.js';
import { resolveRules, type Config, type ResolvedRule } from '../engine/config.js';
import type { Fact } from '../engine/facts.js';
import { PageChecker, type CheckedPage } from '../engine/run.js';
import { isSiteRule, needsHttp, type PageResult, type Weights } from '../engine/types.js';
import { groundingProblems, groundsOf, type Grounds } from './grounding.js';
import { FORMULA_START } from '../csv/formula.js';
import { collapse, extractPage } from '../page/extract.js';
import { contentCell, rowHtml, rowInput, rowPage, type CsvPage, type CsvSourceExtras } from '../sources/csv.js';
import { detach } from '../page/detach.js';
import type { Page, PageInput } from '../page/types.js';
import type { Source, SourceError, SourceItem } from '../sources/types.js';
import { plainText } from '../page/html-text.js';
import { fieldRules, TEXT_FIELDS, type FieldRules, type TextField } from './fields.js';
import { planRow, type OptimizeField } from './plan.js';
import { RewriteError, type FaqOutcome, type FaqResult, type Proposal, type RefusedCandidate, type Rewriter, type RewriteRequest } from './rewriter.js';
import { escapeHtml } from '../page/html-text.js';

export { RewriteError, type FaqOutcome, type FaqResult, type Proposal, type RefusedCandidate, type Rewriter, type RewriteRequest };

/** not_processed: the run stopped (Ctrl-C, --timeout, --max-cost) before finishing the row; it keeps its values. */
export type RowStatus = 'ok' | 'unchanged' | 'needs_review' | 'failed' | 'not_processed';
export type { TextField };

export interface FieldOutcome {
  field: TextField;
  before: string;
  /** The accepted value; absent when none passed. */
  after?: string;
  /** The last refused candidate and why, when none passed. */
  rejected?: { value: string; failures: string[] };
  attempts: number;
}

export interface RowOutcome {
  line: number;
  url: string;
  /** Index of the row in the table (CSV order). */
  row: number;
  status: RowStatus;
  fields: FieldOutcome[];
  scoreBefore?: number;
  scoreAfter?: number;
  issuesBefore: string[];
  issuesAfter: string[];
  /**
   * Why the row could not be optimized (status failed), or why it was not processed (status
   * not_processed): "not processed: <why the run stopped>".
   */
  error?: string;
  /** The FAQ written for a product page without one. */
  faq?: FaqResult;
  /** Why no FAQ was kept, when one was asked for. */
  faqRejected?: string[];
}

export interface OptimizeResult {
  rows: RowOutcome[];
  before: AuditResult;
  after: AuditResult;
  rewriter: string;
  /** Product pages that would get an FAQ, but this rewriter writes none. */
  faqSkipped: number;
  notes: string[];
  /** The run stopped early (budget, interruption): rows not finished keep their values. */
  partial: boolean;
  /** Pages the audit after took from the audit before (their rows ended unchanged), not checked again. */
  reused: number;
  /** Pages whose title or description alone changed: the audit after ran again only the rules that read the head. */
  rechecked: number;
  /** Each field's rules and limits as the run had them (config included): what the reports mark and measure with. */
  fields: Record<TextField, FieldRules>;
}

/** What the reports of a run read of it: its rows, notes and rewriter, and which rules each audit could not apply (small enough to hand to a worker thread). */
export type ReportResult = Pick<OptimizeResult, 'rows' | 'notes' | 'rewriter' | 'partial'> & {
  before: Pick<AuditResult, 'notApplicable' | 'errors'>;
  after: Pick<AuditResult, 'notApplicable'>;
  /** Per field: the rules whose marks the review shows, and the font size its widths are measured at. */
  fields: Record<TextField, ReportField>;
};

export type ReportField = Pick<FieldRules, 'triggers' | 'limits'>;

/** Just what the reports read: a run's result without its audits' pages. */
export function reportResult(result: OptimizeResult): ReportResult {
  return {
    rows: result.rows,
    notes: result.notes,
    rewriter: result.rewriter,
    partial: result.partial,
    before: { notApplicable: result.before.notApplicable, errors: result.before.errors },
    after: { notApplicable: result.after.notApplicable },
    fields: reportFields(result.fields),
  };
}

/** What the reports need of each field's rules: plain data, for a worker thread. */
export function reportFields(fields: Record<TextField, FieldRules>): Record<TextField, ReportField> {
  const one = (f: FieldRules): ReportField => ({ triggers: [...f.triggers], limits: { ...f.limits } });
  return { title: one(fields.title), meta: one(fields.meta), h1: one(fields.h1) };
}

export interface OptimizeOptions {
  source: Source & CsvSourceExtras;
  ruleSettings?: Config['rules'];
  weights: Weights;
  fields: readonly OptimizeField[];
  rewriter: Rewriter;
  /** Candidates asked for per field before the original is kept (default 3). */
  attempts?: number;
  /** The rewriter writes FAQs (offline does not). */
  writesFaq?: boolean;
  keywordsFor?: (url: string) => string[] | undefined;
  onProgress?: (done: number, total: number) => void;
  /**
   * Stops the run when aborted: no request is sent after it, and rows not finished are
   * not_processed. Its reason (a string: "interrupted (Ctrl-C)", "--timeout 30 s reached") is what
   * the notes and rows say the run stopped for.
   */
  signal?: AbortSignal;
  /**
   * Rewriter calls at once (default 1). Rows start up to AHEAD times this many ahead of the one
   * whose turn it is to take candidates; they take them in row order.
   */
  concurrency?: number;
}

/** How long the loop works before the event loop gets a turn (the audit after feeds its workers then). */
const YIELD_EVERY_MS = 20;

const FIELD_COLUMN: Record<TextField, 'title' | 'meta_description' | 'h1'> = { title: 'title', meta: 'meta_description', h1: 'h1' };

/** Titles, descriptions and H1s in use across the run, by duplicateKey, with how many rows use each. */
export type InUse = Record<TextField, Map<string, number>>;

/** A row the run stopped before finishing: it keeps its values, and its error says why ("not processed: …"). */
export function notProcessed(row: RowOutcome): boolean {
  return row.status === 'not_processed';
}

/** Rows started ahead of the one in its turn, per unit of concurrency. */
const AHEAD = 4;

/** A promise's outcome, held until the row's turn: a request sent ahead that fails must not reject unobserved. */
type Settled<T> = { value: T } | { error: unknown };
function settle<T>(start: () => Promise<T>): Promise<Settled<T>> {
  try {
    return start().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  } catch (error) {
    return Promise.resolve({ error });
  }
}
/** A request sent ahead that was never sent: the run had stopped when its turn to go came. */
const NOT_ASKED = Symbol('not asked');

function unwrap<T>(settled: Settled<T>): T {
  if ('error' in settled) throw settled.error;
  return settled.value;
}

/**
 * At most `size` rewriter calls outstanding at once, as when each row asked one thing at a time:
 * rows send ahead, but no more than the concurrency allows sits queued in the client. When a call
 * may start, the earliest row's goes first: it is the one the rows after it wait for.
 */
class Slots {
  private free: number;
  private readonly waiting: { row: number; start: () => void }[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(row: number, call: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((start) => this.waiting.push({ row, start }));
    try {
      return await call();
    } finally {
      this.release();
    }
  }

  private release(): void {
    if (this.waiting.length === 0) {
      this.free++;
      return;
    }
    let next = 0;
    for (let i = 1; i < this.waiting.length; i++) if (this.waiting[i]!.row < this.waiting[next]!.row) next = i;
    this.waiting.splice(next, 1)[0]!.start();
  }
}

export async function optimize(options: OptimizeOptions): Promise<OptimizeResult> {
  const { source } = options;
  const attempts = Math.max(1, options.attempts ?? 3);
  // Both audits check pages in worker threads as `seo-ai audit` does (from 200 rows): they are
  // most of an offline run's work. The results come in row order either way.
  // Each page's own check is kept, with digests of what was checked (its head and its body): the
  // audit after reuses it for a row that ends unchanged, when it would check exactly the same
  // bytes and keywords, and brings it up to date for a row whose title or description alone
  // changed (the same body). The digests are taken as the source gives the page out: the bytes go
  // on to a worker thread.
  const digests = new Map<string, Digest>();
  const watched: Source = Object.assign(Object.create(source) as Source, {
    async *items(): AsyncIterable<SourceItem> {
      for await (const item of source.items()) {
        if ('page' in item) digests.set(item.page.url, inputDigest(item.page));
        yield item;
      }
    },
  });
  const checkedBefore = new Map<string, { checked: CheckedPage; digest: Digest }>();
  const before = await runAudit({
    source: watched,
    ruleSettings: options.ruleSettings,
    weights: options.weights,
    workers: 'auto',
    onChecked: (input, checked) => {
      const digest = digests.get(input.url);
      if (digest !== undefined) checkedBefore.set(input.url, { checked: detachedCheck(checked), digest });
    },
  });
  digests.clear();
  let reused = 0;
  let rechecked = 0;
  const resultByUrl = new Map(before.pages.map((p) => [p.url, p]));
  const errorByLine = new Map<number, SourceError>();
  for (const e of before.errors) if (e.line !== undefined) errorByLine.set(e.line, e);

  // The same rules as the audit, for candidates: the source's inapplicable ones stay off.
  const off = Object.fromEntries(rulesLacking(registry, source.lacks ?? [], false).map((n) => [n.rule, 'off' as const]));
  const running = resolveRules(registry, { ...options.ruleSettings, ...off });
  const checker = new PageChecker({ rules: running, http: false });
  const headRules = headRechecks(running);
  const siteRulesOn = new Set(running.map((r) => r.rule.id));

  // One page per row; a row that is no page of its own (a Shopify variant, a WooCommerce
  // variation) keeps an empty stand-in and is not optimized.
  const given = source.pages();
  const notPage = new Set(given.flatMap((p, i) => (p === undefined ? [i] : [])));
  const pages = given.map((p, i) => p ?? rowPage({}, [], source.table.rows[i]!.line));
  // Values in use across the run, so a candidate never duplicates another row's.
  const inUse: InUse = { title: new Map(), meta: new Map(), h1: new Map() };
  pages.forEach((p, i) => {
    if (!notPage.has(i)) for (const field of TEXT_FIELDS) count(inUse[field], p[FIELD_COLUMN[field]], 1);
  });
  const fields = fieldRules(options.ruleSettings);
  const context: ValidationContext = { keywordsFor: options.keywordsFor, checker, rulesOn: siteRulesOn, inUse, fields };
  const { rewriter } = options;
  const writesFaq = options.writesFaq ?? rewriter.faq !== undefined;

  const rows: (RowOutcome | undefined)[] = new Array(pages.length);
  let faqSkipped = 0;
  let done = 0;
  let stopped: string | undefined;
  let fatal: { error: unknown } | undefined;
  // Set before the rewriter's own "stopped" errors arrive (they come a tick later), so the reason
  // recorded is the caller's, not the client's.
  const stopFor = (): void => void (stopped ??= typeof options.signal?.reason === 'string' ? options.signal.reason : 'stopped');
  if (options.signal?.aborted) stopFor();
  else options.signal?.addEventListener('abort', stopFor, { once: true });
  const width = Math.max(1, Math.floor(options.concurrency ?? 1));
  const slots = new Slots(width);

  /**
   * A rewriter call for row `row`, when a slot is free; NOT_ASKED once the run has stopped. A call
   * that stops the run stops it at once, so no request queued behind it is sent.
   */
  const send = <T>(row: number, call: () => Promise<T>): Promise<T | typeof NOT_ASKED> =>
    slots.run(row, async () => {
      if (stopped !== undefined) return NOT_ASKED;
      try {
        return await call();
      } catch (error) {
        if (error instanceof RewriteError && error.stopsRun) stopped ??= error.message;
        throw error;
      }
    });

  /** The row's accepted values go back to the run: it failed or was not finished, and keeps its originals. */
  const giveBack = (page: CsvPage, outcome: RowOutcome): void => {
    for (const f of outcome.fields) {
      if (f.after !== undefined) {
        page[FIELD_COLUMN[f.field]] = f.before;
        count(inUse[f.field], f.after, -1);
        count(inUse[f.field], f.before, 1);
      }
      delete f.after;
    }
    delete outcome.faq;
  };

  /**
   * One row. Its first requests (one per field, and the FAQ) are sent as soon as it starts, side by
   * side with the other rows'; then it waits for its turn (every row before it finished) to check
   * and take candidates, and to ask again after a refusal. Which of two rows keeps a title both
   * were offered so depends on row order only, never on which answer arrived first: a rerun, or a
   * resume whose answers come from the checkpoint at once, asks the same prompts and writes the same output.
   */
  const optimizeRow = async (i: number, turn: Promise<void>): Promise<void> => {
    const page = pages[i]!;
    const row = source.table.rows[i]!;
    const error = errorByLine.get(row.line);
    const url = error?.url ?? normalisedUrl(page.url);
    const result = url === undefined ? undefined : resultByUrl.get(url);
    if (error || result === undefined || url === undefined) {
      await turn;
      rows[i] = { line: row.line, url: page.url, row: i, status: 'failed', fields: [], issuesBefore: [], issuesAfter: [], error: error?.message ?? 'not audited' };
      options.onProgress?.(++done, pages.length - notPage.size);
      return;
    }
    const failing = new Set(result.findings.map((f) => f.rule));
    const planned = planRow(page, failing, options.fields, fields);
    const textFields = planned.filter((f): f is TextField => f !== 'faq');
    const wantsFaq = planned.includes('faq');
    if (wantsFaq && !writesFaq) faqSkipped++;
    const outcome: RowOutcome = { line: row.line, url, row: i, status: 'unchanged', fields: [], scoreBefore: result.score, issuesBefore: issues(result), issuesAfter: [] };
    const keywords = keywordsOf(page, url, options.keywordsFor);
    // A copy of the page as it is at asking time: the loop changes the row's page as it takes values.
    const requestFor = (field: TextField, attempt: number, feedback: string[], previous: string | undefined): RewriteRequest => {
      const request: RewriteRequest = { field, page: { ...page }, url, keywords, attempt, feedback, failing: fields[field].triggers.filter((r) => failing.has(r)) };
      if (previous !== undefined) request.previous = previous;
      return request;
    };
    const grounds = rewriter.freeText ? groundsOf(rowData(page, keywords, rewriter.brand)) : undefined;

    // Before its turn: nothing here depends on other rows. The requests are built now, from the
    // row as it is, and sent when a slot is free, unless the run has stopped by then.
    const firsts = new Map<TextField, Promise<Settled<Proposal | typeof NOT_ASKED>>>();
    for (const field of textFields) {
      const request = requestFor(field, 1, [], undefined);
      firsts.set(field, settle(() => send(i, () => rewriter.propose(request))));
    }
    const faqWanted = wantsFaq && writesFaq && rewriter.faq !== undefined;
    const faqRequest = { page: { ...page }, url, keywords, attempts };
    const faqAnswer = faqWanted ? settle(() => send(i, () => rewriter.faq!(faqRequest))) : undefined;
    await turn;
    if (fatal) return;
    // Offline, a row's turn is all promises already settled: without a turn of the event loop now
    // and then, the audit after (its worker threads) would get no page until the last row.
    if (Date.now() >= yieldAt) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      yieldAt = Date.now() + YIELD_EVERY_MS;
    }

    try {
      for (const field of textFields) {
        const column = FIELD_COLUMN[field];
        const fieldOutcome: FieldOutcome = { field, before: page[column], attempts: 0 };
        outcome.fields.push(fieldOutcome);
        let feedback: string[] = [];
        let previous: string | undefined;
        for (let attempt = 1; attempt <= attempts; attempt++) {
          let proposal: Proposal;
          if (attempt === 1) {
            const first = unwrap(await firsts.get(field)!);
            if (first === NOT_ASKED) break; // the run had stopped before it was sent
            proposal = first;
          } else {
            const request = requestFor(field, attempt, feedback, previous);
            const next = await send(i, () => rewriter.propose(request));
            if (next === NOT_ASKED) break; // the run has stopped: no more requests
            proposal = next;
          }
          fieldOutcome.attempts = attempt;
          if (proposal === undefined) {
            if (rewriter.deterministic) break; // asking again gives the same nothing
            feedback = ['the answer was empty once quotes, labels, markup and reasoning were removed'];
            continue;
          }
          const candidate = typeof proposal === 'string' ? proposal : proposal.refused;
          // Checked and taken in one synchronous step, in the row's turn: no other row can take the same value in between.
          const failures = typeof proposal === 'string' ? validate(field, candidate, page, url, context, grounds) : proposal.failures;
          if (failures.length === 0) {
            count(inUse[field], page[column], -1);
            count(inUse[field], candidate, 1);
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
      const got = faqAnswer && unwrap(await faqAnswer);
      const faqAsked = got !== undefined && got !== NOT_ASKED;
      if (faqAsked) {
        if (got.faq) outcome.faq = got.faq;
        else outcome.faqRejected = got.rejected?.failures ?? ['no FAQ was written'];
      }
      if (stopped !== undefined && (outcome.fields.some((f) => f.attempts === 0) || (faqWanted && !faqAsked))) {
        // The run stopped before part of this row was asked for: not finished, so it keeps its originals.
        giveBack(page, outcome);
        outcome.status = 'not_processed';
        outcome.error = `not processed: ${stopped}`;
      } else {
        const parts = outcome.fields.length + (faqAsked ? 1 : 0);
        if (parts > 0) outcome.status = outcome.fields.every((f) => f.after !== undefined) && (!faqAsked || outcome.faq !== undefined) ? 'ok' : 'needs_review';
      }
    } catch (error) {
      if (!(error instanceof RewriteError)) throw error;
      if (error.stopsRun) stopped ??= error.message;
      // The row keeps its original values: nothing unchecked is written, nothing is dropped.
      giveBack(page, outcome);
      outcome.status = error.stopsRun ? 'not_processed' : 'failed';
      outcome.error = error.stopsRun ? `not processed: ${stopped}` : error.message;
    }
    rows[i] = outcome;
    options.onProgress?.(++done, pages.length - notPage.size);
  };

  // Rows start in order, up to AHEAD × concurrency of them unfinished at once, so the slots stay
  // busy with later rows' first requests while the row in its turn asks again after a refusal;
  // each waits for the one before it (its turn) to check and take candidates. The slots keep
  // requests to `concurrency` at once and the rewriter's limiter paces them. A row's fields go in
  // order, since a title is judged against the H1 and the other way round.
  let yieldAt = Date.now() + YIELD_EVERY_MS;
  const window = width * AHEAD;
  const finished: Promise<void>[] = [];
  // Row i's values are final once its turn is over: the audit after reads rows as they get there,
  // its worker threads checking them while this thread works on the rows after.
  const final = pages.map(() => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  const unchanged = (i: number): boolean => rows[i] === undefined || rows[i]!.fields.every((f) => f.after === undefined);
  const headOnly = (i: number): boolean => rows[i] !== undefined && rows[i]!.fields.every((f) => f.after === undefined || f.field !== 'h1');
  const rowOfUrl = new Map<string, number>();
  pages.forEach((p, i) => {
    const url = normalisedUrl(p.url);
    if (url !== undefined && !rowOfUrl.has(url)) rowOfUrl.set(url, i);
  });
  const after = runAudit({
    source: rewrittenSource(source, pages, options.keywordsFor, async (i) => {
      await final[i]!.promise;
      return fatal === undefined;
    }),
    ruleSettings: options.ruleSettings,
    weights: options.weights,
    workers: 'auto',
    // A row that ends as it began is the page checked before: not parsed and checked again.
    reuse: (input) => {
      const i = rowOfUrl.get(input.url);
      const kept = i === undefined ? undefined : checkedBefore.get(input.url);
      if (i === undefined || kept === undefined) return undefined;
      if (unchanged(i)) {
        const digest = inputDigest(input);
        if (kept.digest.head !== digest.head || kept.digest.body !== digest.body) return undefined;
        reused++;
        return detachedCheck(kept.checked);
      }
      // A new title or description, the body as it was: the rules that read the head run again,
      // on the row's trial page, and every other rule's findings stand.
      // A page with warnings goes whole too: one names a place in the page ("at character N"), which the new head moves.
      const page = pages[i]!;
      if (headRules === undefined || !headOnly(i) || HEAD_TAG.test(contentCell(page)) || kept.checked.result.warnings.length > 0) return undefined;
      if (kept.digest.body !== inputDigest(input).body) return undefined;
      rechecked++;
      return headChecked(kept.checked, trialPage(page, input.url, options.keywordsFor), checker, headRules);
    },
  });
  // Awaited after the loop; should it fail meanwhile (its workers cannot start), that is no
  // unhandled rejection ending the process while rows are still being asked for.
  after.catch(() => undefined);
  for (let i = 0; i < pages.length && !fatal; i++) {
    if (i >= window) await finished[i - window];
    if (fatal) break;
    if (notPage.has(i)) {
      // Its turn passes straight on: the chain of turns stays one per row.
      const turn = finished[i - 1] ?? Promise.resolve();
      finished.push(turn);
      void turn.then(() => final[i]!.resolve());
      continue;
    }
    finished.push(
      optimizeRow(i, finished[i - 1] ?? Promise.resolve())
        .catch((error: unknown) => {
          fatal ??= { error };
        })
        .finally(() => final[i]!.resolve()),
    );
  }
  await Promise.all(finished);
  options.signal?.removeEventListener('abort', stopFor);
  if (fatal) {
    // The audit after stops at the row it waits for, which resolves now.
    for (const f of final) f.resolve();
    await after.catch(() => undefined);
    throw fatal.error;
  }

  // The run audited again with what was accepted: scores and issues after.
  const afterResult = await after;
  checkedBefore.clear();
  const afterByUrl = new Map(afterResult.pages.map((p) => [p.url, p]));
  const outcomes = rows.filter((r): r is RowOutcome => r !== undefined);
  for (const r of outcomes) {
    const a = afterByUrl.get(r.url);
    if (r.status === 'failed' || !a) continue;
    r.scoreAfter = a.score;
    r.issuesAfter = issues(a);
  }
  const notes: string[] = [];
  if (faqSkipped > 0) notes.push(`${faqSkipped} product page${faqSkipped === 1 ? '' : 's'} without an FAQ: ${rewriter.name} writes no FAQs (they need an LLM)`);
  if (stopped) {
    const left = outcomes.filter(notProcessed).length;
    notes.push(`stopped early: ${stopped}; ${left} ${left === 1 ? 'row' : 'rows'} not processed, keeping ${left === 1 ? 'its' : 'their'} original values: run the same command again to resume`);
  }
  return { rows: outcomes, before, after: afterResult, rewriter: rewriter.name, faqSkipped, notes, partial: stopped !== undefined, reused, rechecked, fields };
}

/** What a row page's check depends on, in two parts: its URL and keywords with the bytes up to `</head>`, and with the bytes from there. */
interface Digest {
  head: string;
  body: string;
}

const HEAD_END = Buffer.from('</head>', 'latin1');

/**
 * A row page's digests. Its title and description are escaped in the head (no "<" in them), so
 * the first `</head>` is where the head ends; the page is the same when both parts are.
 */
function inputDigest(input: PageInput): Digest {
  const bytes = Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength);
  const end = Math.max(0, bytes.indexOf(HEAD_END));
  const keywords = (input.keywords ?? []).join('\n');
  const part = (from: number, to: number): string => createHash('sha1').update(input.url).update('\0').update(bytes.subarray(from, to)).update('\0').update(keywords).digest('base64');
  return { head: part(0, end), body: part(end, bytes.length) };
}

/** Facts of a page a new title or description changes. */
const HEAD_FACTS: ReadonlySet<Fact> = new Set<Fact>(['title', 'meta', 'head']);
/**
 * Facts a row's trial page (its head, its H1s, no other content) holds exactly as the whole page
 * does, when its content cell adds nothing to the head (HEAD_TAG).
 */
const TRIAL_FACTS: ReadonlySet<Fact> = new Set<Fact>(['title', 'meta', 'head', 'h1', 'keywords', 'http']);
/** Elements of a content cell that could add to what the head says (a <title> in an inline SVG, a <meta>, a <link rel=canonical>, <html lang>). */
const HEAD_TAG = /<(?:title|meta|link|base|html|head|body)[\s/>]/i;

/**
 * The page rules a new title or description can change the findings of: those that read the
 * title, the description or the head. Undefined when a check cannot be brought up to date by
 * running them alone: one reads a fact the trial page does not hold as the whole page does, or a
 * rule that runs on rows reads the page's size (which the new head changes).
 */
export function headRechecks(rules: readonly ResolvedRule[]): ReadonlySet<string> | undefined {
  const running = rules.flatMap(({ rule }) => (isSiteRule(rule) || needsHttp(rule) ? [] : [rule]));
  if (running.some((rule) => rule.reads.includes('size'))) return undefined;
  const again = running.filter((rule) => rule.reads.some((f) => HEAD_FACTS.has(f)));
  if (again.some((rule) => rule.reads.some((f) => !TRIAL_FACTS.has(f)))) return undefined;
  return new Set(again.map((rule) => rule.id));
}


/** A row as a small page: its head and H1s as written, no other content (what the head rules read of it). */
function trialPage(page: CsvPage, url: string, keywordsFor: OptimizeOptions['keywordsFor']): Page {
  return extractPage(rowInput({ ...page, content: contentH1s(page), product_description: '' }, url, '', keywordsFor));
}

/**
 * A page's check before, brought up to date for a new head: the findings of the rules that read
 * it are found again on the trial page, every other rule's stand (they read the body, which is
 * the same), and the site rules see the new title and description.
 */
function headChecked(kept: CheckedPage, trial: Page, checker: PageChecker, again: ReadonlySet<string>): CheckedPage {
  const fresh = checker.findings(trial, again);
  const page = { ...kept.entry.page };
  if (trial.title) page.title = detach(trial.title);
  else delete page.title;
  if (trial.meta.description) page.description = detach(trial.meta.description);
  else delete page.description;
  const findings = [...kept.result.findings.filter((f) => !again.has(f.rule)), ...fresh.findings];
  return { ...kept, entry: { ...kept.entry, page }, result: { ...kept.result, findings } };
}

/** The rule ids failing on a page, once each, in finding order. */
function issues(result: PageResult): string[] {
  return [...new Set(result.findings.map((f) => f.rule))];
}

function keywordsOf(page: CsvPage, url: string, keywordsFor: OptimizeOptions['keywordsFor']): string[] {
  return rowInput(page, url, '', keywordsFor).keywords ?? [];
}

/** The row's URL as the CSV source reads it; undefined for what it refuses (relative, not http(s)). */
function normalisedUrl(cell: string): string | undefined {
  try {
    const url = new URL(cell.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * A value as the run compares values for uniqueness: NFKC (full-width and compatibility forms as
 * their plain letters), control and invisible format characters dropped (a zero-width space does
 * not make a title another), white space collapsed, case-folded. Stricter than the duplicate rules'
 * own comparison, so anything they would call a duplicate is one here too.
 */
export function duplicateKey(value: string): string {
  return collapse(value.normalize('NFKC').replace(/\s+/g, ' ').replace(INVISIBLE, '')).toUpperCase().toLowerCase();
}

function count(map: Map<string, number>, value: string, by: number): void {
  const key = duplicateKey(value);
  if (key !== '') map.set(key, (map.get(key) ?? 0) + by);
}

/** The row's own data as its prompts show it: what a free-text candidate may draw its facts from. */
function rowData(page: CsvPage, keywords: string[], brand: string | undefined): string {
  return [page.title, page.meta_description, page.h1, page.product_name, plainText(page.content), plainText(page.product_description), ...keywords, brand ?? ''].join('\n');
}

/** A URL, a "www." address or a bare domain name ("evil-shop.example"), e-mail addresses included. */
const LINK = /https?:\/\/[^\s"'<>()]*|\bwww\.[^\s"'<>()]*|(?<![\p{L}\p{N}._%+@-])(?:[\p{L}\p{N}._%+-]+@)?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/iu;

/**
 * What a model's free text may not carry, beyond the rules: a spreadsheet formula, a link, control
 * or invisible characters, or figures and names the row's data does not hold (a model told to
 * follow the data can still be steered by instructions inside it, or invent a discount). Only for
 * free-text candidates: the offline rewriter builds its candidates from the row's own data.
 */
export function contentProblems(candidate: string, grounds: Grounds): string[] {
  const problems: string[] = [];
  if (FORMULA_START.test(candidate)) problems.push(`the text starts with ${JSON.stringify(candidate[0])}: spreadsheets read a value starting with =, +, - or @ as a formula`);
  const link = LINK.exec(candidate);
  if (link) problems.push(`the text contains a web address ("${link[0]}"): no URLs or domain names`);
  if (/[\p{Cc}\p{Cf}]/u.test(candidate)) problems.push('the text contains control or invisible formatting characters');
  const ungrounded = groundingProblems(candidate, grounds);
  if (ungrounded.length > 0) problems.push(`the text uses facts not in the page data: ${ungrounded.map((u) => `"${u}"`).join(', ')}`);
  return problems;
}

export interface ValidationContext {
  keywordsFor: OptimizeOptions['keywordsFor'];
  checker: PageChecker;
  /** The rules on for this run (the duplicate rules are checked only when on). */
  rulesOn: ReadonlySet<string>;
  inUse: InUse;
  /** Each field's rules under the run's settings: which a candidate must pass, and its duplicate rule. */
  fields: Record<TextField, FieldRules>;
}

/**
 * Why a candidate cannot be kept: the field's page rules run on the row with the candidate in
 * place, it must not equal another row's value (the duplicate rules, for the whole run), and a
 * free-text candidate (grounds given: the row's data) must pass contentProblems.
 */
export function validate(field: TextField, candidate: string, page: CsvPage, url: string, context: ValidationContext, grounds?: Grounds): string[] {
  const column = FIELD_COLUMN[field];
  if (candidate.trim() === '') return ['the candidate is empty'];
  if (candidate === page[column]) return ['the candidate is the current value'];
  // Of the content, the rules checked see only its H1s: the page is built with those alone, so a
  // candidate costs a few short rules on a small page, not the audit of the whole row again.
  const checked = context.checker.findings(trialPage({ ...page, [column]: candidate }, url, context.keywordsFor), context.fields[field].validated);
  const failures = checked.findings.map((f) => `${f.rule}: ${f.message}`);
  const duplicate = context.fields[field].duplicate;
  if (duplicate !== undefined && context.rulesOn.has(duplicate)) {
    const key = duplicateKey(candidate);
    const others = (context.inUse[field].get(key) ?? 0) - (duplicateKey(page[column]) === key ? 1 : 0);
    if (others > 0) failures.push(`${duplicate}: another page of the run already uses "${candidate.trim()}"`);
  }
  if (grounds) failures.push(...contentProblems(candidate, grounds));
  return failures;
}

const H1_TAG = /<h1[\s/>]/i;
/** The last content looked at, and its H1s: a row's candidates are checked one after the other. */
let lastContent: { cell: string; h1s: string } | undefined;

/**
 * The H1 headings of a row's content (or of its product description, which stands in for it),
 * as HTML that extracts to the same H1s: all the validated rules read of the content (h1-missing,
 * h1-too-long, title-same-as-h1). Content without "<h1" has none, and is not parsed at all.
 */
function contentH1s(page: CsvPage): string {
  const cell = contentCell(page);
  if (!H1_TAG.test(cell)) return '';
  if (lastContent?.cell !== cell) {
    const empty = { title: '', meta_description: '', h1: '', content: cell, product_description: '' };
    const { headings } = extractPage({ url: 'https://offline.invalid/', body: Buffer.from(rowHtml(empty), 'utf8') });
    lastContent = { cell, h1s: headings.filter((h) => h.level === 1).map((h) => `<h1>${escapeHtml(h.text)}</h1>`).join('') };
  }
  return lastContent.h1s;
}

/**
 * The table's rows as pages again, with the accepted values in place: row i once `ready(i)`
 * resolves (its values are final), or none after it when that says false (the run failed).
 */
function rewrittenSource(source: Source & CsvSourceExtras, pages: CsvPage[], keywordsFor: OptimizeOptions['keywordsFor'], ready: (row: number) => Promise<boolean>): Source {
  return {
    kind: 'csv',
    target: source.target,
    http: false,
    notes: [],
    size: pages.length,
    ...(source.lacks ? { lacks: source.lacks } : {}),
    async *items(): AsyncIterable<SourceItem> {
      const seen = new Set<string>();
      for (const [i, page] of pages.entries()) {
        if (!(await ready(i))) return;
        const url = normalisedUrl(page.url);
        if (url === undefined || seen.has(url)) continue;
        seen.add(url);
        yield { page: rowInput(page, url, `${source.target}:${page.line}`, keywordsFor) };
      }
    },
  };
}
