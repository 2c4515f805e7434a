// The HTML audit report, rendered by a real browser: headless Chromium opens the file as a reader
// would (file://), and the assertions read the DOM it built and the filters' effect on it, not the
// HTML string. The report is a real audit of the demo shop; the comparison is against a copy of it
// with one finding fixed, one added, a page removed and one added.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../testing/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { scorePage, summarize } from '../engine/score.js';
import { SEVERITIES, type Severity } from '../engine/types.js';
import { compare } from '../gate/compare.js';
import { judge } from '../gate/policy.js';
import { snapshotOfReport } from '../gate/snapshot.js';
import { demoShopReport, handReport, summaryOf } from '../testing/reports.js';
import { formatHtml, histogram } from './html.js';
import type { JsonReport } from './json.js';

const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-html-'));
let files = 0;

type ReportPage = JsonReport['pages'][number];
type ReportFinding = ReportPage['findings'][number];

/** A report's pages re-scored and re-summarised after a test edited them, as the engine would. */
function rescored(report: JsonReport, pages: ReportPage[]): JsonReport {
  const scored = pages.map((p) => ({ ...p, score: scorePage(p.findings, report.weights) }));
  return { ...report, pages: scored, summary: summaryOf(scored) };
}

const finding = (rule: string, severity: Severity, message: string, fingerprint: string, extra: Partial<ReportFinding> = {}): ReportFinding => ({
  rule,
  severity,
  message,
  fix: `Fix ${rule}.`,
  fingerprint,
  ...extra,
});

const SHOP = 'https://demo-shop.example/';
const NEW_PAGE = `${SHOP}new-arrivals/`;
const NOINDEX = 'Page tells search engines not to index it (robots: noindex).';

/** The demo shop a week later: contact's title fixed, /about/ made noindex, gift cards gone, a new page with an image without alt. */
function later(before: JsonReport): JsonReport {
  const pages = structuredClone(before.pages)
    .filter((p) => p.url !== `${SHOP}gift-cards/`)
    .map((p) => {
      if (p.url === `${SHOP}contact/`) return { ...p, findings: p.findings.filter((f) => f.rule !== 'title-too-short') };
      if (p.url === `${SHOP}about/`) return { ...p, findings: [...p.findings, finding('noindex', 'high', NOINDEX, 'aaaa000000000001')] };
      return p;
    });
  pages.push({ url: NEW_PAGE, score: 0, findings: [finding('image-alt-missing', 'medium', 'Image /new.jpg has no alt attribute.', 'aaaa000000000002', { element: '/new.jpg' })] });
  return rescored(before, pages);
}

// Every value of the hostile report tries to run script: as text, as an attribute, out of <title>,
// <style> and <script>, and as an SVG.
const PWN = (n: number) => `window.__pwned=${n}`;
const HOSTILE = {
  target: `</title><script>${PWN(1)}</script>`,
  url: `https://x.example/</script><script>${PWN(2)}</script>`,
  rule: `<img src=x onerror="${PWN(3)}">`,
  message: `<img src=x onerror="${PWN(4)}"> & "quotes" 'too'`,
  value: `</style><script>${PWN(5)}</script>`,
  fix: `"><svg onload="${PWN(6)}">`,
  label: `<script>${PWN(7)}</script>`,
  note: `<iframe src="javascript:${PWN(8)}"></iframe>`,
};

function hostileReport(): JsonReport {
  const pages: ReportPage[] = [
    {
      url: HOSTILE.url,
      origin: HOSTILE.value,
      score: 0,
      findings: [finding(HOSTILE.rule, 'critical', HOSTILE.message, 'bbbb000000000001', { value: HOSTILE.value, expected: HOSTILE.note, element: HOSTILE.fix, fix: HOSTILE.fix })],
      warnings: [HOSTILE.note],
    },
    { url: 'https://x.example/ok', score: 0, findings: [] },
  ];
  const base = handReport([], {
    tool: { name: 'seo-ai', version: '<b>0.1.0</b>' },
    generatedAt: HOSTILE.note,
    source: { kind: 'folder', target: HOSTILE.target, baseUrl: HOSTILE.label },
    partial: true,
    notApplicable: [{ rule: HOSTILE.rule, reason: HOSTILE.note }],
    errors: [{ origin: HOSTILE.url, message: HOSTILE.message }],
    notes: [HOSTILE.note],
  });
  const report = rescored(base, pages);
  const comparison = compare(snapshotOfReport({ summary: { score: 100 }, pages: [{ url: HOSTILE.url, score: 100, findings: [] }] }, HOSTILE.label), snapshotOfReport(report, 'now'));
  return { ...report, comparison, gate: judge(report.summary.score, comparison, { failOn: 'low' }) };
}

interface Opened {
  page: Page;
  url: string;
  requests: string[];
  console: string[];
  errors: string[];
}

let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

/** Writes the report to a file and opens it, recording every request, console message and uncaught error. */
async function open(html: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Opened> {
  if (!browser) throw new Error('no browser');
  const file = path.join(dir, `report${++files}.html`);
  writeFileSync(file, html);
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  const seen = { requests: [] as string[], console: [] as string[], errors: [] as string[] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', (d) => {
    seen.errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, ...seen };
}

/** The little of the DOM the assertions read (the project compiles without the DOM library). */
interface DomElement {
  textContent: string | null;
  hidden: boolean;
  offsetParent: unknown;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  closest(selector: string): DomElement | null;
  ownerDocument: { defaultView: { getComputedStyle(element: DomElement): { color: string; backgroundColor: string } } };
}

const texts = (page: Page, selector: string): Promise<string[]> => page.$$eval(selector, (els: DomElement[]) => els.map((e) => e.textContent ?? ''));

/** The URLs of the page articles a reader sees, top to bottom. */
const visiblePages = (page: Page): Promise<string[]> =>
  page.$$eval('article.page', (as: DomElement[]) => as.filter((a) => a.offsetParent !== null).map((a) => a.querySelector('h3.url')!.textContent!));
/**
 * Shown by the filters: neither it nor a parent is hidden. (Not isVisible: pages render lazily
 * (content-visibility: auto), so the findings of a page scrolled out of view have no box yet.)
 */
const shown = (page: Page, selector: string): Promise<boolean> => page.$eval(selector, (el: DomElement) => el.closest('[hidden]') === null);
const visibleRules = (page: Page): Promise<string[]> =>
  page.$$eval('section.rule', (rs: DomElement[]) => rs.filter((r) => r.offsetParent !== null).map((r) => r.getAttribute('data-rule')!));

/** What the page list should show: the report's own pages, worst first, as the filters define it. */
function expectedPages(report: JsonReport, on: ReadonlySet<string>, q = ''): string[] {
  const has = (s: string | undefined): boolean => (s ?? '').toLowerCase().includes(q);
  return [...report.pages]
    .sort((a, b) => a.score - b.score || (a.url < b.url ? -1 : 1))
    .filter((p) => {
      const urlHit = has(p.url);
      if (p.findings.length === 0) return on.has('none') && urlHit;
      return p.findings.some((f) => on.has(f.severity) && (urlHit || has(f.rule) || has(f.message)));
    })
    .map((p) => p.url);
}

let report: JsonReport;
let html: string;
let compared: JsonReport;

beforeAll(async () => {
  report = await demoShopReport();
  html = formatHtml(report);
  const after = later(report);
  const comparison = compare(snapshotOfReport(report, 'baseline.json'), snapshotOfReport(after, 'now'));
  compared = { ...after, comparison, gate: judge(after.summary.score, comparison, { failOn: 'high', minScore: 95 }) };
}, 60_000);

describe('formatHtml in headless Chromium', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('the demo shop: header, site score in its band, distribution, severities; no request, no console message', async () => {
    const { page, url, requests, console, errors } = await open(html);
    expect([requests, console, errors]).toEqual([[url], [], []]);
    expect(report.summary.score).toBe(92.4);
    expect(await page.title()).toBe(`SEO audit: ${report.source.target}`);
    expect(await texts(page, 'dl.meta > div')).toEqual([
      'Sourcefolder of HTML files, https://demo-shop.example/',
      'Pages audited45',
      'Generated2026-01-02 03:04:05 UTC',
      'Toolseo-ai 0.1.0',
    ]);
    expect(await page.$$('.banner.partial, #gate, #comparison')).toEqual([]);
    expect(await page.textContent('#site-score')).toBe(String(report.summary.score));
    expect(await page.textContent('.score-card .band-name')).toBe('Good');
    // The stylesheet applied (its hash matches the CSP): the score is in the "good" green.
    expect(await page.$eval('.score-card', (e: DomElement) => e.ownerDocument.defaultView.getComputedStyle(e).color)).toBe('rgb(26, 127, 55)');

    const bands = await page.$$eval('svg.bands g.band', (gs: DomElement[]) => gs.map((g) => [g.getAttribute('data-band'), g.querySelector('.count')!.textContent, g.querySelector('title')!.textContent]));
    expect(bands).toEqual([
      ['good', String(report.summary.distribution.good), `Good (90–100): ${report.summary.distribution.good} pages`],
      ['needs-improvement', String(report.summary.distribution['needs-improvement']), `Needs improvement (50–89): ${report.summary.distribution['needs-improvement']} pages`],
      ['poor', String(report.summary.distribution.poor), `Poor (0–49): ${report.summary.distribution.poor} pages`],
    ]);
    expect(bands.map((b) => b[1])).toEqual(['32', '13', '0']);
    expect(await page.textContent('#bands-title')).toBe('Pages by score band: 32 good, 13 needs improvement, 0 poor (of 45)');
    // The histogram: every page in its ten-point bucket, counted here from the pages themselves.
    const buckets = new Array<number>(10).fill(0);
    for (const p of report.pages) buckets[p.score === 100 ? 9 : Math.floor(p.score / 10)]!++;
    expect(await texts(page, 'svg.histogram g.bucket .count')).toEqual(buckets.map(String));
    expect(await texts(page, 'svg.histogram g.bucket .bucket-label')).toEqual(['0–9', '10–19', '20–29', '30–39', '40–49', '50–59', '60–69', '70–79', '80–89', '90–100']);
    expect(buckets).toEqual([0, 0, 0, 0, 0, 0, 2, 2, 9, 32]);
    expect(await page.$$eval('svg[role="img"]', (ss: DomElement[]) => ss.map((s) => s.getAttribute('aria-labelledby')))).toEqual(['bands-title', 'histogram-title']);

    const severities = await page.$$eval('li.sev-count', (ls: DomElement[]) => ls.map((l) => [l.getAttribute('data-severity'), l.querySelector('.n')!.textContent]));
    expect(severities).toEqual(SEVERITIES.map((s) => [s, String(report.summary.bySeverity[s])]));
    expect(await page.textContent('p.how')).toBe(
      'Each rule a page fails costs it points, once per rule however many times it fails: critical 25, high 15, medium 10, low 5. A page starts at 100; the site score is the mean page score.',
    );
  });

  it('lists every rule with findings, costliest first, with its pages behind a <details>', async () => {
    const { page } = await open(html);
    const rows = await page.$$eval('section.rule', (rs: DomElement[]) =>
      rs.map((r) => ({
        rule: r.getAttribute('data-rule')!,
        id: r.querySelector('.rule-id')!.textContent,
        severity: r.querySelector('.sev')!.textContent,
        affected: r.querySelector('.pages-affected')!.textContent,
        points: r.querySelector('.points')!.textContent,
        hasFix: r.querySelector('p.fix') !== null,
      })),
    );
    expect(rows).toHaveLength(Object.keys(report.summary.byRule).length);
    expect(rows.map((r) => r.rule).sort()).toEqual(Object.keys(report.summary.byRule));
    for (const row of rows) {
      const r = report.summary.byRule[row.rule]!;
      expect(row).toEqual({
        rule: row.rule,
        id: row.rule,
        severity: r.severity,
        affected: `${r.pages} ${r.pages === 1 ? 'page' : 'pages'}`,
        points: `${r.pages * DEFAULT_WEIGHTS[r.severity]} points`,
        hasFix: true,
      });
    }
    // Costliest first: two duplicate titles (2 × 25), two duplicate descriptions (2 × 15), one missing description (25).
    expect(rows.slice(0, 4).map((r) => [r.rule, r.points])).toEqual([
      ['title-duplicate', '50 points'],
      ['meta-description-duplicate', '30 points'],
      ['meta-description-missing', '25 points'],
      ['content-near-duplicate', '20 points'],
    ]);
    const first = 'section.rule[data-rule="title-duplicate"]';
    expect(await page.textContent(`${first} .cost`)).toBe('2 pages · 50 points (25 on each page; up to 1.1 off the site score)');
    expect(await page.textContent(`${first} .desc`)).toBeTruthy();
    // Closed at first; opened, it lists each finding's page and message.
    expect(await page.isVisible(`${first} li.hit`)).toBe(false);
    await page.click(`${first} summary`);
    const hits = await page.$$eval(`${first} li.hit`, (ls: DomElement[]) => ls.map((l) => [l.querySelector('.url')!.textContent, l.querySelector('.message')!.textContent]));
    const expected = report.pages
      .flatMap((p) => p.findings.filter((f) => f.rule === 'title-duplicate').map((f) => [p.url, f.message]))
      .sort();
    expect(hits.slice().sort()).toEqual(expected);
    expect(hits).toHaveLength(2);
    expect(await page.isVisible(`${first} li.hit`)).toBe(true);
  });

  it('lists every page worst first with its score and findings: severity, rule, message, value, expected, fix', async () => {
    const { page } = await open(html);
    const shown = await page.$$eval('article.page', (as: DomElement[]) => as.map((a) => [a.querySelector('h3.url')!.textContent, a.querySelector('.score')!.textContent]));
    const sorted = [...report.pages].sort((a, b) => a.score - b.score || (a.url < b.url ? -1 : 1));
    expect(shown).toEqual(sorted.map((p) => [p.url, String(p.score)]));
    expect(shown[0]).toEqual([`${SHOP}products/talus-approach-shoe/`, '60']);
    const talus = await page.$$eval('article.page:first-of-type li.finding', (ls: DomElement[]) =>
      ls.map((l) => ({
        severity: l.getAttribute('data-severity'),
        line: l.querySelector('p.line')!.textContent,
        facts: [...l.querySelectorAll('dl.facts dt, dl.facts dd')].map((e) => e.textContent),
      })),
    );
    const [missing, h1] = report.pages.find((p) => p.url === `${SHOP}products/talus-approach-shoe/`)!.findings;
    expect(talus).toEqual([
      { severity: 'critical', line: `critical meta-description-missing ${missing!.message}`, facts: ['Expected', missing!.expected, 'How to fix', missing!.fix] },
      { severity: 'high', line: `high h1-missing ${h1!.message}`, facts: ['Expected', h1!.expected, 'How to fix', h1!.fix] },
    ]);
    expect(await page.textContent('article.page:first-of-type p.origin')).toBe('fixtures/sites/demo-shop/products/talus-approach-shoe/index.html');
    // A finding with a value: what was found, then what is expected.
    const contact = await page.$$eval('article.page', (as: DomElement[]) =>
      [...as.find((a) => a.querySelector('h3.url')!.textContent === 'https://demo-shop.example/contact/')!.querySelectorAll('dl.facts dt, dl.facts dd')].map((e) => e.textContent),
    );
    const short = report.pages.find((p) => p.url === `${SHOP}contact/`)!.findings[0]!;
    expect(contact).toEqual(['Found', 'Contact | Northpine', 'Expected', '>= 30 characters', 'How to fix', short.fix]);
    // The rule id links to the rule's entry.
    await page.click('article.page:first-of-type a.rule-id');
    expect(await page.evaluate('location.hash')).toBe(`#rule-2`);
    expect(await page.getAttribute('#rule-2', 'data-rule')).toBe('meta-description-missing');
    expect(await texts(page, 'article.page:last-of-type p.clean')).toEqual(['No issues found.']);
    expect(await texts(page, '#not-applicable li')).toEqual([
      'needs target keywords (config "keywords" or --keywords): title-missing-keyword, meta-description-missing-keyword, keyword-density',
      'needs pages fetched over HTTP (audit a URL or sitemap): blocked-by-robots, http-status-error, link-to-redirect, llms-txt-invalid, orphan-page, redirect-chain, robots-txt-invalid, sitemap-non-indexable, page-dead-end, page-too-deep, response-slow, security-headers-missing, image-too-large, soft-404, js-changes-title, js-changes-meta-description, js-changes-canonical, js-changes-robots, js-only-links, js-only-content, render-error, js-redirect',
    ]);
    expect(await texts(page, '#notes li')).toEqual(report.notes);
    expect(await page.$$('#errors')).toEqual([]);
  });

  it('filters pages and rules by severity, and counts what it shows', async () => {
    const { page, console, errors } = await open(html);
    const all = new Set(['critical', 'high', 'medium', 'low', 'none']);
    expect(await page.isVisible('#filters')).toBe(true);
    expect(await page.textContent('#page-count')).toBe('Showing 45 of 45 pages');
    expect(await page.textContent('#rule-count')).toBe('Showing 27 of 27 rules');
    expect(await visiblePages(page)).toEqual(expectedPages(report, all));

    // Critical off: pages that only had critical findings go, the rest stay with their other findings.
    await page.uncheck('#filters input[value="critical"]');
    const noCritical = expectedPages(report, new Set(['high', 'medium', 'low', 'none']));
    expect(noCritical).toHaveLength(43);
    expect(await visiblePages(page)).toEqual(noCritical);
    expect(await page.textContent('#page-count')).toBe(`Showing ${noCritical.length} of 45 pages`);
    expect(await visibleRules(page)).not.toContain('title-duplicate');
    expect(await page.textContent('#rule-count')).toBe('Showing 25 of 27 rules');
    // Talus stays for its high finding; its critical one is hidden.
    expect(await shown(page, 'article.page:first-of-type li.finding[data-severity="critical"]')).toBe(false);
    expect(await shown(page, 'article.page:first-of-type li.finding[data-severity="high"]')).toBe(true);

    // Only critical: the three pages with a critical finding.
    await page.check('#filters input[value="critical"]');
    for (const s of ['high', 'medium', 'low', 'none']) await page.uncheck(`#filters input[value="${s}"]`);
    const onlyCritical = expectedPages(report, new Set(['critical']));
    expect(onlyCritical).toEqual([`${SHOP}products/talus-approach-shoe/`, `${SHOP}products/summit-down-jacket-mens/`, `${SHOP}products/summit-down-jacket-womens/`]);
    expect(await visiblePages(page)).toEqual(onlyCritical);
    expect(await page.textContent('#page-count')).toBe('Showing 3 of 45 pages');
    expect(await visibleRules(page)).toEqual(['title-duplicate', 'meta-description-missing']);
    expect(await texts(page, 'li.finding:not([hidden]) .rule-id')).toEqual(['meta-description-missing', 'title-duplicate', 'title-duplicate']);
    expect([console, errors]).toEqual([[], []]);
  });

  it('filters pages and rules by search text: URL, rule or message', async () => {
    const { page } = await open(html);
    const all = new Set(['critical', 'high', 'medium', 'low', 'none']);
    await page.fill('#search', 'daypack');
    expect(expectedPages(report, all, 'daypack')).toEqual([`${SHOP}products/canyon-daypack-22-rust/`, `${SHOP}products/canyon-daypack-22-slate/`]);
    expect(await visiblePages(page)).toEqual(expectedPages(report, all, 'daypack'));
    expect(await page.textContent('#page-count')).toBe('Showing 2 of 45 pages');
    expect(await visibleRules(page)).toEqual(['content-near-duplicate']);
    // A clean page matches by its URL.
    await page.fill('#search', 'CATEGORY/tents');
    expect(await visiblePages(page)).toEqual([`${SHOP}category/tents/`]);
    // A rule id finds the pages that fail it, showing only those findings.
    await page.fill('#search', 'title-too');
    const titles = expectedPages(report, all, 'title-too');
    expect(titles).toEqual([`${SHOP}products/featherline-solo-shelter/`, `${SHOP}contact/`]);
    expect(await visiblePages(page)).toEqual(titles);
    expect(await texts(page, 'article.page:not([hidden]) li.finding:not([hidden]) .rule-id')).toEqual(['title-too-long', 'title-too-wide', 'title-too-short']);
    expect(await visibleRules(page)).toEqual(['title-too-short', 'title-too-long', 'title-too-wide']);
    // Message text, together with a severity filter.
    await page.fill('#search', 'no alt attribute');
    expect(await visiblePages(page)).toEqual([`${SHOP}products/hydration-reservoir-2l/`]);
    await page.uncheck('#filters input[value="medium"]');
    expect(await visiblePages(page)).toEqual([]);
    expect(await page.textContent('#page-count')).toBe('Showing 0 of 45 pages');
    await page.check('#filters input[value="medium"]');
    await page.fill('#search', '');
    expect(await page.textContent('#page-count')).toBe('Showing 45 of 45 pages');
  });

  it('with JavaScript off, everything is shown and the filters are not', async () => {
    const { page, console } = await open(html, { javaScriptEnabled: false });
    expect(console).toEqual([]);
    expect(await page.isVisible('#filters')).toBe(false);
    expect(await visiblePages(page)).toHaveLength(45);
    expect(await visibleRules(page)).toHaveLength(27);
    expect(await page.textContent('#page-count')).toBe('Showing 45 of 45 pages');
    expect(await page.textContent('#site-score')).toBe('92.4');
  });

  it('shows the gate verdict first and the comparison with the baseline', async () => {
    const { page, url, requests, console, errors } = await open(formatHtml(compared));
    expect([requests, console, errors]).toEqual([[url], [], []]);
    expect(compared.summary.score).toBe(92.6);
    // The gate comes before everything but the header.
    expect(await page.$$eval('body > *', (els: DomElement[]) => els.slice(0, 3).map((e) => e.getAttribute('id') ?? e.getAttribute('class')))).toEqual(['top', 'gate', 'summary']);
    expect(await page.textContent('#gate h2')).toBe('CI gate: FAILED, 2 conditions');
    expect(await page.textContent('#gate .policy')).toBe('Policy: fail on new high+, min score 95');
    const failures = await page.$$eval('#gate li.failure', (ls: DomElement[]) =>
      ls.map((l) => ({
        condition: l.getAttribute('data-condition'),
        message: l.querySelector('p .message')!.textContent,
        pages: [...l.querySelectorAll('li.gate-page')].map((p) => [p.querySelector('.url')!.textContent, p.querySelector('.scores')!.textContent, [...p.querySelectorAll('li.ref')].map((r) => r.textContent)]),
      })),
    );
    expect(failures).toEqual([
      {
        condition: 'new-findings',
        message: '1 new high or worse finding on 1 page (--fail-on high)',
        pages: [[`${SHOP}about/`, '(score 100 → 85)', [`high noindex ${NOINDEX}`]]],
      },
      { condition: 'min-score', message: 'the site score 92.6 is below 95 (--min-score 95)', pages: [] },
    ]);
    expect(await page.textContent('#gate .removed')).toBe(`1 page of the baseline not in this run (listed, not failed): ${SHOP}gift-cards/`);

    expect(await page.textContent('#comparison h2')).toBe('Compared with baseline.json (45 pages, score 92.4)');
    const figures = await page.$$eval('#comparison table.figures tr', (trs: DomElement[]) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]));
    expect(figures).toEqual([
      ['site score', '92.4 → 92.6 (+0.2)'],
      ['pages in both runs (44)', '92.6 → 92.6 (±0)'],
      ['new findings', '2'],
      ['fixed findings', '1'],
      ['unchanged findings', '31'],
      ['new pages', '1'],
      ['removed pages', '1'],
    ]);
    const changes = await page.$$eval('#comparison li.page-change', (ls: DomElement[]) =>
      ls.map((l) => [l.getAttribute('data-status'), l.querySelector('p')!.textContent, [...l.querySelectorAll('li.ref')].map((r) => [r.getAttribute('class'), r.textContent])]),
    );
    expect(changes).toEqual([
      ['kept', `${SHOP}about/ 100 → 85 (-15)`, [['ref new', `high noindex ${NOINDEX}`]]],
      ['kept', `${SHOP}contact/ 85 → 100 (+15)`, [['ref fixed', `high title-too-short ${report.pages.find((p) => p.url === `${SHOP}contact/`)!.findings[0]!.message}`]]],
      ['removed', `${SHOP}gift-cards/ removed page not in this run (score was 85)`, []],
      ['new', `${NEW_PAGE} new page score 90`, [['ref new', 'medium image-alt-missing Image /new.jpg has no alt attribute. [/new.jpg]']]],
    ]);
    // New findings are highlighted: the stylesheet marks them and gives them a background.
    expect(await page.$$eval('#comparison li.ref', (ls: DomElement[]) => ls.map((l) => l.ownerDocument.defaultView.getComputedStyle(l).backgroundColor))).toEqual([
      'rgb(255, 241, 194)',
      'rgb(218, 251, 225)',
      'rgb(255, 241, 194)',
    ]);
    expect(await texts(page, '#comparison table.rule-changes tbody tr')).toEqual(['image-alt-missingmedium102', 'noindexhigh100', 'title-too-shorthigh010']);
  });

  it('a passing gate says so', async () => {
    const passed = { ...compared, gate: judge(compared.summary.score, compared.comparison, { failOn: 'critical' }) };
    const { page } = await open(formatHtml(passed));
    expect(await page.getAttribute('#gate', 'class')).toBe('gate passed');
    expect(await page.textContent('#gate h2')).toBe('CI gate: passed');
    expect(await page.textContent('#gate .policy')).toBe('Policy: fail on new critical+');
  });

  it('renders hostile values as text: nothing runs, nothing loads, no element is injected', async () => {
    const hostile = hostileReport();
    const out = formatHtml(hostile);
    const { page, url, requests, console, errors } = await open(out);
    expect([requests, console, errors]).toEqual([[url], [], []]);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.$$eval('script', (els) => els.length)).toBe(1);
    expect(await page.$$eval('svg', (els) => els.length)).toBe(2);
    expect(await page.$$eval('img, iframe, object, embed, link, style ~ style, [onerror], [onload], [src]', (els) => els.length)).toBe(0);
    expect(await page.title()).toBe(`SEO audit: ${HOSTILE.target}`);
    expect(await page.textContent('h1 .target')).toBe(HOSTILE.target);
    expect(await texts(page, 'article.page h3.url')).toEqual([HOSTILE.url, 'https://x.example/ok']);
    expect(await texts(page, 'article.page li.finding .message')).toEqual([HOSTILE.message]);
    expect(await texts(page, 'article.page li.finding dd')).toEqual([HOSTILE.value, HOSTILE.fix, HOSTILE.note, HOSTILE.fix]);
    expect(await texts(page, 'section.rule .rule-id')).toEqual([HOSTILE.rule]);
    expect(await page.textContent('#comparison h2')).toBe(`Compared with ${HOSTILE.label} (1 page, score 100)`);
    expect(await texts(page, '#notes li')).toEqual([HOSTILE.note]);
    expect(await texts(page, '#errors li')).toEqual([`${HOSTILE.url}: ${HOSTILE.message}`]);
    expect(await page.textContent('.banner.partial')).toContain('PARTIAL');
    // In the string too: no value opens a tag.
    expect(out.match(/<(script|img|svg|iframe)\b/g)).toEqual(['<svg', '<svg', '<script']);
  });

  it('the Content-Security-Policy is in force: a script added to the page does not run', async () => {
    const { page, console } = await open(formatHtml(hostileReport()));
    await page.evaluate("{ const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.append(s); }");
    expect(await page.evaluate('typeof window.__injected')).toBe('undefined');
    expect(console.join('\n')).toMatch(/Content Security Policy/);
  });

  it('takes a full-page screenshot', async () => {
    const { page } = await open(formatHtml(compared));
    const file = path.join(dir, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
    expect([...readFileSync(file).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

describe('formatHtml as a string', () => {
  it('is deterministic: the same report renders the same bytes, and only generatedAt shows the time', () => {
    expect(formatHtml(structuredClone(report))).toBe(html);
    const other = formatHtml({ ...report, generatedAt: '2030-12-31T23:59:58.000Z' });
    expect(other).not.toBe(html);
    expect(other.replace('2030-12-31 23:59:58 UTC', '2026-01-02 03:04:05 UTC')).toBe(html);
  });

  it('allows only its own style and script, and embeds no data as JSON', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'$/);
    expect(html).not.toContain('unsafe');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script type=|style="/);
  });

  it('renders a report without pages', () => {
    const empty: JsonReport = { ...report, pages: [], summary: summarize([]), notApplicable: [], notes: [], errors: [{ origin: 'x.html', message: 'could not be read' }] };
    const out = formatHtml(empty);
    expect(out).toContain('<p class="none">No pages were audited.</p>');
    expect(out).toContain('<p class="none">No rule found anything.</p>');
    expect(out).toContain('<span id="site-score">0</span>');
    expect(out).toContain('<section id="errors"><h2>Not audited (1)</h2><ul><li><span class="origin">x.html</span>: could not be read</li></ul></section>');
  });

  it('buckets scores by ten points, 100 with the nineties', () => {
    expect(histogram([0, 9, 10, 49, 50, 89, 90, 99, 100])).toEqual([2, 1, 0, 0, 1, 1, 0, 0, 1, 3]);
  });
});
