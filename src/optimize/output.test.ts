import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../csv/read.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { csvSource } from '../sources/csv.js';
import { OUTPUT_COLUMNS, outputColumnNames, optimizedCsv, optimizeMarkdown, summarise } from './output.js';
import { OPTIMIZE_FIELDS } from './plan.js';
import { optimize, type Rewriter, type RewriteRequest } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-output-'));
let files = 0;
function file(text: string): string {
  const f = path.join(dir, `in${++files}.csv`);
  writeFileSync(f, text);
  return f;
}

/** Proposes the scripted answer for "path field", the same on every attempt. */
function scripted(answers: Record<string, string>): Rewriter {
  return {
    name: 'scripted',
    async propose(request: RewriteRequest): Promise<string | undefined> {
      return answers[`${new URL(request.url).pathname} ${request.field}`];
    },
  };
}

const desc = (n: string) => `Gear ${n}: a light, packable piece of trail kit tested for a full season in the Cascades, with free US shipping and free returns for 100 days.`;
const TITLE_A = 'Alpha Trail Tent for Two Hikers | Northpine';

// A German-Excel style export: BOM, ";" between fields, CRLF, decimal commas, a header name with a
// comma, quoted values with ";", quotes and a line break, and a row with a bad URL.
const INPUT =
  '\uFEFF' +
  [
    'URL;Title;Meta Description;H1;sku;"Preis, EUR"',
    'https://shop.example/a;Short  title;"Too short; really.";Alpha;A-1;1,99',
    `https://shop.example/b;Beta Camp Stove for Quick Boils | Northpine;"${desc('B')} ""Quoted"" text";"Beta\r\nline two";B-2;2,50`,
    '/bad;x;y;z;C-3;0',
    `https://shop.example/d;Delta Rain Shell for Wet Ridges | Northpine;${desc('D')};Delta;D-4;`,
  ].join('\r\n') +
  '\r\n';

async function optimized(text: string, answers: Record<string, string>, options: { skipBadRows?: boolean } = {}) {
  const source = csvSource({ target: file(text), display: 'shop.csv', ...options });
  const result = await optimize({ source, weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter: scripted(answers), attempts: 2 });
  return { source, result, csv: [...optimizedCsv(source.table, result)].join('') };
}

describe('optimizedCsv', () => {
  it('writes the input back in its own format, every value as it was, with the 12 columns added', async () => {
    const { csv } = await optimized(INPUT, { '/a title': TITLE_A, '/a meta': 'Tiny.' });
    expect(OUTPUT_COLUMNS).toEqual(['new_title', 'new_meta_description', 'new_h1', 'faq_json', 'faq_jsonld', 'faq_html', 'status', 'score_before', 'score_after', 'issues_before', 'issues_after', 'rewritten_by']);
    expect(csv).toBe(
      '\uFEFF' +
        [
          'URL;Title;Meta Description;H1;sku;"Preis, EUR";new_title;new_meta_description;new_h1;faq_json;faq_jsonld;faq_html;status;score_before;score_after;issues_before;issues_after;rewritten_by',
          `https://shop.example/a;Short  title;"Too short; really.";Alpha;A-1;1,99;${TITLE_A};;;;;;needs_review;75;90;"title-too-short; meta-description-too-short";meta-description-too-short;scripted`,
          `https://shop.example/b;Beta Camp Stove for Quick Boils | Northpine;"${desc('B')} ""Quoted"" text";"Beta\r\nline two";B-2;2,50;;;;;;;unchanged;100;100;;;`,
          '/bad;x;y;z;C-3;0;;;;;;;failed;;;"row skipped: ""/bad"" is not an absolute URL";;',
          `https://shop.example/d;Delta Rain Shell for Wet Ridges | Northpine;${desc('D')};Delta;D-4;;;;;;;;unchanged;100;100;;;`,
        ].join('\r\n') +
        '\r\n',
    );
    // Read back: the same format, header and values, then ours.
    const input = readCsv(INPUT);
    const output = readCsv(csv);
    expect(output.format).toEqual({ delimiter: ';', newline: '\r\n', bom: true });
    expect(output.header).toEqual([...input.header, ...OUTPUT_COLUMNS]);
    expect(output.rows.map((r) => r.fields.slice(0, input.header.length))).toEqual(input.rows.map((r) => r.fields));
    // The input's own text is a prefix of each output record here (its quoting is the writer's).
    const records = INPUT.slice(1).split(/\r\n(?=https:|\/bad)/);
    const out = csv.slice(1).split(/\r\n(?=https:|\/bad)/);
    records.forEach((record, i) => expect(out[i]!.startsWith(record.replace(/\r\n$/, '') + ';')).toBe(true));
  });

  it('on a rerun over its own output, replaces our columns instead of adding them again', async () => {
    const first = await optimized(INPUT, { '/a title': TITLE_A });
    const second = await optimized(first.csv, {});
    const before = readCsv(first.csv);
    const after = readCsv(second.csv);
    expect(after.header).toEqual(before.header);
    expect(after.header).toHaveLength(6 + 12);
    const column = (name: string) => after.header.indexOf(name);
    const rowA = after.rows[0]!.fields;
    // The second run's rewriter proposed nothing: its values replace the first run's.
    expect(before.rows[0]!.fields[column('new_title')]).toBe(TITLE_A);
    expect(rowA[column('new_title')]).toBe('');
    expect(rowA[column('rewritten_by')]).toBe('');
    expect(rowA[column('status')]).toBe('needs_review');
    expect(rowA[column('score_after')]).toBe('75');
    // The user's columns are still untouched.
    expect(after.rows.map((r) => r.fields.slice(0, 6))).toEqual(readCsv(INPUT).rows.map((r) => r.fields));
  });

  it("never overwrites a user's column named like one of ours: ours get the seo_ai_ prefix", async () => {
    const text = `url,title,meta_description,h1,status,Rewritten_By\nhttps://shop.example/a,Short title,"${desc('A')}",Alpha,published,alice\n`;
    const first = await optimized(text, { '/a title': TITLE_A });
    const prefixed = OUTPUT_COLUMNS.map((c) => `seo_ai_${c}`);
    expect(first.csv).toBe(
      `url,title,meta_description,h1,status,Rewritten_By,${prefixed.join(',')}\n` +
        `https://shop.example/a,Short title,"${desc('A')}",Alpha,published,alice,${TITLE_A},,,,,,ok,85,100,title-too-short,,scripted\n`,
    );
    // A rerun over that output recognises its own prefixed columns and fills them in place.
    const second = await optimized(first.csv, {});
    const again = readCsv(second.csv);
    expect(again.header).toEqual(readCsv(first.csv).header);
    expect(again.rows[0]!.fields.slice(0, 6)).toEqual(['https://shop.example/a', 'Short title', desc('A'), 'Alpha', 'published', 'alice']);
    expect(again.rows[0]!.fields[again.header.indexOf('seo_ai_new_title')]).toBe('');
  });

  it('names our columns plain, reused, prefixed, or prefixed and numbered, by what the header already holds', () => {
    const plain = Object.fromEntries(OUTPUT_COLUMNS.map((c) => [c, c]));
    const prefixed = (p: string) => Object.fromEntries(OUTPUT_COLUMNS.map((c) => [c, `${p}${c}`]));
    expect(outputColumnNames(['url', 'title'])).toEqual(plain);
    // Our own output: every one of our columns is there.
    expect(outputColumnNames(['url', ...OUTPUT_COLUMNS])).toEqual(plain);
    // Only some of them (any case, any padding): the user's own.
    expect(outputColumnNames(['url', ' Score_Before '])).toEqual(prefixed('seo_ai_'));
    expect(outputColumnNames(['url', ...OUTPUT_COLUMNS.slice(1)])).toEqual(prefixed('seo_ai_'));
    expect(outputColumnNames(['url', 'status', 'seo_ai_status'])).toEqual(prefixed('seo_ai_2_'));
    expect(outputColumnNames(['url', 'status', ...OUTPUT_COLUMNS.map((c) => `seo_ai_${c}`)])).toEqual(prefixed('seo_ai_'));
  });

  it('keeps a comma-separated, LF, BOM-less file so', async () => {
    const text = `url,title,meta_description,h1\nhttps://shop.example/a,Short title,"${desc('A')}",Alpha\n`;
    const { csv } = await optimized(text, { '/a title': TITLE_A });
    expect(csv).toBe(
      `url,title,meta_description,h1,new_title,new_meta_description,new_h1,faq_json,faq_jsonld,faq_html,status,score_before,score_after,issues_before,issues_after,rewritten_by\n` +
        `https://shop.example/a,Short title,"${desc('A')}",Alpha,${TITLE_A},,,,,,ok,85,100,title-too-short,,scripted\n`,
    );
  });
});

describe('summarise and optimizeMarkdown', () => {
  it('sums up the run, and shows each changed or refused field before and after with char and px counts', async () => {
    const { result } = await optimized(INPUT, { '/a title': TITLE_A, '/a meta': 'Tiny.' });
    const summary = summarise(result, 1.5);
    expect(summary).toEqual({
      rows: 4,
      ok: 0,
      unchanged: 2,
      notProcessed: 0,
      needsReview: 1,
      failed: 1,
      fieldsRewritten: 1,
      fieldsRefused: 1,
      faqsWritten: 0,
      faqsRefused: 0,
      issuesBefore: 2,
      issuesAfter: 1,
      scoreBefore: 91.7,
      scoreAfter: 96.7,
      wallSeconds: 1.5,
    });
    const markdown = optimizeMarkdown(result, summary, 'shop.csv');
    expect(markdown).toBe(
      [
        '# seo-ai optimize: shop.csv',
        '',
        'Rewriter: model scripted.',
        '',
        '| | |',
        '|---|---|',
        '| rows | 4 (ok 0, unchanged 2, needs review 1, failed 1) |',
        '| fields rewritten | 1 (refused after every attempt: 1) |',
        '| success rate | 50.0 % of planned rewrites |',
        '| issues | 2 before, 1 after (1 resolved) |',
        '| site score | 91.7 → 96.7 |',
        '| wall time | 1.5 s |',
        '',
        '## https://shop.example/a',
        '',
        'line 2 · **needs_review** · score 75 → 90',
        '',
        '| field | before | after |',
        '|---|---|---|',
        // Counted as the rules count: white space collapsed ("Short  title" is 11 characters).
        '| title | Short  title (11 chars, 84 px) | Alpha Trail Tent for Two Hikers \\| Northpine (43 chars, 379 px) |',
        '| meta | Too short; really. (18 chars, 104 px) | *kept: refused "Tiny.": meta-description-too-short: Meta description is 5 characters long (min 120).* |',
        '',
        'issues before: title-too-short, meta-description-too-short; after: meta-description-too-short',
        '',
        '## /bad',
        '',
        'line 5: **failed**: row skipped: "/bad" is not an absolute URL',
        '',
        '',
      ].join('\n'),
    );
  });

  it('labels the offline rewriter as non-AI, shows an empty before, and lists notes', async () => {
    const { result } = await optimized(`url,title,meta_description,h1\nhttps://shop.example/a,,"${desc('A')}",Alpha\n`, { '/a title': TITLE_A });
    const lines = optimizeMarkdown({ ...result, rewriter: 'offline', notes: ['a note'] }, summarise(result, 0), 'in.csv').split('\n');
    expect(lines[2]).toBe('Rewriter: offline: deterministic non-AI fixes (trimmed at word boundaries, descriptions from the opening sentences).');
    expect(lines).toContain('- a note');
    expect(lines).toContain('| title | *(empty)* | Alpha Trail Tent for Two Hikers \\| Northpine (43 chars, 379 px) |');
    expect(lines).toContain('| success rate | 100.0 % of planned rewrites |');
  });

  it('shows page text and refused answers as text, never as HTML or a Markdown image or link', async () => {
    const hostile = '<img src=x onerror=alert(1)> ![](https://tracker.example/p.png) [win](https://evil.example) `x` *y* & more';
    const { result } = await optimized(`url,title,meta_description,h1\nhttps://shop.example/a,"Tents <b>now</b>","${desc('A')}",Alpha\n`, { '/a title': hostile });
    const markdown = optimizeMarkdown(result, summarise(result, 0), 'in.csv');
    expect(markdown).not.toMatch(/<(img|b)\b/);
    expect(markdown).not.toMatch(/(^|[^\\])!?\[[^\]]*\]\(/m);
    expect(markdown).toContain('Tents &lt;b&gt;now&lt;/b&gt;');
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)&gt; !\\[\\](https://tracker.example/p.png) \\[win\\](https://evil.example) \\`x\\` \\*y\\* &amp; more');
  });

  it('lists rows skipped as malformed, which are not in the output CSV', async () => {
    const text = `url,title,meta_description,h1\nhttps://shop.example/a,${TITLE_A},"${desc('A')}",Alpha\nhttps://shop.example/b,B,oops,extra,field\n`;
    const { result, csv } = await optimized(text, {}, { skipBadRows: true });
    expect(readCsv(csv).rows).toHaveLength(1);
    const markdown = optimizeMarkdown(result, summarise(result, 0), 'shop.csv');
    expect(markdown).toContain('| rows skipped | 1 (not in the output CSV; listed below) |\n');
    expect(markdown).toContain('## Rows skipped\n\n- shop.csv:3: skipped (--skip-bad-rows): row has 5 fields, the header has 4 (delimiter ",")\n');
    // A run with none has neither.
    const clean = await optimized(text.split('\n').slice(0, 2).join('\n') + '\n', {});
    expect(optimizeMarkdown(clean.result, summarise(clean.result, 0), 'shop.csv')).not.toContain('skipped');
  });
});
