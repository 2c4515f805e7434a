// The optimize loop: audit the rows, plan what to rewrite, ask the rewriter for candidates,
// re-check every candidate with the same rules (and against the run's other titles and
// descriptions), keep only what passes, and audit the result again.
import { rules as registry } from '../../rules/index.js';
import { runAudit, type AuditResult } from '../audit.js';
import { resolveRules, type Config } from '../engine/config.js';
import { PageChecker } from '../engine/run.js';
import type { PageResult, Weights } from '../engine/types.js';
import { collapse, extractPage } from '../page/extract.js';
import { rowInput, rowPage, type CsvPage, type CsvSourceExtras } from '../sources/csv.js';
import type { Source, SourceError, SourceItem } from '../sources/types.js';
import { FIELD_RULES, planRow, type OptimizeField } from './plan.js';

export type RowStatus = 'ok' | 'unchanged' | 'needs_review' | 'failed';
export type TextField = Exclude<OptimizeField, 'faq'>;

/** What a rewriter is told about one field of one row. */
export interface RewriteRequest {
  field: TextField;
  page: CsvPage;
  url: string;
  keywords: string[];
  /** 1 for the first try. */
  attempt: number;
  /** Why the previous candidate was refused (rule messages), for the next try. */
  feedback: string[];
  /** The field's rules that fail on the row as it is (why it is rewritten at all). */
  failing: string[];
  /** The candidate refused last time, when there was one. */
  previous?: string;
}

/** A validated FAQ, in the three forms the output carries. */
export interface FaqResult {
  items: { question: string; answer: string }[];
  jsonld: string;
  html: string;
}

export interface FaqOutcome {
  faq?: FaqResult;
  /** Why the last candidate was refused, when none passed. */
  rejected?: { failures: string[] };
  attempts: number;
}

/** Proposes new values; the loop, not the rewriter, decides what is kept. */
export interface Rewriter {
  /** Writes an FAQ for a product page (validated by the rewriter's own checks); absent offline. */
  faq?(request: { page: CsvPage; url: string; keywords: string[]; attempts: number }): Promise<FaqOutcome>;
  /** "offline" or the model name, written to the rewritten_by column. */
  name: string;
  /** Asking again gives the same answer (offline): no second attempt after nothing. */
  deterministic?: boolean;
  propose(request: RewriteRequest): Promise<string | undefined>;
}

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
  /** Why the row could not be optimized (status failed). */
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
}

/** A rewriter's failure the loop understands: the row fails (and keeps its values), or the whole run stops. */
export class RewriteError extends Error {
  constructor(
    message: string,
    readonly stopsRun = false,
  ) {
    super(message);
    this.name = 'RewriteError';
  }
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
  /** Rows worked on at once (default 1). */
  concurrency?: number;
}

const FIELD_COLUMN: Record<TextField, 'title' | 'meta_description' | 'h1'> = { title: 'title', meta: 'meta_description', h1: 'h1' };
const DUPLICATE_RULE: Partial<Record<TextField, string>> = { title: 'title-duplicate', meta: 'meta-description-duplicate' };
/**
 * The page rules a candidate must pass: the field's own, and for an H1 also title-same-as-h1,
 * which an H1 copied from the title would make fail (it is a title rule, so no rewrite plan has it for the H1).
 */
const VALIDATED_RULES: Record<TextField, readonly string[]> = { title: FIELD_RULES.title, meta: FIELD_RULES.meta, h1: [...FIELD_RULES.h1, 'title-same-as-h1'] };

export async function optimize(options: OptimizeOptions): Promise<OptimizeResult> {
  const { source } = options;
  const attempts = Math.max(1, options.attempts ?? 3);
  const before = await runAudit({ source, ruleSettings: options.ruleSettings, weights: options.weights, workers: 1 });
  const resultByUrl = new Map(before.pages.map((p) => [p.url, p]));
  const errorByLine = new Map<number, SourceError>();
  for (const e of before.errors) {
    const line = Number(/:(\d+)$/.exec(e.origin)?.[1]);
    if (Number.isFinite(line)) errorByLine.set(line, e);
  }

  // The same rules as the audit, for candidates: the source's inapplicable ones stay off.
  const off = Object.fromEntries((source.notApplicable ?? []).map((n) => [n.rule, 'off' as const]));
  const checker = new PageChecker({ rules: resolveRules(registry, { ...options.ruleSettings, ...off }), http: false });
  const siteRulesOn = new Set(resolveRules(registry, { ...options.ruleSettings, ...off }).map((r) => r.rule.id));

  const pages = source.table.rows.map((row) => rowPage(source.columns, row.fields, row.line));
  // Titles and descriptions in use across the run, lower-cased, so a candidate never duplicates another row's.
  const inUse: Record<'title' | 'meta', Map<string, number>> = { title: new Map(), meta: new Map() };
  const count = (map: Map<string, number>, value: string, by: number): void => {
    const key = duplicateKey(value);
    if (key !== '') map.set(key, (map.get(key) ?? 0) + by);
  };
  for (const p of pages) {
    count(inUse.title, p.title, 1);
    count(inUse.meta, p.meta_description, 1);
  }

  const rows: (RowOutcome | undefined)[] = new Array(pages.length);
  let faqSkipped = 0;
  let done = 0;
  let stopped: string | undefined;

  const optimizeRow = async (i: number): Promise<void> => {
    const page = pages[i]!;
    const row = source.table.rows[i]!;
    const error = errorByLine.get(row.line);
    const url = error?.url ?? normalisedUrl(page.url);
    const result = url === undefined ? undefined : resultByUrl.get(url);
    if (error || result === undefined || url === undefined) {
      rows[i] = { line: row.line, url: page.url, row: i, status: 'failed', fields: [], issuesBefore: [], issuesAfter: [], error: error?.message ?? 'not audited' };
      options.onProgress?.(++done, pages.length);
      return;
    }
    const failing = new Set(result.findings.map((f) => f.rule));
    const planned = planRow(page, failing, options.fields);
    const textFields = planned.filter((f): f is TextField => f !== 'faq');
    const writesFaq = options.writesFaq ?? options.rewriter.faq !== undefined;
    const wantsFaq = planned.includes('faq');
    if (wantsFaq && !writesFaq) faqSkipped++;
    const outcome: RowOutcome = { line: row.line, url, row: i, status: 'unchanged', fields: [], scoreBefore: result.score, issuesBefore: issues(result), issuesAfter: [] };
    const keywords = keywordsOf(page, url, options.keywordsFor);
    try {
      for (const field of textFields) {
        const column = FIELD_COLUMN[field];
        const fieldOutcome: FieldOutcome = { field, before: page[column], attempts: 0 };
        outcome.fields.push(fieldOutcome);
        let feedback: string[] = [];
        let previous: string | undefined;
        for (let attempt = 1; attempt <= attempts; attempt++) {
          if (stopped) break;
          const request: RewriteRequest = { field, page, url, keywords, attempt, feedback, failing: FIELD_RULES[field].filter((r) => failing.has(r)) };
          if (previous !== undefined) request.previous = previous;
          const candidate = await options.rewriter.propose(request);
          fieldOutcome.attempts = attempt;
          if (candidate === undefined) {
            if (options.rewriter.deterministic) break; // asking again gives the same nothing
            feedback = ['the answer was empty once quotes, labels, markup and reasoning were removed'];
            continue;
          }
          // Checked and taken in one synchronous step: no other row can take the same title in between.
          const failures = validate(field, candidate, page, url, options.keywordsFor, checker, siteRulesOn, inUse);
          if (failures.length === 0) {
            if (field === 'title' || field === 'meta') {
              count(inUse[field], page[column], -1);
              count(inUse[field], candidate, 1);
            }
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
      const askFaq = wantsFaq && writesFaq && options.rewriter.faq !== undefined && !stopped;
      if (askFaq) {
        const got = await options.rewriter.faq!({ page, url, keywords, attempts });
        if (got.faq) outcome.faq = got.faq;
        else outcome.faqRejected = got.rejected?.failures ?? ['no FAQ was written'];
      }
      const parts = outcome.fields.length + (askFaq ? 1 : 0);
      if (parts > 0) outcome.status = outcome.fields.every((f) => f.after !== undefined) && (!askFaq || outcome.faq !== undefined) ? 'ok' : 'needs_review';
    } catch (error) {
      if (!(error instanceof RewriteError)) throw error;
      if (error.stopsRun) stopped ??= error.message;
      // The row keeps its original values: nothing unchecked is written, nothing is dropped.
      for (const f of outcome.fields) {
        if (f.after !== undefined) {
          page[FIELD_COLUMN[f.field]] = f.before;
          if (f.field === 'title' || f.field === 'meta') {
            count(inUse[f.field], f.after, -1);
            count(inUse[f.field], f.before, 1);
          }
        }
        delete f.after;
      }
      delete outcome.faq;
      outcome.status = error.stopsRun ? 'unchanged' : 'failed';
      outcome.error = error.message;
    }
    rows[i] = outcome;
    options.onProgress?.(++done, pages.length);
  };

  // Rows are worked on concurrently (the rewriter's limiter paces the requests); each row's
  // fields in order, since a title is judged against the H1 and the other way round.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pages.length) await optimizeRow(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, pages.length)) }, worker));

  // The run audited again with what was accepted: scores and issues after.
  const after = await runAudit({ source: rewrittenSource(source, pages, options.keywordsFor), ruleSettings: options.ruleSettings, weights: options.weights, workers: 1 });
  const afterByUrl = new Map(after.pages.map((p) => [p.url, p]));
  const outcomes = rows.filter((r): r is RowOutcome => r !== undefined);
  for (const r of outcomes) {
    const a = afterByUrl.get(r.url);
    if (r.status === 'failed' || !a) continue;
    r.scoreAfter = a.score;
    r.issuesAfter = issues(a);
  }
  const notes: string[] = [];
  if (faqSkipped > 0) notes.push(`${faqSkipped} product page${faqSkipped === 1 ? '' : 's'} without an FAQ: ${options.rewriter.name} writes no FAQs (they need an LLM)`);
  if (stopped) notes.push(`stopped early: ${stopped}; rows not finished keep their original values`);
  return { rows: outcomes, before, after, rewriter: options.rewriter.name, faqSkipped, notes, partial: stopped !== undefined };
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

/** A title or description as the duplicate rules compare them: white space collapsed, lower-cased. */
function duplicateKey(value: string): string {
  return collapse(value).toLowerCase();
}

/**
 * Why a candidate cannot be kept: the field's page rules run on the row with the candidate in
 * place, and it must not equal another row's value (the duplicate rules, for the whole run).
 */
export function validate(
  field: TextField,
  candidate: string,
  page: CsvPage,
  url: string,
  keywordsFor: OptimizeOptions['keywordsFor'],
  checker: PageChecker,
  rulesOn: ReadonlySet<string>,
  inUse: Record<'title' | 'meta', Map<string, number>>,
): string[] {
  const column = FIELD_COLUMN[field];
  if (candidate.trim() === '') return ['the candidate is empty'];
  if (candidate === page[column]) return ['the candidate is the current value'];
  const trial = { ...page, [column]: candidate };
  const checked = checker.check(extractPage(rowInput(trial, url, '', keywordsFor)));
  const failures = checked.result.findings.filter((f) => VALIDATED_RULES[field].includes(f.rule)).map((f) => `${f.rule}: ${f.message}`);
  const duplicate = DUPLICATE_RULE[field];
  if (duplicate && rulesOn.has(duplicate) && (field === 'title' || field === 'meta')) {
    const key = duplicateKey(candidate);
    const others = (inUse[field].get(key) ?? 0) - (duplicateKey(page[column]) === key ? 1 : 0);
    if (others > 0) failures.push(`${duplicate}: another page of the run already uses "${candidate.trim()}"`);
  }
  return failures;
}

/** The table's rows as pages again, with the accepted values in place. */
function rewrittenSource(source: Source & CsvSourceExtras, pages: CsvPage[], keywordsFor: OptimizeOptions['keywordsFor']): Source {
  return {
    kind: 'csv',
    target: source.target,
    http: false,
    notes: [],
    size: pages.length,
    ...(source.notApplicable ? { notApplicable: source.notApplicable } : {}),
    async *items(): AsyncIterable<SourceItem> {
      const seen = new Set<string>();
      for (const page of pages) {
        const url = normalisedUrl(page.url);
        if (url === undefined || seen.has(url)) continue;
        seen.add(url);
        yield { page: rowInput(page, url, `${source.target}:${page.line}`, keywordsFor) };
      }
    },
  };
}
