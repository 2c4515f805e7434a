// The review file: the human step between a proposal and an import. One row per proposed change,
// opened in a spreadsheet: the reviewer reads before and after, may edit `after`, and sets
// `approve` to yes or no. `seo-ai apply` then writes only the approved changes into the export.
import { CsvError, readCsv, type CsvFormat } from '../csv/read.js';
import { guard, runsCode, startsLikeFormula, unguard } from '../csv/formula.js';
import { writeCsv } from '../csv/write.js';
import type { CsvTable } from '../csv/read.js';
import type { TextField } from './fields.js';
import { readableFaq } from './faq-cells.js';
import type { OptimizeResult } from './outcome.js';
import type { Verdict } from './rewriter.js';

/** What a review row changes: a text field, or a product's FAQ. */
export type ReviewField = TextField | 'faq';

export const REVIEW_HEADER = ['key', 'line', 'field', 'column', 'before', 'proposed', 'after', 'checks', 'approve'] as const;
export type ReviewColumn = (typeof REVIEW_HEADER)[number];

/** The checks column: "passed", why the proposal was refused, or the plugin variable a person must judge. */
function checksOf(f: OptimizeResult['rows'][number]['fields'][number], variable: string | undefined): string {
  const failures = (f.rejected?.failures ?? []).join('; ');
  if (variable !== undefined) {
    return `uses the SEO plugin variable ${variable}, which seo-ai does not expand: judge the result by hand${f.after === undefined ? `; ${failures}` : ''}`;
  }
  return f.after !== undefined ? CHECKS_PASSED : failures;
}

/**
 * When the export's cell is empty the shop shows a fallback (a Shopify product's Title, a
 * WooCommerce Name), and that is what the rules judged: said, so the reviewer sees it.
 */
function fallbackNote(cell: string, judged: string): string {
  return cell.trim() === '' && judged.trim() !== '' ? ` (the cell is empty: the shop shows "${judged}", which is what was judged)` : '';
}

/** A row the run stopped before finishing: its refused candidate is not the last word. */
const stoppedNote = (outcome: OptimizeResult['rows'][number]): string =>
  outcome.status === 'not_processed' ? `; ${outcome.error ?? 'not processed'} (the row was not finished: the same optimize command again resumes it)` : '';

/** Why a proposal starting like a formula is not approved by default. */
const FORMULA_NOTE = (value: string): string =>
  runsCode(value)
    ? `starts with ${JSON.stringify(value[0])} and calls a function or a link, which a spreadsheet runs as a formula: not approved; apply refuses it until the leading character is removed`
    : `starts with ${JSON.stringify(value[0])}, which a spreadsheet may read as a formula: not approved by default; approve it if it is meant`;

/** A Yoast (%%title%%) or Rank Math (%title%) variable. */
const TEMPLATE = /%%[a-z_]+%%|%[a-z_]+%/i;

/** What the checks column says of a candidate every check passed. */
export const CHECKS_PASSED = 'passed';

export interface ReviewRow {
  /** The export row's key: the URL (generic), the handle (Shopify), id:NN or the SKU (WooCommerce). */
  key: string;
  /** The export's line the row was read from, to find it by eye. */
  line: number;
  field: ReviewField;
  /** The export's column the value goes into. */
  column: string;
  before: string;
  /**
   * What seo-ai proposed: the accepted value, or for a row needing review its last refused
   * candidate. An FAQ is written readable ("Q: …", "A: …" lines); apply writes it in the export's form.
   */
  proposed: string;
  /** What will be written: the proposal unless the reviewer edits it. */
  after: string;
  /** "passed", or why the proposal was refused. */
  checks: string;
  approve: boolean;
  /** optimize --judge: its verdict and reason ("accepted: …", "rejected: …"); the column is written only by a judged run. */
  judge?: string;
  /** The review file's line the row was read from (set by parseReview), for messages. */
  reviewLine?: number;
}

/** Written for spreadsheets: UTF-8 with a BOM (Excel reads it right), CRLF, formula starts neutralised. */
const SPREADSHEET: CsvFormat = { delimiter: ',', newline: '\r\n', bom: true };

/**
 * The proposals of an optimize run as review rows, in row order then field order: an accepted
 * value is approved (its checks passed), the last refused candidate of a row needing review is
 * not. `columnFor` names the export column a field is written into (a Shopify title goes into SEO
 * Title, an FAQ into its metafield); `before` is that cell as the export has it, which is what
 * apply compares with. Fields with no such column, rows without a key, and proposals equal to the
 * cell have no review row.
 */
export function reviewRows(
  result: OptimizeResult,
  table: CsvTable,
  columnFor: (field: ReviewField) => number | undefined,
  keyOf: (row: number) => string | undefined,
  /** Every column an FAQ is written into, and whether it is appended there (a description) rather than written over. */
  faqCells: { columns: readonly number[]; append: boolean } = { columns: [], append: false },
): ReviewRow[] {
  const out: ReviewRow[] = [];
  for (const outcome of [...result.rows].sort((a, b) => a.row - b.row)) {
    const key = keyOf(outcome.row);
    if (key === undefined) continue;
    for (const f of outcome.fields) {
      const column = columnFor(f.field);
      if (column === undefined) continue;
      const proposal = f.after ?? f.rejected?.value;
      const before = table.rows[outcome.row]?.fields[column] ?? '';
      if (proposal === undefined || proposal === before) continue;
      // Yoast and Rank Math titles may hold variables (%%title%% %%sep%%, %title% %sep%) the shop
      // expands: seo-ai judged them as written, so a person must look before it is approved.
      const template = TEMPLATE.exec(proposal) ?? TEMPLATE.exec(before);
      // A value starting like a formula (=, +, -, @, tab, CR) is the shop's data once imported, and
      // runs in the next spreadsheet that opens an export of it: a person decides, never a default.
      const formula = startsLikeFormula(proposal);
      const passed = f.after !== undefined && template === null && !formula;
      out.push({
        key,
        line: outcome.line,
        field: f.field,
        column: table.header[column]!,
        before,
        proposed: proposal,
        after: proposal,
        checks: checksOf(f, template?.[0]) + (formula ? `; ${FORMULA_NOTE(proposal)}` : '') + fallbackNote(before, f.before) + stoppedNote(outcome),
        approve: passed,
        ...(f.judge ? { judge: verdictText(f.judge) } : {}),
      });
    }
    const faq = faqRow(outcome, table, columnFor('faq'), faqCells);
    if (faq) out.push({ key, ...faq });
  }
  return out;
}

/**
 * The row's FAQ as a review row: the FAQ kept (approved), or the last one refused with why (not
 * approved). Its questions and answers are readable in one cell; `before` is the target cell.
 */
function faqRow(outcome: OptimizeResult['rows'][number], table: CsvTable, column: number | undefined, cells: { columns: readonly number[]; append: boolean }): Omit<ReviewRow, 'key'> | undefined {
  const items = outcome.faq?.items ?? outcome.faqRefused;
  if (column === undefined || items === undefined || items.length === 0) return undefined;
  const proposed = readableFaq(items);
  const formula = startsLikeFormula(proposed);
  const fields = table.rows[outcome.row]?.fields ?? [];
  const before = fields[column] ?? '';
  // An FAQ written over a filled cell (a has_faq column said no, or a plain CSV's faq_json is
  // filled where its faq_html is not): a person decides.
  const filled = cells.append ? undefined : [column, ...cells.columns].find((c) => (fields[c] ?? '').trim() !== '');
  const overwrites = filled !== undefined;
  const checks =
    (outcome.faq ? CHECKS_PASSED : (outcome.faqRejected ?? []).join('; ')) +
    (formula ? `; ${FORMULA_NOTE(proposed)}` : '') +
    (overwrites ? `; the ${table.header[filled]} cell is not empty: apply writes this FAQ over what it holds; not approved by default` : '') +
    stoppedNote(outcome);
  return {
    line: outcome.line,
    field: 'faq',
    column: table.header[column]!,
    before,
    proposed,
    after: proposed,
    checks,
    approve: outcome.faq !== undefined && !formula && !overwrites,
    ...(outcome.faqJudge ? { judge: verdictText(outcome.faqJudge) } : {}),
  };
}

/** The judge column's cell. */
const verdictText = (v: Verdict): string => `${v.accept ? 'accepted' : 'rejected'}: ${v.reason}`;

/** The review file; with a `judge` column after `approve` when the run had a judge (`judged`). */
export function formatReview(rows: readonly ReviewRow[], judged = false): string {
  return writeCsv(
    SPREADSHEET,
    [...REVIEW_HEADER, ...(judged ? ['judge'] : [])],
    rows.map((r) => [r.key, String(r.line), r.field, r.column, r.before, r.proposed, r.after, r.checks, r.approve ? 'yes' : 'no', ...(judged ? [r.judge ?? ''] : [])].map(guard)),
  );
}

export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewError';
  }
}

/**
 * Reads a review file back, as the reviewer saved it: any delimiter or encoding a spreadsheet
 * writes, columns found by name, `approve` as yes/no (also y/n, true/false, 1/0, x/empty), and
 * the formula guard undone (a cell written "'=…" reads "=…"). Errors name the file and line.
 */
export function parseReview(bytes: Uint8Array, file: string): ReviewRow[] {
  let table: CsvTable;
  try {
    table = readCsv(bytes, { file });
  } catch (err) {
    if (err instanceof CsvError) throw new ReviewError(err.message);
    throw err;
  }
  const at = new Map(table.header.map((h, i) => [h.trim().toLowerCase(), i]));
  const missing = REVIEW_HEADER.filter((c) => !at.has(c));
  if (missing.length > 0) {
    throw new ReviewError(`${file}:1: not a seo-ai review file: no ${missing.map((c) => `"${c}"`).join(', ')} column; the header must have ${REVIEW_HEADER.join(', ')}`);
  }
  const cell = (fields: string[], c: ReviewColumn): string => unguard(fields[at.get(c)!] ?? '');
  return table.rows.map((row) => {
    const where = `${file}:${row.line}`;
    const field = cell(row.fields, 'field').trim();
    if (field !== 'title' && field !== 'meta' && field !== 'h1' && field !== 'faq') throw new ReviewError(`${where}: field "${field}" is not title, meta, h1 or faq`);
    const approve = cell(row.fields, 'approve').trim().toLowerCase();
    const yes = ['yes', 'y', 'true', '1', 'x'].includes(approve);
    if (!yes && !['no', 'n', 'false', '0', ''].includes(approve)) throw new ReviewError(`${where}: approve is "${approve}"; write yes or no`);
    const line = Number(cell(row.fields, 'line'));
    return {
      key: cell(row.fields, 'key').trim(),
      line: Number.isInteger(line) ? line : 0,
      field,
      column: cell(row.fields, 'column'),
      before: cell(row.fields, 'before'),
      proposed: cell(row.fields, 'proposed'),
      after: cell(row.fields, 'after'),
      checks: cell(row.fields, 'checks'),
      approve: yes,
      ...(at.has('judge') ? { judge: unguard(row.fields[at.get('judge')!] ?? '') } : {}),
      reviewLine: row.line,
    };
  });
}
