// Applying an approved FAQ review row: its readable questions and answers read back, checked again
// when the reviewer edited them (as optimize checked the model's), and written in the export's own
// form: a plain CSV's faq columns, a Shopify FAQ metafield, or appended to a WooCommerce
// description. Pure: apply.ts calls it for each approved `faq` row.
import type { CsvDocument } from '../csv/document.js';
import { profilePage, PROFILE_LABELS, type ProfileFields, type ProfileName } from '../csv/profiles/index.js';
import { faqData, validateFaq } from '../llm/faq.js';
import { keywordsOf, normalisedUrl } from './candidates.js';
import { faqCell, parseReadableFaq, withFaqBlock } from './faq-cells.js';
import { faqTarget, isTarget } from './faq-target.js';
import type { ReviewRow } from './review.js';

/** The cells to set for one approved FAQ, or why it cannot be written. */
export type FaqPlan = { cells: { column: number; value: string }[] } | { problem: string };

export interface FaqApplyContext {
  doc: CsvDocument;
  profile: ProfileName;
  fields: ProfileFields;
  baseUrl?: string;
  keywordsFor?: (url: string) => string[] | undefined;
}

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
  if (review.after !== review.proposed) {
    const failures = editedFaqProblems(parsed.items, row, context);
    if (failures.length > 0) return { problem: `the edited FAQ fails: ${failures.join('; ')}` };
  }
  return {
    cells: target.cells.map(({ column, form }) => ({
      column,
      value: target.append ? withFaqBlock(doc.rows[row]!.fields[column]!, parsed.items) : faqCell(parsed.items, form),
    })),
  };
}

/** The checks optimize made of the model's FAQ, on the reviewer's edit: the same product data, name, keywords and language. */
function editedFaqProblems(items: { question: string; answer: string }[], row: number, context: FaqApplyContext): string[] {
  const { doc, fields } = context;
  const page = profilePage(fields, doc.rows[row]!.fields, doc.rows[row]!.line, context.baseUrl);
  const data = faqData(page);
  const url = normalisedUrl(page.url);
  const keywords = url === undefined ? [] : keywordsOf(page, url, context.keywordsFor);
  const productData = [data.description, data.content].filter((t) => t !== '').join('\n');
  return validateFaq(items, productData, data.productName, keywords, page.lang);
}
