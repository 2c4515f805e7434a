import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { readCsv, type CsvTable } from '../csv/read.js';
import { compare } from '../gate/compare.js';
import { snapshotOfReport } from '../gate/snapshot.js';
import { DEFAULT_RULES, demoShopReport } from '../testing/reports.js';
import { formatFindingsCsv, formatIssuesCsv, issueName, percent } from './csv.js';
import type { JsonReport } from './json.js';
import { ruleInfo } from './rule-info.js';

const SHOP = 'https://demo-shop.example';
const FINDINGS_HEADER = 'URL,Origin,Score,Rule,Category,Severity,Message,Value,Expected,Element,Fix,Fingerprint';
const ISSUES_HEADER = 'Issue Name,Issue Type,Issue Priority,URLs,% of Total,Description,How To Fix';
/** A quoted CSV field, doubled quotes included. */
const QUOTED = /"(?:[^"]|"")*"/g;

let shop: JsonReport;

beforeAll(async () => {
  shop = await demoShopReport();
});

/** Reads a report back with the project's own reader, which also checks every row has the header's columns. */
function read(text: string): CsvTable {
  const table = readCsv(text);
  expect(table.format).toEqual({ delimiter: ',', newline: '\r\n', bom: true });
  expect(table.bad).toEqual([]);
  return table;
}

function rowsOf(table: CsvTable): Record<string, string>[] {
  return table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r.fields[i]!])));
}

/** A report of one hand-made page, on the shop report's frame. */
function onePage(findings: JsonReport['pages'][number]['findings'], extra: Partial<JsonReport['pages'][number]> = {}): JsonReport {
  return { ...structuredClone(shop), pages: [{ url: 'https://x.example/p', origin: 'pages.csv:12', score: 85, findings, ...extra }] };
}

describe('formatFindingsCsv', () => {
  it('writes a BOM, the exact header and CRLF line ends', () => {
    const text = formatFindingsCsv(shop);
    expect(text.startsWith(`\uFEFF${FINDINGS_HEADER}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // Outside quoted fields every LF ends a CRLF; inside one a value's own line breaks stay as they are.
    expect(/[^\r]\n/.test(text.replace(QUOTED, '""'))).toBe(false);
    const jsonLd = rowsOf(read(text)).find((r) => r.Rule === 'structured-data-invalid')?.Value;
    expect(jsonLd?.startsWith('{\n  "@context": "https://schema.org",\n  "@type": "BlogPosting",\n')).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('has one row per finding, pages and findings in report order', () => {
    const table = read(formatFindingsCsv(shop));
    expect(table.header.join(',')).toBe(FINDINGS_HEADER);
    const expected = shop.pages.flatMap((p) => p.findings.map((f) => `${p.url} ${f.rule} ${f.fingerprint}`));
    expect(expected).toHaveLength(33);
    expect(rowsOf(table).map((r) => `${r.URL} ${r.Rule} ${r.Fingerprint}`)).toEqual(expected);
  });

  it('writes every field of a finding, and empty cells for what it does not have', () => {
    const rows = rowsOf(read(formatFindingsCsv(shop)));
    const fix = 'Add alt text that says what the image shows (with the product name where it fits); use alt="" for purely decorative images.';
    expect(rows.find((r) => r.Fingerprint === '5089a9b0d18b06a0')).toEqual({
      URL: `${SHOP}/products/hydration-reservoir-2l/`,
      Origin: 'fixtures/sites/demo-shop/products/hydration-reservoir-2l/index.html',
      Score: '80',
      Rule: 'image-alt-missing',
      Category: 'images',
      Severity: 'medium',
      Message: 'Image /assets/img/products/hydration-reservoir-2l-valve.jpg has no alt attribute.',
      Value: '/assets/img/products/hydration-reservoir-2l-valve.jpg',
      Expected: 'an alt attribute (alt="" if decorative)',
      Element: '/assets/img/products/hydration-reservoir-2l-valve.jpg',
      Fix: fix,
      Fingerprint: '5089a9b0d18b06a0',
    });
    const viewport = rows.find((r) => r.URL === `${SHOP}/products/spark-fuel-canister/` && r.Rule === 'viewport-missing');
    expect([viewport?.Category, viewport?.Value, viewport?.Element, viewport?.Expected]).toEqual(['mobile', '', '', 'width=device-width']);
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180), and reads back the same text', () => {
    const message = 'Says "hi", then\nleaves\r\nagain';
    const text = formatFindingsCsv(onePage([{ rule: 'title-too-short', severity: 'high', message, value: 'a,b', fix: 'x', fingerprint: 'f1' }]));
    expect(text).toBe(
      `\uFEFF${FINDINGS_HEADER}\r\n` + 'https://x.example/p,pages.csv:12,85,title-too-short,title,high,"Says ""hi"", then\nleaves\r\nagain","a,b",,,x,f1\r\n',
    );
    expect(rowsOf(read(text))[0]?.Message).toBe(message);
  });

  it('guards cells that a spreadsheet would run as a formula, not plain numbers', () => {
    const text = formatFindingsCsv(
      onePage([
        { rule: 'title-too-long', severity: 'medium', message: '@SUM(1)', value: '=HYPERLINK("http://evil.example","click")', expected: '-5', element: '+cmd|calc', fix: '\tTab', fingerprint: '-1+2' },
        { rule: 'title-too-wide', severity: 'medium', message: '\rCR', value: '+3.5', expected: '-', element: ' =not-a-formula', fix: 'a=b', fingerprint: 'f2' },
      ]),
    );
    expect(text).toContain(`,'@SUM(1),"'=HYPERLINK(""http://evil.example"",""click"")",-5,'+cmd|calc,'\tTab,'-1+2\r\n`);
    const [first, second] = rowsOf(read(text));
    expect([first?.Message, first?.Value, first?.Expected, first?.Element, first?.Fix, first?.Fingerprint]).toEqual([
      "'@SUM(1)",
      `'=HYPERLINK("http://evil.example","click")`,
      '-5',
      "'+cmd|calc",
      "'\tTab",
      "'-1+2",
    ]);
    expect([second?.Message, second?.Value, second?.Expected, second?.Element, second?.Fix]).toEqual(["'\rCR", '+3.5', "'-", ' =not-a-formula', 'a=b']);
  });

  it('writes an empty run as the header alone', () => {
    expect(formatFindingsCsv({ ...structuredClone(shop), pages: [] })).toBe(`\uFEFF${FINDINGS_HEADER}\r\n`);
  });
});

describe('formatFindingsCsv with a comparison', () => {
  /**
   * The baseline lacks featherline's title-too-long (new now) and has an og-missing on the home
   * page that this run does not (fixed); this run reports spark-fuel-canister's canonical-missing
   * twice where the baseline had it once.
   */
  function compared(label: string, keepMessages: boolean): JsonReport {
    const before = structuredClone(shop);
    const feather = before.pages.find((p) => p.url.endsWith('/featherline-solo-shelter/'))!;
    feather.findings = feather.findings.filter((f) => f.rule !== 'title-too-long');
    before.pages[0]!.findings.push({ rule: 'og-missing', severity: 'low', message: 'Page has no og:image.', element: 'og:image', fix: 'Add og:image.', fingerprint: 'og-home' });
    const after = structuredClone(shop);
    const spark = after.pages.find((p) => p.url.endsWith('/spark-fuel-canister/'))!;
    spark.findings.push({ ...spark.findings.find((f) => f.rule === 'canonical-missing')! });
    const baseline = snapshotOfReport(before, label);
    // A baseline file keeps fingerprints, not messages.
    if (!keepMessages) for (const p of baseline.pages) for (const f of p.findings) delete f.message;
    return { ...after, comparison: compare(baseline, snapshotOfReport(after, 'now')) };
  }

  it('adds a Status column, new or unchanged, and a row for each fixed finding', () => {
    const text = formatFindingsCsv(compared('old.json', true));
    expect(text.startsWith(`\uFEFF${FINDINGS_HEADER},Status\r\n`)).toBe(true);
    const rows = rowsOf(read(text));
    expect(rows).toHaveLength(33 + 1 + 1);
    const status = (url: string): string[] => rows.filter((r) => r.URL === `${SHOP}${url}`).map((r) => `${r.Rule} ${r.Status}`);
    expect(status('/products/featherline-solo-shelter/')).toEqual([
      'meta-description-too-long unchanged',
      'title-too-long new',
      'title-too-wide unchanged',
      'meta-description-too-wide unchanged',
    ]);
    expect(status('/products/spark-fuel-canister/')).toEqual(['viewport-missing unchanged', 'canonical-missing unchanged', 'html-lang-missing unchanged', 'canonical-missing new']);
    expect(rows.filter((r) => r.Status === 'new')).toHaveLength(2);
    expect(rows.filter((r) => r.URL === `${SHOP}/`)).toEqual([
      {
        URL: `${SHOP}/`,
        Origin: 'fixtures/sites/demo-shop/index.html',
        Score: '100',
        Rule: 'og-missing',
        Category: 'social',
        Severity: 'low',
        Message: 'Page has no og:image.',
        Value: '',
        Expected: '',
        Element: 'og:image',
        Fix: '',
        Fingerprint: 'og-home',
        Status: 'fixed',
      },
    ]);
  });

  it('leaves the message of a fixed finding empty when the baseline kept none', () => {
    const rows = rowsOf(read(formatFindingsCsv(compared('baseline.json', false))));
    expect(rows.filter((r) => r.Status === 'fixed').map((r) => [r.Rule, r.Message, r.Element])).toEqual([['og-missing', '', 'og:image']]);
  });
});

describe('formatIssuesCsv', () => {
  it('writes a BOM, the exact header and CRLF line ends', () => {
    const text = formatIssuesCsv(shop);
    expect(text.startsWith(`\uFEFF${ISSUES_HEADER}\r\n`)).toBe(true);
    expect(/[^\r]\n/.test(text.replace(QUOTED, '""'))).toBe(false);
    expect(read(text).header.join(',')).toBe(ISSUES_HEADER);
  });

  it('lists each rule with findings once, High first, then most pages, then name, with pages and share of all pages', () => {
    const rows = read(formatIssuesCsv(shop)).rows.map((r) => r.fields.slice(0, 5).join(' | '));
    expect(rows).toEqual([
      'Meta: Description Duplicate | Issue | High | 2 | 4.44',
      'Title: Duplicate | Issue | High | 2 | 4.44',
      'Content: Thin | Issue | High | 1 | 2.22',
      'Headings: H1 Missing | Issue | High | 1 | 2.22',
      'Indexing: Noindex | Issue | High | 1 | 2.22',
      'Links: Broken | Issue | High | 1 | 2.22',
      'Meta: Description Missing | Issue | High | 1 | 2.22',
      'Title: Too Short | Issue | High | 1 | 2.22',
      'Content: Near Duplicate | Warning | Medium | 2 | 4.44',
      'Headings: H1 Multiple | Warning | Medium | 1 | 2.22',
      'Images: Alt Missing | Warning | Medium | 1 | 2.22',
      'International: Hreflang No Return Link | Warning | Medium | 1 | 2.22',
      'Links: Uncrawlable | Warning | Medium | 1 | 2.22',
      'Meta: Description Too Long | Warning | Medium | 1 | 2.22',
      'Meta: Description Too Short | Warning | Medium | 1 | 2.22',
      'Mobile: Viewport Missing | Warning | Medium | 1 | 2.22',
      'Structured Data: Invalid | Warning | Medium | 1 | 2.22',
      'Title: Too Long | Warning | Medium | 1 | 2.22',
      'Title: Too Wide | Warning | Medium | 1 | 2.22',
      'Headings: Level Skipped | Opportunity | Low | 1 | 2.22',
      'Indexing: Canonical Missing | Opportunity | Low | 1 | 2.22',
      'Indexing: Canonical Points Elsewhere | Opportunity | Low | 1 | 2.22',
      'International: HTML Lang Missing | Opportunity | Low | 1 | 2.22',
      'Links: Text Non Descriptive | Opportunity | Low | 1 | 2.22',
      'Meta: Description Too Wide | Opportunity | Low | 1 | 2.22',
      'Social: Open Graph Missing | Opportunity | Low | 1 | 2.22',
      'Title: Same as H1 | Opportunity | Low | 1 | 2.22',
    ]);
    // The same set of rules and page counts as the run's summary.
    expect(rows).toHaveLength(Object.keys(shop.summary.byRule).length);
  });

  it("takes Description and How To Fix from the rule's docs, counting a page once however many findings it has", () => {
    const table = read(formatIssuesCsv(shop));
    const info = ruleInfo(DEFAULT_RULES, 'title-duplicate');
    expect(table.rows.find((r) => r.fields[0] === 'Title: Duplicate')?.fields).toEqual(['Title: Duplicate', 'Issue', 'High', '2', '4.44', info.description, info.fix]);
    // Three non-descriptive links on one page: one URL.
    expect(table.rows.find((r) => r.fields[0] === 'Links: Text Non Descriptive')?.fields.slice(3, 5)).toEqual(['1', '2.22']);
  });

  it('sorts by priority before pages: critical and high are one priority, medium and low follow', () => {
    const page = (url: string, rules: [string, JsonReport['pages'][number]['findings'][number]['severity']][]): JsonReport['pages'][number] => ({
      url,
      score: 50,
      findings: rules.map(([rule, severity]) => ({ rule, severity, message: `${rule} here`, fix: 'Fix it.', fingerprint: `${url}-${rule}` })),
    });
    const report: JsonReport = {
      ...structuredClone(shop),
      pages: [
        page('https://x.example/1', [['title-missing', 'critical'], ['noindex', 'high'], ['og-missing', 'low'], ['h1-multiple', 'medium']]),
        page('https://x.example/2', [['noindex', 'high'], ['og-missing', 'low'], ['h1-multiple', 'medium']]),
        page('https://x.example/3', [['og-missing', 'low'], ['h1-multiple', 'medium'], ['from-the-future', 'high']]),
      ],
    };
    const table = read(formatIssuesCsv(report));
    expect(table.rows.map((r) => r.fields.slice(0, 5).join(' | '))).toEqual([
      'Indexing: Noindex | Issue | High | 2 | 66.67',
      'Other: From the Future | Issue | High | 1 | 33.33',
      'Title: Missing | Issue | High | 1 | 33.33',
      'Headings: H1 Multiple | Warning | Medium | 3 | 100.00',
      'Social: Open Graph Missing | Opportunity | Low | 3 | 100.00',
    ]);
    // A rule this version does not know is described by its finding.
    expect(table.rows[1]?.fields.slice(5)).toEqual(['from-the-future here', 'Fix it.']);
  });

  it('guards a description or name that starts like a formula', () => {
    const report = onePage([{ rule: '=cmd', severity: 'low', message: '=HYPERLINK("x")', fix: '@SUM(1)', fingerprint: 'f' }]);
    expect(formatIssuesCsv(report)).toBe(`\uFEFF${ISSUES_HEADER}\r\nOther: =cmd,Opportunity,Low,1,100.00,"'=HYPERLINK(""x"")",'@SUM(1)\r\n`);
  });

  it('writes an empty run as the header alone', () => {
    expect(formatIssuesCsv({ ...structuredClone(shop), pages: [] })).toBe(`\uFEFF${ISSUES_HEADER}\r\n`);
  });
});

describe('issueName', () => {
  it('gives every rule of the registry its own readable name', () => {
    const names = rules.map((r) => issueName(r.id, r.category));
    expect(new Set(names).size).toBe(rules.length);
    expect(names.filter((n) => !/^[A-Z][A-Za-z ]*: \S/.test(n))).toEqual([]);
    expect([
      issueName('title-too-long', 'title'),
      issueName('title-same-as-h1', 'title'),
      issueName('heading-level-skipped', 'headings'),
      issueName('headings-missing', 'headings'),
      issueName('structured-data-invalid', 'structured-data'),
      issueName('robots-txt-invalid', 'web'),
      issueName('og-missing', 'social'),
      issueName('some-new-rule', 'other'),
    ]).toEqual([
      'Title: Too Long',
      'Title: Same as H1',
      'Headings: Level Skipped',
      'Headings: Missing',
      'Structured Data: Invalid',
      'Web: robots.txt Invalid',
      'Social: Open Graph Missing',
      'Other: Some New Rule',
    ]);
  });
});

describe('percent', () => {
  it('gives two decimals, rounded half up', () => {
    expect([percent(2, 45), percent(1, 45), percent(45, 45), percent(0, 45), percent(1, 3), percent(2, 3), percent(1, 32), percent(1, 0)]).toEqual([
      '4.44',
      '2.22',
      '100.00',
      '0.00',
      '33.33',
      '66.67',
      '3.13',
      '0.00',
    ]);
  });
});
