// Results back in the user's own CSV format (same delimiter, line endings, BOM and columns, plus
// ours), and the before/after review report.
import type { CsvTable } from '../csv/read.js';
import { guard } from '../csv/formula.js';
import { csvChunks } from '../csv/write.js';
import { measure, skippedRows } from './report-common.js';
import { notProcessed, type OptimizeResult, type ReportResult, type RowOutcome } from './outcome.js';

/**
 * Columns added to the user's. Replaced in place when the input has every one of them (a rerun on
 * our own output); when the input has only some (a user's own `status` column), ours are named
 * with PREFIX instead, so no user column is ever overwritten.
 */
export const OUTPUT_COLUMNS = [
  'new_title',
  'new_meta_description',
  'new_h1',
  'faq_json',
  'faq_jsonld',
  'faq_html',
  'status',
  'score_before',
  'score_after',
  'issues_before',
  'issues_after',
  'rewritten_by',
] as const;
type OutputColumn = (typeof OUTPUT_COLUMNS)[number];
export const PREFIX = 'seo_ai_';

const FIELD_COLUMN = { title: 'new_title', meta: 'new_meta_description', h1: 'new_h1' } as const;

/** A header name as the CSV source matches names: trimmed, any case. */
const headerKey = (name: string): string => name.trim().toLowerCase();

/**
 * Our columns' names for this input header: the plain names, else with PREFIX (then
 * seo_ai_2_, seo_ai_3_, … should even those be taken). A set is reused in place when the header
 * has all of it (our own output, read back), and taken as new when none of its names is there.
 */
export function outputColumnNames(header: readonly string[]): Record<OutputColumn, string> {
  const taken = new Set(header.map(headerKey));
  for (let n = 0; ; n++) {
    const prefix = n === 0 ? '' : n === 1 ? PREFIX : `${PREFIX}${n}_`;
    const names = OUTPUT_COLUMNS.map((c) => `${prefix}${c}`);
    const ours = names.every((name) => header.includes(name));
    if (ours || names.every((name) => !taken.has(headerKey(name)))) return Object.fromEntries(OUTPUT_COLUMNS.map((c, i) => [c, names[i]!])) as Record<OutputColumn, string>;
  }
}

/** The input table with our columns filled for every row, in the input's format, in pieces (a 400 MB export is not held twice). */
export function optimizedCsv(table: CsvTable, result: OptimizeResult): Iterable<string> {
  const header = [...table.header];
  const names = outputColumnNames(header);
  const at = new Map<OutputColumn, number>();
  for (const column of OUTPUT_COLUMNS) {
    let i = header.indexOf(names[column]);
    if (i === -1) i = header.push(names[column]) - 1;
    at.set(column, i);
  }
  const byRow = new Map(result.rows.map((r) => [r.row, r]));
  const filled = (row: CsvTable['rows'][number], i: number): string[] => {
    const fields = [...row.fields];
    while (fields.length < header.length) fields.push('');
    const outcome = byRow.get(i);
    const values = outcome ? columnValues(outcome, result.rewriter) : {};
    // The user's own cells stay byte for byte; ours carry page text, keywords and model answers,
    // so each is guarded against formula injection (a "'" before "=HYPERLINK(…)").
    for (const column of OUTPUT_COLUMNS) fields[at.get(column)!] = guard(values[column] ?? '');
    return fields;
  };
  const rows = (function* () {
    for (const [i, row] of table.rows.entries()) yield filled(row, i);
  })();
  // A windows-1252 export comes back as UTF-8 (new values may hold any character): with a BOM,
  // so a spreadsheet reads it as UTF-8 rather than in its local code page.
  const format = table.format.encoding === 'windows-1252' ? { ...table.format, bom: true } : table.format;
  return csvChunks(format, header, rows);
}

function columnValues(r: RowOutcome, rewriter: string): Partial<Record<OutputColumn, string>> {
  const out: Partial<Record<OutputColumn, string>> = { status: r.status, issues_before: r.issuesBefore.join('; '), issues_after: r.issuesAfter.join('; ') };
  if (r.scoreBefore !== undefined) out.score_before = String(r.scoreBefore);
  if (r.scoreAfter !== undefined) out.score_after = String(r.scoreAfter);
  if (r.status === 'failed' && r.error) out.issues_before = r.error;
  for (const f of r.fields) if (f.after !== undefined) out[FIELD_COLUMN[f.field]] = f.after;
  if (r.faq) {
    out.faq_json = JSON.stringify(r.faq.items);
    out.faq_jsonld = r.faq.jsonld;
    out.faq_html = r.faq.html;
  }
  if (r.faq || r.fields.some((f) => f.after !== undefined)) out.rewritten_by = rewriter;
  return out;
}

export interface RunSummary {
  rows: number;
  ok: number;
  unchanged: number;
  /** Rows the run stopped before finishing (status not_processed): they keep their values. */
  notProcessed: number;
  needsReview: number;
  failed: number;
  fieldsRewritten: number;
  fieldsRefused: number;
  /** Product FAQs kept, and those asked for whose every candidate was refused. */
  faqsWritten: number;
  faqsRefused: number;
  issuesBefore: number;
  issuesAfter: number;
  scoreBefore: number;
  scoreAfter: number;
  wallSeconds: number;
}

export function summarise(result: OptimizeResult, wallSeconds: number): RunSummary {
  const rows = result.rows;
  const by = (s: RowOutcome['status']): number => rows.filter((r) => r.status === s).length;
  // A row the run stopped before was not refused anything: its fields count neither way.
  const fields = rows.filter((r) => !notProcessed(r)).flatMap((r) => r.fields);
  return {
    rows: rows.length,
    ok: by('ok'),
    unchanged: by('unchanged'),
    notProcessed: by('not_processed'),
    needsReview: by('needs_review'),
    failed: by('failed'),
    fieldsRewritten: fields.filter((f) => f.after !== undefined).length,
    fieldsRefused: fields.filter((f) => f.after === undefined).length,
    faqsWritten: rows.filter((r) => r.faq !== undefined).length,
    faqsRefused: rows.filter((r) => !notProcessed(r) && r.faq === undefined && r.faqRejected !== undefined).length,
    issuesBefore: rows.reduce((n, r) => n + r.issuesBefore.length * (r.status === 'failed' ? 0 : 1), 0),
    issuesAfter: rows.reduce((n, r) => n + r.issuesAfter.length, 0),
    scoreBefore: result.before.summary.score,
    scoreAfter: result.after.summary.score,
    wallSeconds,
  };
}

const pct = (a: number, b: number): string => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
/**
 * Page text and model answers as Markdown text, shown as written and never as markup: a refused
 * answer holding "<img src=x onerror=…>" or "![](https://tracker.example/p.png)" would otherwise
 * render in a Markdown preview (a code host, an editor) as the element or image it spells.
 * HTML's special characters become entities; what opens a link, an image, code or emphasis, and
 * the table's "|", is backslash-escaped.
 */
const md = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|]/g, '\\$&')
    .replace(/\r?\n/g, ' ');

/** The review report as Markdown: the run's summary, then each changed or refused field, before and after. */
/** What the LLM requests of a run came to (absent offline). */
export interface LlmUsage {
  requests: number;
  rateLimited: number;
  tokens: { prompt: number; completion: number };
  costUsd: number;
  /** Answers read from the checkpoint instead of asked for. */
  cached: number;
  /** The price the cost was computed with, or why there is none. */
  priced: string;
  /** --judge's share of the above (its model may be priced apart). */
  judge?: { model: string; requests: number; tokens: { prompt: number; completion: number }; costUsd: number };
  /** optimize --batch: the share of the above answered by batches, over every round of the run, at batch prices, and what it would have cost sent one by one. */
  batch?: { batches: number; requests: number; tokens: { prompt: number; completion: number }; costUsd: number; syncCostUsd: number };
}

export function usageLine(u: LlmUsage): string {
  return `${u.requests} requests (${u.rateLimited} answered 429), ${u.cached} answers from the checkpoint, ${u.tokens.prompt} prompt + ${u.tokens.completion} completion tokens, $${u.costUsd.toFixed(4)} (${u.priced})${u.batch ? `; of which by batch: ${batchLine(u.batch)}` : ''}${u.judge ? `; of which the judge: ${judgeLine(u.judge)}` : ''}`;
}

/** The batches' share of a run's requests, tokens and cost, and what it would have cost sent one by one. */
export function batchLine(b: NonNullable<LlmUsage['batch']>): string {
  return `${b.requests} requests in ${b.batches} batch${b.batches === 1 ? '' : 'es'}, ${b.tokens.prompt} prompt + ${b.tokens.completion} completion tokens, $${b.costUsd.toFixed(4)} at batch prices ($${b.syncCostUsd.toFixed(4)} sent one by one)`;
}

/** The judge's share of a run's requests, tokens and cost. */
export function judgeLine(j: NonNullable<LlmUsage['judge']>): string {
  return `${j.requests} requests to ${j.model}, ${j.tokens.prompt} prompt + ${j.tokens.completion} completion tokens, $${j.costUsd.toFixed(4)}`;
}

export function optimizeMarkdown(result: ReportResult, summary: RunSummary, input: string, usage?: LlmUsage): string {
  return `${optimizeMarkdownLines(result, summary, input, usage).join('\n')}\n`;
}

/** The Markdown report's lines (each ends with a line break): joined in pieces, a report of any size is written without one string of it all. */
export function optimizeMarkdownLines(result: ReportResult, summary: RunSummary, input: string, usage?: LlmUsage): string[] {
  const lines: string[] = [];
  const label = result.rewriter === 'offline' ? 'offline: deterministic non-AI fixes (trimmed at word boundaries, descriptions from the opening sentences)' : `model ${result.rewriter}`;
  lines.push(`# seo-ai optimize: ${md(input)}`, '', `Rewriter: ${label}.`, '');
  lines.push('| | |', '|---|---|');
  lines.push(`| rows | ${summary.rows} (ok ${summary.ok}, unchanged ${summary.unchanged}, needs review ${summary.needsReview}, failed ${summary.failed}${summary.notProcessed > 0 ? `, not processed ${summary.notProcessed}` : ''}) |`);
  if (summary.notProcessed > 0) lines.push(`| not processed | ${summary.notProcessed} (the run stopped before them; listed below; the same command again resumes) |`);
  lines.push(`| fields rewritten | ${summary.fieldsRewritten} (refused after every attempt: ${summary.fieldsRefused}) |`);
  lines.push(`| success rate | ${pct(summary.fieldsRewritten, summary.fieldsRewritten + summary.fieldsRefused)} of planned rewrites |`);
  if (summary.faqsWritten + summary.faqsRefused > 0) lines.push(`| FAQs written | ${summary.faqsWritten} (refused after every attempt: ${summary.faqsRefused}) |`);
  lines.push(`| issues | ${summary.issuesBefore} before, ${summary.issuesAfter} after (${summary.issuesBefore - summary.issuesAfter} resolved) |`);
  lines.push(`| site score | ${summary.scoreBefore} → ${summary.scoreAfter} |`);
  if (usage) {
    lines.push(`| requests | ${usage.requests} (429s: ${usage.rateLimited}; from the checkpoint: ${usage.cached}) |`);
    lines.push(`| tokens | ${usage.tokens.prompt} prompt, ${usage.tokens.completion} completion |`);
    lines.push(`| cost | $${usage.costUsd.toFixed(4)} (${md(usage.priced)}) |`);
    if (usage.batch) lines.push(`| by batch | ${md(batchLine(usage.batch))} |`);
    if (usage.judge) lines.push(`| judge | ${md(judgeLine(usage.judge))} |`);
  }
  if (result.partial) lines.push('| **partial** | the run stopped early; rows not finished keep their values |');
  lines.push(`| wall time | ${summary.wallSeconds.toFixed(1)} s |`);
  const skipped = skippedRows(result);
  if (skipped.length > 0) lines.push(`| rows skipped | ${skipped.length} (not in the output CSV; listed below) |`);
  lines.push('');
  for (const note of result.notes) lines.push(`- ${note}`);
  if (result.notes.length > 0) lines.push('');
  if (skipped.length > 0) {
    lines.push('## Rows skipped', '');
    for (const e of skipped) lines.push(`- ${md(e.origin)}: ${md(e.message)}`);
    lines.push('');
  }
  // One line each: after a budget stop they can be most of the file. The same command finishes them.
  const unfinished = result.rows.filter(notProcessed);
  if (unfinished.length > 0) {
    const why = [...new Set(unfinished.map((r) => (r.error ?? '').replace(/^not processed: /, '')))].join('; ');
    lines.push('## Rows not processed', '', `The run stopped (${md(why)}) before finishing these rows: they keep their original values, and the same command again processes them (answers already paid for come from the checkpoint).`, '');
    for (const r of unfinished) lines.push(`- line ${r.line}: ${md(r.url)}`);
    lines.push('');
  }
  for (const r of result.rows) {
    if (notProcessed(r)) continue;
    if (r.fields.length === 0 && r.status !== 'failed' && !r.faq && !r.faqRejected) continue;
    lines.push(`## ${md(r.url)}`, '');
    if (r.status === 'failed') {
      lines.push(`line ${r.line}: **failed**: ${md(r.error ?? '')}`, '');
      continue;
    }
    lines.push(`line ${r.line} · **${r.status}** · score ${r.scoreBefore} → ${r.scoreAfter}`, '');
    lines.push('| field | before | after |', '|---|---|---|');
    for (const f of r.fields) {
      const after = f.after !== undefined ? `${md(f.after)} (${measure(result.fields[f.field].limits.fontPx, f.after)})` : `*kept: ${f.rejected ? `refused "${md(f.rejected.value)}": ${md(f.rejected.failures.join('; '))}` : 'no candidate'}*`;
      lines.push(`| ${f.field} | ${md(f.before)}${f.before.trim() === '' ? '*(empty)*' : ` (${measure(result.fields[f.field].limits.fontPx, f.before)})`} | ${after} |`);
    }
    if (r.faq) {
      lines.push('', `FAQ (${r.faq.items.length} questions):`, '');
      for (const item of r.faq.items) lines.push(`- **${md(item.question)}** ${md(item.answer)}`);
    } else if (r.faqRejected) {
      lines.push('', `FAQ: *none kept: ${md(r.faqRejected.join('; '))}*`);
    }
    lines.push('', `issues before: ${r.issuesBefore.join(', ') || 'none'}; after: ${r.issuesAfter.join(', ') || 'none'}`, '');
  }
  return lines;
}
