// The contract between the optimize loop and a rewriter (the offline one, the LLM's, another
// provider's): what a rewriter is asked, what it may answer, and the failures the loop understands.
// Types only, and RewriteError: a rewriter imports this, never the loop.
import type { TextField } from '../engine/types.js';
import type { CsvPage } from '../sources/csv.js';

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
  /** Why the last candidate was refused, when none passed, and its questions and answers when it had any. */
  rejected?: { failures: string[]; items?: { question: string; answer: string }[] };
  attempts: number;
}

/**
 * A candidate the rewriter refuses itself, with why (an answer cut off at the token limit): the
 * loop records it as refused and asks again with the failures as feedback.
 */
export interface RefusedCandidate {
  refused: string;
  failures: string[];
}

/** A rewriter's answer: a candidate, nothing usable, or a candidate it refuses itself. */
export type Proposal = string | undefined | RefusedCandidate;

/** What the judge (optimize --judge) is asked about one candidate that passed every check. */
export interface JudgeRequest {
  field: TextField | 'faq';
  /** The candidate: the new text, or an FAQ as its review cell reads ("Q: …" / "A: …" lines). */
  proposal: string;
  /** The row as it was before the run (the data the candidate may draw on). */
  page: CsvPage;
  url: string;
  keywords: string[];
}

/** The judge's word on a candidate: only an accepted one is pre-approved. */
export interface Verdict {
  accept: boolean;
  reason: string;
}

/** What a rewriter is told about a product page's FAQ. */
export interface FaqRequest {
  page: CsvPage;
  url: string;
  keywords: string[];
  attempts: number;
  /** The first attempt was made with the row's fields (proposeRowWithFaq) and refused: go on from the second, with why. */
  retry?: { failures: string[]; items?: { question: string; answer: string }[] };
}

/** Proposes new values; the loop, not the rewriter, decides what is kept. */
export interface Rewriter {
  /** Writes an FAQ for a product page (validated by the rewriter's own checks); absent offline. */
  faq?(request: FaqRequest): Promise<FaqOutcome>;
  /** "offline" or the model name, written to the rewritten_by column. */
  name: string;
  /** Asking again gives the same answer (offline): no second attempt after nothing. */
  deterministic?: boolean;
  /**
   * Candidates are a model's free text rather than built from the row's own data (the LLM
   * rewriter): the loop also refuses formulas, links, control characters and figures or names
   * that the row's data does not hold. See contentProblems.
   */
  freeText?: boolean;
  /** The brand the rewriter was told to use ("… | Brand"): part of the data a free-text candidate may draw on. */
  brand?: string;
  propose(request: RewriteRequest): Promise<Proposal>;
  /**
   * The first attempt at several fields of one row, asked at once (one LLM request a row): a
   * proposal for each request, in order. Refused fields are asked again one at a time (propose).
   */
  proposeRow?(requests: RewriteRequest[]): Promise<Proposal[]>;
  /**
   * As proposeRow, with the product's FAQ asked in the same request: its first attempt, checked
   * by the rewriter as faq() checks one. `faq` is undefined when the endpoint could not answer both
   * at once: the loop then asks faq() on its own; a refused one is asked again with faq({ retry }).
   */
  proposeRowWithFaq?(requests: RewriteRequest[], faq: FaqRequest): Promise<{ proposals: Proposal[]; faq?: FaqOutcome }>;
  /**
   * A second opinion on a candidate that passed every check (optimize --judge): fluent, faithful to
   * the page data, answering its question. Throws a RewriteError that stops the run only; any other
   * failure is a verdict that does not accept.
   */
  judge?(request: JudgeRequest): Promise<Verdict>;
}

/** A rewriter's failure the loop understands: the row fails (and keeps its values), or the whole run stops. */
export class RewriteError extends Error {
  constructor(
    message: string,
    readonly stopsRun = false,
    /** The stop needs the user to fix something (the key, the endpoint) before a rerun can go on. */
    readonly needsFix = false,
    /** optimize --batch: the answer is not there yet (its request goes into a batch): the row waits, neither failed nor stopping the run. */
    readonly deferred = false,
  ) {
    super(message);
    this.name = 'RewriteError';
  }
}
