// How a candidate is judged: the field's rules on the row's trial page (its head and H1s) with the
// candidate in place, uniqueness against every other row's value, and for a model's free text, no
// formula, link, invisible character or fact the row's data does not hold.
import type { PageChecker } from '../engine/run.js';
import { FORMULA_START } from '../csv/formula.js';
import { collapse, extractPage } from '../page/extract.js';
import { escapeHtml, plainText } from '../page/html-text.js';
import type { Page } from '../page/types.js';
import { contentCell, rowHtml, rowInput, type CsvPage } from '../sources/csv.js';
import type { FieldRules, TextField } from './fields.js';
import { groundingProblems, groundsOf, type Grounds } from './grounding.js';
import type { RowOutcome } from './outcome.js';
import { qualityGroundsOf, qualityProblems } from './quality.js';

/** Where each field's value is in a row. */
export const FIELD_COLUMN: Record<TextField, 'title' | 'meta_description' | 'h1'> = { title: 'title', meta: 'meta_description', h1: 'h1' };

/** Titles, descriptions and H1s in use across the run, by duplicateKey, with how many rows use each. */
export type InUse = Record<TextField, Map<string, number>>;

type KeywordsFor = ((url: string) => string[] | undefined) | undefined;

/** A row as a small page: its head and H1s as written, no other content (what the head rules read of it). */
export function trialPage(page: CsvPage, url: string, keywordsFor: KeywordsFor): Page {
  return extractPage(rowInput({ ...page, content: contentH1s(page), product_description: '' }, url, '', keywordsFor));
}

/** The rule ids failing on a page, once each, in finding order. */
export { issues } from './outcome.js';

export function keywordsOf(page: CsvPage, url: string, keywordsFor: KeywordsFor): string[] {
  return rowInput(page, url, '', keywordsFor).keywords ?? [];
}

/** The row's URL as the CSV source reads it; undefined for what it refuses (relative, not http(s)). */
export function normalisedUrl(cell: string): string | undefined {
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

export function count(map: Map<string, number>, value: string, by: number): void {
  const key = duplicateKey(value);
  if (key !== '') map.set(key, (map.get(key) ?? 0) + by);
}

/** A row's accepted values go back to the run: it failed or was not finished, and keeps its originals. */
export function giveBack(inUse: InUse, page: CsvPage, outcome: RowOutcome, release = true): void {
  for (const f of outcome.fields) {
    if (f.after !== undefined) {
      page[FIELD_COLUMN[f.field]] = f.before;
      if (release) {
        count(inUse[f.field], f.after, -1);
        count(inUse[f.field], f.before, 1);
      }
    }
    delete f.after;
  }
  delete outcome.faq;
}

/** The row's own data as its prompts show it: what a free-text candidate may draw its facts from. */
export function rowData(page: CsvPage, keywords: string[], brand: string | undefined): string {
  return [page.title, page.meta_description, page.h1, page.product_name, plainText(page.content), plainText(page.product_description), ...keywords, brand ?? ''].join('\n');
}

/** What a model's free text for a row is checked against: the row's figures and names, its words and its language. */
export function freeTextGrounds(data: string, lang?: string): Grounds {
  return { ...groundsOf(data), quality: qualityGroundsOf(data, lang) };
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
  keywordsFor: KeywordsFor;
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
  if (grounds) failures.push(...contentProblems(candidate, grounds), ...(grounds.quality ? qualityProblems(field, candidate, grounds.quality) : []));
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

