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
import { createHash } from 'node:crypto';
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

// ---------------------------------------------------------------------------------------------
// Stylesheet, script and policy: constants, so their hashes are too.

const STYLE = `
:root { color-scheme: light dark; --line: #8885; --muted: #6e7781; --bg: #fff; --panel: #f6f8fa;
  --good: #1a7f37; --needs-improvement: #b35900; --poor: #c5221f;
  --critical: #a40e26; --high: #d1420b; --medium: #9a6700; --low: #57606a; --new: #fff1c2; --fixed: #dafbe1; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --panel: #161b22; --new: #4d3800; --fixed: #0f3d1f; } }
[hidden] { display: none !important; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 0 auto; padding: 1.5rem; max-width: 72rem; background: var(--bg); }
h1 { font-size: 1.4rem; margin: 0 0 .4rem; overflow-wrap: anywhere; }
h1 .target { font-weight: 500; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h2 .sub { font-size: .85rem; font-weight: normal; color: var(--muted); }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
code { font-size: .9em; overflow-wrap: anywhere; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
dl.meta { display: flex; flex-wrap: wrap; gap: .2rem 1.8rem; margin: 0; }
dl.meta dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.banner, .gate { border-radius: 8px; padding: .7rem 1rem; margin: 1rem 0; }
.banner.partial { background: var(--new); border: 2px solid var(--needs-improvement); }
.gate h2 { margin: 0 0 .3rem; border: 0; }
.gate.passed { border: 2px solid var(--good); }
.gate.failed { border: 2px solid var(--poor); }
.gate.failed h2 { color: var(--poor); }
.gate .policy, .gate .removed { color: var(--muted); margin: .2rem 0; overflow-wrap: anywhere; }
ul.failures, ul.gate-pages, ul.refs, ul.page-changes, ul.hits { padding-left: 1.2rem; }
li.failure p, li.page-change p { margin: .3rem 0; }
.url { overflow-wrap: anywhere; }
.scores { color: var(--muted); margin-left: .3rem; }
.overview { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; margin-top: 1rem; }
.score-card { border: 3px solid currentColor; border-radius: 12px; padding: .6rem 1.4rem; text-align: center; min-width: 10rem; }
.score-card p { margin: 0; }
.score-card .label { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; }
.site-score { font-size: 3.4rem; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.site-score .outof { font-size: 1.1rem; font-weight: 500; }
.score-card .band-name { font-weight: 600; }
.score-card .hint { font-size: .75rem; color: var(--muted); }
.band-good { color: var(--good); }
.band-needs-improvement { color: var(--needs-improvement); }
.band-poor { color: var(--poor); }
figure.chart-box { margin: 0; }
figure.chart-box figcaption { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin-bottom: .3rem; }
svg.chart { max-width: 100%; height: auto; font-size: 13px; overflow: visible; }
svg.chart .count { font-weight: 600; font-variant-numeric: tabular-nums; }
svg.chart .bucket-label { font-size: 10px; }
ul.severities { list-style: none; padding: 0; display: flex; gap: .6rem; flex-wrap: wrap; margin: .3rem 0; }
li.sev-count { border: 1px solid var(--line); border-left: 6px solid; border-radius: 6px; padding: .3rem .8rem; text-transform: capitalize; }
li.sev-count .n { font-size: 1.4rem; font-weight: 700; margin-right: .2rem; font-variant-numeric: tabular-nums; }
li.sev-critical { border-left-color: var(--critical); } li.sev-high { border-left-color: var(--high); }
li.sev-medium { border-left-color: var(--medium); } li.sev-low { border-left-color: var(--low); }
p.how, p.legend, p.filter-hint, p.count { color: var(--muted); font-size: .85rem; }
.sev { display: inline-block; min-width: 4.6rem; text-align: center; padding: 0 .4rem; border-radius: 1rem; font-size: .72rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; color: #fff; }
.sev.sev-critical { background: var(--critical); }
.sev.sev-high { background: var(--high); } .sev.sev-medium { background: var(--medium); } .sev.sev-low { background: var(--low); }
table.figures, table.rule-changes { border-collapse: collapse; margin: .5rem 0; }
table.figures th, table.figures td, table.rule-changes th, table.rule-changes td { text-align: left; padding: .2rem 1rem .2rem 0; border-bottom: 1px solid var(--line); }
td.up { color: var(--good); font-weight: 600; } td.down { color: var(--poor); font-weight: 600; } td.num { text-align: right; }
.tag { display: inline-block; padding: 0 .45rem; border-radius: 4px; font-size: .75rem; font-weight: 600; border: 1px solid var(--line); }
.tag.new { background: var(--new); } .tag.fixed { background: var(--fixed); } .tag.removed { color: var(--muted); }
li.ref.new { background: var(--new); border-radius: 4px; padding: .1rem .3rem; }
li.ref.new::before { content: "new "; font-weight: 700; font-size: .75rem; }
li.ref.fixed { background: var(--fixed); border-radius: 4px; padding: .1rem .3rem; }
li.ref.fixed::before { content: "fixed "; font-weight: 700; font-size: .75rem; }
li.ref .element { color: var(--muted); }
.filters { position: sticky; top: 0; z-index: 1; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: .5rem .8rem; margin: 1.5rem 0 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; align-items: center; }
.filters input[type=search] { font: inherit; padding: .2rem .4rem; min-width: 18rem; }
.filters fieldset { border: 0; padding: 0; margin: 0; }
.filters legend { float: left; margin-right: .6rem; font-weight: 600; }
.filters label.toggle { margin-right: .8rem; white-space: nowrap; }
.filters .filter-hint { flex-basis: 100%; margin: 0; }
section.rule { border: 1px solid var(--line); border-radius: 8px; padding: .2rem 1rem .6rem; margin: .8rem 0; }
section.rule h3 { margin: .6rem 0 .2rem; }
section.rule p { margin: .25rem 0; }
p.cost .points { font-weight: 600; }
p.fix { font-size: .9rem; }
details summary { cursor: pointer; color: var(--muted); }
ul.hits li { margin: .15rem 0; }
ul.hits .message { color: var(--muted); }
a { color: inherit; }
section.rule, article.page { scroll-margin-top: 7rem; content-visibility: auto; contain-intrinsic-size: auto 12rem; }
article.page { border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem; margin: .8rem 0; }
article.page > header { display: flex; gap: .8rem; align-items: center; }
article.page h3 { margin: 0; font-size: 1rem; }
p.origin { margin: 0; color: var(--muted); font-size: .8rem; overflow-wrap: anywhere; }
.score { display: inline-block; min-width: 2.6rem; text-align: center; font-weight: 700; font-size: 1.1rem; border: 2px solid currentColor; border-radius: 8px; padding: .1rem .3rem; font-variant-numeric: tabular-nums; }
ul.findings { list-style: none; padding: 0; margin: .5rem 0 0; }
li.finding { border-top: 1px solid var(--line); padding: .4rem 0; }
li.finding p.line { margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0 0 5.2rem; font-size: .88rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
dl.facts dd.value code { white-space: pre-wrap; display: block; max-height: 8rem; overflow: auto; }
p.clean { color: var(--good); margin: .3rem 0 0; }
ul.warnings { color: var(--needs-improvement); font-size: .88rem; }
@media (max-width: 40rem) { dl.facts { margin-left: 0; } .filters input[type=search] { min-width: 0; width: 100%; } }
`;

/**
 * The filters. A finding shows when its severity is ticked and the search text is in the page's
 * URL, the rule id or the message; a page shows when one of its findings does (a page without
 * findings: when "pages without issues" is ticked and its URL matches). A rule shows when its
 * severity is ticked and the text is in its id, description, or one of its pages' URL or message.
 * Plain ES2017, no eval, no inline handlers: the CSP allows this script by its hash and no other.
 */
const SCRIPT = `
(function () {
  'use strict';
  var bar = document.getElementById('filters');
  var search = document.getElementById('search');
  if (!bar || !search) return;
  var boxes = Array.prototype.slice.call(bar.querySelectorAll('input[type=checkbox]'));
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var text = function (el) { return el ? el.textContent.toLowerCase() : ''; };
  // Read the page once: a report of thousands of findings must not be walked again on every key.
  var pages = all('article.page').map(function (el) {
    return { el: el, url: text(el.querySelector('.url')), findings: all('li.finding', el).map(function (li) {
      return { el: li, severity: li.getAttribute('data-severity'), text: text(li.querySelector('.rule-id')) + ' ' + text(li.querySelector('.message')) };
    }) };
  });
  var rules = all('section.rule').map(function (el) {
    return { el: el, severity: el.getAttribute('data-severity'), text: text(el.querySelector('.rule-id')) + ' ' + text(el.querySelector('.desc')),
      hits: all('li.hit', el).map(function (li) { return { el: li, text: text(li) }; }) };
  });
  // Only changes touch the DOM: setting hidden to what it already is still costs a style pass.
  var show = function (el, visible) { if (el.hidden === visible) el.hidden = !visible; };
  function apply() {
    var q = search.value.trim().toLowerCase();
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var shownPages = 0;
    pages.forEach(function (page) {
      var urlHit = q === '' || page.url.indexOf(q) !== -1;
      var any = false;
      page.findings.forEach(function (f) {
        var visible = on[f.severity] === true && (urlHit || f.text.indexOf(q) !== -1);
        show(f.el, visible);
        if (visible) any = true;
      });
      var visible = page.findings.length === 0 ? on.none === true && urlHit : any;
      show(page.el, visible);
      if (visible) shownPages++;
    });
    var shownRules = 0;
    rules.forEach(function (rule) {
      var ruleHit = q === '' || rule.text.indexOf(q) !== -1;
      var any = false;
      rule.hits.forEach(function (h) {
        var visible = ruleHit || h.text.indexOf(q) !== -1;
        show(h.el, visible);
        if (visible) any = true;
      });
      var visible = on[rule.severity] === true && (ruleHit || any);
      show(rule.el, visible);
      if (visible) shownRules++;
    });
    document.getElementById('page-count').textContent = 'Showing ' + shownPages + ' of ' + pages.length + ' pages';
    document.getElementById('rule-count').textContent = 'Showing ' + shownRules + ' of ' + rules.length + ' rules';
  }
  bar.addEventListener('input', apply);
  bar.addEventListener('change', apply);
  bar.hidden = false;
  apply();
})();
`;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64');
/** Only this stylesheet and this script may apply, nothing may load: see the note at the top. */
const CSP = `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(SCRIPT)}'; base-uri 'none'; form-action 'none'`;

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
