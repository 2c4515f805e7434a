// What an optimize run gives back: each row's outcome (its fields before and after, its FAQ, its
// scores and issues before and after), and the part of it the reports read.
import type { AuditResult } from '../audit.js';
import type { PageResult } from '../engine/types.js';
import type { FieldRules, TextField } from './fields.js';
import type { FaqResult, Verdict } from './rewriter.js';

/** not_processed: the run stopped (Ctrl-C, --timeout, --max-cost) before finishing the row; it keeps its values. */
export type RowStatus = 'ok' | 'unchanged' | 'needs_review' | 'failed' | 'not_processed';

export interface FieldOutcome {
  field: TextField;
  before: string;
  /** The accepted value; absent when none passed. */
  after?: string;
  /** The last refused candidate and why, when none passed. */
  rejected?: { value: string; failures: string[] };
  attempts: number;
  /** The judge's verdict on the candidate that passed every check (optimize --judge). */
  judge?: Verdict;
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
  /** The last FAQ refused, when it had questions and answers: the review shows it, not approved. */
  faqRefused?: { question: string; answer: string }[];
  /** The judge's verdict on the FAQ that passed every check (optimize --judge). */
  faqJudge?: Verdict;
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

/** A row the run stopped before finishing: it keeps its values, and its error says why ("not processed: …"). */
export function notProcessed(row: RowOutcome): boolean {
  return row.status === 'not_processed';
}

/** A page's issues: the rules it fails, each once. */
export function issues(result: Pick<PageResult, 'findings'>): string[] {
  return [...new Set(result.findings.map((f) => f.rule))];
}

/** Each row's score and issues from the audit after (a failed row has none). */
export function withScoresAfter(outcomes: RowOutcome[], after: AuditResult): RowOutcome[] {
  const afterByUrl = new Map(after.pages.map((p) => [p.url, p]));
  for (const r of outcomes) {
    const a = afterByUrl.get(r.url);
    if (r.status === 'failed' || !a) continue;
    r.scoreAfter = a.score;
    r.issuesAfter = issues(a);
  }
  return outcomes;
}

/** The run's notes: product pages left without an FAQ by a rewriter that writes none, and why a run stopped early. */
export function runNotes(run: { faqSkipped: number; rewriter: string; stopped: string | undefined; needsFix: boolean; left: number }): string[] {
  const notes: string[] = [];
  const { faqSkipped, left } = run;
  if (faqSkipped > 0) notes.push(`${faqSkipped} product page${faqSkipped === 1 ? '' : 's'} without an FAQ: ${run.rewriter} writes no FAQs (they need an LLM)`);
  if (run.stopped !== undefined) {
    // A wrong key or endpoint will not change on its own: the same command goes on once it is fixed.
    const then = run.needsFix ? 'once that is fixed, the same command goes on with them' : 'run the same command again to resume';
    notes.push(`stopped early: ${run.stopped}; ${left} ${left === 1 ? 'row' : 'rows'} not processed, keeping ${left === 1 ? 'its' : 'their'} original values: ${then}`);
  }
  return notes;
}
