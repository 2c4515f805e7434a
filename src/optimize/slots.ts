// How the optimize loop sends rewriter calls: rows send their first requests ahead of their turn,
// at most `concurrency` at once, the earliest row's first; an answer is held until the row's turn,
// with the rest of what a row carries while it is worked on (RowWork).
import type { CsvPage } from '../sources/csv.js';
import type { TextField } from './fields.js';
import type { Grounds } from './grounding.js';
import type { RowOutcome } from './outcome.js';
import type { FaqOutcome, FaqRequest, Proposal, Rewriter, RewriteRequest } from './rewriter.js';

/** Rows started ahead of the one in its turn, per unit of concurrency. */
export const AHEAD = 4;

/** A promise's outcome, held until the row's turn: a request sent ahead that fails must not reject unobserved. */
export type Settled<T> = { value: T } | { error: unknown };
export function settle<T>(start: () => Promise<T>): Promise<Settled<T>> {
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
export const NOT_ASKED = Symbol('not asked');

/** The k-th of a call's answers (a row's fields asked at once), or the call's error or NOT_ASKED. */
export function pick<T>(all: Promise<Settled<T[] | typeof NOT_ASKED>>, k: number): Promise<Settled<T | typeof NOT_ASKED>> {
  return all.then((s) => ('error' in s ? s : { value: s.value === NOT_ASKED ? NOT_ASKED : s.value[k]! }));
}

export function unwrap<T>(settled: Settled<T>): T {
  if ('error' in settled) throw settled.error;
  return settled.value;
}

/**
 * At most `size` rewriter calls outstanding at once, as when each row asked one thing at a time:
 * rows send ahead, but no more than the concurrency allows sits queued in the client. When a call
 * may start, the earliest row's goes first: it is the one the rows after it wait for.
 */
export class Slots {
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


/** A row's state while it is worked on: what it was audited as, what it is asked for, and what it became. */
export interface RowWork {
  i: number;
  page: CsvPage;
  url: string;
  outcome: RowOutcome;
  textFields: TextField[];
  /** The rules failing on the row before: why each field is rewritten. */
  failing: ReadonlySet<string>;
  keywords: string[];
  grounds: Grounds | undefined;
  firsts: Map<TextField, Promise<Settled<Proposal | typeof NOT_ASKED>>>;
  faqWanted: boolean;
  faqAnswer: Promise<Settled<Awaited<ReturnType<NonNullable<Rewriter['faq']>>> | typeof NOT_ASKED>> | undefined;
  /** optimize --batch: some answer of the row is still to come (a later round finishes it). */
  waiting?: boolean;
}


/** Sends a rewriter call for the row when a slot is free; NOT_ASKED once the run has stopped. */
export type SendFor = <T>(call: () => Promise<T>) => Promise<T | typeof NOT_ASKED>;

/**
 * A row's first requests, sent ahead of its turn: its text fields and FAQ in one request when the
 * rewriter can (a refused FAQ then asked again on its own, from its second attempt), else its
 * fields at once and the FAQ apart, else one field at a time. Each field's first proposal and the
 * FAQ's outcome are held in `work` until the row's turn.
 */
export function askFirst(work: RowWork, requests: RewriteRequest[], faqRequest: FaqRequest, rewriter: Rewriter, send: SendFor): void {
  const askFaq = (request: FaqRequest): Promise<Settled<FaqOutcome | typeof NOT_ASKED>> => settle(() => send(() => rewriter.faq!(request)));
  if (work.faqWanted && rewriter.proposeRowWithFaq && requests.length > 0) {
    const all = settle(() => send(() => rewriter.proposeRowWithFaq!(requests, faqRequest)));
    const proposals = all.then((s): Settled<Proposal[] | typeof NOT_ASKED> => ('error' in s ? s : { value: s.value === NOT_ASKED ? NOT_ASKED : s.value.proposals }));
    work.textFields.forEach((field, k) => work.firsts.set(field, pick(proposals, k)));
    work.faqAnswer = all.then((s): Settled<FaqOutcome | typeof NOT_ASKED> | Promise<Settled<FaqOutcome | typeof NOT_ASKED>> => {
      if ('error' in s) return s;
      if (s.value === NOT_ASKED) return { value: NOT_ASKED };
      const first = s.value.faq;
      if (first === undefined) return askFaq(faqRequest); // the endpoint could not answer both at once
      if (first.rejected === undefined || faqRequest.attempts <= 1) return { value: first };
      return askFaq({ ...faqRequest, retry: first.rejected });
    });
    return;
  }
  if (rewriter.proposeRow && requests.length > 1) {
    // One request for the row's fields; each field's proposal is picked from its answer.
    const all = settle(() => send(() => rewriter.proposeRow!(requests)));
    work.textFields.forEach((field, k) => work.firsts.set(field, pick(all, k)));
  } else {
    requests.forEach((request) => work.firsts.set(request.field, settle(() => send(() => rewriter.propose(request)))));
  }
  if (work.faqWanted) work.faqAnswer = askFaq(faqRequest);
}
