// GitHub Actions workflow commands, asserted line by line as the runner reads them: one command
// per line, properties before the second `::`, escaped so page text cannot forge another command.
import { beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../gate/compare.js';
import { judge } from '../gate/policy.js';
import { snapshotOfReport } from '../gate/snapshot.js';
import { demoShopReport, handReport } from '../testing/reports.js';
import { escapeData, escapeProperty, formatGithubAnnotations, githubStepSummary, originLocation } from './github.js';
import type { JsonReport } from './json.js';
import { formatMarkdown } from './markdown.js';

type Page = JsonReport['pages'][number];
type Finding = Page['findings'][number];

const SHOP = 'https://demo-shop.example/';
const FILES = 'fixtures/sites/demo-shop/';

let demo: JsonReport;
beforeAll(async () => {
  demo = await demoShopReport();
});

const lines = (out: string): string[] => {
  expect(out.endsWith('\n')).toBe(true);
  return out.slice(0, -1).split('\n');
};

const finding = (rule: string, severity: Finding['severity'], fingerprint: string, message = `${rule} message`): Finding => ({
  rule,
  severity,
  message,
  fix: 'Fix it.',
  fingerprint,
});

describe('formatGithubAnnotations', () => {
  it('annotates findings at their file, errors first, then warnings, then notices, ten of each as GitHub shows', () => {
    const out = lines(formatGithubAnnotations(demo, { max: 100 }));
    // 10 errors, 13 warnings, 10 notices: 3 warnings and 1 notice make way, the last notice says so.
    expect(out).toHaveLength(30);
    expect(out.map((l) => l.slice(0, l.indexOf(' ')))).toEqual([...Array(10).fill('::error'), ...Array(10).fill('::warning'), ...Array(9).fill('::notice'), '::notice']);
    expect(out.at(-1)).toBe(
      '::notice title=seo-ai::4 more findings not annotated (GitHub shows 10 errors, 10 warnings and 10 notices per step; at most 100 annotations here): the job summary and the JSON report (--format json) list every one',
    );
    // Critical before high, in report order within a severity.
    expect(out.slice(0, 4)).toEqual([
      `::error file=${FILES}products/summit-down-jacket-mens/index.html,line=1,title=title-duplicate::The same title is used by 1 other indexable page: ${SHOP}products/summit-down-jacket-womens/. (${SHOP}products/summit-down-jacket-mens/)`,
      `::error file=${FILES}products/summit-down-jacket-womens/index.html,line=1,title=title-duplicate::The same title is used by 1 other indexable page: ${SHOP}products/summit-down-jacket-mens/. (${SHOP}products/summit-down-jacket-womens/)`,
      `::error file=${FILES}products/talus-approach-shoe/index.html,line=1,title=meta-description-missing::Page has no meta description. (${SHOP}products/talus-approach-shoe/)`,
      `::error file=${FILES}products/stormshield-tent-footprint/index.html,line=1,title=content-thin::Page has 77 words of body text (min 300). (${SHOP}products/stormshield-tent-footprint/)`,
    ]);
    expect(out).toContain(`::error file=${FILES}gift-cards/index.html,line=1,title=noindex::Page tells search engines not to index it (robots: noindex, follow). (${SHOP}gift-cards/)`);
    // A % in a message is data to escape.
    expect(out).toContain(
      `::warning file=${FILES}products/canyon-daypack-22-rust/index.html,line=1,title=content-near-duplicate::Main text is 97%25 similar to ${SHOP}products/canyon-daypack-22-slate/. (${SHOP}products/canyon-daypack-22-rust/)`,
    );
    expect(out).toContain(
      `::notice file=${FILES}blog/index.html,line=1,title=heading-level-skipped::Heading "Leave no trace in the camp kitchen" is an h4 right after an h2 (h3 skipped). (${SHOP}blog/)`,
    );
  });

  it('stops at the limit, the notice of what was left out included, with the most severe kept', () => {
    const out = lines(formatGithubAnnotations(demo, { max: 12 }));
    expect(out).toHaveLength(12);
    expect(out.slice(0, 10).every((l) => l.startsWith('::error '))).toBe(true);
    expect(out[10]).toBe(
      `::warning file=${FILES}category/sleeping-bags/index.html,line=1,title=meta-description-too-short::Meta description is 51 characters long (min 120). (${SHOP}category/sleeping-bags/)`,
    );
    expect(out[11]).toBe(
      '::notice title=seo-ai::22 more findings not annotated (GitHub shows 10 errors, 10 warnings and 10 notices per step; at most 12 annotations here): the job summary and the JSON report (--format json) list every one',
    );
  });

  it('keeps to ten of a level: the tenth place goes to the notice of what was left out', () => {
    const pages = Array.from({ length: 60 }, (_, i) => ({ url: `https://x.example/${i}`, score: 95, findings: [finding('og-missing', 'low', `f${i}`)] }));
    const out = lines(formatGithubAnnotations(handReport(pages)));
    expect(out).toHaveLength(10);
    expect(out[8]).toBe('::notice title=og-missing::og-missing message (https://x.example/8)');
    expect(out[9]).toBe(
      '::notice title=seo-ai::51 more findings not annotated (GitHub shows 10 errors, 10 warnings and 10 notices per step; at most 50 annotations here): the job summary and the JSON report (--format json) list every one',
    );
    // Ten fit without a notice.
    expect(lines(formatGithubAnnotations(handReport(pages.slice(0, 10))))).toHaveLength(10);
    expect(lines(formatGithubAnnotations(handReport(pages.slice(0, 10)))).at(-1)).toBe('::notice title=og-missing::og-missing message (https://x.example/9)');
  });

  it('places CSV rows at their line, folder files at line 1, and HTTP pages nowhere', () => {
    const out = lines(
      formatGithubAnnotations(
        handReport([
          { url: 'https://x.example/a', origin: 'data/pages.csv:12', score: 85, findings: [finding('h1-missing', 'high', 'a')] },
          { url: 'https://x.example/b', origin: 'site/b/index.html', score: 90, findings: [finding('title-too-long', 'medium', 'b')] },
          { url: 'https://x.example/c', score: 95, findings: [finding('og-missing', 'low', 'c')] },
        ]),
      ),
    );
    expect(out).toEqual([
      '::error file=data/pages.csv,line=12,title=h1-missing::h1-missing message (https://x.example/a)',
      '::warning file=site/b/index.html,line=1,title=title-too-long::title-too-long message (https://x.example/b)',
      '::notice title=og-missing::og-missing message (https://x.example/c)',
    ]);
  });

  it('escapes hostile text so it stays one command', () => {
    const report = handReport([
      {
        url: 'https://x.example/?q=100%',
        origin: 'in,put:dir/we::ird,name.csv:7',
        score: 85,
        findings: [finding('h1-missing', 'high', 'h', '100% sure\r\n::error file=x,line=1::forged\nthird')],
      },
      { url: 'https://x.example/b', origin: 'a:b,c.html', score: 95, findings: [finding('rule:with,comma', 'low', 'r', 'ok')] },
    ]);
    expect(lines(formatGithubAnnotations(report))).toEqual([
      '::error file=in%2Cput%3Adir/we%3A%3Aird%2Cname.csv,line=7,title=h1-missing::100%25 sure%0D%0A::error file=x,line=1::forged%0Athird (https://x.example/?q=100%25)',
      '::notice file=a%3Ab%2Cc.html,line=1,title=rule%3Awith%2Ccomma::ok (https://x.example/b)',
    ]);
    expect(escapeData('%0A\r\n:,')).toBe('%250A%0D%0A:,');
    expect(escapeProperty('%0A\r\n:,')).toBe('%250A%0D%0A%3A%2C');
  });

  it('with a comparison, annotates only the new findings', () => {
    const pages = structuredClone(demo.pages).map((p) =>
      p.url === `${SHOP}contact/` ? { ...p, score: 70, findings: [...p.findings, finding('h1-missing', 'high', 'c0ffee0000000001', 'The H1 is empty.')] } : p,
    );
    pages.push({ url: `${SHOP}new/`, score: 95, findings: [finding('og-missing', 'low', 'c0ffee0000000002', 'Open Graph tag missing: og:image.')] });
    const after = { ...demo, pages };
    const comparison = compare(snapshotOfReport(demo, 'baseline.json'), snapshotOfReport(after, 'now'));
    const report = { ...after, comparison, gate: judge(92, comparison, { failOn: 'high' }) };
    expect(lines(formatGithubAnnotations(report))).toEqual([
      `::error file=${FILES}contact/index.html,line=1,title=h1-missing::The H1 is empty. (${SHOP}contact/)`,
      `::notice title=og-missing::Open Graph tag missing: og:image. (${SHOP}new/)`,
    ]);
    expect(lines(formatGithubAnnotations(report, { max: 1 }))).toEqual([
      '::notice title=seo-ai::2 new findings not annotated (GitHub shows 10 errors, 10 warnings and 10 notices per step; at most 1 annotation here): the job summary and the JSON report (--format json) list every one',
    ]);
    // Nothing new, nothing to say.
    expect(formatGithubAnnotations({ ...demo, comparison: compare(snapshotOfReport(demo, 'b'), snapshotOfReport(demo, 'now')) })).toBe('');
  });

  it('counts a fingerprint twice on a page, once in the baseline, as one new finding', () => {
    const twice = handReport([{ url: 'https://x.example/', score: 95, findings: [finding('og-missing', 'low', 'same', 'first'), finding('og-missing', 'low', 'same', 'second')] }]);
    const once = handReport([{ url: 'https://x.example/', score: 95, findings: [finding('og-missing', 'low', 'same', 'first')] }]);
    const comparison = compare(snapshotOfReport(once, 'b'), snapshotOfReport(twice, 'now'));
    expect(lines(formatGithubAnnotations({ ...twice, comparison }))).toEqual(['::notice title=og-missing::first (https://x.example/)']);
  });

  it('says nothing about a clean report', () => {
    expect(formatGithubAnnotations(handReport([{ url: 'https://x.example/', score: 100, findings: [] }]))).toBe('');
  });
});

describe('originLocation', () => {
  it('splits a CSV row origin and puts a file at line 1', () => {
    expect(originLocation('pages.csv:12')).toEqual({ file: 'pages.csv', line: 12 });
    expect(originLocation('a:b.csv:3')).toEqual({ file: 'a:b.csv', line: 3 });
    expect(originLocation(`${FILES}index.html`)).toEqual({ file: `${FILES}index.html`, line: 1 });
  });
});

describe('githubStepSummary', () => {
  it('is the Markdown report', () => {
    expect(githubStepSummary(demo)).toBe(formatMarkdown(demo));
    expect(githubStepSummary(demo).startsWith('## SEO audit\n')).toBe(true);
  });
});
