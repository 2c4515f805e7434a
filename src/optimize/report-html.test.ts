// The HTML review report, rendered by a real browser: headless Chromium opens the file as a
// reviewer would (file://), and the assertions read the DOM it built, not the HTML string.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../testing/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../csv/write.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { csvSource } from '../sources/csv.js';
import { summarise } from './output.js';
import { OPTIMIZE_FIELDS } from './plan.js';
import { delta, escapeHtml } from '../report/html-escape.js';
import { optimizeHtml, type RunStats } from './report-html.js';
import { measure } from './report-common.js';
import { optimize, RewriteError, type FaqOutcome, type OptimizeResult, type Rewriter, type RewriteRequest } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-report-html-'));
let files = 0;

/** A CSV source over a temp file holding these rows (written with the real writer, so quoting is right). */
function source(rows: string[][], options: { skipBadRows?: boolean; text?: string; header?: string[] } = {}) {
  const file = path.join(dir, `in${++files}.csv`);
  writeFileSync(file, options.text ?? writeCsv({ delimiter: ',', newline: '\n', bom: false }, options.header ?? ['url', 'title', 'meta_description', 'h1'], rows));
  return csvSource({ target: file, display: 'shop.csv', ...(options.skipBadRows ? { skipBadRows: true } : {}) });
}

/** Answers from a script: per "path field", one answer per attempt; a RewriteError is thrown instead of returned. */
function scripted(name: string, script: Record<string, (string | RewriteError)[]>): Rewriter {
  return {
    name,
    async propose(request: RewriteRequest): Promise<string | undefined> {
      const answer = script[`${new URL(request.url).pathname} ${request.field}`]?.[request.attempt - 1];
      if (answer instanceof RewriteError) throw answer;
      return answer;
    },
  };
}

const run = (src: ReturnType<typeof source>, rewriter: Rewriter): Promise<OptimizeResult> => optimize({ source: src, weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter });

const desc = (n: string) => `Gear ${n}: a light, packable piece of trail kit tested for a full season in the Cascades, with free US shipping and free returns for 100 days.`;
const TITLE_A = 'Alpha Trail Tent for Two Hikers | Northpine';
// CSV data is hostile: a title that is a script, a candidate that tries to leave an attribute and
// the stylesheet and load an image, an accepted title with the same, a URL that is an SVG with an
// onload, and an input file name that tries to close <title>.
const SCRIPT_TITLE = '<script>alert(1)</script>';
const HOSTILE_CANDIDATE = '"onload=alert(2) x="</style><img src=x onerror=alert(3)> Beta Camp Stove for Quick Boils | Northpine';
const HOSTILE_ACCEPTED = 'Echo Tent "onload=alert(6)" </style> | Northpine';
const SVG_URL = '<svg onload=alert(4)>';
const INPUT = '</title><script>alert(5)</script>.csv';
const STATS: RunStats = { requests: 7, rateLimited: 2, tokens: { prompt: 1234, completion: 567 }, costUsd: 0.00123, cached: 1, model: 'gpt-test' };

/** Each title rule and its mark, in FIELD_RULES order; the CSV holds one <title> and no keywords, so two are not applied. */
const titleRules = (failing: string[]): Record<string, string> =>
  Object.fromEntries(
    ['title-missing', 'title-too-long', 'title-too-short', 'title-too-wide', 'title-missing-keyword', 'title-multiple', 'title-same-as-h1', 'title-duplicate'].map((r) => [
      r,
      r === 'title-missing-keyword' || r === 'title-multiple' ? 'na' : failing.includes(r) ? 'fail' : 'pass',
    ]),
  );
const metaRules = (failing: string[]): Record<string, string> =>
  Object.fromEntries(
    [
      'meta-description-missing',
      'meta-description-too-long',
      'meta-description-too-short',
      'meta-description-too-wide',
      'meta-description-missing-keyword',
      'meta-description-multiple',
      'meta-description-duplicate',
    ].map((r) => [r, r === 'meta-description-missing-keyword' || r === 'meta-description-multiple' ? 'na' : failing.includes(r) ? 'fail' : 'pass']),
  );

interface Opened {
  page: Page;
  url: string;
  dialogs: string[];
  requests: string[];
  console: string[];
}

let browser: Browser | undefined;
const opened: Page[] = [];

/** Writes the report to a file and opens it, recording every dialog, request and console message. */
async function open(html: string): Promise<Opened> {
  if (!browser) throw new Error('no browser');
  const file = path.join(dir, `report${++files}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage();
  opened.push(page);
  const seen: Omit<Opened, 'page' | 'url'> = { dialogs: [], requests: [], console: [] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => seen.console.push(m.text()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, ...seen };
}

/** The little of the DOM the assertions read (the project compiles without the DOM library). */
interface DomElement {
  textContent: string | null;
  className: string;
  classList: { contains(name: string): boolean };
  offsetParent: unknown;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  ownerDocument: { defaultView: { getComputedStyle(element: DomElement): { backgroundColor: string; display: string } } };
}

/** The summary table as label → figure, as displayed. */
const summaryOf = (page: Page): Promise<Record<string, string>> =>
  page.$$eval('table.summary tr', (trs: DomElement[]) => Object.fromEntries(trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent])));

/** Every row article as displayed: what a reviewer reads, version by version. */
const rowsOf = (page: Page) =>
  page.$$eval('article.row', (articles: DomElement[]) => {
    const text = (el: DomElement | null): string | undefined => el?.textContent ?? undefined;
    const version = (el: DomElement | null) =>
      el && {
        head: text(el.querySelector('h4')),
        value: text(el.querySelector('.value')),
        measure: text(el.querySelector('.measure')),
        rules: Object.fromEntries([...el.querySelectorAll('li.rule')].map((li) => [li.getAttribute('data-rule'), ['pass', 'fail', 'na'].find((c) => li.classList.contains(c))])),
      };
    return articles.map((a) => ({
      status: a.getAttribute('data-status'),
      url: text(a.querySelector('h2.url')),
      meta: text(a.querySelector('p.meta')),
      badge: { text: text(a.querySelector('.badge')), className: a.querySelector('.badge')?.className },
      error: text(a.querySelector('p.error')),
      issues: text(a.querySelector('p.issues')),
      fields: [...a.querySelectorAll('section.field')].map((s) => {
        const refused = s.querySelector('.refused');
        return {
          field: text(s.querySelector('h3')),
          before: version(s.querySelector('.version.before')),
          after: version(s.querySelector('.version.after')),
          refused: refused && {
            head: text(refused.querySelector('h4')),
            value: text(refused.querySelector('.value')),
            measure: text(refused.querySelector('.measure')),
            failures: [...refused.querySelectorAll('ul.failures li')].map((li) => li.textContent),
          },
        };
      }),
    }));
  });

const visibleUrls = (page: Page): Promise<string[]> =>
  page.$$eval('article.row', (as: DomElement[]) => as.filter((a) => a.offsetParent !== null).map((a) => a.querySelector('h2.url')!.textContent!));

let result: OptimizeResult;
let html: string;

// One real run of the loop with a scripted model: an accepted rewrite of two fields, a refused
// hostile candidate, a failed row, an unchanged row (left out of the report) and a hostile accepted title.
beforeAll(async () => {
  const src = source([
    ['https://shop.example/a', 'Short title', 'Too short.', 'Alpha'],
    ['https://shop.example/b', SCRIPT_TITLE, desc('B'), 'Beta'],
    [SVG_URL, 'x', 'y', 'z'],
    ['https://shop.example/d', 'Delta Rain Shell for Wet Ridges | Northpine', desc('D'), 'Delta'],
    ['https://shop.example/e', 'Tiny', desc('E'), 'Echo'],
  ]);
  result = await run(
    src,
    scripted('gpt-test', {
      '/a title': [TITLE_A],
      '/a meta': [desc('A')],
      '/b title': [HOSTILE_CANDIDATE, HOSTILE_CANDIDATE, HOSTILE_CANDIDATE],
      '/e title': [HOSTILE_ACCEPTED],
    }),
  );
  html = optimizeHtml(result, summarise(result, 12.34), INPUT, STATS);
}, 60_000);

describe('optimizeHtml in headless Chromium', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    for (const page of opened) await page.close();
    await browser?.close();
  });

  it('shows the input, the rewriter and every figure of the run summary', async () => {
    const { page } = await open(html);
    expect(await page.title()).toBe(`seo-ai optimize: ${INPUT}`);
    expect(await page.textContent('h1')).toBe(`seo-ai optimize: ${INPUT}`);
    expect(await page.textContent('p.rewriter')).toBe('Rewriter: model gpt-test');
    expect(await summaryOf(page)).toEqual({
      'pages processed': '5 (ok 2, unchanged 1, needs review 1, failed 1)',
      'fields rewritten': '3 (refused after every attempt: 1)',
      'success rate': '75.0 % of planned rewrites',
      'issues resolved': '3 (4 before, 1 after)',
      'site score': '86.3 → 96.3 (+10)',
      requests: '7 (answers from the checkpoint: 1)',
      '429 responses': '2',
      tokens: '1801 (1234 prompt, 567 completion)',
      cost: '$0.0012',
      'wall time': '12.3 s',
    });
  });

  it('shows each changed, refused or failed row, before and after side by side, measured, with the rules each version passes', async () => {
    const { page } = await open(html);
    // /d had nothing to fix: left out. The others in CSV order.
    expect(await rowsOf(page)).toEqual([
      {
        status: 'ok',
        url: 'https://shop.example/a',
        meta: 'line 2 · ok · score 75 → 100 (+25)',
        badge: { text: 'ok', className: 'badge ok' },
        error: undefined,
        issues: 'issues before: title-too-short, meta-description-too-short; after: none',
        fields: [
          {
            field: 'title',
            before: { head: 'before', value: 'Short title', measure: '11 chars, 84 px', rules: titleRules(['title-too-short']) },
            after: { head: 'after (attempt 1)', value: TITLE_A, measure: '43 chars, 379 px', rules: titleRules([]) },
            refused: null,
          },
          {
            field: 'meta description',
            before: { head: 'before', value: 'Too short.', measure: '10 chars, 63 px', rules: metaRules(['meta-description-too-short']) },
            after: { head: 'after (attempt 1)', value: desc('A'), measure: '139 chars, 827 px', rules: metaRules([]) },
            refused: null,
          },
        ],
      },
      {
        status: 'needs_review',
        url: 'https://shop.example/b',
        meta: 'line 3 · needs review · score 85 → 85 (±0)',
        badge: { text: 'needs review', className: 'badge needs_review' },
        error: undefined,
        issues: 'issues before: title-too-short; after: title-too-short',
        fields: [
          {
            field: 'title',
            before: { head: 'before', value: SCRIPT_TITLE, measure: '25 chars, 211 px', rules: titleRules(['title-too-short']) },
            // Nothing passed: the original stays, and the re-audit still fails it.
            after: { head: 'after kept the original', value: SCRIPT_TITLE, measure: '25 chars, 211 px', rules: titleRules(['title-too-short']) },
            // The rule's own message measures the candidate as the report does: 100 characters, 901 px.
            refused: {
              head: 'refused candidate (3 attempts)',
              value: HOSTILE_CANDIDATE,
              measure: '100 chars, 901 px',
              failures: ['title-too-long: Title is 100 characters long (max 60).', 'title-too-wide: Title is 901 px wide in Arial 20px (max 561); Google cuts it off.'],
            },
          },
        ],
      },
      {
        status: 'failed',
        url: SVG_URL,
        meta: 'line 4 · failed',
        badge: { text: 'failed', className: 'badge failed' },
        error: `row skipped: "${SVG_URL}" is not an absolute URL`,
        issues: undefined,
        fields: [],
      },
      {
        status: 'ok',
        url: 'https://shop.example/e',
        meta: 'line 6 · ok · score 85 → 100 (+15)',
        badge: { text: 'ok', className: 'badge ok' },
        error: undefined,
        issues: 'issues before: title-too-short; after: none',
        fields: [
          {
            field: 'title',
            before: { head: 'before', value: 'Tiny', measure: '4 chars, 38 px', rules: titleRules(['title-too-short']) },
            after: { head: 'after (attempt 1)', value: HOSTILE_ACCEPTED, measure: '48 chars, 425 px', rules: titleRules([]) },
            refused: null,
          },
        ],
      },
    ]);
    // The marks are drawn as signs, and the page's own stylesheet applied (the CSP hash matches it).
    expect(await page.$$eval('article.row:first-of-type li.rule[data-rule="title-too-short"] .mark', (els) => els.map((e) => e.textContent))).toEqual(['✗', '✓']);
    expect(await page.$eval('.badge.ok', (e: DomElement) => e.ownerDocument.defaultView.getComputedStyle(e).backgroundColor)).toBe('rgb(26, 127, 55)');
    expect(await page.$eval('.pair', (e: DomElement) => e.ownerDocument.defaultView.getComputedStyle(e).display)).toBe('grid');
  });

  it('renders hostile CSV values as text: nothing runs, nothing loads, no element is injected', async () => {
    const { page, url, dialogs, requests, console } = await open(html);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([url]);
    // Not even a refused attempt: a Content-Security-Policy violation would be logged here.
    expect(console).toEqual([]);
    expect(await page.$$eval('script, img, svg, iframe, object, embed, link, [onload], [onerror], [src], [href]', (els) => els.length)).toBe(0);
    expect(await page.$$eval('style', (els) => els.length)).toBe(1);
    expect(await page.$$eval('p.value', (els) => els.map((e) => e.textContent))).toContain(SCRIPT_TITLE);
    // In the string too: no value can open a tag.
    expect(html).not.toMatch(/<(script|img|svg)|<\/style>[^\n]*<\/style>/i);
  });

  it('filters the rows by status without a script', async () => {
    const { page } = await open(html);
    const all = ['https://shop.example/a', 'https://shop.example/b', SVG_URL, 'https://shop.example/e'];
    expect(await page.$$eval('fieldset.filter label', (ls) => ls.map((l) => l.textContent!.trim()))).toEqual(['all (4)', 'ok (2)', 'needs review (1)', 'failed (1)']);
    expect(await visibleUrls(page)).toEqual(all);
    await page.check('#show-needs_review');
    expect(await visibleUrls(page)).toEqual(['https://shop.example/b']);
    await page.check('#show-ok');
    expect(await visibleUrls(page)).toEqual(['https://shop.example/a', 'https://shop.example/e']);
    await page.check('#show-failed');
    expect(await visibleUrls(page)).toEqual([SVG_URL]);
    await page.check('#show-all');
    expect(await visibleUrls(page)).toEqual(all);
  });

  it('offline: labelled non-AI, no request figures; rows skipped as malformed and a run stopped early are listed', async () => {
    const text = `url,title,meta_description,h1\nhttps://shop.example/a,Short title,"${desc('A')}",Alpha\nhttps://shop.example/b,B,oops,extra,field\nhttps://shop.example/c,Tiny,"${desc('C')}",Gamma\n`;
    const stopped = await run(
      source([], { text, skipBadRows: true }),
      scripted('offline', { '/a title': [TITLE_A], '/c title': [new RewriteError('the budget of $0.01 is spent', true)] }),
    );
    const { page, url, requests, console } = await open(optimizeHtml(stopped, summarise(stopped, 0.04), 'shop.csv'));
    expect(requests).toEqual([url]);
    expect(console).toEqual([]);
    expect(await page.textContent('p.rewriter')).toBe('Rewriter: offline: deterministic non-AI fixes (trimmed at word boundaries, descriptions from the opening sentences)');
    expect(await summaryOf(page)).toEqual({
      'pages processed': '2 (ok 1, unchanged 0, needs review 0, failed 0, not processed 1)',
      'rows skipped': '1 (not in the output CSV; listed below)',
      // The row the stop left unprocessed was refused nothing: it counts neither way.
      'fields rewritten': '1 (refused after every attempt: 0)',
      'success rate': '100.0 % of planned rewrites',
      'issues resolved': '1 (2 before, 1 after)',
      'site score': '85 → 92.5 (+7.5)',
      'wall time': '0.0 s',
      partial: 'the run stopped early; rows not finished keep their values',
    });
    expect(await page.$$eval('ul.skipped li', (ls) => ls.map((l) => l.textContent))).toEqual(['shop.csv:3: skipped (--skip-bad-rows): row has 5 fields, the header has 4 (delimiter ",")']);
    expect(await page.$$eval('ul.notes li', (ls) => ls.map((l) => l.textContent))).toEqual(['stopped early: the budget of $0.01 is spent; 1 row not processed, keeping its original values: run the same command again to resume']);
    // The stopped row is shown with why, its original kept, and no "no candidate" claim.
    const rows = await rowsOf(page);
    expect(rows.map((r) => [r.url, r.status, r.error])).toEqual([
      ['https://shop.example/a', 'ok', undefined],
      ['https://shop.example/c', 'not_processed', 'not processed: the budget of $0.01 is spent'],
    ]);
    expect(rows[1]!.fields).toEqual([
      {
        field: 'title',
        before: { head: 'before', value: 'Tiny', measure: '4 chars, 38 px', rules: titleRules(['title-too-short']) },
        after: { head: 'after kept the original', value: 'Tiny', measure: '4 chars, 38 px', rules: titleRules(['title-too-short']) },
        refused: null,
      },
    ]);
  });

  it("shows an FAQ written for a product page as text (never its HTML), and why none was kept for another", async () => {
    const header = ['url', 'title', 'meta_description', 'h1', 'page_type'];
    const rows = [
      ['https://shop.example/p', TITLE_A, desc('P'), 'Alpha', 'product'],
      ['https://shop.example/q', 'Beta Camp Stove for Quick Boils | Northpine', desc('Q'), 'Beta', 'product'],
    ];
    const items = [
      { question: 'Is it <script>alert(7)</script> proof?', answer: 'Yes: "onload= </style> and all.' },
      { question: 'How heavy is it?', answer: '1.2 kg with the stakes.' },
    ];
    const outcomes: Record<string, FaqOutcome> = {
      '/p': { faq: { items, jsonld: '{"@type":"FAQPage"}', html: '<dl><dt onmouseover="alert(8)">x</dt></dl>' }, attempts: 1 },
      '/q': { rejected: { failures: ['answer 2 has 12 words (50 to 100 wanted)'] }, attempts: 3 },
    };
    const rewriter: Rewriter = { ...scripted('gpt-test', {}), faq: async ({ url }) => outcomes[new URL(url).pathname]! };
    const faqRun = await run(source(rows, { header }), rewriter);
    const { page, url, dialogs, requests, console } = await open(optimizeHtml(faqRun, summarise(faqRun, 1), 'shop.csv', STATS));
    expect([dialogs, requests, console]).toEqual([[], [url], []]);
    expect((await rowsOf(page)).map((r) => [r.url, r.meta, r.fields])).toEqual([
      ['https://shop.example/p', 'line 2 · ok · score 100 → 100 (±0)', []],
      ['https://shop.example/q', 'line 3 · needs review · score 100 → 100 (±0)', []],
    ]);
    expect(await page.$$eval('section.faq', (ss: DomElement[]) => ss.map((s) => s.textContent))).toEqual([
      `FAQ (2 questions)${items.map((i) => i.question + i.answer).join('')}`,
      'FAQ none keptanswer 2 has 12 words (50 to 100 wanted)',
    ]);
    expect(await page.$$eval('section.faq dt', (dts: DomElement[]) => dts.map((d) => d.textContent))).toEqual(items.map((i) => i.question));
    expect(await page.$$eval('script, [onmouseover]', (els) => els.length)).toBe(0);
  });
});

describe('optimizeHtml as a string', () => {
  it('is deterministic: the same run renders the same bytes', () => {
    expect(optimizeHtml(result, summarise(result, 12.34), INPUT, STATS)).toBe(html);
  });

  it('shows cost with four decimals and the price note when given; no request figures without stats', () => {
    const priced = optimizeHtml(result, summarise(result, 1), 'shop.csv', { ...STATS, costUsd: 1.5, priced: 'gpt-test at $1/$2 per million tokens' });
    expect(priced).toContain('<tr><th scope="row">cost</th><td>$1.5000 (gpt-test at $1/$2 per million tokens)</td></tr>');
    const none = optimizeHtml(result, summarise(result, 1), 'shop.csv');
    for (const label of ['requests', '429 responses', 'tokens', 'cost']) expect(none).not.toContain(`<th scope="row">${label}</th>`);
    expect(none).toContain('Rewriter: <strong>model gpt-test</strong>');
  });

  it('says so when no row needed a rewrite', async () => {
    const clean = await run(source([['https://shop.example/d', 'Delta Rain Shell for Wet Ridges | Northpine', desc('D'), 'Delta']]), scripted('gpt-test', {}));
    const out = optimizeHtml(clean, summarise(clean, 0), 'shop.csv');
    expect(out).toContain('<p class="none">No row needed a rewrite.</p>');
    expect(out).not.toContain('<article');
  });

  it('escapes, measures and signs as the rules and the Markdown report do', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    // White space collapsed before counting, as the length and width rules do; descriptions at 14px.
    expect(measure(20, '  Short \n title ')).toBe('11 chars, 84 px');
    expect(measure(14, 'Too short.')).toBe('10 chars, 63 px');
    expect([delta(75, 100), delta(100, 97.5), delta(85, 85), delta(86.3, 96.3)]).toEqual(['+25', '-2.5', '±0', '+10']);
  });
});
