import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../src/csv/read.js';
import { OUTPUT_COLUMNS } from '../src/optimize/output.js';
import { ROOT, runCli } from '../src/testing/cli.js';

const DEMO_SHOP = path.join(ROOT, 'fixtures/csv/demo-shop.csv');
/** No key and no endpoint from the environment the tests run in: nothing may reach a network. */
const NO_LLM = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };

/** A fresh folder holding the given files (name → content). */
function workspace(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-optimize-e2e-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

function withDemoShop(): string {
  const dir = workspace();
  copyFileSync(DEMO_SHOP, path.join(dir, 'demo-shop.csv'));
  return dir;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const optimize = (dir: string, ...args: string[]) => runCli(['optimize', ...args], { cwd: dir, env: NO_LLM });

describe('seo-ai optimize --offline on the demo shop', () => {
  it('writes <name>.optimized.csv and .md next to the input, says what it did, and never touches the input', () => {
    const dir = withDemoShop();
    const input = path.join(dir, 'demo-shop.csv');
    const hash = sha256(input);
    const r = optimize(dir, '--csv', 'demo-shop.csv', '--offline');
    expect(r.stderr).toBe(
      '45 rows: 3 ok, 21 unchanged, 21 need review, 0 failed; 7 fields rewritten (offline, non-AI); issues 60 → 51; site score 85.3 → 88.2\n' +
        'written: demo-shop.optimized.csv, demo-shop.optimized.md, demo-shop.optimized.html and demo-shop.review.csv (8 proposed changes to approve; then: seo-ai apply demo-shop.review.csv --to demo-shop.csv)\n' +
        'note: 28 product pages without an FAQ: offline writes no FAQs (they need an LLM)\n',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(sha256(input)).toBe(hash);
    expect(readdirSync(dir).sort()).toEqual(['demo-shop.csv', 'demo-shop.optimized.csv', 'demo-shop.optimized.html', 'demo-shop.optimized.md', 'demo-shop.review.csv']);
    expect(readFileSync(path.join(dir, 'demo-shop.optimized.html'), 'utf8')).toMatch(/^<!doctype html>/i);

    const inText = readFileSync(input, 'utf8');
    const outText = readFileSync(path.join(dir, 'demo-shop.optimized.csv'), 'utf8');
    const before = readCsv(inText);
    const after = readCsv(outText);
    expect(before.header).toEqual(['url', 'title', 'meta_description', 'h1', 'content', 'keywords', 'page_type', 'product_name']);
    expect(after.header).toEqual([...before.header, ...OUTPUT_COLUMNS]);
    expect(after.format).toEqual(before.format);
    expect(before.rows).toHaveLength(45);
    expect(after.rows).toHaveLength(45);
    expect(after.rows.map((r) => r.fields.slice(0, 8))).toEqual(before.rows.map((r) => r.fields));
    // Byte for byte: each output line starts with the input line, then our columns.
    const inLines = inText.split('\r\n');
    const outLines = outText.split('\r\n');
    expect(outLines).toHaveLength(inLines.length);
    inLines.forEach((line, i) => {
      if (line !== '') expect(outLines[i]!.startsWith(`${line},`), `line ${i + 1}`).toBe(true);
    });

    const status = after.header.indexOf('status');
    const count = (s: string) => after.rows.filter((r) => r.fields[status] === s).length;
    expect([count('ok'), count('unchanged'), count('needs_review'), count('failed')]).toEqual([3, 21, 21, 0]);
    const by = after.header.indexOf('rewritten_by');
    expect(after.rows.filter((r) => r.fields[by] === 'offline')).toHaveLength(6);

    const md = readFileSync(path.join(dir, 'demo-shop.optimized.md'), 'utf8');
    expect(md.startsWith('# seo-ai optimize: demo-shop.csv\n\nRewriter: offline: deterministic non-AI fixes')).toBe(true);
    expect(md).toContain('| rows | 45 (ok 3, unchanged 21, needs review 21, failed 0) |\n');
    expect(md).toContain('| issues | 60 before, 51 after (9 resolved) |\n');
    expect(md).toContain('| site score | 85.3 → 88.2 |\n');
  });

  it("never loses a review file a person edited: one that differs from the run's is copied aside first, one that is the same is left alone", () => {
    const dir = withDemoShop();
    const review = path.join(dir, 'demo-shop.review.csv');
    const copies = () => readdirSync(dir).filter((f) => /\.review\.\d+\.csv$/.test(f)).sort();
    expect(optimize(dir, '--csv', 'demo-shop.csv', '--offline').code).toBe(0);
    const written = readFileSync(review);
    // The same run again writes the same review: nothing is copied.
    const again = optimize(dir, '--csv', 'demo-shop.csv', '--offline');
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('kept as');
    expect(copies()).toEqual([]);
    // A reviewer says no to the first proposal; the next run's review replaces it, the edit is kept aside.
    const edited = Buffer.from(written.toString('utf8').replace(',passed,yes\r\n', ',passed,no\r\n'), 'utf8');
    expect(edited.equals(written)).toBe(false);
    writeFileSync(review, edited);
    const third = optimize(dir, '--csv', 'demo-shop.csv', '--offline');
    expect(third.code).toBe(0);
    expect(third.stderr).toContain("note: demo-shop.review.csv differed from this run's (edited, or from another run): kept as demo-shop.review.1.csv\n");
    expect(copies()).toEqual(['demo-shop.review.1.csv']);
    expect(readFileSync(path.join(dir, 'demo-shop.review.1.csv')).equals(edited)).toBe(true);
    expect(readFileSync(review).equals(written)).toBe(true);
    // Another edit: the next free name, the first copy untouched.
    writeFileSync(review, edited);
    optimize(dir, '--csv', 'demo-shop.csv', '--offline');
    expect(copies()).toEqual(['demo-shop.review.1.csv', 'demo-shop.review.2.csv']);
  });

  it('a second run over its own output gives the same columns, not twice as many', () => {
    const dir = withDemoShop();
    expect(optimize(dir, '--csv', 'demo-shop.csv', '--offline', '--quiet').code).toBe(0);
    const first = readFileSync(path.join(dir, 'demo-shop.optimized.csv'));
    const r = optimize(dir, '--csv', 'demo-shop.optimized.csv', '--offline', '--quiet', '--output', 'again.csv');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(path.join(dir, 'demo-shop.optimized.csv'))).toEqual(first);
    expect(readFileSync(path.join(dir, 'again.csv'))).toEqual(first);
    expect(existsSync(path.join(dir, 'again.md'))).toBe(true);
  });
});

describe('seo-ai optimize: bad input exits 2 and writes nothing', () => {
  it('without --offline and with no API key or endpoint: a clear message', () => {
    const dir = withDemoShop();
    const r = optimize(dir, '--csv', 'demo-shop.csv');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^seo-ai: OPENAI_API_KEY is not set\..*--offline/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['demo-shop.csv']);
  });

  it('--dry-run with --offline: a usage error, and nothing written', () => {
    const dir = withDemoShop();
    const r = optimize(dir, '--csv', 'demo-shop.csv', '--offline', '--dry-run');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: --dry-run previews the requests and cost of an LLM run; --offline sends none: drop --dry-run (the offline run writes nothing over your input, and apply writes only what you approve)\n');
    expect(readdirSync(dir)).toEqual(['demo-shop.csv']);
  });

  it('a windows-1252 export comes back as UTF-8 with a BOM, its accented letters the same characters', () => {
    const dir = workspace();
    copyFileSync(path.join(ROOT, 'fixtures/exports/excel-windows-1252.csv'), path.join(dir, 'excel.csv'));
    const r = optimize(dir, '--csv', 'excel.csv', '--offline');
    expect([0, 2]).toContain(r.code);
    const out = readFileSync(path.join(dir, 'excel.optimized.csv'));
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const input = readCsv(readFileSync(path.join(dir, 'excel.csv')));
    const output = readCsv(out);
    expect(input.format.encoding).toBe('windows-1252');
    expect(output.format.encoding).toBeUndefined();
    // Every cell of the user's columns reads the same.
    expect(output.rows.map((row) => row.fields.slice(0, input.header.length))).toEqual(input.rows.map((row) => row.fields));
    expect(input.rows.some((row) => row.fields.some((f) => /[^\x00-\x7f]/.test(f)))).toBe(true);
  });

  it('a folder or an HTML page for --csv: said so, exit 2, nothing written', () => {
    const dir = workspace({ 'page.html': '<title>A page</title>' });
    const folder = optimize(dir, '--csv', '.', '--offline');
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe('seo-ai: . is a folder: name a CSV export with a url column (seo-ai audit reads a folder of HTML pages).\n');
    const page = optimize(dir, '--csv', 'page.html', '--offline');
    expect(page.code).toBe(2);
    expect(page.stderr).toBe('seo-ai: --csv page.html: an HTML page, not a CSV export; optimize rewrites the rows of a CSV (to check pages: seo-ai audit page.html)\n');
    expect(readdirSync(dir)).toEqual(['page.html']);
  });

  it("offline proposals keep to the run's configured limits (title-too-long max 50, meta-description-too-long max 140)", () => {
    const dir = withDemoShop();
    writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify({ rules: { 'title-too-long': ['medium', { max: 50 }], 'meta-description-too-long': ['medium', { max: 140 }] } }));
    const r = optimize(dir, '--csv', 'demo-shop.csv', '--offline', '--config', 'seo-ai.config.json');
    expect(r.code).toBe(0);
    const out = readCsv(readFileSync(path.join(dir, 'demo-shop.optimized.csv')));
    const col = (name: string) => out.header.indexOf(name);
    const titles = out.rows.map((row) => row.fields[col('new_title')]!).filter((t) => t !== '');
    const descriptions = out.rows.map((row) => row.fields[col('new_meta_description')]!).filter((t) => t !== '');
    expect(titles.length).toBeGreaterThanOrEqual(3);
    expect(descriptions.length).toBeGreaterThanOrEqual(3);
    expect(titles.filter((t) => [...t].length > 50)).toEqual([]);
    expect(descriptions.filter((d) => [...d].length > 140)).toEqual([]);
    // And the rows' checks after agree: no accepted title is too long for the configured limit.
    const issuesAfter = out.rows.filter((row) => row.fields[col('new_title')] !== '').map((row) => row.fields[col('issues_after')]!);
    expect(issuesAfter.filter((i) => i.includes('title-too-long'))).toEqual([]);
  });

  it('a repeated URL: exit 2, and told to fix the CSV, not to rerun', () => {
    const csv = 'url,title,meta_description,h1\nhttps://s.example/a,Alpha,Short.,Alpha\nhttps://s.example/a,Beta,Short.,Beta\n';
    const dir = workspace({ 'pages.csv': csv });
    const r = optimize(dir, '--csv', 'pages.csv', '--offline');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('1 row could not be audited (a bad or repeated URL; each is named in the report and above): fix it in pages.csv, as a rerun cannot\n');
    expect(r.stderr).not.toContain('retry');
    expect(readFileSync(path.join(dir, 'pages.csv'), 'utf8')).toBe(csv);
  });

  it('--fields bogus', () => {
    const dir = withDemoShop();
    const r = optimize(dir, '--csv', 'demo-shop.csv', '--offline', '--fields', 'title,bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: --fields: unknown field "bogus"; use title, meta, h1, faq\n');
    expect(readdirSync(dir)).toEqual(['demo-shop.csv']);
  });

  it('--attempts out of range', () => {
    const dir = withDemoShop();
    const r = optimize(dir, '--csv', 'demo-shop.csv', '--offline', '--attempts', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: --attempts 0: expected a whole number from 1 to 10\n');
  });

  it('a quote that never closes: the file and line', () => {
    const dir = workspace({ 'bad.csv': 'url,title\r\nhttps://shop.example/a,Fine title\r\nhttps://shop.example/b,"Broken title\r\nhttps://shop.example/c,Other\r\n' });
    const r = optimize(dir, '--csv', 'bad.csv', '--offline');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: bad.csv:3: quote opened on line 3 is never closed; a quote inside a quoted field must be doubled (""), or the file was cut short\n');
    expect(readdirSync(dir)).toEqual(['bad.csv']);
  });

  it('a CSV without a url column: the file and its header', () => {
    const dir = workspace({ 'nourl.csv': 'Title,Description\nA,B\n' });
    const r = optimize(dir, '--csv', 'nourl.csv', '--offline');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: nourl.csv:1: no url column (looked for "url", "address", "loc", "page url", "permalink", "link", "page"); the header is: Title, Description\n');
  });

  it('a missing file', () => {
    const dir = workspace();
    const r = optimize(dir, '--csv', 'nope.csv', '--offline');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: nope.csv: no such file. Name a CSV export with a url column.\n');
  });

  it('--output or --report naming the input: refused, the input untouched', () => {
    const dir = withDemoShop();
    const input = path.join(dir, 'demo-shop.csv');
    const bytes = readFileSync(input);
    for (const args of [['--output', 'demo-shop.csv'], ['--output', './demo-shop.csv'], ['--output', input]]) {
      const r = optimize(dir, '--csv', 'demo-shop.csv', '--offline', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`seo-ai: --output ${args[1]} is the input file; name another file (the input is never overwritten)\n`);
    }
    const report = optimize(dir, '--csv', 'demo-shop.csv', '--offline', '--report', 'demo-shop.csv');
    expect(report.code).toBe(2);
    expect(report.stderr).toBe('seo-ai: --report demo-shop.csv is the input file; name another file (the input is never overwritten)\n');
    const same = optimize(dir, '--csv', 'demo-shop.csv', '--offline', '--output', 'out.csv', '--report', 'out.csv');
    expect(same.code).toBe(2);
    expect(same.stderr).toBe('seo-ai: --report out.csv is also the output CSV; name another file\n');
    expect(readFileSync(input)).toEqual(bytes);
    expect(readdirSync(dir)).toEqual(['demo-shop.csv']);
  });
});

describe('seo-ai optimize: a row with the wrong number of fields', () => {
  const desc = 'A light, packable piece of trail kit tested for a full season in the Cascades, with free US shipping and free returns for 100 days.';
  const CSV = [
    'url,title,meta_description,h1',
    `https://shop.example/a,Alpha Trail Tent for Two Hikers | Northpine,"${desc}",Alpha`,
    'https://shop.example/b,Beta,too,many,fields',
    `https://shop.example/c,Short,"${desc.replace('A light', 'Another light')}",Gamma`,
    '',
  ].join('\n');

  it('stops with the file and line, unless --skip-bad-rows', () => {
    const dir = workspace({ 'rows.csv': CSV });
    const r = optimize(dir, '--csv', 'rows.csv', '--offline');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'seo-ai: rows.csv:3: row has 5 fields, the header has 4 (delimiter ","); check the row\'s delimiters and quotes, or pass --skip-bad-rows to skip bad rows\n',
    );
    expect(readdirSync(dir)).toEqual(['rows.csv']);
  });

  it('with --skip-bad-rows: exit 0, the row named on stderr and in the report', () => {
    const dir = workspace({ 'rows.csv': CSV });
    const hash = sha256(path.join(dir, 'rows.csv'));
    const r = optimize(dir, '--csv', 'rows.csv', '--offline', '--skip-bad-rows');
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('warning: rows.csv:3: skipped (--skip-bad-rows): row has 5 fields, the header has 4 (delimiter ",")');
    expect(r.stderr).toContain('\n2 rows: ');
    expect(sha256(path.join(dir, 'rows.csv'))).toBe(hash);
    const out = readCsv(readFileSync(path.join(dir, 'rows.optimized.csv')));
    expect(out.rows.map((row) => row.fields[0])).toEqual(['https://shop.example/a', 'https://shop.example/c']);
    const md = readFileSync(path.join(dir, 'rows.optimized.md'), 'utf8');
    expect(md).toContain('| rows skipped | 1 (not in the output CSV; listed below) |\n');
    expect(md).toContain('## Rows skipped\n\n- rows.csv:3: skipped (--skip-bad-rows): row has 5 fields, the header has 4 (delimiter ",")\n');
  });
});
