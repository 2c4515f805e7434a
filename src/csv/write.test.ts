import { rng as prng } from '../testing/random.js';
import { describe, expect, it } from 'vitest';
import { CsvError, readCsv, type CsvFormat, type CsvTable } from './read.js';
import { writeCsv } from './write.js';

const COMMA_LF: CsvFormat = { delimiter: ',', newline: '\n', bom: false };

describe('writeCsv', () => {
  it('writes header and rows, quoting only fields that need it, ending with a newline', () => {
    const text = writeCsv(COMMA_LF, ['url', 'title', 'note'], [
      ['https://a.example/', 'Tents, packs', 'plain text; tab\there'],
      ['https://b.example/', 'The 12" tent', 'two\nlines'],
      ['https://c.example/', ' lead', 'trail '],
      ['https://d.example/', 'cr\ronly', 'crlf\r\nend'],
      ['', 'inner space', '🏕️ é'],
    ]);
    expect(text).toBe(
      'url,title,note\n' +
        'https://a.example/,"Tents, packs",plain text; tab\there\n' +
        'https://b.example/,"The 12"" tent","two\nlines"\n' +
        'https://c.example/," lead","trail "\n' +
        'https://d.example/,"cr\ronly","crlf\r\nend"\n' +
        ',inner space,🏕️ é\n',
    );
  });

  it('quotes for the delimiter in use, not for the others', () => {
    expect(writeCsv({ delimiter: ';', newline: '\r\n', bom: false }, ['a', 'b'], [['1,5', 'x;y']])).toBe('a;b\r\n1,5;"x;y"\r\n');
    expect(writeCsv({ delimiter: '\t', newline: '\n', bom: false }, ['a', 'b'], [['1,5;2', 'x\ty']])).toBe('a\tb\n1,5;2\t"x\ty"\n');
  });

  it('quotes header names by the same rules', () => {
    expect(writeCsv(COMMA_LF, ['Price, EUR', 'Size "L"', 'two\nlines'], [])).toBe('"Price, EUR","Size ""L""","two\nlines"\n');
  });

  it('quotes header names that hold any delimiter readCsv could detect, so the header is read as written', () => {
    const text = writeCsv({ delimiter: ';', newline: '\n', bom: false }, ['Artikel', 'Preis, EUR', 'tab\there'], [['Zelt', '1,99', 'x']]);
    expect(text).toBe('Artikel;"Preis, EUR";"tab\there"\nZelt;1,99;x\n');
    expect(readCsv(text).header).toEqual(['Artikel', 'Preis, EUR', 'tab\there']);
  });

  it('in a one-column table, quotes values that hold any delimiter', () => {
    expect(writeCsv(COMMA_LF, ['url'], [['a;b'], ['c\td'], ['e,f'], ['g']])).toBe('url\n"a;b"\n"c\td"\n"e,f"\ng\n');
  });

  it('writes the BOM and line ending of the format', () => {
    expect(writeCsv({ delimiter: ',', newline: '\r\n', bom: true }, ['a'], [['1'], ['2']])).toBe('\uFEFFa\r\n1\r\n2\r\n');
    expect(writeCsv({ delimiter: ',', newline: '\r', bom: false }, ['a', 'b'], [['1', '2']])).toBe('a,b\r1,2\r');
  });

  it('quotes the empty value of a one-column row, which would otherwise be a blank line', () => {
    const text = writeCsv(COMMA_LF, ['url'], [['a'], [''], ['b']]);
    expect(text).toBe('url\na\n""\nb\n');
    expect(readCsv(text).rows).toEqual([
      { line: 2, fields: ['a'] },
      { line: 3, fields: [''] },
      { line: 4, fields: ['b'] },
    ]);
    expect(writeCsv(COMMA_LF, ['a', 'b'], [['', '']])).toBe('a,b\n,\n');
  });

  it('refuses rows that do not have the header\'s number of fields, and an empty header', () => {
    expect(() => writeCsv(COMMA_LF, ['a', 'b'], [['1', '2'], ['3']])).toThrow('writeCsv: row 2 has 1 fields, the header has 2');
    expect(() => writeCsv(COMMA_LF, [], [])).toThrow('writeCsv: the header has no columns; a CSV needs at least one');
  });

  it('writes a file it read back byte for byte when the file quoted only where needed', () => {
    const files = [
      '\uFEFFHandle;Title;Body (HTML);Price\r\ntent-1;Dome tent, 2p;"<p class=""lead"">Light;\r\nfast</p>";1,99\r\npack;Pack;;\r\n',
      'url\ttitle\n"https://a.example/\t"\t"Tent ""Dome"""\n',
      'Address,Title 1\rhttps://a.example/,"A\nB"\r',
    ];
    for (const file of files) {
      const table = readCsv(file);
      expect(writeCsv(table.format, table.header, table.rows.map((r) => r.fields))).toBe(file);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip on generated tables


const PIECES = ['', ' ', '"', '""', ',', ';', '\t', '\r', '\n', '\r\n', '🏕️', 'é', 'Größe', 'a', 'Tent', ' lead', 'trail ', '<p class="x">', '</p>', '=SUM(A1)', '\u00a0'];

function generate(random: () => number): { format: CsvFormat; header: string[]; rows: string[][] } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const columns = 1 + Math.floor(random() * 6);
  // readCsv calls a one-column file comma-separated: it has no delimiter in it to see.
  const delimiter = columns === 1 ? ',' : pick([',', ';', '\t'] as const);
  const format: CsvFormat = { delimiter, newline: pick(['\r\n', '\n', '\r'] as const), bom: random() < 0.3 };
  const cell = (): string => Array.from({ length: Math.floor(random() * 5) }, () => pick(PIECES)).join('');
  // Header names as readCsv returns them: trimmed, non-empty, distinct (the cN in each).
  const header = Array.from({ length: columns }, (_, i) => `${cell()}c${i}${cell()}`.trim());
  const rows = Array.from({ length: Math.floor(random() * 9) }, () => Array.from({ length: columns }, cell));
  return { format, header, rows };
}

/** A messy file: fragments of fields, delimiters, quotes and line breaks in random order. */
function messy(random: () => number): string {
  const pieces = ['a', 'b', 'x y', ',', ',', ';', ';', '\t', '\n', '\r\n', '\r', '"', '""', ' ', '12" ', '"q"', 'é', 'a,b', '"x;y"', '\t"t"'];
  return Array.from({ length: 3 + Math.floor(random() * 25) }, () => pieces[Math.floor(random() * pieces.length)]!).join('');
}

/** Physical line breaks in a value: CRLF, LF and lone CR each count once. */
const breaks = (value: string): number => value.match(/\r\n|\r|\n/g)?.length ?? 0;

describe('writeCsv → readCsv round trip', () => {
  it('gives back header, fields, format and physical line numbers for 400 generated tables', () => {
    const random = prng(20250611);
    for (let i = 0; i < 400; i++) {
      const table = generate(random);
      const text = writeCsv(table.format, table.header, table.rows);
      const label = `table ${i}: ${JSON.stringify(text)}`;
      const read = readCsv(text);
      expect(read.format, label).toEqual(table.format);
      expect(read.header, label).toEqual(table.header);
      expect(read.rows.map((r) => r.fields), label).toEqual(table.rows);
      expect(read.bad, label).toEqual([]);
      // Each record starts one line after the previous one ends; quoted line breaks count.
      let line = 1 + table.header.reduce((n, name) => n + breaks(name), 0) + 1;
      for (const row of read.rows) {
        expect(row.line, label).toBe(line);
        line += row.fields.reduce((n, f) => n + breaks(f), 0) + 1;
      }
      // The same from UTF-8 bytes, and a second trip changes nothing.
      expect(readCsv(Buffer.from(text, 'utf8')), label).toEqual(read);
      const again = writeCsv(read.format, read.header, read.rows.map((r) => r.fields));
      expect(again, label).toBe(text);
      expect(readCsv(again), label).toEqual(read);
    }
  });

  it('gives back header, fields and format for every messy file readCsv accepts (bad rows skipped)', () => {
    const random = prng(7);
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const text = messy(random);
      let table: CsvTable;
      try {
        table = readCsv(text, { skipBadRows: true });
      } catch (error) {
        if (error instanceof CsvError) continue;
        throw error;
      }
      accepted++;
      const fields = table.rows.map((r) => r.fields);
      const back = readCsv(writeCsv(table.format, table.header, fields));
      expect({ format: back.format, header: back.header, fields: back.rows.map((r) => r.fields), bad: back.bad }, `file ${i}: ${JSON.stringify(text)}`).toEqual({
        format: table.format,
        header: table.header,
        fields,
        bad: [],
      });
    }
    // Enough of them are readable for the check to mean something.
    expect(accepted).toBeGreaterThan(1000);
  });
});
