// Applying a review: the approved changes of a review file written into the export they were
// proposed for, and nothing else. The export is re-imported by a shop, so a review that no longer
// matches it (a key gone or repeated, a cell changed since, a column renamed) or an edited value
// that breaks the rules refuses the whole apply, listing every problem at once: a user fixing them
// one run at a time would re-run for each, and a half-applied review is worse than none.
//
// Pure: the CLI reads the two files and writes the bytes returned.
import { rules as registry } from '../../rules/index.js';
import { parseCsvDocument, type CsvDocument } from '../csv/document.js';
import { runsCode } from '../csv/formula.js';
import { CsvError } from '../csv/read.js';
import { checkProfile, CsvProfileError, detectProfile, fieldsOf, productRows, profilePage, PROFILE_LABELS, rowKey, type ProfileFields, type ProfileName } from '../csv/profiles/index.js';
import { resolveRules, type Config } from '../engine/config.js';
import { PageChecker } from '../engine/run.js';
import { csvLacks, type CsvPage } from '../sources/csv.js';
import { rulesLacking } from '../engine/applicability.js';
import type { ReviewRow } from './review.js';
import { faqApplier, type FaqCheck } from './apply-faq.js';
import { fieldRules, TEXT_FIELDS } from './fields.js';
import { duplicateKey, normalisedUrl, validate, type InUse, type ValidationContext } from './candidates.js';
import type { TextField } from './fields.js';

export interface ApplyOptions {
  review: ReviewRow[];
  /** Names the review file in problems. */
  reviewFile: string;
  exportBytes: Uint8Array;
  /** As optimize --skip-bad-rows: malformed export rows are kept as they are instead of refusing the file. */
  skipBadRows?: boolean;
  /** Names the export in problems. */
  exportFile: string;
  /** The export's profile as --profile gives it; detected from the header when absent. */
  profile?: ProfileName;
  /** The shop's URL: Shopify and WooCommerce rows need it for an edited value's checks. */
  baseUrl?: string;
  ruleSettings?: Config['rules'];
  keywordsFor?: (url: string) => string[] | undefined;
  /** How an edited FAQ is checked (src/llm/faq.ts faqProblems, as optimize checked the model's); without it an edited FAQ is refused. */
  checkFaq?: FaqCheck;
}

export interface ApplyResult {
  /** The export with the approved values written: only their cells differ from the input. */
  bytes: Uint8Array;
  /** The approved rows, all written. */
  applied: ReviewRow[];
  /** The rows with approve=no, not written. */
  rejected: ReviewRow[];
  /** The approved rows whose `after` the reviewer edited (after !== proposed): re-checked, then written. */
  edited: ReviewRow[];
  profile: ProfileName;
}

/** A problem with one review row, and the review file's line it is on. */
interface Problem {
  reviewLine: number;
  text: string;
}

/** Why nothing was written: every problem, one a line, in review-file order. */
export class ApplyError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ApplyError';
  }
}

const FIELD_COLUMN: Record<TextField, 'title' | 'meta_description' | 'h1'> = { title: 'title', meta: 'meta_description', h1: 'h1' };

/** An approved row that passed its checks, written provisionally (set) until the rest is checked. */
interface Planned {
  /** A title, description or H1 (an FAQ is planned by apply-faq.ts). */
  review: ReviewRow & { field: TextField };
  /** Where the row is named in problems: `review.csv:N: key (field)`. */
  label: string;
  /** The review file's line it is on (problems are listed in this order). */
  reviewLine: number;
  row: number;
  column: number;
}

export function applyReview(options: ApplyOptions): ApplyResult {
  const { review, reviewFile, exportFile } = options;
  const doc = readExport(options.exportBytes, exportFile, options.skipBadRows === true);
  const profile = exportProfile(doc, options.profile, exportFile);
  const fields = fieldsOf(profile, doc.header);
  if (fields.readOnly !== undefined) throw new ApplyError([`${exportFile}: ${PROFILE_LABELS[profile]}: ${fields.readOnly}`]);
  const rowsByKey = keyedRows(doc, profile, fields, exportFile);

  const problems: Problem[] = [];
  const planned: Planned[] = [];
  /** The first approval of each key and field, by its review line. */
  const approvedAt = new Map<string, number>();
  const faqs: ReviewRow[] = [];
  const { baseUrl, keywordsFor, checkFaq } = options;
  const applyFaq = faqApplier({ doc, profile, fields, ...(baseUrl !== undefined ? { baseUrl } : {}), ...(keywordsFor ? { keywordsFor } : {}), ...(checkFaq ? { checkFaq } : {}) }, approvedAt, reviewFile);
  /** An approved FAQ: its cells set now, in the export's form (see apply-faq.ts). */
  const planFaqRow = (r: ReviewRow, row: number, label: string, reviewLine: number): void => {
    const problem = applyFaq(r, row, reviewLine);
    if (problem === undefined) faqs.push(r);
    else problems.push({ reviewLine, text: `${label}: ${problem}` });
  };
  review.forEach((r, i) => {
    // The review file's own line (parseReview keeps it); a hand-built row is on line i + 2.
    const reviewLine = r.reviewLine ?? i + 2;
    const label = `${reviewFile}:${reviewLine}: ${r.key === '' ? '(empty key)' : r.key} (${r.field})`;
    const problem = (text: string): void => void problems.push({ reviewLine, text: `${label}: ${text}` });
    const all = rowsByKey.get(r.key) ?? [];
    // A key on several rows (a CSV listing one URL twice) is told apart by the review's line,
    // which optimize wrote from the export: only a line that names none of them is ambiguous.
    const found = all.length > 1 && all.some((f) => doc.rows[f]!.line === r.line) ? all.filter((f) => doc.rows[f]!.line === r.line) : all;
    // Checked for every row, approved or not: the review must match the export as a whole.
    if (found.length === 0) return problem('key not in the export');
    if (found.length > 1) return problem(`the key is on ${found.length} rows of the export (lines ${found.map((f) => doc.rows[f]!.line).join(', ')}); which one to change is ambiguous`);
    if (!r.approve) return;
    const row = found[0]!;
    if (r.field === 'faq') return planFaqRow(r, row, label, reviewLine);
    const column = fields.writableFields[r.field];
    if (column === undefined) return problem(`${r.field} cannot be written into a ${PROFILE_LABELS[profile]} export: ${fields.notWritable[r.field] ?? 'it has no column for it'}`);
    const name = doc.header[column]!;
    if (r.column !== name) return problem(`the review's column is "${r.column}", but ${r.field} goes into "${name}" in this export`);
    const pair = `${r.key}\u0000${r.field}`;
    const first = approvedAt.get(pair);
    if (first !== undefined) return problem(`approved twice: ${reviewFile}:${first} also approves ${r.field} for this key; approve one of them`);
    approvedAt.set(pair, reviewLine);
    const current = doc.rows[row]!.fields[column]!;
    if (current !== r.before) return problem(`changed since the review: the export now has "${current}"`);
    if (r.after.trim() === '') return problem('after is empty: write the value, or set approve to no');
    // Not prefixed with "'" (the shop would show the "'" on the page), not written as it is (the
    // shop's next export carries a formula into every spreadsheet that opens it): refused. What
    // only starts like a formula ("-20% auf alles") was approved by a person, and is written.
    if (runsCode(r.after)) {
      return problem(`after starts with ${JSON.stringify(r.after[0])} and calls a function or a link, which a spreadsheet runs as a formula: remove the leading character, or set approve to no`);
    }
    try {
      doc.set(row, column, r.after);
    } catch (error) {
      // The document refuses what its encoding cannot hold (a windows-1252 file and an emoji).
      return problem(`cannot be written: ${(error as Error).message}`);
    }
    planned.push({ review: { ...r, field: r.field }, label, reviewLine, row, column });
  });

  const edited = planned.filter((p) => p.review.after !== p.review.proposed);
  if (edited.length > 0) problems.push(...recheck(edited, doc, profile, fields, rowsByKey, options));
  // In review-file order, whichever check found them: the reviewer fixes them in one pass.
  if (problems.length > 0) throw new ApplyError(problems.sort((a, b) => a.reviewLine - b.reviewLine).map((p) => p.text));
  return {
    bytes: doc.toBytes(),
    applied: [...planned.map((p) => p.review), ...faqs].sort((a, b) => (a.reviewLine ?? 0) - (b.reviewLine ?? 0)),
    rejected: review.filter((r) => !r.approve),
    edited: [...edited.map((p) => p.review), ...faqs.filter((r) => r.after !== r.proposed)].sort((a, b) => (a.reviewLine ?? 0) - (b.reviewLine ?? 0)),
    profile,
  };
}

function readExport(bytes: Uint8Array, file: string, skipBadRows: boolean): CsvDocument {
  try {
    // Skipped rows stay in the file as they are, byte for byte; only good rows can be changed.
    return parseCsvDocument(bytes, { file, ...(skipBadRows ? { skipBadRows: true } : {}) });
  } catch (error) {
    if (error instanceof CsvError) throw new ApplyError([error.message]);
    throw error;
  }
}

/** The profile given (checked against the header) or detected; a generic CSV must have its url column, the key. */
function exportProfile(doc: CsvDocument, given: ProfileName | undefined, file: string): ProfileName {
  const headerLine = doc.preamble ? doc.preamble.line + 1 : 1;
  if (given !== undefined) {
    try {
      checkProfile(given, doc.header, { file, headerLine });
    } catch (error) {
      if (error instanceof CsvProfileError) throw new ApplyError([error.message]);
      throw error;
    }
    return given;
  }
  const profile = detectProfile(doc.header).profile;
  if (profile === 'generic' && fieldsOf(profile, doc.header).key.column === undefined) {
    throw new ApplyError([`${file}:${headerLine}: no url column (url, address, page url, permalink…): a generic CSV's rows are matched to the review by their URL`]);
  }
  return profile;
}

/**
 * The export's rows by key, as the review names them. Shopify and WooCommerce: one row per
 * product (variants, images and variations are not pages); a file productRows finds ambiguous
 * (a handle out of order, an ID twice) is refused. Generic: every row, so a URL on two rows is
 * seen as ambiguous rather than silently written into the first.
 */
function keyedRows(doc: CsvDocument, profile: ProfileName, fields: ProfileFields, file: string): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  const add = (key: string | undefined, row: number): void => {
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), row]);
  };
  if (profile === 'generic') {
    doc.rows.forEach((row, i) => add(rowKey(fields, row.fields), i));
    return byKey;
  }
  let products;
  try {
    products = productRows(profile, doc.header, doc.rows.map((r) => r.fields), { file, lines: doc.rows.map((r) => r.line) }).products;
  } catch (error) {
    if (error instanceof CsvProfileError) throw new ApplyError([error.message]);
    throw error;
  }
  for (const p of products) add(p.key, p.row);
  return byKey;
}

/**
 * The edited values, checked as optimize checks a candidate: the same rules (the CSV's
 * inapplicable ones off), on the row as the shop shows it, and unique across the export as it
 * will be, with every other approved value in place.
 */
function recheck(edited: readonly Planned[], doc: CsvDocument, profile: ProfileName, fields: ProfileFields, rowsByKey: Map<string, number[]>, options: ApplyOptions): Problem[] {
  const read = { ...fields.read, ...(fields.read.url === undefined && fields.key.column !== undefined ? { url: fields.key.column } : {}) };
  const off = Object.fromEntries(rulesLacking(registry, csvLacks(read), false).map((n) => [n.rule, 'off' as const]));
  const resolved = resolveRules(registry, { ...options.ruleSettings, ...off });
  const checker = new PageChecker({ rules: resolved, http: false });
  const rulesOn = new Set(resolved.map((r) => r.rule.id));

  // doc.rows already hold every approved value: the export as apply will write it.
  const pageOf = (row: number, cells: readonly string[]): CsvPage => profilePage(fields, cells, doc.rows[row]!.line, options.baseUrl);
  const inUse: InUse = { title: new Map(), meta: new Map(), h1: new Map() };
  const pageRows = [...new Set([...rowsByKey.values()].flat())];
  for (const row of pageRows) {
    const page = pageOf(row, doc.rows[row]!.fields);
    for (const field of TEXT_FIELDS) count(inUse[field], page[FIELD_COLUMN[field]], 1);
  }
  const context: ValidationContext = { keywordsFor: options.keywordsFor, checker, rulesOn, inUse, fields: fieldRules(options.ruleSettings) };

  const problems: Problem[] = [];
  for (const p of edited) {
    const { field, before, after } = p.review;
    // The row as it was for this field (the other approved fields in place), as validate expects.
    const cells = [...doc.rows[p.row]!.fields];
    cells[p.column] = before;
    const page = pageOf(p.row, cells);
    const url = normalisedUrl(page.url);
    if (url === undefined) {
      const hint = profile === 'generic' ? `the url cell is "${page.url}"` : "pass --base-url with the shop's address";
      problems.push({ reviewLine: p.reviewLine, text: `${p.label}: the edited value cannot be checked: the row has no page URL (${hint})` });
      continue;
    }
    // The value counts as this row's own while it is checked, not as another page's.
    const shown = page[FIELD_COLUMN[field]];
    count(inUse[field], after, -1);
    count(inUse[field], shown, 1);
    const failures = validate(field, after, page, url, context);
    count(inUse[field], shown, -1);
    count(inUse[field], after, 1);
    if (failures.length > 0) problems.push({ reviewLine: p.reviewLine, text: `${p.label}: the edited value fails: ${failures.join('; ')}` });
  }
  return problems;
}

function count(map: Map<string, number>, value: string, by: number): void {
  const key = duplicateKey(value);
  if (key !== '') map.set(key, (map.get(key) ?? 0) + by);
}
