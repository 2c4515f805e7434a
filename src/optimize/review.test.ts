import { describe, expect, it } from 'vitest';
import { formatReview, parseReview, ReviewError, reviewRows, type ReviewRow } from './review.js';

const row = (over: Partial<ReviewRow> = {}): ReviewRow => ({
  key: 'https://s.example/a',
  line: 4,
  field: 'title',
  column: 'SEO Title',
  before: 'Old, "quoted" title',
  proposed: 'New title | Shop',
  after: 'New title | Shop',
  checks: 'passed',
  approve: true,
  ...over,
});

describe('reviewRows', () => {
  it('never pre-approves a value with Yoast or Rank Math variables: seo-ai judged it unexpanded', () => {
    const table = { format: { delimiter: ',' as const, newline: '\n' as const, bom: false }, header: ['ID', 'Meta: rank_math_title'], rows: [{ line: 2, fields: ['101', '%title% %sep% Tents'] }], bad: [] };
    const result = {
      rows: [{ line: 2, url: 'https://s.example/?p=101', row: 0, status: 'ok' as const, fields: [{ field: 'title' as const, before: '%title% %sep% Tents', after: 'Ultralight tent – %title% %sep% Tents', attempts: 1 }], issuesBefore: [], issuesAfter: [] }],
    } as unknown as Parameters<typeof reviewRows>[0];
    expect(reviewRows(result, table, (f) => (f === 'title' ? 1 : undefined), () => 'id:101')).toEqual([
      {
        key: 'id:101',
        line: 2,
        field: 'title',
        column: 'Meta: rank_math_title',
        before: '%title% %sep% Tents',
        proposed: 'Ultralight tent – %title% %sep% Tents',
        after: 'Ultralight tent – %title% %sep% Tents',
        checks: 'uses the SEO plugin variable %title%, which seo-ai does not expand: judge the result by hand',
        approve: false,
      },
    ]);
  });
});

describe('reviewRows: an empty SEO cell', () => {
  it('says which fallback the shop shows, and the rules judged', () => {
    const table = { format: { delimiter: ',' as const, newline: '\n' as const, bom: false }, header: ['Handle', 'Title', 'SEO Title'], rows: [{ line: 2, fields: ['jacke', 'Daunenjacke Größe M', ''] }], bad: [] };
    const result = {
      rows: [{ line: 2, url: 'https://s.example/products/jacke', row: 0, status: 'ok' as const, fields: [{ field: 'title' as const, before: 'Daunenjacke Größe M', after: 'Daunenjacke Größe M für Damen | Northpine', attempts: 1 }], issuesBefore: [], issuesAfter: [] }],
    } as unknown as Parameters<typeof reviewRows>[0];
    const [r] = reviewRows(result, table, (f) => (f === 'title' ? 2 : undefined), () => 'jacke');
    expect(r!.before).toBe('');
    expect(r!.checks).toBe('passed (the cell is empty: the shop shows "Daunenjacke Größe M", which is what was judged)');
    expect(r!.approve).toBe(true);
  });
});

describe('review file', () => {
  it('is written for spreadsheets (BOM, CRLF, formulas neutralised) and reads back the same rows', () => {
    const rows = [row(), row({ field: 'meta', column: 'SEO Description', before: '=HYPERLINK("x")', proposed: '@once', after: '@once', checks: 'meta-description-too-short: …', approve: false })];
    const text = formatReview(rows);
    expect(text.startsWith('\uFEFFkey,line,field,column,before,proposed,after,checks,approve\r\n')).toBe(true);
    expect(text).toContain(`,"'=HYPERLINK(""x"")",'@once,'@once,`);
    expect(parseReview(Buffer.from(text, 'utf8'), 'r.csv')).toEqual(rows.map((r, i) => ({ ...r, reviewLine: i + 2 })));
  });

  it('reads approve as a person writes it, and refuses what it cannot read, naming the line', () => {
    const text = (approve: string): Buffer => Buffer.from(formatReview([row()]).replace(/,yes\r\n$/, `,${approve}\r\n`), 'utf8');
    for (const yes of ['yes', 'YES', 'y', 'true', '1', 'x']) expect(parseReview(text(yes), 'r.csv')[0]!.approve).toBe(true);
    for (const no of ['no', 'No', 'n', 'false', '0', '']) expect(parseReview(text(no), 'r.csv')[0]!.approve).toBe(false);
    expect(() => parseReview(text('maybe'), 'r.csv')).toThrow(new ReviewError('r.csv:2: approve is "maybe"; write yes or no'));
    expect(() => parseReview(Buffer.from('key,field\r\na,title\r\n'), 'r.csv')).toThrow(
      'r.csv:1: not a seo-ai review file: no "line", "column", "before", "proposed", "after", "checks", "approve" column; the header must have key, line, field, column, before, proposed, after, checks, approve',
    );
    expect(() => parseReview(Buffer.from(formatReview([row()]).replace(',title,', ',headline,'), 'utf8'), 'r.csv')).toThrow('r.csv:2: field "headline" is not title, meta, h1 or faq');
  });
});

describe('reviewRows: FAQs', () => {
  const ITEMS = [
    { question: 'Is it warm?', answer: 'Yes, it is warm.' },
    { question: 'Is it light?', answer: 'Yes, it is light.' },
  ];
  const table = (cells: string[]) => ({ format: { delimiter: ',' as const, newline: '\n' as const, bom: false }, header: ['url', 'faq_html', 'faq_jsonld', 'faq_json'], rows: [{ line: 2, fields: ['https://s.example/a', ...cells] }], bad: [] });
  const result = { rows: [{ line: 2, url: 'https://s.example/a', row: 0, status: 'ok' as const, fields: [], faq: { items: ITEMS, jsonld: '', html: '' }, issuesBefore: [], issuesAfter: [] }] } as unknown as Parameters<typeof reviewRows>[0];
  const faqRows = (cells: string[], append = false) => reviewRows(result, table(cells), (f) => (f === 'faq' ? 1 : undefined), () => 'https://s.example/a', { columns: [1, 2, 3], append });

  it('one readable row per FAQ, approved when it passed and its cells are empty', () => {
    expect(faqRows(['', '', ''])).toEqual([
      { key: 'https://s.example/a', line: 2, field: 'faq', column: 'faq_html', before: '', proposed: 'Q: Is it warm?\nA: Yes, it is warm.\n\nQ: Is it light?\nA: Yes, it is light.', after: 'Q: Is it warm?\nA: Yes, it is warm.\n\nQ: Is it light?\nA: Yes, it is light.', checks: 'passed', approve: true },
    ]);
  });

  it('never pre-approves an FAQ written over a filled cell, any of those it goes into; appended, it writes over nothing', () => {
    const [over] = faqRows(['', '', '[{"question":"Old?","answer":"Old."}]']);
    expect([over!.approve, over!.checks]).toEqual([false, 'passed; the faq_json cell is not empty: apply writes this FAQ over what it holds; not approved by default']);
    expect(faqRows(['<p>A description.</p>', '', ''], true)[0]!.approve).toBe(true);
  });
});
