// The review report of `seo-ai optimize` as one self-contained HTML file: the same content as the
// Markdown report (output.ts), laid out for a reviewer: each changed or refused field before and
// after side by side, measured as the rules measure it, with the field's rules marked per version,
// and the FAQs written (as text).
//
// Every value in it comes from the user's CSV or a model's answer, so every value is escaped, and
// the page carries a Content-Security-Policy that allows no script, no request of any kind and
// only its own (hashed) stylesheet: a value that slipped through could neither run nor fetch.
// Filtering by status is done in CSS (radio buttons and :has()), so the page needs no script.
import { createHash } from 'node:crypto';
import { batchLine, judgeLine, type LlmUsage, type RunSummary } from './output.js';
import { UNBOUNDED, type FieldLimits } from './fields.js';
import { measure, skippedRows } from './report-common.js';
import type { TextField } from './fields.js';
import type { FieldOutcome, ReportField, ReportResult, RowOutcome, RowStatus } from './outcome.js';
import { delta, escapeHtml, htmlDocumentLines } from '../report/html-escape.js';
import { plural } from '../words.js';

/** What the LLM requests of a run came to; absent offline. */
export interface RunStats {
  requests: number;
  /** Requests answered 429. */
  rateLimited: number;
  tokens: { prompt: number; completion: number };
  costUsd: number;
  /** Answers read from the checkpoint instead of asked for. */
  cached: number;
  model?: string;
  /** The price the cost was computed with, or why there is none (output.ts LlmUsage has it). */
  priced?: string;
  /** --judge's share (output.ts LlmUsage has it). */
  judge?: LlmUsage['judge'];
  /** optimize --batch's share (output.ts LlmUsage has it). */
  batch?: LlmUsage['batch'];
}

const STATUSES: readonly RowStatus[] = ['ok', 'needs_review', 'unchanged', 'not_processed', 'failed'];
const STATUS_LABEL: Record<RowStatus, string> = { ok: 'ok', needs_review: 'needs review', unchanged: 'unchanged', not_processed: 'not processed', failed: 'failed' };
const FIELD_LABEL: Record<TextField, string> = { title: 'title', meta: 'meta description', h1: 'H1' };
/** A score with at most one decimal (page scores are whole, the site's mean has one). */
const score = (n: number): string => String(Math.round(n * 10) / 10);
const pct = (a: number, b: number): string => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);

/** The limits of the run's rules (config included), so a reviewer reads a measure against the numbers the rewrites were checked with. */
function limitsText(fields: ReportResult['fields']): string {
  const one = (name: string, { minChars, maxChars, maxPixels }: FieldLimits): string => {
    const chars = minChars > 1 ? `${minChars}–${maxChars} characters` : `at most ${maxChars} characters`;
    return maxPixels < UNBOUNDED ? `${name} ${chars} and ${maxPixels} px` : `${name} ${chars}`;
  };
  return `This run's limits: ${one('titles', fields.title.limits)}; ${one('descriptions', fields.meta.limits)}; ${one('H1s', fields.h1.limits)}.`;
}

/** The font sizes widths are measured at, as the legend says them: "Arial 20px for titles and H1s, 14px for descriptions" with the defaults. */
function fontsText(fields: ReportResult['fields']): string {
  const { title, meta, h1 } = fields;
  const heads = title.limits.fontPx === h1.limits.fontPx ? `Arial ${title.limits.fontPx}px for titles and H1s` : `Arial ${title.limits.fontPx}px for titles, ${h1.limits.fontPx}px for H1s`;
  return `${heads}, ${meta.limits.fontPx}px for descriptions`;
}

type Mark = 'pass' | 'fail' | 'na';

/**
 * Which of the field's rules a version passes. Taken from the audits themselves, not re-run here:
 * "before" from the row's issues in the first audit, "after" from its issues in the re-audit of the
 * run with every accepted value in place. That is what the scores were computed from, and it
 * includes the site rules (a duplicate title is a fact about the whole run, which re-checking one
 * text alone could not see). A rule the audit could not apply (a CSV holds one <title>, keyword
 * rules without keywords) is "na", not a pass. Keyword rules also skip single rows that have no
 * keywords; the audit result does not say which rows those are, so the legend says so.
 */
function marks(rules: readonly string[], issues: readonly string[], notApplicable: ReadonlySet<string>): { rule: string; mark: Mark }[] {
  return rules.map((rule) => ({ rule, mark: notApplicable.has(rule) ? 'na' : issues.includes(rule) ? 'fail' : 'pass' }));
}

const MARK_SIGN: Record<Mark, string> = { pass: '✓', fail: '✗', na: '–' };
const MARK_WORD: Record<Mark, string> = { pass: 'passes', fail: 'fails', na: 'not applied' };

function ruleList(list: { rule: string; mark: Mark }[]): string {
  const items = list.map(({ rule, mark }) => `<li class="rule ${mark}" data-rule="${escapeHtml(rule)}"><span class="mark" title="${MARK_WORD[mark]}">${MARK_SIGN[mark]}</span> ${escapeHtml(rule)}</li>`);
  return `<ul class="rules">${items.join('')}</ul>`;
}

/** A value as written, white space kept (a reviewer should see a stray line break), with its measure. */
function valueBlock(fontPx: number, value: string): string {
  if (value.trim() === '') return '<p class="value empty">(empty)</p>';
  return `<p class="value">${escapeHtml(value)}</p><p class="measure">${measure(fontPx, value)}</p>`;
}

interface Audits {
  before: ReadonlySet<string>;
  after: ReadonlySet<string>;
}

function fieldBlock(r: RowOutcome, f: FieldOutcome, na: Audits, field: ReportField): string {
  const before = `<div class="version before"><h4>before</h4>${valueBlock(field.limits.fontPx, f.before)}${ruleList(marks(field.triggers, r.issuesBefore, na.before))}</div>`;
  const accepted = f.after !== undefined;
  const afterHead = accepted ? `<h4>after <span class="attempt">(attempt ${f.attempts})</span></h4>` : '<h4>after <span class="kept">kept the original</span></h4>';
  const after = `<div class="version after${accepted ? '' : ' kept'}">${afterHead}${valueBlock(field.limits.fontPx, f.after ?? f.before)}${ruleList(marks(field.triggers, r.issuesAfter, na.after))}</div>`;
  let refused = '';
  if (f.rejected) {
    const failures = f.rejected.failures.map((m) => `<li>${escapeHtml(m)}</li>`).join('');
    refused = `<div class="refused"><h4>refused candidate <span class="attempt">(${plural(f.attempts, 'attempt')})</span></h4>${valueBlock(field.limits.fontPx, f.rejected.value)}<ul class="failures">${failures}</ul></div>`;
  } else if (!accepted && r.error === undefined) {
    refused = `<div class="refused"><h4>no candidate <span class="attempt">(${plural(f.attempts, 'attempt')})</span></h4></div>`;
  }
  return `<section class="field" data-field="${f.field}"><h3>${FIELD_LABEL[f.field]}</h3><div class="pair">${before}${after}</div>${refused}</section>`;
}

/** The FAQ written for a product page, as text (its HTML fragment is the model's words: shown, never rendered), or why none was kept. */
function faqBlock(r: RowOutcome): string {
  if (r.faq) {
    const items = r.faq.items.map((q) => `<dt>${escapeHtml(q.question)}</dt><dd>${escapeHtml(q.answer)}</dd>`).join('');
    return `<section class="faq"><h3>FAQ <span class="count">(${plural(r.faq.items.length, 'question')})</span></h3><dl>${items}</dl></section>`;
  }
  if (r.faqRejected) {
    const failures = r.faqRejected.map((m) => `<li>${escapeHtml(m)}</li>`).join('');
    return `<section class="faq refused"><h3>FAQ <span class="kept">none kept</span></h3><ul class="failures">${failures}</ul></section>`;
  }
  return '';
}

const badge = (status: RowStatus): string => `<span class="badge ${status}">${STATUS_LABEL[status]}</span>`;

function rowBlock(r: RowOutcome, na: Audits, fields: ReportResult['fields']): string {
  const head = [`line ${r.line}`, badge(r.status)];
  if (r.scoreBefore !== undefined && r.scoreAfter !== undefined) {
    head.push(`<span class="score">score ${score(r.scoreBefore)} → ${score(r.scoreAfter)} <span class="delta">(${delta(r.scoreBefore, r.scoreAfter)})</span></span>`);
  }
  const parts = [`<h2 class="url">${escapeHtml(r.url)}</h2>`, `<p class="meta">${head.join(' · ')}</p>`];
  if (r.error !== undefined) parts.push(`<p class="error">${escapeHtml(r.error)}</p>`);
  for (const f of r.fields) parts.push(fieldBlock(r, f, na, fields[f.field]));
  parts.push(faqBlock(r));
  if (r.status !== 'failed') {
    const list = (ids: string[]): string => (ids.length === 0 ? 'none' : ids.map(escapeHtml).join(', '));
    parts.push(`<p class="issues">issues before: ${list(r.issuesBefore)}; after: ${list(r.issuesAfter)}</p>`);
  }
  return `<article class="row" data-status="${r.status}">${parts.join('')}</article>`;
}

function summaryTable(result: ReportResult, summary: RunSummary, stats: RunStats | undefined, skipped: number): string {
  const rows: [string, string][] = [
    ['pages processed', `${summary.rows} (ok ${summary.ok}, unchanged ${summary.unchanged}, needs review ${summary.needsReview}, failed ${summary.failed}${summary.notProcessed > 0 ? `, not processed ${summary.notProcessed}` : ''})`],
  ];
  if (skipped > 0) rows.push(['rows skipped', `${skipped} (not in the output CSV; listed below)`]);
  rows.push(
    ['fields rewritten', `${summary.fieldsRewritten} (refused after every attempt: ${summary.fieldsRefused})`],
    ['success rate', `${pct(summary.fieldsRewritten, summary.fieldsRewritten + summary.fieldsRefused)} of planned rewrites`],
    ...(summary.faqsWritten + summary.faqsRefused > 0 ? [['FAQs written', `${summary.faqsWritten} (refused after every attempt: ${summary.faqsRefused})`] as [string, string]] : []),
    ['issues resolved', `${summary.issuesBefore - summary.issuesAfter} (${summary.issuesBefore} before, ${summary.issuesAfter} after)`],
    ['site score', `${score(summary.scoreBefore)} → ${score(summary.scoreAfter)} (${delta(summary.scoreBefore, summary.scoreAfter)})`],
  );
  if (stats) {
    rows.push(
      ['requests', `${stats.requests} (answers from the checkpoint: ${stats.cached})`],
      ['429 responses', String(stats.rateLimited)],
      ['tokens', `${stats.tokens.prompt + stats.tokens.completion} (${stats.tokens.prompt} prompt, ${stats.tokens.completion} completion)`],
      ['cost', `$${stats.costUsd.toFixed(4)}${stats.priced ? ` (${stats.priced})` : ''}`],
    );
    if (stats.batch) rows.push(['by batch', batchLine(stats.batch)]);
    if (stats.judge) rows.push(['judge', judgeLine(stats.judge)]);
  }
  rows.push(['wall time', `${summary.wallSeconds.toFixed(1)} s`]);
  if (result.partial) rows.push(['partial', 'the run stopped early; rows not finished keep their values']);
  const body = rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  return `<table class="summary"><tbody>${body}</tbody></table>`;
}

/** Radio buttons before the rows; the stylesheet hides the rows of other statuses (no script). */
function filters(shown: readonly RowOutcome[]): string {
  const count = (s: RowStatus): number => shown.filter((r) => r.status === s).length;
  const options = [`<label><input type="radio" name="status" id="show-all" checked> all (${shown.length})</label>`];
  for (const s of STATUSES) if (count(s) > 0) options.push(`<label><input type="radio" name="status" id="show-${s}"> ${STATUS_LABEL[s]} (${count(s)})</label>`);
  return `<fieldset class="filter"><legend>show</legend>${options.join('')}</fieldset>`;
}

const STYLE = `
:root { color-scheme: light dark; --line: #8884; --pass: #1a7f37; --fail: #cf222e; --muted: #6e7781; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 0 auto; padding: 1.5rem; max-width: 72rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2.url { font-size: 1.05rem; margin: 0; overflow-wrap: anywhere; }
h3 { font-size: .95rem; margin: .75rem 0 .35rem; }
h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 .3rem; }
h4 span { text-transform: none; letter-spacing: 0; font-weight: normal; }
table.summary { border-collapse: collapse; margin: 1rem 0; }
table.summary th, table.summary td { text-align: left; padding: .2rem .9rem .2rem 0; border-bottom: 1px solid var(--line); vertical-align: top; }
table.summary th { font-weight: 600; white-space: nowrap; }
.notes li, .skipped li { overflow-wrap: anywhere; }
.legend { color: var(--muted); font-size: .85rem; }
fieldset.filter { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
fieldset.filter label { margin-right: 1rem; white-space: nowrap; }
article.row { border: 1px solid var(--line); border-radius: 8px; padding: .9rem 1rem; margin: 1rem 0; }
p.meta { margin: .25rem 0; color: var(--muted); }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; color: #fff; }
.badge.ok { background: var(--pass); }
.badge.needs_review { background: #9a6700; }
.badge.unchanged { background: var(--muted); }
.badge.not_processed { background: #57606a; }
.badge.failed { background: var(--fail); }
.delta { font-weight: 600; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; }
.version, .refused { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .7rem; min-width: 0; }
.version.after:not(.kept) { border-color: var(--pass); }
.refused { margin-top: .5rem; border-style: dashed; border-color: var(--fail); }
p.value { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-weight: 500; }
p.value.empty, .kept { color: var(--muted); font-style: italic; }
p.measure { margin: .15rem 0 .3rem; font-size: .85rem; color: var(--muted); font-variant-numeric: tabular-nums; }
ul.rules { list-style: none; padding: 0; margin: 0; font-size: .82rem; columns: 2; }
li.rule.pass .mark { color: var(--pass); }
li.rule.fail { color: var(--fail); }
li.rule.na { color: var(--muted); }
.mark { display: inline-block; width: 1em; font-weight: 700; }
ul.failures { margin: .3rem 0 0; padding-left: 1.2rem; font-size: .85rem; color: var(--fail); overflow-wrap: anywhere; }
section.faq dl { margin: 0; }
section.faq dt { font-weight: 600; margin-top: .4rem; overflow-wrap: anywhere; }
section.faq dd { margin: .1rem 0 0 1rem; overflow-wrap: anywhere; }
section.faq h3 span { font-weight: normal; }
p.error { color: var(--fail); overflow-wrap: anywhere; }
p.issues { font-size: .85rem; color: var(--muted); margin: .6rem 0 0; }
@media (max-width: 40rem) { .pair { grid-template-columns: 1fr; } }
${STATUSES.map((s) => `body:has(#show-${s}:checked) article.row:not([data-status="${s}"])`).join(',\n')} { display: none; }
`;

/** Only this stylesheet may apply, nothing may load or run: see the note at the top. */
const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'`;

/**
 * The review report as one HTML file: no external resource, no script, no clock (the same run
 * renders the same bytes). Rows with nothing to rewrite are left out; failed rows are listed with
 * their error.
 */
export function optimizeHtml(result: ReportResult, summary: RunSummary, input: string, stats?: RunStats): string {
  return optimizeHtmlLines(result, summary, input, stats).join('\n');
}

/** The HTML report's lines, to be joined with line breaks (in pieces, for a report of any size). */
export function optimizeHtmlLines(result: ReportResult, summary: RunSummary, input: string, stats?: RunStats): string[] {
  const offline = result.rewriter === 'offline';
  const label = offline ? 'offline: deterministic non-AI fixes (trimmed at word boundaries, descriptions from the opening sentences)' : `model ${stats?.model ?? result.rewriter}`;
  const skipped = skippedRows(result);
  const shown = result.rows.filter((r) => r.fields.length > 0 || r.faq !== undefined || r.faqRejected !== undefined || r.status === 'failed' || r.error !== undefined);
  const na: Audits = { before: new Set(result.before.notApplicable.map((n) => n.rule)), after: new Set(result.after.notApplicable.map((n) => n.rule)) };

  const body: string[] = [];
  body.push(`<h1>seo-ai optimize: <span class="input">${escapeHtml(input)}</span></h1>`);
  body.push(`<p class="rewriter">Rewriter: <strong>${escapeHtml(label)}</strong></p>`);
  body.push(summaryTable(result, summary, stats, skipped.length));
  if (result.notes.length > 0) body.push(`<ul class="notes">${result.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  if (skipped.length > 0) {
    body.push(`<h2>Rows skipped</h2><ul class="skipped">${skipped.map((e) => `<li>${escapeHtml(e.origin)}: ${escapeHtml(e.message)}</li>`).join('')}</ul>`);
  }
  if (shown.length === 0) {
    body.push('<p class="none">No row needed a rewrite.</p>');
  } else {
    body.push(
      `<p class="legend">Characters and widths as the rules measure them: white space collapsed, ${fontsText(result.fields)}. ${limitsText(result.fields)} ` +
        'Rules: ✓ passes, ✗ fails, – not applied in this run; before is the first audit, after the audit of the run with the accepted values in place. ' +
        'Keyword rules judge only rows with target keywords.</p>',
    );
    body.push(filters(shown));
    for (const r of shown) body.push(rowBlock(r, na, result.fields));
  }
  return htmlDocumentLines({ title: `seo-ai optimize: ${input}`, csp: CSP, style: STYLE, body });
}
