// The audit report as one self-contained HTML file, for someone who reads it rather than greps
// it (an SEO lead): the site score and its spread, what costs most, every page worst first, and,
// against a baseline, what got better or worse and whether the CI gate let it through.
//
// Everything is rendered into the HTML itself, so the file reads in full with JavaScript off; a
// small inline script only adds filtering (search text, severities) on top. Every value comes
// from audited pages (titles, URLs, messages quoting page text) or a baseline file, so every
// value is escaped, no data is embedded as JSON, and the page carries a Content-Security-Policy
// that allows only its own (hashed) stylesheet and script and no request of any kind: a value that
// slipped through could neither run nor fetch (the approach of ../optimize/report-html.ts, whose
// escaping this reuses). The charts are inline SVG coloured by attributes, since the CSP forbids style="".
import { SCORE_BANDS } from '../engine/score.js';
import { SEVERITIES, type Severity } from '../engine/types.js';
import type { Comparison, PageDelta } from '../gate/compare.js';
import type { GateVerdict } from '../gate/policy.js';
import { cmp, type FindingRef } from '../gate/snapshot.js';
import { delta, escapeHtml, htmlDocument } from './html-escape.js';
import { policyText, scoreText } from './gate-text.js';
import type { JsonReport } from './json.js';
import { ruleInfo } from './rule-info.js';
import { plural } from '../words.js';
import { CSP, SCRIPT, STYLE } from './html-assets.js';

type Band = (typeof SCORE_BANDS)[number]['name'];
type ReportPage = JsonReport['pages'][number];
type ReportFinding = ReportPage['findings'][number];

const BAND_LABEL: Record<Band, string> = { good: 'Good', 'needs-improvement': 'Needs improvement', poor: 'Poor' };
const BAND_RANGE: Record<Band, string> = { good: '90–100', 'needs-improvement': '50–89', poor: '0–49' };
/** Fills for the chart, as attributes (a style="" would need 'unsafe-inline'); the stylesheet uses the same colours. */
const BAND_FILL: Record<Band, string> = { good: '#1a7f37', 'needs-improvement': '#b35900', poor: '#c5221f' };
const KIND_LABEL: Record<string, string> = { folder: 'folder of HTML files', file: 'HTML file', sitemap: 'sitemap', crawl: 'crawl', csv: 'CSV file' };

const esc = escapeHtml;
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The band a score falls in, as the summary counts it. */
export function bandOf(score: number): Band {
  return SCORE_BANDS.find((b) => score >= b.min)?.name ?? 'poor';
}

/** Page scores in ten buckets of ten points (0–9 … 80–89, then 90–100): the histogram's bars. */
export function histogram(scores: readonly number[]): number[] {
  const buckets = new Array<number>(10).fill(0);
  for (const s of scores) {
    const i = Math.min(9, Math.max(0, Math.floor(s / 10)));
    buckets[i]!++;
  }
  return buckets;
}

const bucketLabel = (i: number): string => (i === 9 ? '90–100' : `${i * 10}–${i * 10 + 9}`);

/** "2026-01-02 03:04:05 UTC" from the report's ISO time; anything else is shown as written. */
function when(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

const sev = (s: Severity): string => `<span class="sev sev-${s}">${s}</span>`;
const scoreBadge = (score: number): string => `<span class="score band-${bandOf(score)}" title="${BAND_LABEL[bandOf(score)]}">${score}</span>`;

/** Worst pages first, then by URL, so the order never depends on the source's. */
function worstFirst(pages: readonly ReportPage[]): ReportPage[] {
  return [...pages].sort((a, b) => a.score - b.score || cmp(a.url, b.url));
}

// ---------------------------------------------------------------------------------------------
// Header, banners and the gate

function header(report: JsonReport): string {
  const { source, summary } = report;
  const kind = KIND_LABEL[source.kind] ?? source.kind;
  const rows: [string, string][] = [
    ['Source', `${kind}${source.baseUrl !== undefined ? `, ${source.baseUrl}` : ''}`],
    ['Pages audited', `${summary.pages}${report.errors.length > 0 ? ` (${report.errors.length} could not be audited)` : ''}`],
    ['Generated', when(report.generatedAt)],
    ['Tool', `${report.tool.name} ${report.tool.version}`],
  ];
  const meta = rows.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('');
  const partial = report.partial
    ? '<p class="banner partial" role="alert"><strong>PARTIAL</strong> The run was stopped before every page was audited: the scores and counts cover only the pages listed.</p>'
    : '';
  return `<header class="top"><h1>SEO audit <span class="target">${esc(source.target)}</span></h1><dl class="meta">${meta}</dl></header>${partial}`;
}

function findingRef(f: FindingRef, cls = ''): string {
  const where = f.element !== undefined ? ` <span class="element">[${esc(f.element)}]</span>` : '';
  const message = f.message !== undefined ? ` <span class="message">${esc(f.message)}</span>` : '';
  return `<li class="ref${cls ? ` ${cls}` : ''}" data-severity="${f.severity}">${sev(f.severity)} <code class="rule-id">${esc(f.rule)}</code>${message}${where}</li>`;
}

/** The CI gate first of all: whether this run may be merged, and why not. */
function gate(verdict: GateVerdict): string {
  const policy = `<p class="policy">Policy: ${esc(policyText(verdict))}</p>`;
  const removed =
    verdict.removedPages.length > 0
      ? `<p class="removed">${plural(verdict.removedPages.length, 'page')} of the baseline not in this run (listed, not failed): ${verdict.removedPages.map(esc).join(', ')}</p>`
      : '';
  if (verdict.passed) return `<section id="gate" class="gate passed"><h2>CI gate: passed</h2>${policy}${removed}</section>`;
  const failures = verdict.failures.map((f) => {
    const pages = f.pages.map((p) => {
      const findings = p.findings.length > 0 ? `<ul class="refs">${p.findings.map((r) => findingRef(r)).join('')}</ul>` : '';
      return `<li class="gate-page"><span class="url">${esc(p.url)}</span><span class="scores">${esc(scoreText(p).trim())}</span>${findings}</li>`;
    });
    const list = pages.length > 0 ? `<ul class="gate-pages">${pages.join('')}</ul>` : '';
    return `<li class="failure" data-condition="${esc(f.condition)}"><p><code class="condition">${esc(f.condition)}</code> <span class="message">${esc(f.message)}</span></p>${list}</li>`;
  });
  const head = `CI gate: FAILED, ${plural(verdict.failures.length, 'condition')}`;
  return `<section id="gate" class="gate failed" role="alert"><h2>${head}</h2>${policy}<ul class="failures">${failures.join('')}</ul>${removed}</section>`;
}

// ---------------------------------------------------------------------------------------------
// The score, its distribution and the severities

/** The three bands as horizontal bars, each with its count written beside it and as a tooltip. */
function bandChart(distribution: Record<Band, number>, pages: number): string {
  const names = SCORE_BANDS.map((b) => b.name);
  const max = Math.max(1, ...names.map((n) => distribution[n]));
  const rowH = 30;
  const bars = names.map((name, i) => {
    const n = distribution[name];
    const w = round1((n / max) * 160);
    const y = i * rowH;
    const label = `${BAND_LABEL[name]} (${BAND_RANGE[name]}): ${plural(n, 'page')}`;
    return (
      `<g class="band" data-band="${name}"><title>${esc(label)}</title>` +
      `<text x="0" y="${y + 19}" fill="currentColor">${BAND_LABEL[name]} ${BAND_RANGE[name]}</text>` +
      `<rect x="205" y="${y + 5}" width="${w}" height="20" rx="3" fill="${BAND_FILL[name]}"/>` +
      `<text class="count" x="${round1(211 + w)}" y="${y + 19}" fill="currentColor">${n}</text></g>`
    );
  });
  const title = `Pages by score band: ${names.map((n) => `${distribution[n]} ${BAND_LABEL[n].toLowerCase()}`).join(', ')} (of ${pages})`;
  return (
    `<svg class="chart bands" role="img" aria-labelledby="bands-title" viewBox="0 0 400 ${rowH * names.length}" width="400" height="${rowH * names.length}">` +
    `<title id="bands-title">${esc(title)}</title>${bars.join('')}</svg>`
  );
}

/** Page scores in ten-point buckets, each bar coloured by its band, its count above it. */
function histogramChart(buckets: readonly number[]): string {
  const max = Math.max(1, ...buckets);
  const barW = 30;
  const gap = 8;
  const top = 18;
  const plot = 100;
  const bars = buckets.map((n, i) => {
    const h = round1((n / max) * plot);
    const x = i * (barW + gap);
    const band = bandOf(i * 10);
    const label = `Scores ${bucketLabel(i)}: ${plural(n, 'page')}`;
    return (
      `<g class="bucket" data-bucket="${i}"><title>${esc(label)}</title>` +
      `<rect x="${x}" y="${round1(top + plot - h)}" width="${barW}" height="${h}" rx="2" fill="${BAND_FILL[band]}"/>` +
      `<text class="count" x="${x + barW / 2}" y="${round1(top + plot - h - 4)}" text-anchor="middle" fill="currentColor">${n}</text>` +
      `<text class="bucket-label" x="${x + barW / 2}" y="${top + plot + 14}" text-anchor="middle" fill="currentColor">${bucketLabel(i)}</text></g>`
    );
  });
  const width = buckets.length * (barW + gap) - gap;
  const title = `Page scores in 10-point buckets: ${buckets.map((n, i) => `${bucketLabel(i)}: ${n}`).join(', ')}`;
  return (
    `<svg class="chart histogram" role="img" aria-labelledby="histogram-title" viewBox="0 0 ${width} ${top + plot + 20}" width="${width}" height="${top + plot + 20}">` +
    `<title id="histogram-title">${esc(title)}</title>${bars.join('')}</svg>`
  );
}

function summary(report: JsonReport): string {
  const s = report.summary;
  const band = bandOf(s.score);
  const card =
    `<div class="score-card band-${band}"><p class="label">Site score</p>` +
    `<p class="site-score"><span id="site-score">${s.score}</span><span class="outof">/100</span></p>` +
    `<p class="band-name">${BAND_LABEL[band]}</p><p class="hint">the mean of the ${plural(s.pages, 'page')}’ scores</p></div>`;
  const bands = `<figure class="chart-box"><figcaption>Pages by score band</figcaption>${bandChart(s.distribution, s.pages)}</figure>`;
  const hist = `<figure class="chart-box"><figcaption>Page scores</figcaption>${histogramChart(histogram(report.pages.map((p) => p.score)))}</figure>`;
  const severities = SEVERITIES.map((v) => `<li class="sev-count sev-${v}" data-severity="${v}"><span class="n">${s.bySeverity[v]}</span> ${v}</li>`).join('');
  const w = report.weights;
  const how =
    `<p class="how">Each rule a page fails costs it points, once per rule however many times it fails: ` +
    `critical ${w.critical}, high ${w.high}, medium ${w.medium}, low ${w.low}. A page starts at 100; the site score is the mean page score.</p>`;
  return (
    `<section id="summary"><h2 class="sr-only">Summary</h2><div class="overview">${card}${bands}${hist}</div>` +
    `<h3>Findings by severity</h3><ul class="severities">${severities}</ul>${how}</section>`
  );
}

// ---------------------------------------------------------------------------------------------
// The comparison with a baseline

const changeCell = (p: PageDelta): string => {
  if (p.status === 'new') return `score ${p.after}`;
  if (p.status === 'removed') return `not in this run (score was ${p.before})`;
  if (p.status === 'not-audited') return `could not be audited in this run (score was ${p.before})`;
  return `${p.before} → ${p.after} (${delta(p.before!, p.after!)})`;
};

const trend = (d: number): string => (d > 0 ? 'up' : d < 0 ? 'down' : 'flat');

function comparison(c: Comparison): string {
  const figures: [string, string, string][] = [
    ['site score', `${c.site.before} → ${c.site.after} (${delta(c.site.before, c.site.after)})`, trend(c.site.delta)],
    [`pages in both runs (${c.common.pages})`, `${c.common.before} → ${c.common.after} (${delta(c.common.before, c.common.after)})`, trend(c.common.delta)],
    ['new findings', String(c.counts.new), c.counts.new > 0 ? 'down' : 'flat'],
    ['fixed findings', String(c.counts.fixed), c.counts.fixed > 0 ? 'up' : 'flat'],
    ['unchanged findings', String(c.counts.unchanged), 'flat'],
    ['new pages', String(c.counts.newPages), 'flat'],
    ['removed pages', String(c.counts.removedPages), 'flat'],
    ...((c.counts.notAuditedPages ?? 0) > 0 ? [['pages not audited', String(c.counts.notAuditedPages), 'down'] as [string, string, string]] : []),
  ];
  const table = figures.map(([k, v, t]) => `<tr data-figure="${esc(k)}"><th scope="row">${esc(k)}</th><td class="${t}">${esc(v)}</td></tr>`).join('');
  const changedRules = c.rules.filter((r) => r.new > 0 || r.fixed > 0);
  const rules =
    changedRules.length > 0
      ? '<h3>By rule</h3><table class="rule-changes"><thead><tr><th>rule</th><th>severity</th><th>new</th><th>fixed</th><th>still open</th></tr></thead><tbody>' +
        changedRules
          .map((r) => `<tr><td><code>${esc(r.rule)}</code></td><td>${sev(r.severity)}</td><td class="num">${r.new}</td><td class="num">${r.fixed}</td><td class="num">${r.unchanged}</td></tr>`)
          .join('') +
        '</tbody></table>'
      : '';
  // A removed page's findings are gone with it, not fixed: only its absence is shown.
  const changed = c.pages.filter((p) => p.status !== 'kept' || p.new.length > 0 || p.fixed.length > 0 || p.delta !== 0);
  const pages = changed.map((p) => {
    const fixed = p.status === 'kept' ? p.fixed : [];
    const refs = [...p.new.map((f) => findingRef(f, 'new')), ...fixed.map((f) => findingRef(f, 'fixed'))];
    const list = refs.length > 0 ? `<ul class="refs">${refs.join('')}</ul>` : '';
    const tag = p.status === 'kept' ? '' : ` <span class="tag ${p.status}">${p.status} page</span>`;
    return `<li class="page-change" data-status="${p.status}"><p><span class="url">${esc(p.url)}</span>${tag} <span class="scores">${esc(changeCell(p))}</span></p>${list}</li>`;
  });
  const pageList =
    changed.length > 0
      ? `<h3>Pages that changed (${changed.length})</h3><p class="legend"><span class="tag new">new</span> findings this run has and the baseline did not; <span class="tag fixed">fixed</span> findings the baseline had and this run does not.</p><ul class="page-changes">${pages.join('')}</ul>`
      : '<p>No page changed.</p>';
  const label = `${c.baseline.label} (${plural(c.baseline.pages, 'page')}, score ${c.baseline.score})`;
  return `<section id="comparison"><h2>Compared with <span class="baseline">${esc(label)}</span></h2><table class="figures"><tbody>${table}</tbody></table>${rules}${pageList}</section>`;
}

// ---------------------------------------------------------------------------------------------
// Filters, rules and pages

/** Shown by the script only: with JavaScript off every rule and page is listed and nothing here would work. */
function filters(): string {
  const boxes = [...SEVERITIES.map((s) => ({ value: s, label: s })), { value: 'none', label: 'pages without issues' }]
    .map((b) => `<label class="toggle toggle-${b.value}"><input type="checkbox" name="severity" value="${b.value}" checked> ${b.label}</label>`)
    .join('');
  return (
    `<div id="filters" class="filters" hidden><label class="search">Search <input type="search" id="search" placeholder="URL, rule or message" autocomplete="off"></label>` +
    `<fieldset><legend>Show</legend>${boxes}</fieldset>` +
    `<p class="filter-hint">With a severity unticked, a page is listed only for its findings of the ticked ones.</p></div>`
  );
}

interface RuleRow {
  rule: string;
  severity: Severity;
  pages: number;
  points: number;
  hits: { page: number; url: string; finding: ReportFinding }[];
}

/** Every rule with findings, costliest first (points lost over all pages), each with its findings in page order. */
function ruleRows(report: JsonReport, pages: readonly ReportPage[]): RuleRow[] {
  const rows = Object.entries(report.summary.byRule).map(([rule, r]) => ({
    rule,
    severity: r.severity,
    pages: r.pages,
    points: r.pages * report.weights[r.severity],
    hits: [] as RuleRow['hits'],
  }));
  const byRule = new Map(rows.map((r) => [r.rule, r]));
  pages.forEach((p, i) => {
    for (const f of p.findings) byRule.get(f.rule)?.hits.push({ page: i, url: p.url, finding: f });
  });
  return rows.sort((a, b) => b.points - a.points || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || cmp(a.rule, b.rule));
}

function ruleBlock(r: RuleRow, index: number, report: JsonReport): string {
  const first = r.hits[0]?.finding;
  const info = ruleInfo(report, r.rule, { severity: r.severity, ...(first ? { message: first.message, fix: first.fix } : {}) });
  const weight = report.weights[r.severity];
  const share = report.summary.pages > 0 ? round1(r.points / report.summary.pages) : 0;
  const cost = `<p class="cost"><span class="pages-affected">${plural(r.pages, 'page')}</span> · <span class="points">${r.points} points</span> (${weight} on each page; up to ${share} off the site score)</p>`;
  const fix = info.fix !== '' ? `<p class="fix"><strong>How to fix:</strong> ${esc(info.fix)}</p>` : '';
  const hits = r.hits
    .map((h) => `<li class="hit"><a class="url" href="#page-${h.page}">${esc(h.url)}</a> <span class="message">${esc(h.finding.message)}</span></li>`)
    .join('');
  const details = `<details><summary>${plural(r.hits.length, 'finding')} on ${plural(r.pages, 'page')}</summary><ul class="hits">${hits}</ul></details>`;
  return (
    `<section class="rule" id="rule-${index}" data-rule="${esc(r.rule)}" data-severity="${r.severity}">` +
    `<h3>${sev(r.severity)} <code class="rule-id">${esc(r.rule)}</code></h3><p class="desc">${esc(info.description)}</p>${cost}${fix}${details}</section>`
  );
}

function issues(rows: readonly RuleRow[], report: JsonReport): string {
  const body = rows.length > 0 ? rows.map((r, i) => ruleBlock(r, i, report)).join('') : '<p class="none">No rule found anything.</p>';
  return `<section id="issues"><h2>Issues by rule</h2><p class="count" id="rule-count">Showing ${rows.length} of ${rows.length} rules</p>${body}</section>`;
}

function findingItem(f: ReportFinding, ruleIndex: ReadonlyMap<string, number>): string {
  const facts: [string, string, string][] = [];
  if (f.value !== undefined) facts.push(['Found', 'value', `<code>${esc(f.value)}</code>`]);
  if (f.element !== undefined && f.element !== f.value) facts.push(['Where', 'element', `<code>${esc(f.element)}</code>`]);
  if (f.expected !== undefined) facts.push(['Expected', 'expected', esc(f.expected)]);
  if (f.fix !== '') facts.push(['How to fix', 'fix', esc(f.fix)]);
  const dl = facts.length > 0 ? `<dl class="facts">${facts.map(([k, cls, v]) => `<dt>${k}</dt><dd class="${cls}">${v}</dd>`).join('')}</dl>` : '';
  const i = ruleIndex.get(f.rule);
  const rule = i !== undefined ? `<a class="rule-id" href="#rule-${i}">${esc(f.rule)}</a>` : `<code class="rule-id">${esc(f.rule)}</code>`;
  return `<li class="finding" data-severity="${f.severity}"><p class="line">${sev(f.severity)} ${rule} <span class="message">${esc(f.message)}</span></p>${dl}</li>`;
}

function pageBlock(p: ReportPage, index: number, ruleIndex: ReadonlyMap<string, number>): string {
  const origin = p.origin !== undefined ? `<p class="origin">${esc(p.origin)}</p>` : '';
  const warnings = (p.warnings ?? []).map((w) => `<li>${esc(w)}</li>`).join('');
  const body =
    p.findings.length > 0
      ? `<ul class="findings">${p.findings.map((f) => findingItem(f, ruleIndex)).join('')}</ul>`
      : '<p class="clean">No issues found.</p>';
  return (
    `<article class="page" id="page-${index}" data-findings="${p.findings.length}"><header>${scoreBadge(p.score)}<div><h3 class="url">${esc(p.url)}</h3>${origin}</div></header>` +
    `${warnings ? `<ul class="warnings">${warnings}</ul>` : ''}${body}</article>`
  );
}

function pagesSection(pages: readonly ReportPage[], ruleIndex: ReadonlyMap<string, number>): string {
  const body = pages.length > 0 ? pages.map((p, i) => pageBlock(p, i, ruleIndex)).join('') : '<p class="none">No pages were audited.</p>';
  return `<section id="pages"><h2>Pages <span class="sub">worst first</span></h2><p class="count" id="page-count">Showing ${pages.length} of ${pages.length} pages</p>${body}</section>`;
}

// ---------------------------------------------------------------------------------------------
// The end: what was not checked, and why

function closing(report: JsonReport): string {
  const parts: string[] = [];
  if (report.notApplicable.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const n of report.notApplicable) byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.rule]);
    const items = [...byReason].map(([reason, rules]) => `<li><span class="reason">${esc(reason)}</span>: ${rules.map((r) => `<code>${esc(r)}</code>`).join(', ')}</li>`);
    parts.push(`<section id="not-applicable"><h2>Rules not applied (${report.notApplicable.length})</h2><ul>${items.join('')}</ul></section>`);
  }
  if (report.errors.length > 0) {
    const items = report.errors.map((e) => `<li><span class="origin">${esc(e.origin)}</span>: ${esc(e.message)}</li>`);
    parts.push(`<section id="errors"><h2>Not audited (${report.errors.length})</h2><ul>${items.join('')}</ul></section>`);
  }
  if (report.notes.length > 0) {
    parts.push(`<section id="notes"><h2>Notes</h2><ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`);
  }
  return parts.join('');
}


/**
 * The audit report as one HTML file: no external resource, no clock, no random id, so the same
 * report renders the same bytes. Sections in reading order: the gate's verdict, the score and
 * its spread, the comparison, the rules, the pages, then what was not checked.
 */
export function formatHtml(report: JsonReport): string {
  const pages = worstFirst(report.pages);
  const rows = ruleRows(report, pages);
  const ruleIndex = new Map(rows.map((r, i) => [r.rule, i]));
  const body = [
    header(report),
    report.gate ? gate(report.gate) : '',
    summary(report),
    report.comparison ? comparison(report.comparison) : '',
    filters(),
    issues(rows, report),
    pagesSection(pages, ruleIndex),
    closing(report),
  ].filter((part) => part !== '');
  return htmlDocument({ title: `SEO audit: ${report.source.target}`, csp: CSP, style: STYLE, body, script: SCRIPT });
}
