import { SEVERITIES } from '../engine/types.js';
import type { Comparison, PageDelta, RuleDelta } from '../gate/compare.js';
import type { GateVerdict } from '../gate/policy.js';
import { byImportance, cmp, type FindingRef } from '../gate/snapshot.js';
import { policyText, scoreText } from './gate-text.js';
import type { JsonReport } from './json.js';
import { ruleInfo } from './rule-info.js';
import { plural } from '../words.js';

export interface MarkdownOptions {
  /** How many costly rules and worst pages the audit summary lists. */
  top?: number;
  /** The size to fit, and its name for the note that says what was cut (default: a job summary's 1 MiB). */
  limit?: SizeLimit;
}

export interface SizeLimit {
  bytes: number;
  name: string;
}

/** A pull-request comment: GitHub refuses a body over 65,536 characters (bytes bound characters from above). */
export const PR_COMMENT_LIMIT: SizeLimit = { bytes: 65_000, name: "GitHub's 65,536-character comment limit" };

/**
 * GitHub refuses a step summary over 1 MiB (1,048,576 bytes); staying under a round million
 * leaves room for whatever else the job appends to the same file.
 */
export const MAX_MARKDOWN_BYTES = 1_000_000;
/** Pages and findings listed per failed gate condition (as in the terminal's gate text). */
const LIST = 10;
/** New and removed page URLs listed before "… and N more". */
const PAGE_LIST = 20;
/** Rows of the changed-pages table: past this a table stops being read. */
const TABLE_ROWS = 100;
/** More findings than this in a detail list fold it into a <details> block. */
const FOLD_AT = 10;
/** Characters of one piece of page text (a message, a URL) shown at most: one hostile title must not fill the comment. */
const CLIP = 500;

/** A piece of the document; detail blocks are the ones dropped first when it is too big. */
interface Block {
  text: string;
  detail?: 'new' | 'fixed';
}

/**
 * The report as GitHub-flavoured Markdown, for a PR comment, a job summary or `seo-ai diff`.
 * The gate's verdict and its causes come first, then what changed against the baseline, then
 * the audit itself. All page text is escaped: a page's title cannot break a table or add HTML.
 */
export function formatMarkdown(report: JsonReport, options: MarkdownOptions = {}): string {
  const top = options.top ?? 10;
  const blocks: Block[] = [
    ...(report.gate ? gateBlocks(report.gate, report) : [{ text: '## SEO audit' }]),
    ...(report.comparison ? comparisonBlocks(report.comparison, report) : []),
    ...auditBlocks(report, top),
  ];
  // generatedAt is the one field that differs between runs: said once, last, so diffs of two summaries stay quiet.
  const footer = `<sub>${esc(report.tool.name)} ${esc(report.tool.version)} · ${esc(report.generatedAt)}</sub>`;
  return fit(blocks, footer, options.limit ?? { bytes: MAX_MARKDOWN_BYTES, name: "GitHub's 1 MiB limit" });
}

/** Escaped as entities rather than with a backslash: `$` starts GitHub math, which ignores backslashes. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', $: '&#36;', '@': '&#64;', '#': '&#35;' };

/**
 * Escapes text for Markdown and HTML: it renders as itself, on one line, inside a table cell or
 * not. Only for text without URLs: GitHub autolinks a bare URL from the raw source, backslashes
 * included, so URLs go through {@link inlineText}.
 */
export function escapeMarkdown(text: string): string {
  // @ and # as entities too: in a PR comment "@team" would notify people and "#12" link an issue.
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\\`*_[\]|~!&<>$@#]/g, (c) => ENTITIES[c] ?? `\\${c}`);
}

/**
 * What GitHub autolinks in text (cmark-gfm's autolink extension): a scheme it deems safe where
 * no letter precedes it, or `www.` at the start or after a space or `*_~(`. Up to a space or `<`.
 */
const AUTOLINK = /(?<![A-Za-z])(?:https?|ftp):\/\/[^\s<]+|(?<=^|[\s*_~(])www\.[^\s<]+/gi;

/**
 * Page text as Markdown: escaped, and every URL in it an explicit link, so GitHub's autolinker
 * (which reads the raw source, escapes and all) never sees one. Clipped to CLIP characters.
 */
export function inlineText(text: string): string {
  const flat = clip(text).replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
  let out = '';
  let last = 0;
  for (const m of flat.matchAll(AUTOLINK)) {
    const url = trimUrl(m[0]);
    out += escapeMarkdown(flat.slice(last, m.index)) + link(url, /^www\./i.test(url) ? `http://${url}` : url);
    last = m.index + url.length;
  }
  return out + escapeMarkdown(flat.slice(last));
}

/** Trailing punctuation ends a sentence, not the URL (as the autolinker sees it); a `)` only when unbalanced. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if (c !== undefined && '?!.,:;*_~\'"'.includes(c)) end--;
    else if (c === ')' && count(url.slice(0, end), ')') > count(url.slice(0, end), '(')) end--;
    else return url.slice(0, end);
  }
}

const count = (s: string, c: string): number => s.split(c).length - 1;

/**
 * A URL as an explicit Markdown link: the text escaped, the target percent-encoded where Markdown
 * would read it (parentheses, backslash, pipe, backtick) and `&` as an entity. Not http(s) or
 * ftp, or not a URL: plain text, with the colon as an entity so nothing autolinks it.
 */
export function link(url: string, target = url): string {
  const label = escapeMarkdown(url);
  let href: string | undefined;
  try {
    const parsed = new URL(target);
    if (['http:', 'https:', 'ftp:'].includes(parsed.protocol) && url.length <= CLIP) href = parsed.href;
  } catch {
    // Not a URL: shown, not linked.
  }
  if (href === undefined) return escapeMarkdown(clip(url)).replace(/:/g, '&#58;').replace(/www\./gi, (w) => `${w.slice(0, 3)}&#46;`);
  const safe = href.replace(/[()\\|`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/&/g, '&amp;');
  return `[${label}](${safe})`;
}

const esc = inlineText;

function clip(text: string): string {
  return text.length > CLIP ? `${text.slice(0, CLIP - 1)}…` : text;
}

/** A rule id as code when it is a plain id; anything else (another tool's report) as escaped text. */
function code(id: string): string {
  return /^[A-Za-z0-9._:/-]+$/.test(id) ? `\`${id}\`` : esc(id);
}

/** "+1.5", "-2.0", "0.0": one sign convention (ASCII minus) everywhere. */
export function signed(n: number, digits: number): string {
  const text = Math.abs(n).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${n > 0 ? '+' : '-'}${text}`;
}

/** Page scores are whole numbers unless the weights are not. */
const pageDelta = (n: number): string => signed(n, Number.isInteger(n) ? 0 : 1);


function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

function findingLine(f: FindingRef, report: JsonReport): string {
  const message = f.message ?? ruleInfo(report, f.rule, { severity: f.severity }).description;
  const where = f.element !== undefined ? ` — ${esc(f.element)}` : '';
  return `**${esc(f.severity)}** ${code(f.rule)}: ${esc(message)}${where}`;
}

function gateBlocks(verdict: GateVerdict, report: JsonReport): Block[] {
  const blocks: Block[] = [
    { text: verdict.passed ? '## ✅ SEO gate passed' : '## ❌ SEO gate failed' },
    { text: `Policy: ${esc(policyText(verdict))}` },
  ];
  for (const failure of verdict.failures) {
    const lines = [`**${esc(failure.condition)}**: ${esc(failure.message)}`];
    if (failure.pages.length > 0) lines.push('');
    for (const page of failure.pages.slice(0, LIST)) {
      lines.push(`- ${link(page.url)}${esc(scoreText(page))}`);
      for (const f of page.findings.slice(0, LIST)) lines.push(`  - ${findingLine(f, report)}`);
      if (page.findings.length > LIST) lines.push(`  - … and ${page.findings.length - LIST} more`);
    }
    if (failure.pages.length > LIST) lines.push(`- … and ${plural(failure.pages.length - LIST, 'more page')}`);
    blocks.push({ text: lines.join('\n') });
  }
  const removed = verdict.removedPages;
  if (removed.length > 0) {
    const lines = [`Not failed: ${plural(removed.length, 'page')} of the baseline ${removed.length === 1 ? 'is' : 'are'} not in this run.`, ''];
    for (const url of removed.slice(0, LIST)) lines.push(`- ${link(url)}`);
    if (removed.length > LIST) lines.push(`- … and ${removed.length - LIST} more`);
    blocks.push({ text: lines.join('\n') });
  }
  return blocks;
}

function comparisonBlocks(c: Comparison, report: JsonReport): Block[] {
  const n = c.counts;
  const stats = [
    `- Site score: **${c.site.before} → ${c.site.after}** (${signed(c.site.delta, 1)})`,
    // Pages added or removed move the site mean on their own; the pages in both runs show what got worse.
    ...(n.newPages + n.removedPages > 0
      ? [`- Pages in both runs (${c.common.pages}): ${c.common.before} → ${c.common.after} (${signed(c.common.delta, 1)})`]
      : []),
    `- Findings: **${n.new} new**, ${n.fixed} fixed, ${n.unchanged} unchanged`,
    `- Pages: ${n.newPages} new, ${n.removedPages} removed, ${n.changedPages} changed${(n.notAuditedPages ?? 0) > 0 ? `, **${n.notAuditedPages} not audited**` : ''}`,
  ];
  const blocks: Block[] = [{ text: `### Compared with ${esc(c.baseline.label)}` }, { text: stats.join('\n') }];

  const added = c.pages.filter((p) => p.status === 'new');
  const removed = c.pages.filter((p) => p.status === 'removed');
  if (added.length > 0) blocks.push({ text: pageList(`New pages (${added.length})`, added, (p) => ` (score ${p.after})`) });
  if (removed.length > 0) blocks.push({ text: pageList(`Removed pages (${removed.length})`, removed, (p) => ` (score was ${p.before})`) });
  const unaudited = c.pages.filter((p) => p.status === 'not-audited');
  if (unaudited.length > 0) blocks.push({ text: pageList(`Pages not audited in this run (${unaudited.length})`, unaudited, (p) => ` (score was ${p.before})`) });

  const rules = [...c.rules].sort(byChange);
  if (rules.length > 0) {
    blocks.push({
      text: `#### Findings by rule\n\n${table(
        ['Rule', 'Severity', 'New', 'Fixed', 'Unchanged'],
        ['l', 'l', 'r', 'r', 'r'],
        rules.map((r) => [code(r.rule), esc(r.severity), String(r.new), String(r.fixed), String(r.unchanged)]),
      )}`,
    });
  }

  const changed = c.pages
    .filter((p) => p.status === 'kept' && (p.new.length > 0 || p.fixed.length > 0 || p.delta !== 0))
    .sort((a, b) => a.delta! - b.delta! || cmp(a.url, b.url));
  if (changed.length > 0) {
    const rows = changed
      .slice(0, TABLE_ROWS)
      .map((p) => [link(p.url), String(p.before), String(p.after), pageDelta(p.delta!), String(p.new.length), String(p.fixed.length)]);
    const more = changed.length > TABLE_ROWS ? `\n\n… and ${plural(changed.length - TABLE_ROWS, 'more changed page')}` : '';
    blocks.push({ text: `#### Changed pages\n\n${table(['Page', 'Before', 'After', 'Δ', 'New', 'Fixed'], ['l', 'r', 'r', 'r', 'r', 'r'], rows)}${more}` });
  }

  const withNew = c.pages.filter((p) => p.new.length > 0).sort((a, b) => byImportance(a.new[0]!, b.new[0]!) || cmp(a.url, b.url));
  if (withNew.length > 0) blocks.push({ text: details('New findings', withNew, (p) => p.new, report), detail: 'new' });
  // A removed page's findings are gone with it, not fixed.
  const withFixed = c.pages.filter((p) => p.status === 'kept' && p.fixed.length > 0).sort((a, b) => byImportance(a.fixed[0]!, b.fixed[0]!) || cmp(a.url, b.url));
  if (withFixed.length > 0) blocks.push({ text: details('Fixed findings', withFixed, (p) => p.fixed, report), detail: 'fixed' });
  return blocks;
}

/** Rules whose counts moved first, then by severity, most new, most fixed, id. */
function byChange(a: RuleDelta, b: RuleDelta): number {
  const moved = (r: RuleDelta): number => (r.new > 0 || r.fixed > 0 ? 0 : 1);
  return moved(a) - moved(b) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.new - a.new || b.fixed - a.fixed || cmp(a.rule, b.rule);
}

function pageList(title: string, pages: PageDelta[], score: (p: PageDelta) => string): string {
  const lines = [`**${title}**`, ''];
  for (const p of pages.slice(0, PAGE_LIST)) lines.push(`- ${link(p.url)}${score(p)}`);
  if (pages.length > PAGE_LIST) lines.push(`- … and ${pages.length - PAGE_LIST} more`);
  return lines.join('\n');
}

/** Findings per page; a long list folds away so the tables above stay in view. */
function details(title: string, pages: PageDelta[], findings: (p: PageDelta) => FindingRef[], report: JsonReport): string {
  const total = pages.reduce((s, p) => s + findings(p).length, 0);
  const heading = `${title}: ${total} on ${plural(pages.length, 'page')}`;
  const body = pages
    .map((p) => [`**${link(p.url)}**${esc(scoreText(p))}`, '', ...findings(p).map((f) => `- ${findingLine(f, report)}`)].join('\n'))
    .join('\n\n');
  // GitHub renders Markdown inside <details> only with a blank line after <summary>.
  return total > FOLD_AT ? `<details><summary>${heading}</summary>\n\n${body}\n\n</details>` : `#### ${heading}\n\n${body}`;
}

function auditBlocks(report: JsonReport, top: number): Block[] {
  const { summary, source } = report;
  const d = summary.distribution;
  const base = source.baseUrl !== undefined ? ` (${link(source.baseUrl)})` : '';
  const blocks: Block[] = [
    { text: '### Audit' },
    {
      text: [
        `- Source: ${esc(source.kind)} ${esc(source.target)}${base}`,
        `- Site score: **${summary.score}/100** over ${plural(summary.pages, 'page')}: ${d.good} good (90+), ${d['needs-improvement']} need work (50-89), ${d.poor} poor (&lt;50)`,
        `- Findings: ${SEVERITIES.map((s) => `${summary.bySeverity[s]} ${s}`).join(', ')}`,
      ].join('\n'),
    },
  ];
  if (report.partial) blocks.push({ text: '> **Partial run:** it was stopped before every page was audited; the numbers cover the pages audited.' });

  const costly = Object.entries(summary.byRule)
    .map(([rule, r]) => ({ rule, ...r, points: r.pages * report.weights[r.severity] }))
    .sort((a, b) => b.points - a.points || cmp(a.rule, b.rule))
    .slice(0, top);
  if (costly.length > 0) {
    blocks.push({
      text: `#### Rules that cost most\n\n${table(
        ['Rule', 'Severity', 'Pages', 'Points'],
        ['l', 'l', 'r', 'r'],
        costly.map((c) => [code(c.rule), esc(c.severity), String(c.pages), String(c.points)]),
      )}`,
    });
  }

  const worst = report.pages
    .filter((p) => p.findings.length > 0)
    .sort((a, b) => a.score - b.score || cmp(a.url, b.url))
    .slice(0, top);
  if (worst.length > 0) {
    const rows = worst.map((p) => [link(p.url), String(p.score), [...new Set(p.findings.map((f) => f.rule))].map(code).join(', ')]);
    blocks.push({ text: `#### Worst pages\n\n${table(['Page', 'Score', 'Rules'], ['l', 'r', 'l'], rows)}` });
  }

  if (report.errors.length > 0) {
    const lines = [`**Not audited (${report.errors.length})**`, ''];
    for (const e of report.errors.slice(0, LIST)) lines.push(`- ${esc(e.origin)}: ${esc(e.message)}`);
    if (report.errors.length > LIST) lines.push(`- … and ${report.errors.length - LIST} more`);
    blocks.push({ text: lines.join('\n') });
  }
  if (report.notApplicable.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const n of report.notApplicable) byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.rule]);
    const lines = ['**Not applicable**', ''];
    for (const [reason, rules] of byReason) lines.push(`- ${esc(reason)}: ${rules.map(code).join(', ')}`);
    blocks.push({ text: lines.join('\n') });
  }
  if (report.notes.length > 0) blocks.push({ text: ['**Notes**', '', ...report.notes.map((n) => `- ${esc(n)}`)].join('\n') });
  return blocks;
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Keeps the document under GitHub's limit: the fixed findings' details go first, then the new
 * findings' (the tables above still count them), and a note says so where they were.
 */
function fit(blocks: Block[], footer: string, limit: SizeLimit): string {
  const render = (bs: Block[]): string => `${[...bs.map((b) => b.text), footer].join('\n\n')}\n`;
  let out = render(blocks);
  if (bytes(out) <= limit.bytes) return out;
  for (const drop of [['fixed'], ['fixed', 'new']] as const) {
    const dropped = (b: Block): boolean => b.detail !== undefined && (drop as readonly string[]).includes(b.detail);
    const what = blocks.filter(dropped).map((b) => b.detail);
    if (what.length === 0) continue;
    const note: Block = {
      text: `> **Cut to fit ${limit.name}:** the details of the ${what.join(' and ')} findings are left out. The JSON report (\`--format json\`) has every finding.`,
    };
    const first = blocks.findIndex(dropped);
    const kept = blocks.flatMap((b, i) => (i === first ? [note] : dropped(b) ? [] : [b]));
    out = render(kept);
    if (bytes(out) <= limit.bytes) return out;
  }
  // Still too big (thousands of rows asked for with --top): cut at a line, and say so.
  const note = `\n\n> **Cut to fit ${limit.name}:** the rest of this report is left out. The JSON report (\`--format json\`) has all of it.\n\n${footer}\n`;
  const head = Buffer.from(out, 'utf8').subarray(0, limit.bytes - bytes(note)).toString('utf8');
  return `${head.slice(0, head.lastIndexOf('\n'))}${note}`;
}
