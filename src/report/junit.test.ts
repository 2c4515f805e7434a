import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { compare } from '../gate/compare.js';
import { judge } from '../gate/policy.js';
import { snapshotOfReport } from '../gate/snapshot.js';
import { DEFAULT_RULES, demoShopReport } from '../testing/reports.js';
import type { JsonReport } from './json.js';
import { findingStatuses, formatJunit } from './junit.js';
import { ruleInfo } from './rule-info.js';

const GENERATED_AT = '2026-01-02T03:04:05.000Z';
const SHOP = 'https://demo-shop.example';
const HTTP_ONLY = 'not applicable: needs pages fetched over HTTP (audit a URL or sitemap)';

interface Case {
  name: string;
  classname: string;
  file?: string;
  time: string;
  failure?: { type: string; message: string; '#text': string };
  skipped?: { message: string };
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  time: string;
  timestamp: string;
  testcase?: Case[];
}
interface Parsed {
  testsuites: { name: string; tests: string; failures: string; errors: string; time: string; timestamp: string; testsuite?: Suite[] };
}

/**
 * Parses as a CI reporter would: attributes kept, text untrimmed and unconverted, character
 * references decoded (htmlEntities turns on numeric references in fast-xml-parser 5).
 */
function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: '#text',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as Parsed;
}

function suite(parsed: Parsed, name: string): Suite {
  const found = parsed.testsuites.testsuite?.find((s) => s.name === name);
  if (!found) throw new Error(`no suite ${name}`);
  return found;
}

function testcase(parsed: Parsed, category: string, url: string): Case {
  const found = suite(parsed, category).testcase?.find((c) => c.name === url);
  if (!found) throw new Error(`no case ${url} in ${category}`);
  return found;
}

/** What XML 1.0 forbids outright: the output must never hold one, whatever the page text. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let shop: JsonReport;

beforeAll(async () => {
  shop = await demoShopReport(GENERATED_AT);
});

/** A copy of the shop report whose pages can be edited without touching the shared one. */
function copyOf(report: JsonReport): JsonReport {
  return structuredClone(report);
}

function page(report: JsonReport, pathname: string): JsonReport['pages'][number] {
  const found = report.pages.find((p) => p.url === `${SHOP}${pathname}`);
  if (!found) throw new Error(`no page ${pathname}`);
  return found;
}

describe('formatJunit on the demo shop', () => {
  it('writes the XML declaration and a testsuites element whose only time is generatedAt', () => {
    const xml = formatJunit(shop);
    expect(xml.startsWith(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<testsuites name="seo-ai" tests="585" failures="28" errors="0" time="0" timestamp="${GENERATED_AT}">\n` +
        `  <testsuite name="content" tests="45" failures="3" errors="0" skipped="0" time="0">\n`,
    )).toBe(true);
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
    // Two runs differ only in generatedAt, written once: the file holds no other time.
    expect(xml.split(GENERATED_AT)).toHaveLength(2);
    const later = formatJunit({ ...shop, generatedAt: '2027-05-06T07:08:09.000Z' });
    expect(later.replaceAll('2027-05-06T07:08:09.000Z', GENERATED_AT)).toBe(xml);
  });

  it('has a suite per rule category, by name, each with a case per page', () => {
    const parsed = parse(formatJunit(shop));
    const categories = [...new Set(rules.map((r) => r.category))].sort();
    expect(categories).toEqual(['content', 'headings', 'i18n', 'images', 'indexing', 'links', 'meta', 'mobile', 'social', 'structured-data', 'title', 'url', 'web']);
    const suites = parsed.testsuites.testsuite ?? [];
    expect(suites.map((s) => s.name)).toEqual(categories);
    expect(parsed.testsuites.tests).toBe(String(shop.pages.length * categories.length));
    expect(shop.pages.length).toBe(45);
    for (const s of suites) {
      expect([s.tests, s.errors, s.time, s.timestamp]).toEqual(['45', '0', '0', undefined]);
      expect(s.testcase?.map((c) => c.name)).toEqual(shop.pages.map((p) => p.url));
      expect(s.testcase?.map((c) => c.file)).toEqual(shop.pages.map((p) => p.origin));
      expect(new Set(s.testcase?.map((c) => `${c.classname} ${c.time}`))).toEqual(new Set([`seo-ai.${s.name} 0`]));
    }
  });

  it("fails, in each suite, exactly the pages with findings of the suite's category", () => {
    const parsed = parse(formatJunit(shop));
    const expected = new Map<string, string[]>();
    for (const p of shop.pages) {
      for (const category of new Set(p.findings.map((f) => ruleInfo(DEFAULT_RULES, f.rule).category))) expected.set(category, [...(expected.get(category) ?? []), p.url]);
    }
    const failures: Record<string, number> = {};
    for (const s of parsed.testsuites.testsuite ?? []) {
      const failed = (s.testcase ?? []).filter((c) => c.failure !== undefined).map((c) => c.name);
      expect(failed).toEqual(expected.get(s.name) ?? []);
      expect(s.failures).toBe(String(failed.length));
      failures[s.name] = failed.length;
    }
    expect(failures).toEqual({ content: 3, headings: 3, i18n: 2, images: 1, indexing: 3, links: 3, meta: 5, mobile: 1, social: 1, 'structured-data': 1, title: 5, url: 0, web: 0 });
    expect(parsed.testsuites.failures).toBe('28');
  });

  it('names the first finding in the failure and lists every finding of the category on the page', () => {
    const parsed = parse(formatJunit(shop));
    const featherline = `${SHOP}/products/featherline-solo-shelter/`;
    const title = testcase(parsed, 'title', featherline);
    expect(title.failure?.type).toBe('title-too-long');
    expect(title.failure?.message).toBe('title-too-long: Title is 95 characters long (max 60).');
    const name = 'Featherline Ultralight 1-Person Trekking Pole Tent – Backpacking Shelter | Northpine Outfitters';
    expect(title.failure?.['#text']).toBe(
      'medium title-too-long: Title is 95 characters long (max 60).\n' +
        `  value: ${name}\n` +
        '  expected: <= 60 characters\n' +
        '  fix: Keep the title to 60 characters or fewer, with the keyword and the brand near the start.\n' +
        'medium title-too-wide: Title is 839 px wide in Arial 20px (max 561); Google cuts it off.\n' +
        `  value: ${name}\n` +
        '  expected: <= 561 px\n' +
        '  fix: Shorten the title or use narrower characters (fewer capitals and W/M) until it fits in 561 px at Arial 20px.\n',
    );
    // The same page's meta findings fail the meta suite, not this one.
    expect(testcase(parsed, 'meta', featherline).failure?.type).toBe('meta-description-too-long');

    const images = testcase(parsed, 'images', `${SHOP}/products/hydration-reservoir-2l/`);
    expect(images.failure?.type).toBe('image-alt-missing');
    expect(images.failure?.message).toBe('image-alt-missing: Image /assets/img/products/hydration-reservoir-2l-top.jpg has no alt attribute.');
    const fix = 'Add alt text that says what the image shows (with the product name where it fits); use alt="" for purely decorative images.';
    expect(images.failure?.['#text']).toBe(
      ['top', 'valve']
        .map((which) => {
          const src = `/assets/img/products/hydration-reservoir-2l-${which}.jpg`;
          return `medium image-alt-missing: Image ${src} has no alt attribute.\n  element: ${src}\n  value: ${src}\n  expected: an alt attribute (alt="" if decorative)\n  fix: ${fix}\n`;
        })
        .join(''),
    );
    // A passing case is empty; no output without a comparison.
    expect(testcase(parsed, 'title', `${SHOP}/`)).toEqual({ name: `${SHOP}/`, classname: 'seo-ai.title', file: 'fixtures/sites/demo-shop/index.html', time: '0' });
  });

  it('skips the cases of a category none of whose rules ran, rather than passing them', () => {
    const xml = formatJunit(shop);
    const web = suite(parse(xml), 'web');
    expect([web.failures, web.skipped]).toEqual(['0', '45']);
    expect(new Set(web.testcase?.map((c) => c.skipped?.message))).toEqual(new Set([HTTP_ONLY]));
    expect(xml).toContain(`<testcase name="${SHOP}/" classname="seo-ai.web" file="fixtures/sites/demo-shop/index.html" time="0">\n      <skipped message="${HTTP_ONLY}"/>\n    </testcase>`);
    // Title rules needing keywords did not run, but the other title rules did: that suite is not skipped.
    expect(suite(parse(xml), 'title').skipped).toBe('0');
    // Over HTTP the web rules run, and the suite's cases pass.
    const overHttp = formatJunit({ ...shop, notApplicable: [] });
    expect(suite(parse(overHttp), 'web').skipped).toBe('0');
    expect(overHttp).not.toContain('<skipped');
  });
});

describe('formatJunit escaping', () => {
  const hostile = 'Bad ]]> <script>alert("x")</script> & \'quoted\'\u0001 ctrl\uFFFF \uD800lone\uDC00 🏕 end';
  const safe = 'Bad ]]> <script>alert("x")</script> & \'quoted\' ctrl lone 🏕 end';
  const report = (): JsonReport => ({
    ...copyOf(shop),
    notApplicable: [],
    pages: [
      {
        url: 'https://x.example/?a=1&b=<2>',
        origin: 'pages.csv:12',
        score: 85,
        findings: [
          {
            rule: 'title-too-short',
            severity: 'high',
            message: hostile,
            value: 'line one\r\nline\ttwo',
            element: '"quoted" & <b>',
            fix: 'Write ]]> more.',
            fingerprint: 'f1',
          },
          { rule: 'from-the-future', severity: 'low', message: 'A rule this version does not know.', fix: 'Upgrade.', fingerprint: 'f2' },
        ],
      },
      { url: 'https://x.example/plain', score: 100, findings: [] },
    ],
  });

  it('escapes markup and quotes and drops what XML 1.0 forbids, so the text survives a parse', () => {
    const xml = formatJunit(report());
    expect(XML_FORBIDDEN.test(xml)).toBe(false);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
    const parsed = parse(xml);
    const c = testcase(parsed, 'title', 'https://x.example/?a=1&b=<2>');
    expect(c.file).toBe('pages.csv:12');
    expect(c.failure?.type).toBe('title-too-short');
    expect(c.failure?.message).toBe(`title-too-short: ${safe}`);
    // Page text is on one line in the text: a log showing the file line by line sees no forged command.
    expect(c.failure?.['#text']).toBe(`high title-too-short: ${safe}\n  element: "quoted" & <b>\n  value: line one line two\n  fix: Write ]]> more.\n`);
    // The raw form: every special character as an entity or reference, the attribute's quotes too.
    expect(xml).toContain('message="title-too-short: Bad ]]&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quoted&apos; ctrl lone 🏕 end"');
    expect(xml).toContain('  value: line one line two\n');
  });

  it('no line of the file starts with a workflow command a page smuggled in', () => {
    const r = report();
    r.pages[0]!.findings[0]!.message = 'Title\n::error title=x::forged';
    r.pages[0]!.findings[0]!.value = 'a\r\n::stop-commands::pwned';
    for (const line of formatJunit(r).split(/\r\n|\n|\r/)) expect(line.trimStart().startsWith('::')).toBe(false);
  });

  it('keeps tabs and line breaks in attributes as references, which parsers would turn into spaces', () => {
    const r = report();
    r.pages[0]!.findings[0]!.message = 'two\nlines\tand\r\nmore';
    const xml = formatJunit(r);
    expect(xml).toContain('message="title-too-short: two&#10;lines&#9;and&#13;&#10;more"');
    expect(testcase(parse(xml), 'title', 'https://x.example/?a=1&b=<2>').failure?.message).toBe('title-too-short: two\nlines\tand\r\nmore');
  });

  it("puts a rule this version does not know in an 'other' suite, and leaves out file for a page that has no origin", () => {
    const parsed = parse(formatJunit(report()));
    expect(parsed.testsuites.testsuite?.map((s) => s.name)).toEqual(['content', 'headings', 'i18n', 'images', 'indexing', 'links', 'meta', 'mobile', 'other', 'social', 'structured-data', 'title', 'url', 'web']);
    const other = testcase(parsed, 'other', 'https://x.example/?a=1&b=<2>');
    expect(other.classname).toBe('seo-ai.other');
    expect(other.failure?.message).toBe('from-the-future: A rule this version does not know.');
    expect(testcase(parsed, 'other', 'https://x.example/plain')).toEqual({ name: 'https://x.example/plain', classname: 'seo-ai.other', time: '0' });
    expect(parsed.testsuites.tests).toBe('28');
    expect(parsed.testsuites.failures).toBe('2');
  });

  it('writes an empty run as suites without cases', () => {
    const parsed = parse(formatJunit({ ...copyOf(shop), pages: [] }));
    expect(parsed.testsuites.tests).toBe('0');
    expect(parsed.testsuites.testsuite?.map((s) => [s.name, s.tests, s.testcase])).toContainEqual(['title', '0', undefined]);
  });
});

describe('formatJunit with a comparison', () => {
  /**
   * The baseline lacks featherline's title-too-long (so it is new now) and has an og-missing on
   * the home page that this run does not (fixed); this run reports spark-fuel-canister's
   * canonical-missing twice where the baseline had it once (one unchanged, one new).
   */
  function compared(): JsonReport {
    const before = copyOf(shop);
    const feather = page(before, '/products/featherline-solo-shelter/');
    feather.findings = feather.findings.filter((f) => f.rule !== 'title-too-long');
    page(before, '/').findings.push({ rule: 'og-missing', severity: 'low', message: 'Page has no og:image.', element: 'og:image', fix: 'Add og:image.', fingerprint: 'og-home' });
    const after = copyOf(shop);
    const spark = page(after, '/products/spark-fuel-canister/');
    spark.findings.push({ ...spark.findings.find((f) => f.rule === 'canonical-missing')!, message: 'Page has no <link rel="canonical"> (second head).' });
    const comparison = compare(snapshotOfReport(before, 'baseline.json'), snapshotOfReport(after, 'now'));
    return { ...after, comparison, gate: judge(after.summary.score, comparison, { failOn: 'high' }) };
  }

  it('marks findings new or unchanged by fingerprint, counted like the comparison', () => {
    const report = compared();
    const statuses = findingStatuses(report)!;
    const of = (pathname: string): string[] => statuses[report.pages.indexOf(page(report, pathname))]!;
    expect(of('/products/featherline-solo-shelter/')).toEqual(['unchanged', 'new', 'unchanged', 'unchanged']);
    expect(of('/products/spark-fuel-canister/')).toEqual(['unchanged', 'unchanged', 'unchanged', 'new']);
    expect(statuses.flat().filter((s) => s === 'new')).toHaveLength(2);
    expect(findingStatuses(shop)).toBeUndefined();
  });

  it('fails only on new findings and lists unchanged and fixed ones in the output', () => {
    const parsed = parse(formatJunit(compared()));
    expect(parsed.testsuites.failures).toBe('2');
    const failed = (parsed.testsuites.testsuite ?? []).flatMap((s) => (s.testcase ?? []).filter((c) => c.failure).map((c) => `${s.name} ${c.name}`));
    expect(failed).toEqual([`indexing ${SHOP}/products/spark-fuel-canister/`, `title ${SHOP}/products/featherline-solo-shelter/`]);

    const title = testcase(parsed, 'title', `${SHOP}/products/featherline-solo-shelter/`);
    expect(title.failure?.type).toBe('title-too-long');
    expect(title.failure?.['#text']).toBe(
      'medium title-too-long: Title is 95 characters long (max 60).\n' +
        '  value: Featherline Ultralight 1-Person Trekking Pole Tent – Backpacking Shelter | Northpine Outfitters\n' +
        '  expected: <= 60 characters\n' +
        '  fix: Keep the title to 60 characters or fewer, with the keyword and the brand near the start.\n',
    );
    expect(title['system-out']).toBe(
      'Unchanged since baseline.json (not failed):\n' +
        'medium title-too-wide: Title is 839 px wide in Arial 20px (max 561); Google cuts it off.\n' +
        '  value: Featherline Ultralight 1-Person Trekking Pole Tent – Backpacking Shelter | Northpine Outfitters\n' +
        '  expected: <= 561 px\n' +
        '  fix: Shorten the title or use narrower characters (fewer capitals and W/M) until it fits in 561 px at Arial 20px.\n',
    );

    // The repeated finding: the copy the baseline lacks fails, the other one is listed.
    const spark = testcase(parsed, 'indexing', `${SHOP}/products/spark-fuel-canister/`);
    expect(spark.failure?.message).toBe('canonical-missing: Page has no <link rel="canonical"> (second head).');
    expect(spark['system-out']).toMatch(/^Unchanged since baseline\.json \(not failed\):\nlow canonical-missing: Page has no <link rel="canonical">\.\n {2}expected: /);

    // A page whose findings were all there before passes, with them in its output.
    const thin = testcase(parsed, 'content', `${SHOP}/products/stormshield-tent-footprint/`);
    expect(thin.failure).toBeUndefined();
    expect(thin['system-out']).toContain('high content-thin: Page has 77 words of body text (min 300).');

    expect(testcase(parsed, 'social', `${SHOP}/`)['system-out']).toBe('Fixed since baseline.json:\nlow og-missing: Page has no og:image.\n  element: og:image\n');
  });

  it('fails every finding of a page the baseline did not have', () => {
    const now = copyOf(shop);
    page(now, '/').findings.push({ rule: 'h1-missing', severity: 'high', message: 'No H1.', fix: 'Add one.', fingerprint: 'h1-home' });
    const comparison = compare(snapshotOfReport({ ...now, pages: now.pages.slice(1) }, 'baseline.json'), snapshotOfReport(now, 'now'));
    expect(comparison.counts.newPages).toBe(1);
    const parsed = parse(formatJunit({ ...now, comparison }));
    expect(parsed.testsuites.failures).toBe('1');
    expect(testcase(parsed, 'headings', `${SHOP}/`).failure?.message).toBe('h1-missing: No H1.');
  });
});
