// optimize --judge: after a row's turn, every candidate it kept (each field that passed every
// check, and its FAQ) goes to the judge, side by side and off the turn, so the next rows go on.
// A candidate the judge does not accept is not kept: the row keeps its value there, the candidate
// is shown refused with the judge's reason, and the row needs review. Never approve=yes unjudged.
import { FIELD_COLUMN } from './candidates.js';
import { readableFaq } from './faq-cells.js';
import type { Rewriter, Verdict } from './rewriter.js';
import { NOT_ASKED, type RowWork } from './slots.js';

/** Why a refused candidate was refused, when the judge refused it. */
export const judgeRefusal = (verdict: Verdict): string => `the judge did not accept it: ${verdict.reason}`;

/** Sends a call when a slot is free; NOT_ASKED once the run has stopped. */
type Send = <T>(call: () => Promise<T>) => Promise<T | typeof NOT_ASKED>;

/**
 * The judge's verdicts on the row's kept candidates, applied to its outcome. 'stopped' when the run
 * stopped before every verdict was asked for: the row is then not finished. A RewriteError that
 * stops the run is thrown, as from any request.
 */
export async function judgeRow(work: RowWork, judge: NonNullable<Rewriter['judge']>, send: Send): Promise<'stopped' | 'judged'> {
  const { outcome } = work;
  // The row as it was: the judge weighs a candidate against the data, not against the run's other new values.
  const page = { ...work.page };
  for (const f of outcome.fields) page[FIELD_COLUMN[f.field]] = f.before;
  const base = { page, url: work.url, keywords: work.keywords };
  const kept = outcome.fields.filter((f) => f.after !== undefined);
  const asks = kept.map((f) => send(() => judge({ ...base, field: f.field, proposal: f.after! })));
  const faq = outcome.faq;
  const faqAsk = faq ? send(() => judge({ ...base, field: 'faq', proposal: readableFaq(faq.items) })) : undefined;
  // Every call settles before any error is thrown on: none rejects unobserved.
  const settled = await Promise.allSettled([...asks, ...(faqAsk ? [faqAsk] : [])]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const verdicts = settled.map((s) => (s as PromiseFulfilledResult<Verdict | typeof NOT_ASKED>).value);
  if (verdicts.some((v) => v === NOT_ASKED)) return 'stopped';
  kept.forEach((f, k) => {
    const verdict = verdicts[k] as Verdict;
    f.judge = verdict;
    if (verdict.accept) return;
    // Not kept: the row's value goes back in the page. Both values stay counted as in use (the run
    // never released the row's own while a judge was on): later rows' turns, already taken, saw them so.
    work.page[FIELD_COLUMN[f.field]] = f.before;
    f.rejected = { value: f.after!, failures: [judgeRefusal(verdict)] };
    delete f.after;
  });
  if (faq) {
    const verdict = verdicts.at(-1) as Verdict;
    outcome.faqJudge = verdict;
    if (!verdict.accept) {
      outcome.faqRefused = faq.items;
      outcome.faqRejected = [judgeRefusal(verdict)];
      delete outcome.faq;
    }
  }
  if (outcome.status === 'ok' && verdicts.some((v) => !(v as Verdict).accept)) outcome.status = 'needs_review';
  return 'judged';
}
