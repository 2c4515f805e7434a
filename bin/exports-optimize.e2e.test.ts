// Exports round-tripped: optimize a Shopify or WooCommerce export (offline, and with the real
// openai SDK against a local OpenAI-compatible server), review, apply, and check that the import
// file differs from the export only in the SEO cells that were approved.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsvDocument } from '../src/csv/document.js';
import { readCsv } from '../src/csv/read.js';
import { writeCsv } from '../src/csv/write.js';
import { parseReview } from '../src/optimize/review.js';
import { ROOT, runCli, runCliAsync } from '../src/testing/cli.js';
import { fakeModel } from '../src/testing/fake-model.js';
import { startOpenAiServer, type OpenAiServer } from '../src/testing/openai-server.js';

const SITE = 'https://northpine.example/';
const KEY = 'sk-test-5e8d1c2b7a8e6f5d3c1b0a9e8d7c6b5a';
const NO_LLM = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };

function workdir(fixture: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-exports-'));
  copyFileSync(path.join(ROOT, 'fixtures', fixture.includes('/') ? fixture : `exports/${fixture}`), path.join(dir, 'export.csv'));
  return dir;
}

/** The cells that differ between the export and the import file, as "line column". */
function changedCells(dir: string): string[] {
  const before = parseCsvDocument(readFileSync(path.join(dir, 'export.csv')), {});
  const after = parseCsvDocument(readFileSync(path.join(dir, 'export.import.csv')), {});
  expect(after.header).toEqual(before.header);
  expect(after.rows.map((r) => r.line)).toEqual(before.rows.map((r) => r.line));
  const out: string[] = [];
  before.rows.forEach((row, i) => row.fields.forEach((cell, j) => cell !== after.rows[i]!.fields[j] && out.push(`${row.line} ${before.header[j]}`)));
  return out;
}

/** What the review file approved, as "line column", for comparison with changedCells. */
function approvedCells(dir: string): string[] {
  return parseReview(readFileSync(path.join(dir, 'export.review.csv')), 'export.review.csv')
    .filter((r) => r.approve)
    .map((r) => `${r.line} ${r.column}`);
}

describe('optimize --offline, review and apply on real exports', () => {
  for (const [fixture, columns] of [
    ['shopify-products-legacy.csv', ['SEO Title', 'SEO Description']],
    ['shopify-products-current.csv', ['SEO title', 'SEO description']],
    ['woocommerce-yoast.csv', ['Meta: _yoast_wpseo_title', 'Meta: _yoast_wpseo_metadesc']],
    ['woocommerce-rankmath.csv', ['Meta: rank_math_title', 'Meta: rank_math_description']],
  ] as const) {
    it(`${fixture}: the import file differs from the export only in the approved SEO cells`, () => {
      const dir = workdir(fixture);
      const opt = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE, '--quiet'], { cwd: dir, env: NO_LLM });
      expect(opt.stderr).toBe('');
      expect(opt.code).toBe(0);
      const review = parseReview(readFileSync(path.join(dir, 'export.review.csv')), 'export.review.csv');
      expect(review.length).toBeGreaterThan(0);
      // Fixes go into the SEO columns only: never a product's Title, Name or Body.
      expect([...new Set(review.map((r) => r.column))].every((c) => (columns as readonly string[]).includes(c))).toBe(true);
      const applied = runCli(['apply', 'export.review.csv', '--to', 'export.csv', '--quiet'], { cwd: dir });
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect(changedCells(dir).sort()).toEqual(approvedCells(dir).sort());
      // Every byte outside those cells is the export's.
      const exportBytes = readFileSync(path.join(dir, 'export.csv'));
      const importBytes = readFileSync(path.join(dir, 'export.import.csv'));
      expect(importBytes.subarray(0, 200)).toEqual(exportBytes.subarray(0, 200));
    });
  }

  it('a field the export cannot take, and an export with nothing to write into: exit 2 saying why', () => {
    const dir = workdir('shopify-products-legacy.csv');
    const h1 = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE, '--fields', 'h1'], { cwd: dir, env: NO_LLM });
    expect(h1.code).toBe(2);
    expect(h1.stderr).toMatch(/^seo-ai: --fields h1: h1: the product page's H1 is its Title, which names the product everywhere/);
    const none = workdir('woocommerce-no-seo-plugin.csv');
    const r = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE], { cwd: none, env: NO_LLM });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seo-ai: export\.csv: nothing to rewrite in this WooCommerce export: .*Meta: _yoast_wpseo_title.*Meta: rank_math_title/);
    const frog = workdir('screaming-frog-internal-html.csv');
    const sf = runCli(['optimize', '--csv', 'export.csv', '--offline'], { cwd: frog, env: NO_LLM });
    expect(sf.code).toBe(2);
    expect(sf.stderr).toMatch(/a Screaming Frog export is a crawl report, not an import file.*--profile generic\n$/);
  });
});

describe('what a shop export holds is read as the shop shows it', () => {
  it("WooCommerce's escapes (\\n in descriptions, a ' before a leading -) never reach a proposal", () => {
    const dir = workdir('woocommerce-yoast.csv');
    const file = path.join(dir, 'export.csv');
    const doc = parseCsvDocument(readFileSync(file), {});
    const col = (name: string): number => doc.header.indexOf(name);
    const row = doc.rows.findIndex((r) => r.fields[col('ID')] === '106');
    expect(row).toBeGreaterThan(-1);
    doc.set(row, col('Description'), 'A compact canister stove with piezo ignition and a wide pot support for steady cooking.\\nIt boils 1 l of water in about three and a half minutes at sea level.');
    doc.set(row, col('Short description'), "'- Piezo ignition\\n- Wide pot support");
    doc.set(row, col('Meta: _yoast_wpseo_metadesc'), '');
    writeFileSync(file, doc.toBytes());
    const r = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE, '--quiet'], { cwd: dir, env: NO_LLM });
    expect(r.code).toBe(0);
    const review = parseReview(readFileSync(path.join(dir, 'export.review.csv')), 'r');
    const meta = review.find((x) => x.key === 'id:106' && x.field === 'meta');
    expect(meta).toBeDefined();
    expect(meta!.proposed).not.toContain('\\n');
    expect(meta!.proposed.startsWith('A compact canister stove with piezo ignition')).toBe(true);
    expect(review.every((x) => !x.proposed.includes('\\n') && !/^'[-=+@]/.test(x.proposed))).toBe(true);
  });

  it('Shopify: a handle whose product row was skipped as malformed is not optimized through its image row', () => {
    const dir = workdir('shopify-products-legacy.csv');
    const file = path.join(dir, 'export.csv');
    const text = readFileSync(file, 'utf8');
    // One field too many on the first record of cafe-press-camp (its product row).
    const start = text.indexOf('\r\ncafe-press-camp,') + 2;
    writeFileSync(file, `${text.slice(0, start)}cafe-press-camp,extra-field-here,${text.slice(start + 'cafe-press-camp,'.length)}`);
    const r = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE, '--skip-bad-rows', '--quiet'], { cwd: dir, env: NO_LLM });
    expect(r.code).toBe(0);
    const review = parseReview(readFileSync(path.join(dir, 'export.review.csv')), 'r');
    expect(review.some((x) => x.key === 'cafe-press-camp')).toBe(false);
    const audit = runCli(['audit', 'export.csv', '--base-url', SITE, '--skip-bad-rows', '--format', 'json', '--quiet'], { cwd: dir });
    const report = JSON.parse(audit.stdout) as { errors: { message: string }[] };
    expect(report.errors.some((e) => e.message.startsWith('row skipped: the first row of Handle "cafe-press-camp" has no Title'))).toBe(true);
  });

  it('a WooCommerce product with a SKU and no ID (not yet in the shop) is listed as skipped, not failed', () => {
    const dir = workdir('woocommerce-yoast.csv');
    const file = path.join(dir, 'export.csv');
    const doc = parseCsvDocument(readFileSync(file), {});
    const id = doc.header.indexOf('ID');
    const row = doc.rows.findIndex((r) => r.fields[id] === '107');
    doc.set(row, id, '');
    writeFileSync(file, doc.toBytes());
    const r = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE], { cwd: dir, env: NO_LLM });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*\n4 rows: 0 ok, 0 unchanged, 4 need review, 0 failed;/);
    expect(r.stderr).toContain(`warning: export.csv:${doc.rows[row]!.line}: row skipped: no URL for this row\n`);
  });

  it('the shop address: --base-url is named when missing, and must be a URL; --fields faq is refused for an export without an FAQ column', () => {
    const dir = workdir('shopify-products-current.csv');
    const missing = runCli(['optimize', '--csv', 'export.csv', '--offline'], { cwd: dir, env: NO_LLM });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("seo-ai: export.csv: a Shopify export names products by handle, not by URL; pass --base-url with the shop's address (e.g. --base-url https://shop.example/)\n");
    const bad = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', 'northpine.example'], { cwd: dir, env: NO_LLM });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("seo-ai: --base-url northpine.example: not an http(s) URL; give the shop's address, e.g. https://shop.example/\n");
    // The old spelling names the new one; an endpoint given as the site's address names --llm-url.
    const old = runCli(['optimize', '--csv', 'export.csv', '--offline', '--site-url', SITE], { cwd: dir, env: NO_LLM });
    expect([old.code, old.stderr]).toEqual([2, "seo-ai: --site-url is now --base-url (the site's public address, as in every command); run the same command with --base-url\n"]);
    const endpoint = runCli(['optimize', '--csv', 'export.csv', '--base-url', 'http://localhost:11434/v1'], { cwd: dir, env: NO_LLM });
    expect([endpoint.code, endpoint.stderr]).toEqual([
      2,
      "seo-ai: --base-url http://localhost:11434/v1: this looks like an LLM endpoint; --base-url is the site's public address (e.g. https://shop.example/), and the OpenAI-compatible endpoint is --llm-url http://localhost:11434/v1\n",
    ]);
    const faq = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE, '--fields', 'faq'], { cwd: dir, env: NO_LLM });
    expect(faq.code).toBe(2);
    expect(faq.stderr).toMatch(/^seo-ai: --fields faq: faq: the export has no FAQ metafield column: define a product metafield/);
  });
});

describe('a truncated export: the line named, exit 2, no file written', () => {
  it('optimize and apply both refuse a Shopify export cut off inside a quoted Body (HTML)', () => {
    const dir = workdir('shopify-products-legacy.csv');
    const full = readFileSync(path.join(dir, 'export.csv'));
    // Optimize the whole file first, so apply has a review to work from.
    expect(runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE, '--quiet'], { cwd: dir, env: NO_LLM }).code).toBe(0);
    const before = readdirSync(dir).sort();
    // Cut in the middle of the second product's multi-line body: its quote never closes.
    const cut = full.indexOf(Buffer.from('<p>')) + 200;
    writeFileSync(path.join(dir, 'export.csv'), full.subarray(0, cut));
    const opt = runCli(['optimize', '--csv', 'export.csv', '--offline', '--base-url', SITE], { cwd: dir, env: NO_LLM });
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/^seo-ai: export\.csv:\d+: .*quote/);
    const apply = runCli(['apply', 'export.review.csv', '--to', 'export.csv'], { cwd: dir });
    expect(apply.code).toBe(2);
    expect(apply.stderr).toMatch(/^seo-ai: cannot apply export\.review\.csv to export\.csv; nothing written:\n {2}export\.csv:\d+: .*quote/);
    // Nothing new and nothing half-written: the files are those of the first, complete run.
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe('optimize with an LLM on each export, the decisions of a reviewer, then apply', () => {
  const servers: OpenAiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const FIXTURES = [
    ['shopify-products-legacy.csv', /^SEO (Title|Description)$/, ['alpine-2-ultralight-tent', 'daunenjacke-groesse-m', 'cafe-press-camp', 'trail-runner-gtx', 'titan-stove-2', 'merino-socks-3-pack'].map((h) => `products/${h}`)],
    ['shopify-products-current.csv', /^SEO (title|description)$/, ['alpine-2-ultralight-tent', 'daunenjacke-groesse-m', 'cafe-press-camp', 'trail-runner-gtx', 'titan-stove-2', 'merino-socks-3-pack'].map((h) => `products/${h}`)],
    ['woocommerce-yoast.csv', /^Meta: _yoast_wpseo_(title|metadesc)$/, ['p=101', 'p=104', 'p=105', 'p=106', 'p=107']],
    ['woocommerce-rankmath.csv', /^Meta: rank_math_(title|description)$/, ['p=101', 'p=104', 'p=105', 'p=106', 'p=107']],
    // The generic profile: a plain CSV with one row a page, written back into its own columns.
    ['csv/demo-shop.csv', /^(title|meta_description|h1)$/, ['https://demo-shop.example/']],
  ] as const;

  for (const [fixture, column, pageUrls] of FIXTURES) {
    it(`${fixture}: the model is asked about products only; apply writes the approved cells, with the reviewer's rejection and edit`, async () => {
      const s = await startOpenAiServer({ reply: fakeModel, apiKey: KEY });
      servers.push(s);
      const dir = workdir(fixture);
      const r = await runCliAsync(['optimize', '--csv', 'export.csv', '--llm-url', s.baseURL, '--base-url', SITE, '--brand', 'Northpine Outfitters'], {
        cwd: dir,
        env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' },
      });
      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(0);
      const prompts = s.requests.map((q) => JSON.stringify(q.body.messages));
      expect(prompts.length).toBeGreaterThan(0);
      // Every prompt is about a product's page, never a variant, variation or image row.
      expect(prompts.every((p) => pageUrls.some((u) => p.includes(u)))).toBe(true);

      // The reviewer turns one proposal down and rewords another: a final full stop dropped, or
      // the title separator "|" written as "-".
      const reviewFile = path.join(dir, 'export.review.csv');
      const table = readCsv(readFileSync(reviewFile));
      const col = (name: string): number => table.header.indexOf(name);
      const approved = table.rows.filter((row) => row.fields[col('approve')] === 'yes');
      expect(approved.length).toBeGreaterThanOrEqual(2);
      approved[0]!.fields[col('approve')] = 'no';
      const reword = (text: string): string => (/\.$/.test(text) ? text.slice(0, -1) : text.replace(' | ', ' - '));
      const edited = approved.find((row, i) => i > 0 && reword(row.fields[col('proposed')]!) !== row.fields[col('proposed')]);
      expect(edited).toBeDefined();
      edited!.fields[col('after')] = reword(edited!.fields[col('proposed')]!);
      writeFileSync(reviewFile, writeCsv(table.format, table.header, table.rows.map((row) => row.fields)));

      // --base-url, the site's address in every command; the old spelling is refused with the new one, and writes nothing.
      const older = runCli(['apply', 'export.review.csv', '--to', 'export.csv', '--site-url', SITE], { cwd: dir });
      expect([older.code, older.stderr]).toEqual([2, "seo-ai: --site-url is now --base-url (the site's public address, as in every command); run the same command with --base-url\n"]);
      expect(existsSync(path.join(dir, 'export.import.csv'))).toBe(false);
      // The apply command optimize printed, run as printed: it carries the site's address.
      const printed = /then: seo-ai (apply [^)\n]+)\)/.exec(r.stderr)?.[1];
      expect(printed).toBe(`apply export.review.csv --to export.csv --base-url ${SITE}`);
      const applied = runCli(printed!.split(' '), { cwd: dir });
      expect(applied.code).toBe(0);
      expect(applied.stderr).toBe(
        `${approved.length - 1} approved ${approved.length - 1 === 1 ? 'change' : 'changes'} written (1 edited by the reviewer, re-checked), ${table.rows.length - approved.length + 1} not approved; export.import.csv is ready to import\n`,
      );
      const changed = changedCells(dir);
      expect(changed.sort()).toEqual(approvedCells(dir).sort());
      expect(changed.every((c) => column.test(c.replace(/^\d+ /, '')))).toBe(true);
      const after = parseCsvDocument(readFileSync(path.join(dir, 'export.import.csv')), {});
      const line = Number(edited!.fields[col('line')]);
      expect(after.rows.find((row) => row.line === line)!.fields[after.header.indexOf(edited!.fields[col('column')]!)]).toBe(edited!.fields[col('after')]);
    });
  }
});
