import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../src/report/json.js';
import { ROOT, runCli } from '../src/testing/cli.js';

const EXPORTS = 'fixtures/exports';
const BASE = 'https://northpine.example/';

function audit(file: string, ...extra: string[]): { code: number | null; report: JsonReport; stderr: string } {
  const r = runCli(['audit', `${EXPORTS}/${file}`, '--base-url', BASE, '--format', 'json', '--quiet', ...extra]);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

describe('seo-ai audit of real exports: the profile is recognised from the header', () => {
  it('Screaming Frog: one page per HTML row that answered 200; redirects and 404s listed, not audited', () => {
    const { code, report } = audit('screaming-frog-internal-html.csv');
    expect(code).toBe(0);
    expect(report.notes[0]).toBe(
      'read as Screaming Frog (Address with the Screaming Frog columns Title 1, Meta Description 1, H1-1, Indexability, Indexability Status, Canonical Link Element 1, Meta Robots 1): 11 pages from 13 rows',
    );
    expect(report.pages).toHaveLength(11);
    expect(report.errors.map((e) => [e.origin, e.message])).toEqual([
      [`${EXPORTS}/screaming-frog-internal-html.csv:14`, 'row skipped: Status Code 301: not a page that answers 200'],
      [`${EXPORTS}/screaming-frog-internal-html.csv:15`, 'row skipped: Status Code 404: not a page that answers 200'],
    ]);
    // Pages keep their Address as URL and their CSV line as origin.
    expect(report.pages.every((p) => p.url.startsWith(BASE) && /screaming-frog-internal-html\.csv:\d+$/.test(p.origin ?? ''))).toBe(true);
  });

  it('an older Screaming Frog export with a title line above the header', () => {
    const { code, report } = audit('screaming-frog-internal-html-older.csv');
    expect(code).toBe(0);
    expect(report.pages).toHaveLength(7);
    expect(report.errors.map((e) => e.message)).toEqual(['row skipped: Status Code 301: not a page that answers 200']);
  });

  it('Shopify, both header styles: one page per product (variant and image rows belong to it), at /products/<handle>', () => {
    const legacy = audit('shopify-products-legacy.csv');
    const current = audit('shopify-products-current.csv');
    for (const { code, report } of [legacy, current]) {
      expect(code).toBe(0);
      expect(report.pages.map((p) => p.url)).toEqual([
        `${BASE}products/alpine-2-ultralight-tent`,
        `${BASE}products/daunenjacke-groesse-m`,
        `${BASE}products/cafe-press-camp`,
        `${BASE}products/trail-runner-gtx`,
        `${BASE}products/titan-stove-2`,
        `${BASE}products/merino-socks-3-pack`,
      ]);
      expect(report.errors).toEqual([]);
    }
    expect(legacy.report.notes[0]).toBe('read as Shopify (legacy headers) (Handle and Body (HTML): a Shopify product export with the legacy headers): 6 pages from 14 rows');
    expect(current.report.notes[0]).toBe('read as Shopify (URL handle, Title and Description: a Shopify product export): 6 pages from 14 rows');
    // The same products give the same findings whichever header style the shop exported.
    const rules = (r: JsonReport): string[][] => r.pages.map((p) => p.findings.map((f) => f.rule).sort());
    expect(rules(current.report)).toEqual(rules(legacy.report));
  });

  it('WooCommerce: variations belong to their product; Yoast and Rank Math columns are read', () => {
    for (const file of ['woocommerce-yoast.csv', 'woocommerce-rankmath.csv', 'woocommerce-no-seo-plugin.csv']) {
      const { code, report } = audit(file);
      expect(code, file).toBe(0);
      expect(report.notes[0], file).toBe('read as WooCommerce (ID, Type, SKU and Name: a WooCommerce product export): 5 pages from 7 rows');
      expect(report.pages.every((p) => p.url.startsWith(`${BASE}?post_type=product&p=`)), file).toBe(true);
    }
    // Only with a plugin's columns is there a meta description to judge.
    const none = audit('woocommerce-no-seo-plugin.csv').report;
    expect(none.notApplicable.some((n) => n.rule === 'meta-description-missing')).toBe(true);
    const yoast = audit('woocommerce-yoast.csv').report;
    expect(yoast.notApplicable.some((n) => n.rule === 'meta-description-missing')).toBe(false);
  });

  it('Excel CSVs in windows-1252 and UTF-16 read the same text', () => {
    const cp1252 = audit('excel-windows-1252.csv').report;
    const utf16 = audit('excel-utf16.csv').report;
    expect(cp1252.pages).toHaveLength(5);
    const texts = (r: JsonReport): string[] => r.pages.flatMap((p) => p.findings.map((f) => `${p.url} ${f.rule} ${f.value ?? ''}`));
    expect(texts(cp1252)).toEqual(texts(utf16));
    expect(texts(cp1252).join('\n')).toMatch(/€/);
  });
});

describe('bad export files: a clear error naming the line, exit 2', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-exports-'));

  it('a profile forced on a file of another tool', () => {
    const r = runCli(['audit', `${EXPORTS}/shopify-products-legacy.csv`, '--profile', 'woocommerce', '--base-url', BASE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seo-ai: fixtures\/exports\/shopify-products-legacy\.csv:1: the header does not fit --profile woocommerce \(WooCommerce\): .*; it looks like Shopify \(legacy headers\) .*; leave out --profile, or pass --profile shopify-legacy\n$/);
    const unknown = runCli(['audit', `${EXPORTS}/shopify-products-legacy.csv`, '--profile', 'magento']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('seo-ai: --profile: unknown profile "magento"; use screaming-frog, shopify-legacy, shopify, woocommerce, generic\n');
  });

  it('a Shopify export without --base-url: its rows have handles, not URLs', () => {
    const r = runCli(['audit', `${EXPORTS}/shopify-products-current.csv`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "seo-ai: fixtures/exports/shopify-products-current.csv: a Shopify export names products by handle, not by URL; pass --base-url with the shop's address (e.g. --base-url https://shop.example/)\n",
    );
  });

  it('duplicate handles out of order', () => {
    const lines = readFileSync(path.join(ROOT, EXPORTS, 'shopify-products-legacy.csv'), 'utf8').split('\r\n');
    // A variant row of the first product moved to the end of the file.
    const moved = lines.findIndex((l, i) => i > 1 && l.startsWith('alpine-2-ultralight-tent,'));
    expect(moved).toBeGreaterThan(1);
    const row = lines.splice(moved, 1)[0]!;
    lines.splice(lines.length - 1, 0, row);
    const file = path.join(dir, 'shuffled.csv');
    writeFileSync(file, lines.join('\r\n'));
    const r = runCli(['audit', file, '--base-url', BASE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^seo-ai: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: Handle "alpine-2-ultralight-tent" appears again after `));
  });

  it('a header-only export, and a header below a title line that has no url column: the line named', () => {
    const header = readFileSync(path.join(ROOT, EXPORTS, 'shopify-products-current.csv'), 'utf8').split('\r\n')[0]!;
    const only = path.join(dir, 'header-only.csv');
    writeFileSync(only, `${header}\r\n`);
    const r = runCli(['audit', only, '--base-url', BASE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`seo-ai: ${only}:1: the file has a header and no rows below it; export the pages again\n`);
    const titled = path.join(dir, 'titled.csv');
    writeFileSync(titled, '"My pages"\nadresse,titel\nhttps://s.example/,Start\n');
    const t = runCli(['audit', titled]);
    expect(t.code).toBe(2);
    expect(t.stderr.startsWith(`seo-ai: ${titled}:2: no url column`)).toBe(true);
  });

  it('--profile on something that is not a CSV', () => {
    const r = runCli(['audit', 'fixtures/sites/demo-shop', '--profile', 'shopify']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: --profile shopify: only a CSV export has a profile; fixtures/sites/demo-shop is not a .csv or .tsv file\n');
  });
});
