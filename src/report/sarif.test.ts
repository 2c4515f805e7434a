// SARIF output, checked against the SARIF 2.1.0 JSON schema (draft-04, validated by ajv) and for
// the exact content GitHub code scanning reads: rules, levels, locations, fingerprints.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import { ruleCatalogue } from '../engine/catalogue.js';
import { fingerprint } from '../engine/fingerprint.js';
import type { Severity } from '../engine/types.js';
import { compare } from '../gate/compare.js';
import { judge } from '../gate/policy.js';
import { snapshotOfReport, type Snapshot } from '../gate/snapshot.js';
import { DEFAULT_RULES, demoShopReport, handReport, summaryOf } from '../testing/reports.js';
import type { JsonReport } from './json.js';
import { ruleInfo } from './rule-info.js';
import { formatSarif, MAX_SARIF_RESULTS, SARIF_SCHEMA } from './sarif.js';

// Both packages are CommonJS with `exports.default`: under NodeNext the default import is the
// module object, so the class and the plugin are its `default` (which is also what runs).
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

/**
 * The schema from @microsoft/jest-sarif: its `language` pattern (`…[a-zA-Z]{2}]?$`) has a stray
 * `]` that is an error in a unicode RegExp, so patterns are compiled without the `u` flag.
 * Strict mode stays on: the schema compiles without it being relaxed.
 */
const schema = JSON.parse(readFileSync('fixtures/schemas/sarif-2.1.0-rtm.5.json', 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema violations of a SARIF text, one line each ("" when valid). */
function schemaErrors(sarif: unknown): string[] {
  if (validate(sarif)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

// The parts of the SARIF the assertions read.
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  baselineState?: string;
  properties: Record<string, unknown>;
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: Record<string, unknown>;
}
interface Run {
  tool: { driver: { name: string; semanticVersion: string; version: string; rules: Rule[] } };
  invocations: { executionSuccessful: boolean; endTimeUtc: string; toolExecutionNotifications?: { level: string; message: { text: string } }[] }[];
  results: Result[];
  properties: Record<string, unknown>;
}
interface Log {
  $schema: string;
  version: string;
  runs: Run[];
}

const parse = (text: string): Log => JSON.parse(text) as Log;
const runOf = (report: JsonReport, options?: Parameters<typeof formatSarif>[1]): Run => parse(formatSarif(report, options)).runs[0]!;

type Page = JsonReport['pages'][number];
type Finding = Page['findings'][number];

function finding(rule: string, severity: Severity, url: string, extra: Partial<Finding> = {}): Finding {
  return { rule, severity, message: `${rule} on ${url}`, fix: `fix ${rule}`, fingerprint: fingerprint(rule, url, extra.element), ...extra };
}

let demo: JsonReport;
beforeAll(async () => {
  demo = await demoShopReport();
});

describe('formatSarif on the demo shop', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const text = formatSarif(demo);
    expect(text.endsWith('}\n')).toBe(true);
    expect(schemaErrors(JSON.parse(text))).toEqual([]);
  });

  it('has one run of seo-ai with a result per finding', () => {
    const log = parse(formatSarif(demo));
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'seo-ai', semanticVersion: '0.1.0', version: '0.1.0' });
    expect(run.tool.driver).not.toHaveProperty('informationUri');
    expect(demo.summary.bySeverity).toEqual({ critical: 3, high: 7, medium: 13, low: 10 });
    expect(run.results).toHaveLength(33);
    const levels = (l: string): number => run.results.filter((r) => r.level === l).length;
    expect([levels('error'), levels('warning'), levels('note')]).toEqual([3 + 7, 13, 10]);
    // Without a comparison, no result claims a baseline state.
    expect(run.results.filter((r) => 'baselineState' in r)).toEqual([]);
    expect(run.invocations).toEqual([{ executionSuccessful: true, endTimeUtc: '2026-01-02T03:04:05.000Z' }]);
    expect(run.properties).toEqual({ siteScore: 92.4, pages: 45, partial: false });
  });

  it('writes a chosen finding exactly', () => {
    const run = runOf(demo);
    const url = 'https://demo-shop.example/category/sleeping-bags/';
    const result = run.results.find((r) => r.ruleId === 'meta-description-too-short');
    expect(result).toEqual({
      ruleId: 'meta-description-too-short',
      ruleIndex: 16,
      level: 'warning',
      message: { text: `Meta description is 51 characters long (min 120). (${url})` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'fixtures/sites/demo-shop/category/sleeping-bags/index.html', uriBaseId: '%SRCROOT%' },
            region: { startLine: 1 },
          },
        },
      ],
      partialFingerprints: {
        primaryLocationLineHash: fingerprint('meta-description-too-short', url),
        'seoAiFingerprint/v1': fingerprint('meta-description-too-short', url),
      },
      properties: {
        url,
        severity: 'medium',
        value: 'Down and synthetic sleeping bags, pads and pillows.',
        expected: '>= 120 characters',
      },
    });
    expect(run.tool.driver.rules[16]!.id).toBe('meta-description-too-short');
    // Every result points at its own rule.
    expect(run.results.filter((r) => run.tool.driver.rules[r.ruleIndex]?.id !== r.ruleId)).toEqual([]);
  });

  it('lists each rule with a finding once, sorted by id, with its docs and level', () => {
    const rules = runOf(demo).tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(Object.keys(demo.summary.byRule));
    expect(rules).toHaveLength(27);
    for (const rule of rules) {
      const info = ruleInfo(DEFAULT_RULES, rule.id);
      expect(rule.shortDescription.text).toBe(info.description);
      expect(rule.help.text).toBe(`${info.description}\n\nHow to fix: ${info.fix}`);
    }
    expect(rules.find((r) => r.id === 'canonical-missing')).toEqual({
      id: 'canonical-missing',
      name: 'CanonicalMissing',
      shortDescription: { text: 'An indexable page declares no canonical URL, so search engines pick one among its duplicates themselves.' },
      fullDescription: { text: 'An indexable page declares no canonical URL, so search engines pick one among its duplicates themselves.' },
      help: {
        text:
          'An indexable page declares no canonical URL, so search engines pick one among its duplicates themselves.\n\n' +
          'How to fix: Add <link rel="canonical" href="…"> with the page’s own absolute URL (without tracking parameters) to the <head>.',
        // Escaped, or GitHub's markdown renderer would swallow the tags.
        markdown:
          'An indexable page declares no canonical URL, so search engines pick one among its duplicates themselves.\n\n' +
          '**How to fix:** Add \\<link rel="canonical" href="…"\\> with the page’s own absolute URL (without tracking parameters) to the \\<head\\>.',
      },
      // Its section of docs/rules.md in the published package of the version that wrote the report.
      helpUri: 'https://unpkg.com/seo-ai@0.1.0/docs/rules.md#canonical-missing',
      defaultConfiguration: { level: 'note' },
      properties: { tags: ['seo', 'indexing'], precision: 'very-high', 'problem.severity': 'recommendation' },
    });
    const levelOf = (id: string) => {
      const r = rules.find((x) => x.id === id)!;
      return [r.defaultConfiguration.level, r.properties['problem.severity']];
    };
    expect(levelOf('title-duplicate')).toEqual(['error', 'error']); // critical
    expect(levelOf('link-broken')).toEqual(['error', 'error']); // high
    expect(levelOf('viewport-missing')).toEqual(['warning', 'warning']); // medium
    expect(levelOf('og-missing')).toEqual(['note', 'recommendation']); // low
  });

  it('gives the same bytes for the same report, and differs only in the time for another generatedAt', () => {
    const a = formatSarif(demo);
    expect(formatSarif(demo)).toBe(a);
    // Nothing from the machine: the run's absolute target is not written. (link-broken's message
    // names the folder's absolute path; that is the finding's own text, so it is left out here.)
    const cwd = process.cwd();
    expect(demo.source.target.startsWith(cwd)).toBe(true);
    const own = { ...demo, pages: demo.pages.map((p) => ({ ...p, findings: p.findings.filter((f) => !f.message.includes(cwd)) })) };
    expect(formatSarif(own)).not.toContain(cwd);
    const b = formatSarif({ ...demo, generatedAt: '2027-06-07T08:09:10.000Z' }).split('\n');
    const lines = a.split('\n');
    expect(b).toHaveLength(lines.length);
    expect(b.filter((line, i) => line !== lines[i])).toEqual(['          "endTimeUtc": "2027-06-07T08:09:10.000Z"']);
  });

  it('fails the schema check on an invalid log (the check can fail)', () => {
    const log = JSON.parse(formatSarif(demo)) as { runs: { results: Record<string, unknown>[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    delete log.runs[0]!.results[1]!.message;
    const errors = schemaErrors(log);
    expect(errors.some((e) => e.startsWith('/runs/0/results/0/level must be equal to one of the allowed values'))).toBe(true);
    expect(errors.some((e) => e.startsWith("/runs/0/results/1 must have required property 'message'"))).toBe(true);
  });
});

describe('formatSarif with a comparison', () => {
  const url = 'https://demo-shop.example/category/sleeping-bags/';
  const gone = 'https://demo-shop.example/old-page/';
  let after: JsonReport;
  let before: JsonReport;

  beforeAll(() => {
    // The baseline lacks the sleeping-bags finding (so it is new now), had a missing title and a
    // finding of a rule this version no longer has on that page (both fixed since), and had a
    // page that is gone (its finding is not fixed, just gone).
    before = structuredClone(demo);
    const page = before.pages.find((p) => p.url === url)!;
    page.findings = [
      finding('title-missing', 'critical', url, { message: 'Page has no <title>.' }),
      finding('retired-rule', 'low', url, { message: 'Something old.' }),
    ];
    before.pages.push({ url: gone, score: 75, findings: [finding('h1-missing', 'high', gone)] });
    const comparison = compare(snapshotOfReport(before, 'baseline.json'), snapshotOfReport(demo, 'now'));
    after = { ...demo, comparison, gate: judge(demo.summary.score, comparison, { failOn: 'high' }) };
  });

  it('validates against the schema', () => {
    expect(schemaErrors(JSON.parse(formatSarif(after)))).toEqual([]);
    expect(schemaErrors(JSON.parse(formatSarif(after, { absent: true })))).toEqual([]);
  });

  it('marks findings new or unchanged and, when asked, adds the fixed ones as absent', () => {
    const run = runOf(after, { absent: true });
    const state = (s: string): Result[] => run.results.filter((r) => r.baselineState === s);
    expect(after.comparison!.counts).toMatchObject({ new: 1, fixed: 2, unchanged: 32 });
    expect(state('new').map((r) => r.ruleId)).toEqual(['meta-description-too-short']);
    expect(state('unchanged')).toHaveLength(32);
    expect(run.results).toHaveLength(33 + 2);
    const fp = fingerprint('title-missing', url);
    expect(state('absent')).toEqual([
      {
        ruleId: 'title-missing',
        ruleIndex: run.tool.driver.rules.findIndex((r) => r.id === 'title-missing'),
        level: 'error',
        message: { text: `Fixed: Page has no <title>. (${url})` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'fixtures/sites/demo-shop/category/sleeping-bags/index.html', uriBaseId: '%SRCROOT%' },
              region: { startLine: 1 },
            },
          },
        ],
        partialFingerprints: { primaryLocationLineHash: fp, 'seoAiFingerprint/v1': fp },
        baselineState: 'absent',
        properties: { url, severity: 'critical' },
      },
      expect.objectContaining({ ruleId: 'retired-rule', level: 'note', message: { text: `Fixed: Something old. (${url})` }, baselineState: 'absent' }),
    ]);
    // The removed page's finding is not reported at all.
    expect(run.results.filter((r) => r.properties.url === gone)).toEqual([]);
  });

  it('lists the rules of fixed findings too, with docs from the finding for an unknown rule', () => {
    const rules = runOf(after, { absent: true }).tool.driver.rules;
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual([...Object.keys(demo.summary.byRule), 'retired-rule', 'title-missing'].sort());
    expect(rules.find((r) => r.id === 'retired-rule')).toEqual({
      id: 'retired-rule',
      name: 'RetiredRule',
      shortDescription: { text: 'Something old.' },
      fullDescription: { text: 'Something old.' },
      help: { text: 'Something old.', markdown: 'Something old.' },
      defaultConfiguration: { level: 'note' },
      properties: { tags: ['seo', 'other'], precision: 'very-high', 'problem.severity': 'recommendation' },
    });
  });

  it('leaves the fixed findings out by default (GitHub ignores baselineState and would show them as open)', () => {
    const run = runOf(after);
    expect(run.results).toHaveLength(33);
    expect(run.results.filter((r) => r.baselineState === 'absent')).toEqual([]);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(Object.keys(demo.summary.byRule));
  });

  it('matches repeated fingerprints as compare() does: the first ones unchanged, the extra one new', () => {
    const page = 'https://example.com/';
    const twice = finding('image-alt-missing', 'medium', page, { element: 'a.png' });
    const now = handReport([{ url: page, score: 90, findings: [twice, twice] }]);
    const baseline: Snapshot = {
      label: 'baseline.json',
      score: 90,
      // A baseline file keeps no messages: the fixed finding is described by its rule.
      pages: [{ url: page, score: 90, findings: [{ fingerprint: twice.fingerprint, rule: twice.rule, severity: 'medium' }, { fingerprint: 'f00d', rule: 'title-missing', severity: 'critical' }] }],
    };
    const run = runOf({ ...now, comparison: compare(baseline, snapshotOfReport(now, 'now')) }, { absent: true });
    expect(run.results.map((r) => [r.ruleId, r.baselineState, r.message.text])).toEqual([
      ['image-alt-missing', 'unchanged', `image-alt-missing on ${page} (${page})`],
      ['image-alt-missing', 'new', `image-alt-missing on ${page} (${page})`],
      ['title-missing', 'absent', `Fixed: ${ruleInfo(DEFAULT_RULES, 'title-missing').description} (${page})`],
    ]);
  });
});

describe('formatSarif locations and edge cases', () => {
  it('locates an HTTP page at its host and path, as a repository-relative path (code scanning refuses URL schemes)', () => {
    const url = 'https://example.com/shop/tents?page=2';
    const report = handReport([{ url, score: 85, findings: [finding('title-too-long', 'medium', url, { message: 'Title is 80 characters long (max 60).' })] }]);
    const text = formatSarif(report);
    expect(schemaErrors(JSON.parse(text))).toEqual([]);
    const [result] = parse(text).runs[0]!.results;
    expect(result!.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'example.com/shop/tents', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }]);
    expect(result!.message.text).toBe(`Title is 80 characters long (max 60). (${url})`);
    expect(result!.properties.url).toBe(url);
  });

  it('encodes a fetched page path once, with the port as _port, and doubles braces in messages (SARIF §3.11.5)', () => {
    const url = 'http://127.0.0.1:8080/caf%C3%A9%20menu/x?q=1';
    const report = handReport([{ url, score: 90, findings: [finding('structured-data-invalid', 'medium', url, { message: "JSON-LD block 1 does not parse: Expected ',' or '}' after {0}." })] }]);
    const text = formatSarif(report);
    expect(schemaErrors(JSON.parse(text))).toEqual([]);
    const [result] = parse(text).runs[0]!.results;
    expect(result!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: '127.0.0.1_8080/caf%C3%A9%20menu/x', uriBaseId: '%SRCROOT%' });
    expect(result!.message.text).toBe(`JSON-LD block 1 does not parse: Expected ',' or '}}' after {{0}}. (${url})`);
  });

  it('writes a valid URI reference for paths WHATWG leaves with a stray % or | ^ [ ]', () => {
    const urls = ['http://127.0.0.1:8080/sale-50%-off/', 'http://127.0.0.1:8080/a|b^c/[x]'];
    const report = handReport(urls.map((url) => ({ url, score: 95, findings: [finding('og-missing', 'low', url)] })));
    const text = formatSarif(report);
    expect(schemaErrors(JSON.parse(text))).toEqual([]);
    expect(parse(text).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      '127.0.0.1_8080/sale-50%25-off',
      '127.0.0.1_8080/a%7Cb%5Ec/%5Bx%5D',
    ]);
  });

  it('locates a CSV page at its row, and encodes file paths as URIs', () => {
    const pages: Page[] = [
      { url: 'https://example.com/a', origin: 'pages.csv:12', score: 85, findings: [finding('title-too-long', 'medium', 'https://example.com/a')] },
      { url: 'https://example.com/b', origin: 'site/my page #1.html', score: 85, findings: [finding('title-too-long', 'medium', 'https://example.com/b')] },
      { url: 'https://example.com/c', origin: '/srv/site/c.html', score: 85, findings: [finding('title-too-long', 'medium', 'https://example.com/c')] },
    ];
    const text = formatSarif(handReport(pages, { source: { kind: 'csv', target: 'pages.csv' } }));
    expect(schemaErrors(JSON.parse(text))).toEqual([]);
    const where = parse(text).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation);
    expect(where).toEqual([
      { artifactLocation: { uri: 'pages.csv', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } },
      { artifactLocation: { uri: 'site/my%20page%20%231.html', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
      // A report written without a working directory keeps absolute paths: those are file: URIs.
      { artifactLocation: { uri: pathToFileURL('/srv/site/c.html').href }, region: { startLine: 1 } },
    ]);
  });

  it('takes an unknown rule’s docs from its finding', () => {
    const url = 'https://example.com/';
    const report = handReport([{ url, score: 95, findings: [finding('custom-check_v2', 'high', url, { message: 'Custom *thing* failed.', fix: 'Fix the <thing>.' })] }]);
    expect(runOf(report).tool.driver.rules).toEqual([
      {
        id: 'custom-check_v2',
        name: 'CustomCheckV2',
        shortDescription: { text: 'Custom *thing* failed.' },
        fullDescription: { text: 'Custom *thing* failed.' },
        help: { text: 'Custom *thing* failed.\n\nHow to fix: Fix the <thing>.', markdown: 'Custom \\*thing\\* failed.\n\n**How to fix:** Fix the \\<thing\\>.' },
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['seo', 'other'], precision: 'very-high', 'problem.severity': 'error' },
      },
    ]);
  });

  it("describes a rule from the report's own catalogue: the run's fix text (its limits), a rule of the run this version lacks, and no catalogue at all", () => {
    const url = 'https://example.com/';
    const page = { url, score: 80, findings: [finding('title-too-long', 'medium', url), finding('custom-check', 'high', url, { message: 'From the finding.' })] };
    const catalogue = ruleCatalogue(registry, { 'title-too-long': ['medium', { max: 50 }] });
    // A rule defined outside seo-ai, as the catalogue has it: without a section in docs/rules.md.
    const [custom] = ruleCatalogue([{ ...registry.find((r) => r.id === 'content-thin')!, id: 'custom-check', severity: 'high', options: {}, docs: { description: 'A rule of a plugin.', fix: 'Do the thing.' } }]);
    expect(custom).toMatchObject({ id: 'custom-check', undocumented: true });
    const rules = runOf(handReport([page], { rules: [...catalogue, custom!] })).tool.driver.rules;
    expect(rules.map((r) => [r.id, r.help.text, r.properties.tags])).toEqual([
      ['custom-check', 'A rule of a plugin.\n\nHow to fix: Do the thing.', ['seo', 'content']],
      ['title-too-long', expect.stringMatching(/How to fix: .*\b50 characters/) as string, ['seo', 'title']],
    ]);
    // Only seo-ai's own rules have a section in docs/rules.md to link to.
    expect(rules.map((r) => [r.id, r.helpUri])).toEqual([
      ['custom-check', undefined],
      ['title-too-long', 'https://unpkg.com/seo-ai@0.1.0/docs/rules.md#title-too-long'],
    ]);
    // A report of a version before the catalogue: every rule is described by its findings.
    const old = handReport([page]) as Partial<JsonReport>;
    delete old.rules;
    expect(runOf(old as JsonReport).tool.driver.rules.map((r) => [r.id, r.shortDescription.text, (r.properties.tags as string[])[1]])).toEqual([
      ['custom-check', 'From the finding.', 'other'],
      ['title-too-long', page.findings[0]!.message, 'other'],
    ]);
  });

  it('reports a partial run and the pages that could not be audited', () => {
    // The site score is the report's own, whatever its pages say: SARIF copies it as given.
    const report = handReport([], {
      summary: { ...summaryOf([]), score: 85 },
      partial: true,
      errors: [
        { origin: 'pages.csv:7', message: 'row skipped: the url cell is empty' },
        { origin: 'https://example.com/x', url: 'https://example.com/x', message: 'HTTP 500' },
      ],
    });
    const text = formatSarif(report);
    expect(schemaErrors(JSON.parse(text))).toEqual([]);
    const run = parse(text).runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toEqual([]);
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        endTimeUtc: '2026-01-02T03:04:05.000Z',
        toolExecutionNotifications: [
          { level: 'warning', message: { text: 'pages.csv:7: row skipped: the url cell is empty' } },
          { level: 'warning', message: { text: 'https://example.com/x: HTTP 500' } },
        ],
      },
    ]);
    expect(run.properties).toEqual({ siteScore: 85, pages: 0, partial: true });
  });

  it('keeps the most severe results when there are more than a run may hold, and says so', () => {
    const url = 'https://example.com/';
    const severities: Severity[] = ['low', 'critical', 'medium', 'high', 'low'];
    const findings = severities.map((s, i) => finding(`rule-${i}`, s, url));
    const pages = [{ url, score: 40, findings }];
    const run = runOf(handReport(pages, { summary: { ...summaryOf(pages), score: 85 } }), { maxResults: 3 });
    // The three most severe, still in page order; every rule stays listed.
    expect(run.results.map((r) => r.ruleId)).toEqual(['rule-1', 'rule-2', 'rule-3']);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['rule-0', 'rule-1', 'rule-2', 'rule-3', 'rule-4']);
    expect(run.invocations[0]!.toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: '2 of 5 results left out: a run may hold at most 3; the most severe are kept' } },
    ]);
    expect(run.properties).toEqual({ siteScore: 85, pages: 1, partial: false, droppedResults: 2 });
  });

  it('drops a fixed finding before a present one of the same severity', () => {
    const url = 'https://example.com/';
    const now = handReport([{ url, score: 75, findings: [finding('title-missing', 'critical', url)] }]);
    const baseline: Snapshot = { label: 'b', score: 75, pages: [{ url, score: 75, findings: [{ fingerprint: 'f00d', rule: 'h1-missing', severity: 'critical' }] }] };
    const run = runOf({ ...now, comparison: compare(baseline, snapshotOfReport(now, 'now')) }, { maxResults: 1 });
    expect(run.results.map((r) => [r.ruleId, r.baselineState])).toEqual([['title-missing', 'new']]);
  });

  it('holds at most GitHub’s 25,000 results by default', () => {
    expect(MAX_SARIF_RESULTS).toBe(25_000);
    const url = 'https://example.com/';
    const findings = Array.from({ length: MAX_SARIF_RESULTS }, (_, i) => finding('og-missing', 'low', url, { element: String(i) }));
    findings.push(finding('title-missing', 'critical', url));
    const run = runOf(handReport([{ url, score: 70, findings }]));
    expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(run.results.at(-1)!.ruleId).toBe('title-missing');
    expect(run.results.at(-2)!.properties.element).toBe(String(MAX_SARIF_RESULTS - 2));
    expect(run.properties.droppedResults).toBe(1);
  });
});
