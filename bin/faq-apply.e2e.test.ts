// FAQs from optimize to the shop's import file: each generated FAQ gets a review row whose cell a
// person reads and edits, and apply writes the approved ones in the export's own form — a plain
// CSV's faq columns, a Shopify FAQ metafield, a WooCommerce description (behind a flag) — and
// nothing else: the import file differs from the export only in approved cells.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsvDocument } from '../src/csv/document.js';
import { readCsv } from '../src/csv/read.js';
import { writeCsv } from '../src/csv/write.js';
import { faqBlock, faqCell, parseReadableFaq } from '../src/optimize/faq-cells.js';
import { parseReview, type ReviewRow } from '../src/optimize/review.js';
import { ROOT, runCli, runCliAsync } from '../src/testing/cli.js';
import { fakeModel } from '../src/testing/fake-model.js';
import { startOpenAiServer, type ChatRequest, type OpenAiServer, type Reply } from '../src/testing/openai-server.js';

const SITE = 'https://northpine.example/';
const KEY = 'sk-test-3c1b0a9e8d7c6b5a5e8d1c2b7a8e6f5d';
const NO_LLM = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };

function workdir(fixture: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-faq-'));
  copyFileSync(path.join(ROOT, 'fixtures', fixture), path.join(dir, 'export.csv'));
  return dir;
}

/** The demo shop's plain CSV as a user keeps it for FAQs: with empty faq_html, faq_jsonld and faq_json columns. */
function plainCsvWithFaqColumns(dir: string): void {
  const table = readCsv(readFileSync(path.join(ROOT, 'fixtures/csv/demo-shop.csv')));
  writeFileSync(path.join(dir, 'export.csv'), writeCsv(table.format, [...table.header, 'faq_html', 'faq_jsonld', 'faq_json'], table.rows.map((r) => [...r.fields, '', '', ''])));
}

/** Cells that differ between the export and the import file, as "line column", and the import's document. */
function changedCells(dir: string): { cells: string[]; after: ReturnType<typeof parseCsvDocument> } {
  const before = parseCsvDocument(readFileSync(path.join(dir, 'export.csv')), {});
  const after = parseCsvDocument(readFileSync(path.join(dir, 'export.import.csv')), {});
  expect(after.header).toEqual(before.header);
  expect(after.rows.map((r) => r.line)).toEqual(before.rows.map((r) => r.line));
  const cells: string[] = [];
  before.rows.forEach((row, i) => row.fields.forEach((cell, j) => cell !== after.rows[i]!.fields[j] && cells.push(`${row.line} ${before.header[j]}`)));
  return { cells: cells.sort(), after };
}

const review = (dir: string): ReviewRow[] => parseReview(readFileSync(path.join(dir, 'export.review.csv')), 'export.review.csv');

describe('FAQs through review and apply, with the real openai SDK against a local server', () => {
  const servers: OpenAiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function optimize(dir: string, extra: string[]): Promise<{ code: number | null; stderr: string }> {
    const s = await startOpenAiServer({ reply: fakeModel, apiKey: KEY });
    servers.push(s);
    return runCliAsync(['optimize', '--csv', 'export.csv', '--llm-url', s.baseURL, '--base-url', SITE, ...extra], { cwd: dir, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' } });
  }

  const CASES = [
    { name: 'a plain CSV: the faq_html, faq_jsonld and faq_json columns', setup: plainCsvWithFaqColumns, flags: [] as string[], columns: ['faq_html', 'faq_jsonld', 'faq_json'], reviewColumn: 'faq_html' },
    { name: 'Shopify: the FAQ metafield column', setup: (dir: string) => copyFileSync(path.join(ROOT, 'fixtures/exports/shopify-products-faq-metafield.csv'), path.join(dir, 'export.csv')), flags: [], columns: ['FAQ (product.metafields.custom.faq)'], reviewColumn: 'FAQ (product.metafields.custom.faq)' },
    { name: 'WooCommerce --faq-in-description: appended to Description', setup: (dir: string) => copyFileSync(path.join(ROOT, 'fixtures/exports/woocommerce-yoast.csv'), path.join(dir, 'export.csv')), flags: ['--faq-in-description'], columns: ['Description'], reviewColumn: 'Description' },
  ];

  for (const c of CASES) {
    it(`${c.name}: one readable review row per FAQ; apply writes the approved ones, the edited one re-checked, and nothing else`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-faq-'));
      c.setup(dir);
      const r = await optimize(dir, ['--fields', 'faq', ...c.flags]);
      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(0);
      const rows = review(dir);
      const faqs = rows.filter((x) => x.field === 'faq');
      expect(rows.length).toBe(faqs.length);
      expect(faqs.every((x) => x.column === c.reviewColumn)).toBe(true);
      // Kept ones are approved; one the gates refused after every attempt is shown, never approved.
      const passed = faqs.filter((x) => x.checks === 'passed');
      expect(passed.length).toBeGreaterThanOrEqual(2);
      expect(faqs.every((x) => x.approve === (x.checks === 'passed'))).toBe(true);
      // The summary counts them.
      expect(r.stderr).toContain(`0 fields rewritten, ${passed.length} FAQs written (${faqs.length - passed.length} refused)`);
      // Readable in one cell: "Q: …" then "A: …", a blank line between questions.
      for (const f of faqs) {
        expect(f.proposed).toMatch(/^Q: [^\n]+\?\nA: [^\n]+\n\nQ: /);
        const parsed = parseReadableFaq(f.proposed);
        expect('items' in parsed && parsed.items.length).toBe(5);
      }

      // The reviewer turns the first approved FAQ down and shortens an answer of the second (kept within 50 words).
      const file = path.join(dir, 'export.review.csv');
      const table = readCsv(readFileSync(file));
      const col = (name: string): number => table.header.indexOf(name);
      const yes = table.rows.filter((row) => row.fields[col('approve')] === 'yes');
      yes[0]!.fields[col('approve')] = 'no';
      const edited = yes[1]!;
      const lines = edited.fields[col('after')]!.split('\n');
      const a = lines.findIndex((l) => l.startsWith('A: '));
      lines[a] = `${lines[a]!.replace(/\s+\S+$/, '')} too.`;
      edited.fields[col('after')] = lines.join('\n');
      writeFileSync(file, writeCsv(table.format, table.header, table.rows.map((row) => row.fields)));

      const applied = runCli(['apply', 'export.review.csv', '--to', 'export.csv', '--base-url', SITE], { cwd: dir });
      const n = passed.length - 1;
      expect(applied.stderr).toBe(`${n} approved ${n === 1 ? 'change' : 'changes'} written (1 edited by the reviewer, re-checked), ${faqs.length - n} not approved; export.import.csv is ready to import\n`);
      expect(applied.code).toBe(0);
      const approved = passed.slice(1);
      const { cells, after } = changedCells(dir);
      expect(cells).toEqual(approved.flatMap((f) => c.columns.map((name) => `${f.line} ${name}`)).sort());
      // Each cell holds the FAQ in its form: the reviewer's words for the edited one.
      for (const [i, f] of approved.entries()) {
        const items = (parseReadableFaq(i === 0 ? edited.fields[col('after')]! : f.after) as { items: { question: string; answer: string }[] }).items;
        const row = after.rows.find((x) => x.line === f.line)!;
        // The German jacket's section is headed in German.
        const lang = /Daunenjacke/.test(row.fields.join(' ')) ? 'de' : undefined;
        for (const name of c.columns) {
          const cell = row.fields[after.header.indexOf(name)]!;
          if (name === 'Description') expect(cell).toBe(f.before + faqBlock(items, lang));
          // A plain CSV's faq_html beside its faq_jsonld holds the section alone; a metafield, the section and its markup.
          else expect(cell).toBe(faqCell(items, name === 'faq_json' ? 'json' : name === 'faq_jsonld' ? 'jsonld' : name === 'faq_html' ? 'html' : 'block', lang));
        }
      }
      // WooCommerce's German jacket is read as German: its FAQ section is headed so.
      if (c.columns[0] === 'Description') expect(readFileSync(path.join(dir, 'export.import.csv'), 'utf8')).toContain('<h2>Häufig gestellte Fragen</h2>');
      // A rerun on the import file asks for no FAQ: every product with one keeps it.
      copyFileSync(path.join(dir, 'export.import.csv'), path.join(dir, 'export.csv'));
      const again = await optimize(dir, ['--fields', 'faq', ...c.flags]);
      expect(again.code).toBe(0);
      const declined = [passed[0]!, ...faqs.filter((x) => !x.approve)].map((x) => x.key).sort();
      expect(review(dir).filter((x) => x.field === 'faq').map((x) => x.key).sort()).toEqual(declined);
    });
  }

  it('apply refuses an edited FAQ that breaks the checks or is no FAQ, naming the review line, and writes nothing', async () => {
    const dir = workdir('exports/shopify-products-faq-metafield.csv');
    expect((await optimize(dir, ['--fields', 'faq'])).code).toBe(0);
    const file = path.join(dir, 'export.review.csv');
    const table = readCsv(readFileSync(file));
    const col = (name: string): number => table.header.indexOf(name);
    // An invented warranty in the first approved FAQ, and the "A:" lines taken out of the second.
    const approved = table.rows.filter((row) => row.fields[col('approve')] === 'yes');
    const first = approved[0]!.fields;
    first[col('after')] = first[col('after')]!.replace(/\nA: /, '\nA: It comes with a 10-year warranty. ');
    const second = approved[1]!.fields;
    second[col('after')] = second[col('after')]!.replace(/\nA: /g, '\n');
    writeFileSync(file, writeCsv(table.format, table.header, table.rows.map((row) => row.fields)));
    const r = runCli(['apply', 'export.review.csv', '--to', 'export.csv', '--base-url', SITE], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seo-ai: cannot apply export\.review\.csv to export\.csv; nothing written:\n {2}export\.review\.csv:2: [a-z0-9-]+ \(faq\): the edited FAQ fails: answer 1 uses facts not in the product data: "10-year"/);
    // Review lines are the file's physical lines: the first FAQ cell spans several.
    expect(r.stderr).toMatch(/\n {2}export\.review\.csv:\d+: [a-z0-9-]+ \(faq\): after is not an FAQ: line 4 of the cell starts a question before the one above has its "A:" answer\n$/);
    expect(existsSync(path.join(dir, 'export.import.csv'))).toBe(false);
  });
});

describe('an unedited FAQ applied to an export whose product data changed since the review', () => {
  const servers: OpenAiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('is refused, naming the facts no longer in the data: the FAQ is not written over a product it no longer describes', async () => {
    // The fake model, its tent FAQ quoting the tent's weight from the description.
    const reply = (req: ChatRequest): Reply => {
      const answer = fakeModel(req) as { content: string };
      if (!JSON.stringify(req.messages).includes('1,290 g')) return answer;
      const { faq } = JSON.parse(answer.content) as { faq: { question: string; answer: string }[] };
      faq[0]!.answer = faq[0]!.answer.replace(/^/, 'It weighs 1,290 g packed. ');
      return { content: JSON.stringify({ faq }) };
    };
    const s = await startOpenAiServer({ reply, apiKey: KEY });
    servers.push(s);
    const dir = workdir('exports/shopify-products-faq-metafield.csv');
    const r = await runCliAsync(['optimize', '--csv', 'export.csv', '--llm-url', s.baseURL, '--base-url', SITE, '--fields', 'faq'], { cwd: dir, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' } });
    expect(r.code).toBe(0);
    const rows = review(dir).filter((x) => x.approve);
    const target = rows.find((x) => x.key === 'alpine-2-ultralight-tent')!;
    expect(target).toBeDefined();
    // The shop rewrote the tent's description since: nothing the FAQ quotes is in it any more.
    const file = path.join(dir, 'export.csv');
    const doc = parseCsvDocument(readFileSync(file), {});
    const row = doc.rows.findIndex((x) => x.line === target.line);
    doc.set(row, doc.header.indexOf('Description'), '<p>A shelter for two.</p>');
    writeFileSync(file, doc.toBytes());
    const applied = runCli(['apply', 'export.review.csv', '--to', 'export.csv', '--base-url', SITE], { cwd: dir });
    expect(applied.code).toBe(2);
    expect(applied.stderr).toMatch(/^seo-ai: cannot apply export\.review\.csv to export\.csv; nothing written:\n {2}export\.review\.csv:\d+: alpine-2-ultralight-tent \(faq\): the product's data changed since the review, and the FAQ no longer fits it: answer 1 uses facts not in the product data: "1,290 g"; run optimize again on this export\n$/);
    expect(existsSync(path.join(dir, 'export.import.csv'))).toBe(false);
  });
});

describe('--fields faq where an export cannot take it: exit 2, saying why and what to do', () => {
  it('Shopify without an FAQ metafield column, WooCommerce without the flag', () => {
    const shopify = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE, '--fields', 'faq'], { cwd: workdir('exports/shopify-products-current.csv'), env: NO_LLM });
    expect([shopify.code, shopify.stderr]).toEqual([
      2,
      'seo-ai: --fields faq: faq: the export has no FAQ metafield column: define a product metafield for it (Settings → Custom data → Products: namespace and key custom.faq, type multi-line text), export the products again (the export then has the column "FAQ (product.metafields.custom.faq)"), and run on that export\n',
    ]);
    // Without --fields, such an export gets no FAQ requests, and the run says why.
    const all = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE], { cwd: workdir('exports/shopify-products-current.csv'), env: NO_LLM });
    expect(all.code).toBe(0);
    expect(all.stderr).toContain('note: 6 product pages without an FAQ got none: the export has no FAQ metafield column: define a product metafield for it');
    const woo = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE, '--fields', 'faq'], { cwd: workdir('exports/woocommerce-yoast.csv'), env: NO_LLM });
    expect([woo.code, woo.stderr]).toEqual([2, 'seo-ai: --fields faq: faq: a WooCommerce export has no FAQ column; --faq-in-description appends the FAQ (HTML with its FAQPage JSON-LD) to the Description column\n']);
  });
});
