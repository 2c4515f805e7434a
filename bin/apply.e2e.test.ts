import { copyFileSync, existsSync, linkSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseCsvDocument } from '../src/csv/document.js';
import { readCsv } from '../src/csv/read.js';
import { writeCsv } from '../src/csv/write.js';
import { ROOT, runCli } from '../src/testing/cli.js';

const NO_LLM = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };

/** The demo shop's CSV optimized offline: the export, and the review file beside it. */
function optimized(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-apply-'));
  copyFileSync(path.join(ROOT, 'fixtures/csv/demo-shop.csv'), path.join(dir, 'shop.csv'));
  const r = runCli(['optimize', '--csv', 'shop.csv', '--offline', '--quiet'], { cwd: dir, env: NO_LLM });
  expect(r.code).toBe(0);
  return dir;
}

/** Edits the review file as a reviewer would, cell by cell, keeping its format. */
function editReview(dir: string, edit: (rows: Record<string, string>[]) => void): void {
  const file = path.join(dir, 'shop.review.csv');
  const table = readCsv(readFileSync(file));
  const rows = table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r.fields[i]!])));
  edit(rows);
  writeFileSync(file, writeCsv(table.format, table.header, rows.map((r) => table.header.map((h) => r[h]!))));
}

const cells = (bytes: Uint8Array): string[][] => parseCsvDocument(bytes, {}).rows.map((r) => r.fields);

describe('seo-ai apply: the approved changes of a review, and nothing else', () => {
  let dir: string;
  beforeEach(() => {
    dir = optimized();
  });

  it('writes <export>.import.csv in the export format, with only the approved cells changed; a reviewer edit is re-checked and used', () => {
    const review = readCsv(readFileSync(path.join(dir, 'shop.review.csv')));
    expect(review.header).toEqual(['key', 'line', 'field', 'column', 'before', 'proposed', 'after', 'checks', 'approve']);
    expect(review.rows).toHaveLength(8);
    let rejected = '';
    let edited = '';
    editReview(dir, (rows) => {
      const approved = rows.filter((r) => r.approve === 'yes');
      expect(approved).toHaveLength(7);
      // The reviewer says no to one proposal and rewrites another.
      approved[0]!.approve = 'no';
      rejected = approved[0]!.key!;
      const title = approved.find((r) => r.field === 'title' && r.key!.includes('basecamp-6'))!;
      expect(title.proposed).toBe('Family tent – Basecamp 6 Family Camping Tent | Northpine');
      title.after = 'Family tent with a porch: Basecamp 6 | Northpine';
      edited = title.key!;
    });
    const exportBefore = readFileSync(path.join(dir, 'shop.csv'));
    const r = runCli(['apply', 'shop.review.csv', '--to', 'shop.csv'], { cwd: dir });
    expect(r.stderr).toBe('6 approved changes written (1 edited by the reviewer, re-checked), 2 not approved; shop.import.csv is ready to import\n');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'shop.csv'))).toEqual(exportBefore);

    const before = cells(exportBefore);
    const after = cells(readFileSync(path.join(dir, 'shop.import.csv')));
    const header = parseCsvDocument(exportBefore, {}).header;
    const changed: string[] = [];
    before.forEach((row, i) => row.forEach((cell, j) => cell !== after[i]![j] && changed.push(`${row[0]} ${header[j]}`)));
    expect(changed).toHaveLength(6);
    expect(changed.some((c) => c.startsWith(`${rejected} `))).toBe(rejected === edited);
    const editedRow = after.find((row) => row[0] === edited)!;
    expect(editedRow[header.indexOf('title')]).toBe('Family tent with a porch: Basecamp 6 | Northpine');
    // Outside the changed cells the bytes are the export's: the same line ending, quoting and BOM.
    expect(readFileSync(path.join(dir, 'shop.import.csv')).subarray(0, 20)).toEqual(exportBefore.subarray(0, 20));
  });

  it('an edited value that fails the rules, an export changed since the review: refused with every problem, nothing written', () => {
    editReview(dir, (rows) => {
      rows.find((r) => r.field === 'title' && r.approve === 'yes')!.after = 'A'.repeat(120);
    });
    const exportFile = path.join(dir, 'shop.csv');
    const text = readFileSync(exportFile, 'utf8');
    const review = readCsv(readFileSync(path.join(dir, 'shop.review.csv')));
    const meta = review.rows.find((r) => r.fields[2] === 'meta' && r.fields[8] === 'yes')!;
    // The shop's description for that page changed after the review was written.
    writeFileSync(exportFile, text.replace(meta.fields[4]!, `${meta.fields[4]!} (updated)`));
    const r = runCli(['apply', 'shop.review.csv', '--to', 'shop.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('seo-ai: cannot apply shop.review.csv to shop.csv; nothing written:');
    // In review-file order.
    const reviewLines = lines.slice(1).filter((l) => l !== '').map((l) => Number(/^ {2}shop\.review\.csv:(\d+): /.exec(l)?.[1]));
    expect(reviewLines).toEqual([...reviewLines].sort((a, b) => a - b));
    expect(lines.filter((l) => / \(title\): the edited value fails: .*title-too-long: Title is 120 characters long/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => l.includes(`${meta.fields[0]} (meta): changed since the review: the export now has "`))).toHaveLength(1);
    expect(existsSync(path.join(dir, 'shop.import.csv'))).toBe(false);
  });

  it('never writes over the export, and names a missing file', () => {
    const over = runCli(['apply', 'shop.review.csv', '--to', 'shop.csv', '--output', './shop.csv'], { cwd: dir });
    expect(over.code).toBe(2);
    expect(over.stderr).toBe('seo-ai: --output ./shop.csv is the export; name another file (the export is never overwritten)\n');
    linkSync(path.join(dir, 'shop.csv'), path.join(dir, 'alias.csv'));
    const linked = runCli(['apply', 'shop.review.csv', '--to', 'shop.csv', '--output', 'alias.csv'], { cwd: dir });
    expect(linked.code).toBe(2);
    expect(linked.stderr).toBe('seo-ai: --output alias.csv is the export shop.csv (a hard link to it); name another file (the export is never overwritten)\n');
    const missing = runCli(['apply', 'nope.csv', '--to', 'shop.csv'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('seo-ai: nope.csv: no such file; name the review file optimize wrote (<input>.review.csv)\n');
  });
});
