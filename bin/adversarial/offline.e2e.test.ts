// Hostile inputs for `optimize --offline` and the CSV reader (issue 17: #6, #7, #16).
// Inputs are generated here; every case bounds time and memory an order of magnitude above
// what the fixed code needs, so the old behaviour (quadratic, gigabytes) fails and CI never flakes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/csv/read.js';
import { changedFiles, fileStates, runMeasured, scratchDir } from '../../src/testing/adversarial.js';

/** No key and no endpoint from the environment the tests run in: nothing may reach a network. */
const NO_LLM = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** The optimized CSV's cell `column` of row `row`. */
function outputCell(file: string, row: number, column: string): string {
  const table = readCsv(readFileSync(file, 'utf8'));
  return table.rows[row]!.fields[table.header.indexOf(column)]!;
}

describe('adversarial: optimize --offline on huge cells', () => {
  it('#6: one row whose content is a 188 KB list of 5,000 items is optimized in seconds and under 1.5 GB, not killed at the heap limit', async () => {
    const dir = scratchDir('offline-list');
    const items = Array.from({ length: 5000 }, (_, i) => `<li>Spec item ${i}: value ${i} mm</li>`).join('');
    expect(items.length).toBeGreaterThan(180_000);
    writeFileSync(path.join(dir, 'list.csv'), `url,title,meta_description,h1,content\r\nhttps://shop.example/p/1,Widget,,Widget,${quote(`<ul>${items}</ul>`)}\r\n`);
    const before = fileStates(dir);
    // The old code needed 4.3 GB and died at V8's heap limit (exit 134): here it dies at 512 MB.
    const r = await runMeasured(['optimize', '--csv', 'list.csv', '--offline', '--fields', 'title,meta,h1'], { cwd: dir, env: NO_LLM, heapMb: 512, killAfterMs: 25_000 });
    expect(r.killed).toBe(false);
    expect(r.stderr).toContain('1 rows: 0 ok, 0 unchanged, 1 need review, 0 failed; 1 fields rewritten (offline, non-AI)');
    expect(r.code).toBe(0);
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
    // The description comes from the list's opening items, cut at a word, like any other.
    expect(outputCell(path.join(dir, 'list.optimized.csv'), 0, 'new_meta_description')).toBe(
      'Spec item 0: value 0 mm Spec item 1: value 1 mm Spec item 2: value 2 mm Spec item 3: value 3 mm Spec item 4: value 4 mm Spec item 5: value 5 mm…',
    );
    expect(r.ms).toBeLessThan(20_000);
    expect(r.maxRssMb).toBeLessThan(1500);
  });

  it('#6: a 60 KB title of 4,000 " | " segments and a content of 20,000 unclosed <p>s are read in bounded time', async () => {
    const dir = scratchDir('offline-title');
    const title = Array.from({ length: 4000 }, (_, i) => `Blue widget ${i}`).join(' | ');
    const content = '<p>Blue widgets in every size '.repeat(20_000);
    writeFileSync(path.join(dir, 'wide.csv'), `url,title,meta_description,h1,content,keywords\r\nhttps://shop.example/p/1,${quote(title)},,${quote(title)},${quote(content)},blue widget\r\n`);
    const before = fileStates(dir);
    const r = await runMeasured(['optimize', '--csv', 'wide.csv', '--offline', '--fields', 'title,meta,h1'], { cwd: dir, env: NO_LLM, heapMb: 512, killAfterMs: 25_000 });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 rows: ');
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
    expect(outputCell(path.join(dir, 'wide.optimized.csv'), 0, 'new_title')).toMatch(/^Blue widget \d+(?: \| Blue widget \d+)*$/u);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.maxRssMb).toBeLessThan(1500);
  });
});

describe('adversarial: a UTF-8 CSV with one broken byte', () => {
  // "Café" in UTF-8 and one stray 0xDF: read as windows-1252 before, "Café" became "CafÃ©" without a word.
  const broken = Buffer.concat([Buffer.from('url,title\r\nhttps://shop.example/a,Café\r\nhttps://shop.example/b,Ma', 'utf8'), Buffer.from([0xdf, 0x0d, 0x0a])]);
  const message =
    'seo-ai: shop.csv:3: not valid UTF-8: byte 0xDF at line 3, column 26 (byte offset 66), in a file that is otherwise UTF-8 (1 UTF-8 character such as "é"); ' +
    'the byte is damaged or the file mixes encodings, and read as windows-1252 every accent would be garbled. Fix the byte, or re-save the file as UTF-8 (in Excel: Save As "CSV UTF-8")\n';

  for (const command of [['audit', 'shop.csv'], ['optimize', '--csv', 'shop.csv', '--offline']]) {
    it(`#16: ${command[0]} refuses it with exit 2, naming file, line, column, offset and byte, and writes nothing`, async () => {
      const dir = scratchDir('broken-utf8');
      writeFileSync(path.join(dir, 'shop.csv'), broken);
      const before = fileStates(dir);
      const r = await runMeasured(command, { cwd: dir, env: NO_LLM, killAfterMs: 25_000 });
      expect(r.stderr).toBe(message);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const after = fileStates(dir);
      expect(changedFiles(before, after)).toEqual([]);
      expect([...after.keys()]).toEqual(['shop.csv']);
      expect(r.ms).toBeLessThan(20_000);
      expect(r.maxRssMb).toBeLessThan(1000);
    });
  }

  it('#16: a windows-1252 file whose "Straße“" happens to be a UTF-8 pair is still read as windows-1252', async () => {
    const dir = scratchDir('cp1252');
    const text = 'url,title\r\nhttps://shop.example/a,"„Straße“ für Männer, Größe, Café, Crème brûlée, Señor, Ärger"\r\n';
    writeFileSync(path.join(dir, 'shop.csv'), Buffer.from(text.replace('„', '\x84').replace('“', '\x93'), 'latin1'));
    const r = await runMeasured(['optimize', '--csv', 'shop.csv', '--offline', '--fields', 'title'], { cwd: dir, env: NO_LLM, killAfterMs: 25_000 });
    expect(r.code).toBe(0);
    expect(outputCell(path.join(dir, 'shop.optimized.csv'), 0, 'title')).toBe('„Straße“ für Männer, Größe, Café, Crème brûlée, Señor, Ärger');
  });
});

describe('adversarial: optimize --offline throughput', () => {
  it('#7: 20 rows whose content is a 36 KB spec list (no sentence ends) take seconds, not minutes', async () => {
    const dir = scratchDir('offline-specs');
    const rows = ['url,title,meta_description,h1,content,keywords'];
    for (let r = 0; r < 20; r++) {
      const items = Array.from({ length: 1000 }, (_, i) => `<li>Spec item ${i} of model ${r}: value ${(i * 7) % 97} mm</li>`).join('');
      rows.push(`https://shop.example/p/${r},Widget ${r},,Widget model ${r},${quote(`<ul>${items}</ul>`)},widget`);
    }
    writeFileSync(path.join(dir, 'specs.csv'), `${rows.join('\r\n')}\r\n`);
    const before = fileStates(dir);
    // Before: every row's list was one 36 KB "sentence" cut at each of its words, ~3.5 s a row.
    const r = await runMeasured(['optimize', '--csv', 'specs.csv', '--offline'], { cwd: dir, env: NO_LLM, killAfterMs: 25_000 });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^20 rows: /);
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
    expect(outputCell(path.join(dir, 'specs.optimized.csv'), 19, 'new_meta_description')).toMatch(/^Widget – Spec item 0 of model 19: value 0 mm .*…$/u);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.maxRssMb).toBeLessThan(1500);
  });
});
