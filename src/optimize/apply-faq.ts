// Applying an approved FAQ review row: its readable questions and answers read back, checked again
// when the reviewer edited them (as optimize checked the model's), and written in the export's own
// form: a plain CSV's faq columns, a Shopify FAQ metafield, or appended to a WooCommerce
// description. Pure: apply.ts calls it for each approved `faq` row.
import type { CsvDocument } from '../csv/document.js';
import type { CsvPage } from '../csv/page.js';
import { profilePage, PROFILE_LABELS, type ProfileFields, type ProfileName } from '../csv/profiles/index.js';
import { keywordsOf, normalisedUrl } from './candidates.js';
import { faqCell, parseReadableFaq, withFaqBlock } from './faq-cells.js';
import { faqTarget, isTarget } from './faq-target.js';
import { rowLanguage } from './quality.js';
import type { ReviewRow } from './review.js';

/** The cells to set for one approved FAQ, or why it cannot be written. */
export type FaqPlan = { cells: { column: number; value: string }[] } | { problem: string };

export interface FaqApplyContext {
  doc: CsvDocument;
  profile: ProfileName;
  fields: ProfileFields;
  baseUrl?: string;
  keywordsFor?: (url: string) => string[] | undefined;
  /** The FAQ checks optimize made of the model's FAQ (the LLM rewriter's: src/llm/faq.ts faqProblems), for an edited FAQ. */
  checkFaq?: FaqCheck;
}

/** Problems with an FAQ for a row ([] when it passes), as optimize judged the model's. */
export type FaqCheck = (items: { question: string; answer: string }[], page: CsvPage, keywords: string[]) => string[];

export function planFaq(review: ReviewRow, row: number, context: FaqApplyContext): FaqPlan {
  const { doc, profile, fields } = context;
  // A WooCommerce review names the Description column only when optimize ran with the flag.
  const description = fields.read.content;
  const inDescription = profile === 'woocommerce' && description !== undefined && review.column === doc.header[description];
  const target = faqTarget(profile, fields, doc.header, { inDescription });
  if (!isTarget(target)) return { problem: `an FAQ cannot be written into this ${PROFILE_LABELS[profile]} export: ${target.reason}` };
  const name = doc.header[target.column]!;
  if (review.column !== name) return { problem: `the review's column is "${review.column}", but the FAQ goes into "${name}" in this export` };
  const current = doc.rows[row]!.fields[target.column]!;
  if (current !== review.before) return { problem: `changed since the review: the export's "${name}" cell is not what the review's before column holds` };
  const parsed = parseReadableFaq(review.after);
  if ('problem' in parsed) return { problem: `after is not an FAQ: ${parsed.problem}` };
  const failures = faqProblemsNow(parsed.items, row, context);
  if (review.after !== review.proposed) {
    if (failures.length > 0) return { problem: `the edited FAQ fails: ${failures.join('; ')}` };
  } else {
    // Unedited, it passed when optimize wrote it: only the product's data can have changed since
    // (keywords optimize was given on its command line are not known here, so they are not held to).
    const stale = failures.filter((f) => STALE.test(f));
    if (stale.length > 0) return { problem: `the product's data changed since the review, and the FAQ no longer fits it: ${stale.join('; ')}; run optimize again on this export` };
  }
  // The section's heading in the row's language, as optimize wrote it.
  const lang = rowLanguage(profilePage(fields, doc.rows[row]!.fields, doc.rows[row]!.line, context.baseUrl));
  return {
    cells: target.cells.map(({ column, form }) => ({
      column,
      value: target.append ? withFaqBlock(doc.rows[row]!.fields[column]!, parsed.items, lang) : faqCell(parsed.items, form, lang),
    })),
  };
}

/** An FAQ check failure that says a fact is not in the product data (see validateFaq). */
const STALE = /^answer \d+ uses facts not in the product data/;

/** The checks optimize made of the model's FAQ, on the row as the export has it now: the same product data, name, keywords and language. */
function faqProblemsNow(items: { question: string; answer: string }[], row: number, context: FaqApplyContext): string[] {
  const { doc, fields } = context;
  if (!context.checkFaq) return ['it cannot be checked here (no FAQ checks were given to apply)'];
  const page = profilePage(fields, doc.rows[row]!.fields, doc.rows[row]!.line, context.baseUrl);
  const url = normalisedUrl(page.url);
  return context.checkFaq(items, page, url === undefined ? [] : keywordsOf(page, url, context.keywordsFor));
}

/**
 * Applies approved FAQ rows to the document: each one's cells set, or the problem that stops the
 * apply. A key's FAQ approved twice is a problem, as for any field (`approvedAt` is shared with them).
 */
export function faqApplier(context: FaqApplyContext, approvedAt: Map<string, number>, reviewFile: string): (review: ReviewRow, row: number, reviewLine: number) => string | undefined {
  return (review, row, reviewLine) => {
    const pair = `${review.key}\u0000faq`;
    const first = approvedAt.get(pair);
    if (first !== undefined) return `approved twice: ${reviewFile}:${first} also approves faq for this key; approve one of them`;
    approvedAt.set(pair, reviewLine);
    const plan = planFaq(review, row, context);
    if ('problem' in plan) return plan.problem;
    try {
      for (const cell of plan.cells) context.doc.set(row, cell.column, cell.value);
    } catch (error) {
      return `cannot be written: ${(error as Error).message}`;
    }
    return undefined;
  };
}
