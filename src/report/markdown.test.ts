// The Markdown report read the way a reviewer reads it: sections in order, and tables parsed
// row by row (split on unescaped pipes) so a cell is asserted exactly, escaping included.
import { beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../gate/compare.js';
import { judge, type GatePolicy } from '../gate/policy.js';
import { snapshotOfReport } from '../gate/snapshot.js';
import { demoShopReport, handReport, summaryOf } from '../testing/reports.js';
import type { JsonReport } from './json.js';
import { escapeMarkdown, formatMarkdown, inlineText, link, MAX_MARKDOWN_BYTES, PR_COMMENT_LIMIT, signed } from './markdown.js';

type Page = JsonReport['pages'][number];
type Finding = Page['findings'][number];

const SHOP = 'https://demo-shop.example/';
const GENERATED = '2026-01-02T03:04:05.000Z';
const FOOTER = `<sub>seo-ai 0.1.0 · ${GENERATED}</sub>`;
/** A plain URL as the report links it: GitHub's autolinker would keep any escapes in a bare one. */
const a = (url: string): string => `[${url}](${url})`;

let demo: JsonReport;
beforeAll(async () => {
  demo = await demoShopReport(GENERATED);
});

/** The rows of the table under a heading, header and alignment row included, as cells. */
function tableAfter(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  const at = lines.indexOf(heading);
  expect(at, `no heading ${heading}`).toBeGreaterThanOrEqual(0);
  const start = lines.findIndex((l, i) => i > at && l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = start; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const line = lines[i]!;
    expect(line.endsWith(' |')).toBe(true);
    rows.push(line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

const finding = (rule: string, severity: Finding['severity'], fingerprint: string, message = `${rule} message`): Finding => ({
  rule,
  severity,
  message,
  fix: 'Fix it.',
  fingerprint,
});

const HOSTILE = 'Title "a | b" <script>alert(1)</script> `x` *y* _z_ [l](u) $5\nnext';
const HOSTILE_ESCAPED = 'Title "a \\| b" &lt;script&gt;alert(1)&lt;/script&gt; \\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) &#36;5 next';

/**
 * The demo shop, then a change: sleeping-bags fixed (meta-description-too-short), contact got a
 * new high finding with hostile text, /de/versand/ removed, /new/ added with a low finding.
 */
function changed(policy: GatePolicy = { failOn: 'high' }): JsonReport {
  const pages = structuredClone(demo.pages)
    .filter((p) => p.url !== `${SHOP}de/versand/`)
    .map((p) => {
      if (p.url === `${SHOP}category/sleeping-bags/`) return { ...p, score: 100, findings: [] };
      if (p.url === `${SHOP}contact/`) return { ...p, score: 70, findings: [...p.findings, finding('h1-missing', 'high', 'c0ffee0000000001', HOSTILE)] };
      return p;
    });
  pages.push({ url: `${SHOP}new/`, score: 95, findings: [finding('og-missing', 'low', 'c0ffee0000000002', 'Open Graph tag missing: og:image.')] });
  const after = { ...demo, summary: summaryOf(pages), pages };
  const comparison = compare(snapshotOfReport(demo, 'baseline.json'), snapshotOfReport(after, 'now'));
  return { ...after, comparison, gate: judge(after.summary.score, comparison, policy) };
}

describe('formatMarkdown: an audit', () => {
  it('summarises the site, the costly rules and the worst pages', () => {
    const md = formatMarkdown(demo, { top: 3 });
    expect(md.startsWith('## SEO audit\n\n### Audit\n\n')).toBe(true);
    expect(md).toContain(
      [
        `- Source: folder ${escapeMarkdown(demo.source.target)} (${a(SHOP)})`,
        '- Site score: **92.4/100** over 45 pages: 32 good (90+), 13 need work (50-89), 0 poor (&lt;50)',
        '- Findings: 3 critical, 7 high, 13 medium, 10 low',
      ].join('\n'),
    );
    // Points = pages × weight: title-duplicate on 2 pages at 25.
    expect(tableAfter(md, '#### Rules that cost most')).toEqual([
      ['Rule', 'Severity', 'Pages', 'Points'],
      ['---', '---', '---:', '---:'],
      ['`title-duplicate`', 'critical', '2', '50'],
      ['`meta-description-duplicate`', 'high', '2', '30'],
      ['`meta-description-missing`', 'critical', '1', '25'],
    ]);
    expect(tableAfter(md, '#### Worst pages')).toEqual([
      ['Page', 'Score', 'Rules'],
      ['---', '---:', '---'],
      [a(`${SHOP}products/talus-approach-shoe/`), '60', '`meta-description-missing`, `h1-missing`'],
      [a(`${SHOP}products/featherline-solo-shelter/`), '65', '`meta-description-too-long`, `title-too-long`, `title-too-wide`, `meta-description-too-wide`'],
      [a(`${SHOP}products/summit-down-jacket-mens/`), '75', '`title-duplicate`'],
    ]);
    expect(md).toContain('**Not applicable**\n\n- needs target keywords (config "keywords" or --keywords): `title-missing-keyword`, `meta-description-missing-keyword`, `keyword-density`\n');
  });

  it('lists ten costly rules and ten worst pages by default', () => {
    const md = formatMarkdown(demo);
    expect(tableAfter(md, '#### Rules that cost most')).toHaveLength(12);
    expect(tableAfter(md, '#### Worst pages')).toHaveLength(12);
    expect(md).not.toContain('### Compared with');
    expect(md).not.toContain('SEO gate');
  });

  it('is deterministic, with generatedAt once, in the last line', () => {
    const md = formatMarkdown(changed());
    expect(formatMarkdown(changed())).toBe(md);
    expect(md.split(GENERATED)).toHaveLength(2);
    expect(md.endsWith(`\n\n${FOOTER}\n`)).toBe(true);
    const later = formatMarkdown({ ...changed(), generatedAt: '2027-05-06T07:08:09.000Z' });
    expect(later.replace('2027-05-06T07:08:09.000Z', GENERATED)).toBe(md);
  });

  it('says when the run is partial', () => {
    expect(formatMarkdown({ ...demo, partial: true })).toContain('> **Partial run:**');
    expect(formatMarkdown(demo)).not.toContain('Partial');
  });
});

describe('formatMarkdown: the gate and the comparison', () => {
  it('puts the failed gate first, with the page and the finding that failed it', () => {
    const md = formatMarkdown(changed());
    expect(md.startsWith(
      [
        '## ❌ SEO gate failed',
        '',
        'Policy: fail on new high+',
        '',
        '**new-findings**: 1 new high or worse finding on 1 page (--fail-on high)',
        '',
        `- ${a(`${SHOP}contact/`)} (score 85 → 70)`,
        `  - **high** \`h1-missing\`: ${HOSTILE_ESCAPED}`,
        '',
        'Not failed: 1 page of the baseline is not in this run.',
        '',
        `- ${a(`${SHOP}de/versand/`)}`,
        '',
        '### Compared with baseline.json',
        '',
      ].join('\n'),
    )).toBe(true);
    expect(md.indexOf('## ❌')).toBeLessThan(md.indexOf('### Compared with'));
    expect(md.indexOf('### Compared with')).toBeLessThan(md.indexOf('### Audit'));
  });

  it('names every failed condition, a score drop with the pages that fell', () => {
    const md = formatMarkdown(changed({ failOn: 'critical', maxPageDrop: 10, minScore: 95 }));
    const gate = md.slice(0, md.indexOf('### Compared with'));
    expect(gate).toBe(
      [
        '## ❌ SEO gate failed',
        '',
        'Policy: fail on new critical+, max page drop 10, min score 95',
        '',
        `**max-page-drop**: 1 page lost more than 10 points (worst: ${a(`${SHOP}contact/`)} 85 → 70) (--max-page-drop 10)`,
        '',
        `- ${a(`${SHOP}contact/`)} (score 85 → 70)`,
        `  - **high** \`h1-missing\`: ${HOSTILE_ESCAPED}`,
        '',
        '**min-score**: the site score 92.2 is below 95 (--min-score 95)',
        '',
        'Not failed: 1 page of the baseline is not in this run.',
        '',
        `- ${a(`${SHOP}de/versand/`)}`,
        '',
        '',
      ].join('\n'),
    );
  });

  it('says when the gate passed', () => {
    const md = formatMarkdown(changed({ failOn: 'critical' }));
    expect(md.startsWith('## ✅ SEO gate passed\n\nPolicy: fail on new critical+\n\nNot failed: 1 page')).toBe(true);
  });

  it('sums up the change: scores, findings, pages', () => {
    const md = formatMarkdown(changed());
    expect(md).toContain(
      [
        '### Compared with baseline.json',
        '',
        '- Site score: **92.4 → 92.2** (-0.2)',
        '- Pages in both runs (44): 92.3 → 92.2 (-0.1)',
        '- Findings: **2 new**, 1 fixed, 32 unchanged',
        '- Pages: 1 new, 1 removed, 2 changed',
        '',
        '**New pages (1)**',
        '',
        `- ${a(`${SHOP}new/`)} (score 95)`,
        '',
        '**Removed pages (1)**',
        '',
        `- ${a(`${SHOP}de/versand/`)} (score was 100)`,
      ].join('\n'),
    );
  });

  it('tables the rules that changed first, then the rest by severity', () => {
    const rows = tableAfter(formatMarkdown(changed()), '#### Findings by rule');
    expect(rows.slice(0, 7)).toEqual([
      ['Rule', 'Severity', 'New', 'Fixed', 'Unchanged'],
      ['---', '---', '---:', '---:', '---:'],
      ['`h1-missing`', 'high', '1', '0', '1'],
      ['`meta-description-too-short`', 'medium', '0', '1', '0'],
      ['`og-missing`', 'low', '1', '0', '1'],
      ['`meta-description-missing`', 'critical', '0', '0', '1'],
      ['`title-duplicate`', 'critical', '0', '0', '2'],
    ]);
    // Every rule with a finding in either run: the demo shop's 27.
    expect(rows).toHaveLength(2 + 27);
  });

  it('tables the changed pages, biggest drop first', () => {
    expect(tableAfter(formatMarkdown(changed()), '#### Changed pages')).toEqual([
      ['Page', 'Before', 'After', 'Δ', 'New', 'Fixed'],
      ['---', '---:', '---:', '---:', '---:', '---:'],
      [a(`${SHOP}contact/`), '85', '70', '-15', '1', '0'],
      [a(`${SHOP}category/sleeping-bags/`), '90', '100', '+10', '0', '1'],
    ]);
  });

  it('details the new and the fixed findings page by page', () => {
    const md = formatMarkdown(changed());
    expect(md).toContain(
      [
        '#### New findings: 2 on 2 pages',
        '',
        `**${a(`${SHOP}contact/`)}** (score 85 → 70)`,
        '',
        `- **high** \`h1-missing\`: ${HOSTILE_ESCAPED}`,
        '',
        `**${a(`${SHOP}new/`)}** (new page, score 95)`,
        '',
        '- **low** `og-missing`: Open Graph tag missing: og:image.',
        '',
        '#### Fixed findings: 1 on 1 page',
        '',
        `**${a(`${SHOP}category/sleeping-bags/`)}** (score 90 → 100)`,
        '',
        '- **medium** `meta-description-too-short`: Meta description is 51 characters long (min 120).',
        '',
        '### Audit',
      ].join('\n'),
    );
  });

  it('folds a long list of findings into <details>, and names a baseline finding by its rule', () => {
    const url = (i: number) => `https://s.example/p${i}`;
    const after = handReport([{ url: url(0), score: 90, findings: Array.from({ length: 11 }, (_, i) => finding('image-alt-missing', 'medium', `fp${String(i).padStart(2, '0')}`)) }]);
    // A baseline file keeps no messages: the rule's description stands in.
    const baseline = { label: 'seo-baseline.json', score: 95, pages: [{ url: url(1), score: 90, findings: [] }, { url: url(0), score: 100, findings: [{ fingerprint: 'gone', rule: 'title-too-long', severity: 'medium' as const }] }] };
    const md = formatMarkdown({ ...after, comparison: compare(baseline, snapshotOfReport(after, 'now')) });
    expect(md).toContain(`<details><summary>New findings: 11 on 1 page</summary>\n\n**${a('https://s.example/p0')}** (score 100 → 90)\n\n` + '- **medium** `image-alt-missing`: image-alt-missing message\n');
    expect(md).toContain('- **medium** `image-alt-missing`: image-alt-missing message\n\n</details>\n\n#### Fixed findings: 1 on 1 page\n\n');
    expect(md).toContain('- **medium** `title-too-long`: Title longer than search results show; the end is cut off.\n');
  });
});

describe('formatMarkdown: hostile page text', () => {
  it('escapes Markdown and HTML and keeps each text on one line', () => {
    expect(escapeMarkdown(HOSTILE)).toBe(HOSTILE_ESCAPED);
    expect(escapeMarkdown('a\r\nb\rc\u2028d \\ ~e~ &amp;')).toBe('a b c d \\\\ \\~e\\~ &amp;amp;');
  });

  it('links the URLs in a text explicitly, so no escape ends up inside an autolink', () => {
    // GitHub autolinks a bare URL from the raw source: `my\_page` would link to my%5C_page.
    expect(inlineText('Link to https://x.example/my_page/(a)?c=1&d=2. See (www.example.com/x_y).')).toBe(
      'Link to [https://x.example/my\\_page/(a)?c=1&amp;d=2](https://x.example/my_page/%28a%29?c=1&amp;d=2). See ([www.example.com/x\\_y](http://www.example.com/x_y)).',
    );
    // A ! before a link would make it an image.
    expect(inlineText('Bad!https://x.example/i.png')).toBe('Bad\\![https://x.example/i.png](https://x.example/i.png)');
    // What GitHub does not autolink is left as text.
    expect(inlineText('javascript:alert(1) xhttps://x.example/ mailto:a@b.example')).toBe('javascript:alert(1) xhttps://x.example/ mailto:a&#64;b.example');
    expect(link('https://x.example/a b|c\\d`e')).toBe('[https://x.example/a b\\|c\\\\d\\`e](https://x.example/a%20b%7Cc/d%60e)');
    // Not a URL: shown with the colon as an entity, so nothing links it.
    expect(link('https://[bad')).toBe('https&#58;//\\[bad');
    expect(link('not a url')).toBe('not a url');
  });

  it('cannot break a table cell or inject HTML', () => {
    const report = handReport([
      { url: 'https://x.example/?q=a|b<script>x</script>', origin: 'pages.csv:2', score: 85, findings: [finding('h1-missing', 'high', 'f1', HOSTILE)] },
      { url: 'https://x.example/ok', origin: 'pages.csv:3', score: 95, findings: [finding('weird|rule<b>', 'low', 'f2')] },
    ]);
    const md = formatMarkdown(report);
    expect(md).not.toMatch(/<script|<b>/);
    expect(tableAfter(md, '#### Worst pages').slice(2)).toEqual([
      ['[https://x.example/?q=a\\|b&lt;script&gt;x&lt;/script&gt;](https://x.example/?q=a%7Cb%3Cscript%3Ex%3C/script%3E)', '85', '`h1-missing`'],
      [a('https://x.example/ok'), '95', 'weird\\|rule&lt;b&gt;'],
    ]);
    expect(tableAfter(md, '#### Rules that cost most').slice(2)).toEqual([
      ['`h1-missing`', 'high', '1', '15'],
      ['weird\\|rule&lt;b&gt;', 'low', '1', '5'],
    ]);
  });

  it('cuts an overlong text short', () => {
    const report = handReport([{ url: 'https://x.example/', score: 85, findings: [finding('h1-missing', 'high', 'f1', 'x'.repeat(10_000))] }]);
    const comparison = compare({ label: 'b', score: 100, pages: [{ url: 'https://x.example/', score: 100, findings: [] }] }, snapshotOfReport(report, 'now'));
    const md = formatMarkdown({ ...report, comparison });
    expect(md).toContain(`: ${'x'.repeat(499)}…\n`);
    expect(md).not.toContain('x'.repeat(500));
  });
});

describe('formatMarkdown: GitHub size limit', () => {
  const url = (i: number) => `https://big.example/products/item-${String(i).padStart(5, '0')}/`;
  const long = (i: number, j: number) => `Finding ${j} on item ${i}: ${'a long explanation of what is wrong with this page '.repeat(5)}`;
  const pages = (n: number, findings: (i: number) => Finding[]): Page[] => Array.from({ length: n }, (_, i) => ({ url: url(i), score: 100 - findings(i).length * 5, findings: findings(i) }));
  const many = (i: number): Finding[] => Array.from({ length: 5 }, (_, j) => finding('og-missing', 'low', `n${i}-${j}`, long(i, j)));

  it('drops the fixed findings first, and says so where they were', () => {
    const before = handReport(pages(1500, many));
    const after = handReport(pages(1500, (i) => (i === 0 ? [finding('h1-missing', 'high', 'only-new')] : [])));
    const md = formatMarkdown({ ...after, comparison: compare(snapshotOfReport(before, 'old.json'), snapshotOfReport(after, 'now')) });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_MARKDOWN_BYTES);
    expect(md).toContain(
      `#### New findings: 1 on 1 page\n\n**${a('https://big.example/products/item-00000/')}** (score 75 → 95)\n\n` +
        '- **high** `h1-missing`: h1-missing message\n\n' +
        "> **Cut to fit GitHub's 1 MiB limit:** the details of the fixed findings are left out. The JSON report (`--format json`) has every finding.\n\n### Audit",
    );
    expect(tableAfter(md, '#### Findings by rule').slice(2)).toEqual([
      ['`h1-missing`', 'high', '1', '0', '0'],
      ['`og-missing`', 'low', '0', '7500', '0'],
    ]);
    expect(md.endsWith(`${FOOTER}\n`)).toBe(true);
  });

  it('drops the new findings too when that is not enough', () => {
    const before = handReport(pages(1500, () => []));
    const after = handReport(pages(1500, many));
    const md = formatMarkdown({ ...after, comparison: compare(snapshotOfReport(before, 'old.json'), snapshotOfReport(after, 'now')) });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_MARKDOWN_BYTES);
    expect(md).not.toContain('New findings:');
    expect(md).toContain("> **Cut to fit GitHub's 1 MiB limit:** the details of the new findings are left out.");
    expect(md).toContain('- Findings: **7500 new**, 0 fixed, 0 unchanged');
    // The changed-pages table stops at 100 rows whatever the size.
    expect(tableAfter(md, '#### Changed pages')).toHaveLength(102);
    expect(md).toContain('\n\n… and 1400 more changed pages\n\n');
  });

  it('cuts at a line when even the summary is too big', () => {
    const report = handReport(pages(30_000, (i) => [finding('og-missing', 'low', `f${i}`)]));
    const md = formatMarkdown(report, { top: 30_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_MARKDOWN_BYTES);
    expect(Buffer.byteLength(md)).toBeGreaterThan(MAX_MARKDOWN_BYTES - 500);
    expect(md.endsWith(`|\n\n> **Cut to fit GitHub's 1 MiB limit:** the rest of this report is left out. The JSON report (\`--format json\`) has all of it.\n\n${FOOTER}\n`)).toBe(true);
  });

  it('fits a pull-request comment when given that limit', () => {
    const before = handReport(pages(300, many));
    const after = handReport(pages(300, (i) => (i === 0 ? [finding('h1-missing', 'high', 'only-new')] : [])));
    const report = { ...after, comparison: compare(snapshotOfReport(before, 'old.json'), snapshotOfReport(after, 'now')) };
    expect(Buffer.byteLength(formatMarkdown(report))).toBeGreaterThan(PR_COMMENT_LIMIT.bytes);
    const md = formatMarkdown(report, { limit: PR_COMMENT_LIMIT });
    expect(md.length).toBeLessThanOrEqual(65_536);
    expect(md).toContain("> **Cut to fit GitHub's 65,536-character comment limit:** the details of the fixed findings are left out.");
  });

  it('leaves a report that fits alone', () => {
    expect(formatMarkdown(changed())).not.toContain('Cut to fit');
  });
});

describe('escapeMarkdown: no mentions, no issue links', () => {
  it('writes @ and # as entities, so page text cannot notify people or link issues from a PR comment', () => {
    expect(escapeMarkdown('Ask @octocat or @org/team about #12')).toBe('Ask &#64;octocat or &#64;org/team about &#35;12');
  });
});

describe('signed', () => {
  it('signs a delta with one convention', () => {
    expect([signed(1.5, 1), signed(-2, 1), signed(0, 1), signed(-0.04, 1), signed(-15, 0), signed(10, 0)]).toEqual(['+1.5', '-2.0', '0.0', '0.0', '-15', '+10']);
  });
});
