// CSV reports for spreadsheets: every finding (one row each), and an issues overview in the shape
// of Screaming Frog's "Issues" export (one row per rule), which SEO teams already know how to read.
//
// Both are written for Excel first: comma-separated, CRLF line ends and RFC 4180 quoting (all by
// writeCsv), and UTF-8 with a byte order mark, without which Excel reads UTF-8 as the local ANSI
// code page and turns every "é" or "–" in a title into mojibake. Cells are guarded against
// formula injection, since the text comes from the audited pages, which anyone can write.
import { guard } from '../csv/formula.js';
import { writeCsv } from '../csv/write.js';
import type { CsvFormat } from '../csv/read.js';
import { SEVERITIES, type Category, type Severity } from '../engine/types.js';
import { cmp } from '../gate/snapshot.js';
import type { JsonReport } from './json.js';
import { findingStatuses, fixedFindings } from './junit.js';
import { ruleInfo } from './rule-info.js';

const EXCEL: CsvFormat = { delimiter: ',', newline: '\r\n', bom: true };

export const FINDINGS_HEADER = ['URL', 'Origin', 'Score', 'Rule', 'Category', 'Severity', 'Message', 'Value', 'Expected', 'Element', 'Fix', 'Fingerprint'] as const;
export const ISSUES_HEADER = ['Issue Name', 'Issue Type', 'Issue Priority', 'URLs', '% of Total', 'Description', 'How To Fix'] as const;

/**
 * One row per finding, pages in report order. With a comparison a Status column says whether
 * each finding is new or unchanged, and the findings a kept page no longer has follow its own as
 * "fixed" rows (with what the comparison knows of them: a baseline file keeps no message).
 */
export function formatFindingsCsv(report: JsonReport): string {
  const statuses = findingStatuses(report);
  const fixedByUrl = fixedFindings(report);
  // The config's extraction, when it has one: a column per name on each of the page's rows, values joined by " | ".
  const names = extractNames(report);
  const header: string[] = [...FINDINGS_HEADER, ...(statuses ? ['Status'] : []), ...names];
  const rows: string[][] = [];
  report.pages.forEach((page, i) => {
    const at = [page.url, page.origin ?? '', String(page.score)];
    const extracted = names.map((name) => (page.extracted?.[name] ?? []).join(' | '));
    page.findings.forEach((f, j) => {
      const category = ruleInfo(report, f.rule, { severity: f.severity }).category;
      const row = [...at, f.rule, category, f.severity, f.message, f.value ?? '', f.expected ?? '', f.element ?? '', f.fix, f.fingerprint];
      rows.push([...(statuses ? [...row, statuses[i]?.[j] ?? 'new'] : row), ...extracted]);
    });
    if (!statuses) return;
    for (const f of fixedByUrl.get(page.url) ?? []) {
      const category = ruleInfo(report, f.rule, { severity: f.severity }).category;
      rows.push([...at, f.rule, category, f.severity, f.message ?? '', '', '', f.element ?? '', '', f.fingerprint, 'fixed', ...extracted]);
    }
  });
  return writeCsv(EXCEL, header, rows.map((row) => row.map(guard)));
}

/** Every name the config extracts, in the order the pages first have them. */
function extractNames(report: JsonReport): string[] {
  const names = new Set<string>();
  for (const page of report.pages) for (const name of Object.keys(page.extracted ?? {})) names.add(name);
  return [...names];
}

/**
 * One row per page with what the config's `extract` found, in the columns of Screaming Frog's
 * custom extraction export: Address, then "name 1", "name 2"… for as many values as a page has
 * (just "name" when no page has more than one).
 */
export function formatExtractCsv(report: JsonReport): string {
  const names = extractNames(report);
  const widths = names.map((name) => Math.max(1, ...report.pages.map((p) => p.extracted?.[name]?.length ?? 0)));
  const header = ['Address', 'Score', ...names.flatMap((name, i) => (widths[i] === 1 ? [name] : Array.from({ length: widths[i]! }, (_, k) => `${name} ${k + 1}`)))];
  const rows = report.pages.map((page) => [page.url, String(page.score), ...names.flatMap((name, i) => Array.from({ length: widths[i]! }, (_, k) => page.extracted?.[name]?.[k] ?? ''))]);
  return writeCsv(EXCEL, header, rows.map((row) => row.map(guard)));
}

/**
 * One row per rule with findings, the way Screaming Frog lists issues: a readable name (see
 * issueName), type and priority from the severity the run gave the rule, how many pages have it
 * and what share of all pages that is, and the rule's docs. High priority first, then the rules
 * on most pages, then by name.
 */
export function formatIssuesCsv(report: JsonReport): string {
  const total = report.pages.length;
  const byRule = new Map<string, { severity: Severity; pages: number; message: string; fix: string }>();
  for (const page of report.pages) {
    const seen = new Set<string>();
    for (const f of page.findings) {
      const r = byRule.get(f.rule) ?? { severity: f.severity, pages: 0, message: f.message, fix: f.fix };
      if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(r.severity)) r.severity = f.severity;
      if (!seen.has(f.rule)) r.pages++;
      seen.add(f.rule);
      byRule.set(f.rule, r);
    }
  }
  const issues = [...byRule].map(([rule, r]) => {
    // A rule this version does not know is described by one of its findings, as ruleInfo does everywhere.
    const info = ruleInfo(report, rule, { severity: r.severity, message: r.message, fix: r.fix });
    return { name: issueName(rule, info.category), severity: r.severity, pages: r.pages, description: info.description, fix: info.fix };
  });
  issues.sort((a, b) => PRIORITY_RANK[PRIORITY[a.severity]] - PRIORITY_RANK[PRIORITY[b.severity]] || b.pages - a.pages || cmp(a.name, b.name));
  const rows = issues.map((x) => [x.name, ISSUE_TYPE[x.severity], PRIORITY[x.severity], String(x.pages), percent(x.pages, total), x.description, x.fix]);
  return writeCsv(EXCEL, [...ISSUES_HEADER], rows.map((row) => row.map(guard)));
}

/** Screaming Frog's three kinds: things to fix, things to look at, and chances to do better. */
const ISSUE_TYPE: Record<Severity, string> = { critical: 'Issue', high: 'Issue', medium: 'Warning', low: 'Opportunity' };
const PRIORITY: Record<Severity, 'High' | 'Medium' | 'Low'> = { critical: 'High', high: 'High', medium: 'Medium', low: 'Low' };
const PRIORITY_RANK = { High: 0, Medium: 1, Low: 2 } as const;

/** `part` as a percentage of `total` with two decimals ("4.44"), rounded half up in integers so no float prints as 4.439999. */
export function percent(part: number, total: number): string {
  if (total === 0) return '0.00';
  const hundredths = Math.round((part * 10000) / total);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

const CATEGORY_NAMES: Record<Category | 'other', string> = {
  title: 'Title',
  meta: 'Meta',
  headings: 'Headings',
  content: 'Content',
  images: 'Images',
  links: 'Links',
  indexing: 'Indexing',
  i18n: 'International',
  'structured-data': 'Structured Data',
  social: 'Social',
  mobile: 'Mobile',
  web: 'Web',
  url: 'URL',
  custom: 'Custom',
  other: 'Other',
};

/** Words written as people write them rather than capitalised. */
const WORDS: Record<string, string> = { h1: 'H1', og: 'Open Graph', html: 'HTML', http: 'HTTP', url: 'URL' };
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to']);

/**
 * A readable issue name in Screaming Frog's "Subject: Problem" style, derived from the rule id so
 * a new rule needs no entry: the category's name, then the id's words without the category they
 * repeat, title-cased ("title-too-long" → "Title: Too Long", "title-same-as-h1" → "Title: Same as
 * H1", "heading-level-skipped" → "Headings: Level Skipped", "robots-txt-invalid" → "Web: robots.txt Invalid").
 */
export function issueName(rule: string, category: Category | 'other'): string {
  const subject = CATEGORY_NAMES[category] ?? category;
  let words = rule.split('-').filter((w) => w !== '');
  const own = category.split('-');
  const singular = category.replace(/s$/, '');
  if (words.length > own.length && own.every((w, i) => words[i] === w)) words = words.slice(own.length);
  else if (words.length > 1 && words[0] === singular) words = words.slice(1);
  const shown: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // File names keep their dot and case: "robots-txt" is robots.txt.
    if (words[i + 1] === 'txt') {
      shown.push(`${w}.txt`);
      i++;
    } else if (WORDS[w] !== undefined) shown.push(WORDS[w]);
    else if (SMALL_WORDS.has(w) && shown.length > 0) shown.push(w);
    else shown.push(w.charAt(0).toUpperCase() + w.slice(1));
  }
  return `${subject}: ${shown.join(' ')}`;
}
