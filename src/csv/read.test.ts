import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvError, readCsv, type CsvTable } from './read.js';
import { writeCsv } from './write.js';

/** The CsvError readCsv throws, so tests can check message and line together. */
function csvError(run: () => unknown): { message: string; line: number } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CsvError);
    return { message: (error as CsvError).message, line: (error as CsvError).line };
  }
  throw new Error('readCsv did not throw');
}

const fieldsOf = (table: CsvTable): string[][] => table.rows.map((r) => r.fields);

describe('readCsv: basics and format', () => {
  it('reads a comma-separated LF file: header, rows with their lines, format', () => {
    expect(readCsv('url,title\nhttps://a.example/,Tents\nhttps://b.example/,Packs\n')).toEqual({
      format: { delimiter: ',', newline: '\n', bom: false },
      header: ['url', 'title'],
      rows: [
        { line: 2, fields: ['https://a.example/', 'Tents'] },
        { line: 3, fields: ['https://b.example/', 'Packs'] },
      ],
      bad: [],
    });
  });

  it('records CRLF, and reads a last record without a line ending', () => {
    const table = readCsv('url,title\r\nhttps://a.example/,Tents\r\nhttps://b.example/,Packs');
    expect(table.format).toEqual({ delimiter: ',', newline: '\r\n', bom: false });
    expect(fieldsOf(table)).toEqual([
      ['https://a.example/', 'Tents'],
      ['https://b.example/', 'Packs'],
    ]);
  });

  it('reads classic-Mac files whose lines end with a lone CR', () => {
    const table = readCsv('url,title\rhttps://a.example/,Tents\r');
    expect(table.format.newline).toBe('\r');
    expect(table.rows).toEqual([{ line: 2, fields: ['https://a.example/', 'Tents'] }]);
  });

  it('says newline is LF for a header-only file of one line, and has no rows', () => {
    expect(readCsv('url;title')).toEqual({ format: { delimiter: ';', newline: '\n', bom: false }, header: ['url', 'title'], rows: [], bad: [] });
    expect(readCsv('url\r\n').format.newline).toBe('\r\n');
  });

  it('keeps empty fields, including a last one after a trailing delimiter', () => {
    expect(fieldsOf(readCsv('a,b,c\n,,\n1,,\n,,3'))).toEqual([
      ['', '', ''],
      ['1', '', ''],
      ['', '', '3'],
    ]);
  });

  it('does not count a trailing empty line as a row, and skips blank lines in the middle (still counting them)', () => {
    const table = readCsv('url,title\n\nhttps://a.example/,A\r\n\r\n\nhttps://b.example/,B\n\n');
    expect(table.rows).toEqual([
      { line: 3, fields: ['https://a.example/', 'A'] },
      { line: 6, fields: ['https://b.example/', 'B'] },
    ]);
    expect(table.bad).toEqual([]);
  });

  it('keeps white space in values; trims header names', () => {
    const table = readCsv(' url ,\t"title " \n  https://a.example/ , Tents \n');
    expect(table.header).toEqual(['url', '"title "']);
    expect(fieldsOf(table)).toEqual([['  https://a.example/ ', ' Tents ']]);
    expect(readCsv('" url ","title"\nx,y').header).toEqual(['url', 'title']);
  });
});

describe('readCsv: delimiter detection', () => {
  it('detects semicolon and tab from the header', () => {
    const semi = readCsv('url;title;price\nhttps://a.example/;Tent, 2-person;1,99\n');
    expect(semi.format.delimiter).toBe(';');
    expect(fieldsOf(semi)).toEqual([['https://a.example/', 'Tent, 2-person', '1,99']]);
    const tab = readCsv('url\ttitle\nhttps://a.example/\tTents; Packs, Bags\n');
    expect(tab.format.delimiter).toBe('\t');
    expect(fieldsOf(tab)).toEqual([['https://a.example/', 'Tents; Packs, Bags']]);
  });

  it('ignores delimiters inside quoted header names', () => {
    const table = readCsv('"Title; SEO","Price; EUR",Stock\nTent,"1,99",3\n');
    expect(table.format.delimiter).toBe(',');
    expect(table.header).toEqual(['Title; SEO', 'Price; EUR', 'Stock']);
  });

  it('picks the delimiter whose count holds on the next records when the header splits both ways', () => {
    // By the header alone "," gives more fields (3), but only ";" splits the rows as it splits the header.
    const table = readCsv('name,first;name,last\nAda;Lovelace\nAlan;Turing\n');
    expect(table.format.delimiter).toBe(';');
    expect(table.header).toEqual(['name,first', 'name,last']);
    expect(fieldsOf(table)).toEqual([
      ['Ada', 'Lovelace'],
      ['Alan', 'Turing'],
    ]);
  });

  it('prefers the split into several columns over a one-column reading, even when a row is bad', () => {
    expect(() => readCsv('a,b,c\n1,2,3,4\n5,6,7\n')).toThrow('CSV:2: row has 4 fields, the header has 3 (delimiter ",")');
  });

  it('settles a tie in fields and consistency by the rarer delimiter: tab, then semicolon', () => {
    // German Excel: decimal commas in every row, a comma in a header name; "," splits it in two too.
    const table = readCsv('Artikel;Preis, EUR\nZelt;1,99\nRucksack;89,00\n');
    expect(table.format.delimiter).toBe(';');
    expect(table.header).toEqual(['Artikel', 'Preis, EUR']);
    expect(fieldsOf(table)).toEqual([
      ['Zelt', '1,99'],
      ['Rucksack', '89,00'],
    ]);
    expect(readCsv('Size\tPrice, EUR\nL\t1,99\n').header).toEqual(['Size', 'Price, EUR']);
  });

  it('passes over a delimiter that leaves stray quotes or an unusable header', () => {
    // ";" gives two fields here too, but cuts the quoted fields: `a,"b` and `c"`.
    const quoted = readCsv('a,"b;c"\n1,"2;3"\n');
    expect(quoted.format.delimiter).toBe(',');
    expect(fieldsOf(quoted)).toEqual([['1', '2;3']]);
    // ";" gives two fields here too, the second without a name.
    const named = readCsv('name,note;\nTent,light;\n');
    expect(named.format.delimiter).toBe(',');
    expect(named.header).toEqual(['name', 'note;']);
  });

  it('reads a one-column file whole even when values hold commas, and calls its format comma-separated', () => {
    const table = readCsv('url\nhttps://a.example/?size=2,3\nhttps://b.example/\n');
    expect(table.format).toEqual({ delimiter: ',', newline: '\n', bom: false });
    expect(fieldsOf(table)).toEqual([['https://a.example/?size=2,3'], ['https://b.example/']]);
    expect(readCsv('url\nx\n', { delimiter: ';' }).format.delimiter).toBe(',');
  });

  it('uses the delimiter given in options', () => {
    const table = readCsv('a;b,c\n1;2,3\n', { delimiter: ';' });
    expect(table.format.delimiter).toBe(';');
    expect(table.header).toEqual(['a', 'b,c']);
    expect(fieldsOf(readCsv('a;b,c\n1;2,3\n', { delimiter: ',' }))).toEqual([['1;2', '3']]);
  });
});

describe('readCsv: quotes', () => {
  it('unquotes fields with doubled quotes, delimiters and HTML', () => {
    const table = readCsv('url,content\nhttps://a.example/,"<p class=""lead"">Tents, packs</p>"\nhttps://b.example/,""""\n');
    expect(fieldsOf(table)).toEqual([
      ['https://a.example/', '<p class="lead">Tents, packs</p>'],
      ['https://b.example/', '"'],
    ]);
  });

  it('keeps CRLF, LF and lone CR inside quoted fields as written, and counts them as physical lines', () => {
    const table = readCsv('url,content\r\nhttps://a.example/,"one\r\ntwo\nthree\rfour"\r\nhttps://b.example/,"x\n\ny"\r\nhttps://c.example/,z\r\n');
    expect(table.format.newline).toBe('\r\n');
    expect(table.rows).toEqual([
      { line: 2, fields: ['https://a.example/', 'one\r\ntwo\nthree\rfour'] },
      { line: 6, fields: ['https://b.example/', 'x\n\ny'] },
      { line: 9, fields: ['https://c.example/', 'z'] },
    ]);
  });

  it('keeps a quote inside an unquoted field literally, as Excel does', () => {
    expect(fieldsOf(readCsv('name,size\n12" tent,a"b"\n'))).toEqual([['12" tent', 'a"b"']]);
    expect(fieldsOf(readCsv('name,size\n "quoted" ,x\n'))).toEqual([[' "quoted" ', 'x']]);
  });

  it('reads quoted empty fields and a quoted header', () => {
    const table = readCsv('"url","title"\n"",""\n');
    expect(table.header).toEqual(['url', 'title']);
    expect(fieldsOf(table)).toEqual([['', '']]);
  });

  it('throws at the line where a quote opened and never closed, even when skipping bad rows', () => {
    const text = 'url,content\nhttps://a.example/,ok\nhttps://b.example/,"<p>\nstill open\nhttps://c.example/,x\n';
    const expected = {
      message: 'shop.csv:3: quote opened on line 3 is never closed; a quote inside a quoted field must be doubled (""), or the file was cut short',
      line: 3,
    };
    expect(csvError(() => readCsv(text, { file: 'shop.csv' }))).toEqual(expected);
    expect(csvError(() => readCsv(text, { file: 'shop.csv', skipBadRows: true }))).toEqual(expected);
  });

  it('finds the opening line of an unclosed quote after quoted newlines', () => {
    expect(csvError(() => readCsv('a,b\n"x\ny",1\n2,"\n'))).toEqual({
      message: 'CSV:4: quote opened on line 4 is never closed; a quote inside a quoted field must be doubled (""), or the file was cut short',
      line: 4,
    });
  });

  it('treats text after a closing quote as a bad row and stays in step with the next lines', () => {
    const text = 'name,size\n"The 12" tent",L\nPack,M\n';
    expect(csvError(() => readCsv(text))).toEqual({
      message:
        'CSV:2: field 1 (name) has text after its closing quote; a quote inside a quoted field must be doubled (""); check the row\'s delimiters and quotes, or pass --skip-bad-rows to skip bad rows',
      line: 2,
    });
    expect(readCsv(text, { skipBadRows: true })).toEqual({
      format: { delimiter: ',', newline: '\n', bom: false },
      header: ['name', 'size'],
      rows: [{ line: 3, fields: ['Pack', 'M'] }],
      bad: [{ line: 2, message: 'CSV:2: field 1 (name) has text after its closing quote; a quote inside a quoted field must be doubled ("")', raw: '"The 12" tent",L' }],
    });
  });

  it('rejects text after a closing quote in the header', () => {
    expect(csvError(() => readCsv('"url"x,title\n1,2\n', { delimiter: ',' }))).toEqual({
      message: 'CSV:1: header field 1 has text after its closing quote; a quote inside a quoted field must be doubled ("")',
      line: 1,
    });
  });
});

describe('readCsv: header', () => {
  it('rejects an empty file, one with only a BOM, and one with only blank lines', () => {
    expect(csvError(() => readCsv(''))).toEqual({ message: 'CSV:1: empty file', line: 1 });
    expect(csvError(() => readCsv(new Uint8Array([0xef, 0xbb, 0xbf]), { file: 'pages.csv' }))).toEqual({ message: 'pages.csv:1: empty file', line: 1 });
    expect(csvError(() => readCsv(new Uint8Array()))).toEqual({ message: 'CSV:1: empty file', line: 1 });
    expect(csvError(() => readCsv('\r\n\n'))).toEqual({ message: 'CSV:1: empty file', line: 1 });
  });

  it('reads the header after leading blank lines, on its own line number', () => {
    const table = readCsv('\n\nurl\nhttps://a.example/\n');
    expect(table.header).toEqual(['url']);
    expect(table.rows).toEqual([{ line: 4, fields: ['https://a.example/'] }]);
  });

  it('rejects an empty header name, hinting at a trailing delimiter when it is the last', () => {
    expect(csvError(() => readCsv('url, ,title\n1,2,3\n', { file: 'a.csv' }))).toEqual({
      message: 'a.csv:1: column 2 has an empty name in the header; every column needs a name',
      line: 1,
    });
    expect(csvError(() => readCsv('\nurl,title,\n1,2,\n', { file: 'a.csv' }))).toEqual({
      message: 'a.csv:2: column 3 has an empty name in the header (a delimiter at the end of the header line?); every column needs a name',
      line: 2,
    });
    expect(csvError(() => readCsv('""\nx\n'))).toEqual({ message: 'CSV:1: column 1 has an empty name in the header; every column needs a name', line: 1 });
  });

  it('rejects duplicate header names (after trimming), naming both columns', () => {
    expect(csvError(() => readCsv('url,title,h1, title\n1,2,3,4\n', { file: 'a.csv' }))).toEqual({
      message: 'a.csv:1: columns 2 and 4 are both named "title"; rename one so every column has its own name',
      line: 1,
    });
  });

  it('tells different letter case apart', () => {
    expect(readCsv('Title,title\n1,2\n').header).toEqual(['Title', 'title']);
  });
});

describe('readCsv: a title line above the header', () => {
  const older = readFileSync(new URL('../../fixtures/exports/screaming-frog-internal-html-older.csv', import.meta.url));

  it('reads an older Screaming Frog export: the title line is the preamble, the header is line 2, rows keep their physical lines', () => {
    const table = readCsv(older, { file: 'internal_html.csv' });
    expect(table.preamble).toEqual({ line: 1, text: 'Internal - HTML' });
    expect(table.format).toEqual({ delimiter: ',', newline: '\r\n', bom: false });
    expect(table.header).toHaveLength(48);
    expect(table.header.slice(0, 7)).toEqual(['Address', 'Content', 'Status Code', 'Status', 'Indexability', 'Indexability Status', 'Title 1']);
    expect(table.bad).toEqual([]);
    // The stove's meta description holds a line break, so the rows after it start a line later.
    expect(table.rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 9, 10, 11]);
    expect(table.rows.every((r) => r.fields.length === 48)).toBe(true);
    expect(table.rows[0]!.fields.slice(0, 7)).toEqual(['https://northpine.example/', 'text/html; charset=utf-8', '200', 'OK', 'Indexable', '', 'Northpine Outdoor — Tents, Sleeping Bags & Trail Gear']);
    expect(table.rows[7]!.fields[0]).toBe('https://northpine.example/products/old-winter-sale');
  });

  it('reads a title line above an unquoted header, and one above a header with no rows', () => {
    expect(readCsv('Internal - HTML\nAddress,Title 1\nhttps://a.example/,Tents\n')).toEqual({
      format: { delimiter: ',', newline: '\n', bom: false },
      preamble: { line: 1, text: 'Internal - HTML' },
      header: ['Address', 'Title 1'],
      rows: [{ line: 3, fields: ['https://a.example/', 'Tents'] }],
      bad: [],
    });
    expect(readCsv('"Internal - HTML"\r\n"Address","Title 1"\r\n')).toEqual({
      format: { delimiter: ',', newline: '\r\n', bom: false },
      preamble: { line: 1, text: 'Internal - HTML' },
      header: ['Address', 'Title 1'],
      rows: [],
      bad: [],
    });
  });

  it('counts blank lines before and after the title line', () => {
    const table = readCsv('\n"Internal - HTML"\n\nAddress,Title 1\nhttps://a.example/,Tents\n');
    expect(table.preamble).toEqual({ line: 2, text: 'Internal - HTML' });
    expect(table.rows).toEqual([{ line: 5, fields: ['https://a.example/', 'Tents'] }]);
  });

  it('detects the delimiter from the header line, not from the title line', () => {
    // The title splits by "," but the header and the rows by ";" only.
    const table = readCsv('Crawl of shop, May 2024\nurl;title\nhttps://a.example/;Tents, packs\nhttps://b.example/;Bags\n');
    expect(table.format.delimiter).toBe(';');
    expect(table.preamble).toEqual({ line: 1, text: 'Crawl of shop, May 2024' });
    expect(table.header).toEqual(['url', 'title']);
    expect(fieldsOf(table)).toEqual([
      ['https://a.example/', 'Tents, packs'],
      ['https://b.example/', 'Bags'],
    ]);
    expect(readCsv('Internal - HTML\nurl\ttitle\nhttps://a.example/\tTents, packs\n').format.delimiter).toBe('\t');
  });

  it('prefers a delimiter that splits the first line like the rest over one that would make it a title line', () => {
    // By ";" the first line is one field and the row three: a title above a three-column header.
    const table = readCsv('col a,col b\nx;y;z,w\n');
    expect(table.format.delimiter).toBe(',');
    expect(table.preamble).toBeUndefined();
    expect(table.header).toEqual(['col a', 'col b']);
    expect(fieldsOf(table)).toEqual([['x;y;z', 'w']]);
  });

  it('leaves a one-column file as it is', () => {
    expect(readCsv('url\nhttps://a.example/\nhttps://b.example/\n')).toEqual({
      format: { delimiter: ',', newline: '\n', bom: false },
      header: ['url'],
      rows: [
        { line: 2, fields: ['https://a.example/'] },
        { line: 3, fields: ['https://b.example/'] },
      ],
      bad: [],
    });
    expect(readCsv('"Internal - HTML"\r\n"url"\r\n"https://a.example/"\r\n').header).toEqual(['Internal - HTML']);
  });

  it('does not take a one-field line for a title when the rows after the next line do not line up with it', () => {
    const ragged = '"Internal - HTML"\r\n"Address","Title 1","H1-1"\r\n"https://a.example/","Tents"\r\n';
    expect(csvError(() => readCsv(ragged, { file: 'internal_html.csv' }))).toEqual({
      message: 'internal_html.csv:2: row has 3 fields, the header has 1 (delimiter ","); check the row\'s delimiters and quotes, or pass --skip-bad-rows to skip bad rows',
      line: 2,
    });
  });

  it('decides on the title line from the header and the 10 records after it; a bad row after those is refused at its line', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `https://a.example/${i},T${i}`);
    const text = ['Internal - HTML', 'Address,Title 1', ...rows, 'https://a.example/x,T,extra'].join('\n');
    expect(csvError(() => readCsv(text))).toEqual({
      message: 'CSV:13: row has 3 fields, the header has 2 (delimiter ","); check the row\'s delimiters and quotes, or pass --skip-bad-rows to skip bad rows',
      line: 13,
    });
    const table = readCsv(text, { skipBadRows: true });
    expect(table.preamble).toEqual({ line: 1, text: 'Internal - HTML' });
    expect(table.rows).toHaveLength(10);
    expect(table.bad.map((b) => b.line)).toEqual([13]);
    // The same bad row as the 10th record after the header: no title line, and as before the title
    // line is read as a one-column header that the next line does not fit.
    const early = ['"Internal - HTML"', '"Address","Title 1"', ...rows.slice(1), 'https://a.example/x,T,extra'].join('\n');
    expect(csvError(() => readCsv(early)).message).toBe('CSV:2: row has 2 fields, the header has 1 (delimiter ","); check the row\'s delimiters and quotes, or pass --skip-bad-rows to skip bad rows');
  });

  it('checks the header after a title line like any header, at its line', () => {
    expect(csvError(() => readCsv('"Internal - HTML"\nAddress,Title 1,\nx,y,\n'))).toEqual({
      message: 'CSV:2: column 3 has an empty name in the header (a delimiter at the end of the header line?); every column needs a name',
      line: 2,
    });
  });
});

describe('readCsv: encodings that must not be guessed, and titles that are not', () => {
  it('a UTF-8 file with one stray byte is refused, naming the byte, not read as windows-1252', () => {
    const bytes = Buffer.concat([Buffer.from('url,title\nhttps://s.example/a,Größe für Damen\n', 'utf8'), Buffer.from([0x41, 0xa0, 0x0a])]);
    expect(() => readCsv(bytes, { file: 'mixed.csv' })).toThrow(/^mixed\.csv:3: not valid UTF-8: byte 0xA0 at line 3, column 2 \(byte offset 50\)/);
  });

  // Issue 17 #16: one UTF-8 "é" and one stray byte were read as windows-1252, "Café" as "CafÃ©".
  it('a UTF-8 file with as many broken bytes as intact characters is refused, naming file, line, column, offset and byte', () => {
    const bytes = Buffer.concat([Buffer.from('url,title\nhttps://s.example/a,Café\nhttps://s.example/b,Ma', 'utf8'), Buffer.from([0xdf, 0x0a])]);
    expect(() => readCsv(bytes, { file: 'one.csv' })).toThrow(
      'one.csv:3: not valid UTF-8: byte 0xDF at line 3, column 23 (byte offset 58), in a file that is otherwise UTF-8 (1 UTF-8 character such as "é"); ' +
        'the byte is damaged or the file mixes encodings, and read as windows-1252 every accent would be garbled. Fix the byte, or re-save the file as UTF-8 (in Excel: Save As "CSV UTF-8")',
    );
    // A character cut short (the last byte of "€" lost) counts once, not once a byte.
    const cut = Buffer.concat([Buffer.from('url,title\nhttps://s.example/a,Café\nhttps://s.example/b,9 ', 'utf8'), Buffer.from([0xe2, 0x82, 0x0a])]);
    expect(() => readCsv(cut, { file: 'cut.csv' })).toThrow(/^cut\.csv:3: not valid UTF-8: byte 0xE2 at line 3, column 23 \(byte offset 58\)/);
  });

  it('windows-1252 text with an accidental UTF-8 pair ("Straße“" is 0xDF 0x93) among ten lone accents is still windows-1252', () => {
    // Latin-1 bytes, but for „ and “: their windows-1252 bytes.
    const text = 'url,title\nhttps://s.example/a,"„Straße“ für Männer, Größe, Café, Crème brûlée, Señor, Ärger"\n';
    const bytes = Buffer.from(text.replace('„', '\x84').replace('“', '\x93'), 'latin1');
    const t = readCsv(bytes, { file: 'win.csv' });
    expect(t.format.encoding).toBe('windows-1252');
    expect(t.rows[0]!.fields[1]).toBe('„Straße“ für Männer, Größe, Café, Crème brûlée, Señor, Ärger');
  });

  it('windows-1252 text with an accidental UTF-8 pair and few other accents is windows-1252: "ß“" is an N\'Ko letter as UTF-8, no evidence', () => {
    const bytes = Buffer.from('url,title\nhttps://s.example/a,Stra\xdf\x93 f\xfcr\n', 'latin1');
    const t = readCsv(bytes, { file: 'short.csv' });
    expect(t.format.encoding).toBe('windows-1252');
    expect(t.rows[0]!.fields[1]).toBe('Straß“ für');
  });

  it('a file with more broken spots than UTF-8 characters is refused without calling it "otherwise UTF-8"', () => {
    const bytes = Buffer.concat([Buffer.from('url,title\nhttps://s.example/a,Café\nhttps://s.example/b,', 'utf8'), Buffer.from('Gr\xf6\xdfe f\xfcr\n', 'latin1')]);
    expect(() => readCsv(bytes, { file: 'mix.csv' })).toThrow(
      'mix.csv:3: not valid UTF-8 (byte 0xF6 at line 3, column 23 (byte offset 58); 3 broken spots beside 1 UTF-8 character such as "é"), and not clearly windows-1252 either: ' +
        'the file may mix encodings, and either reading would garble some accents. Re-save the file as UTF-8 (in Excel: Save As "CSV UTF-8")',
    );
  });

  it('a non-UTF-8 file whose lines end in CR alone (Excel "CSV (Macintosh)", Mac Roman) is refused', () => {
    // "Größe" in Mac Roman: ö = 0x9A, ß = 0xA7.
    const bytes = Buffer.from([...Buffer.from('url,title\rhttps://s.example/a,Gr'), 0x9a, 0xa7, ...Buffer.from('e\r')]);
    expect(() => readCsv(bytes, { file: 'mac.csv' })).toThrow(
      'mac.csv:2: not UTF-8 (byte 0x9A at byte offset 32), and its lines end in CR alone, as Excel\'s "CSV (Macintosh)" writes them in Mac Roman; re-export the file as UTF-8 (in Excel: Save As "CSV UTF-8")',
    );
  });

  it('a title line Excel re-saved with empty fields after it is still a title', () => {
    const t = readCsv('Internal - HTML,,,\nAddress,Status Code,Title 1,H1-1\nhttps://s.example/,200,Home,Welcome\n');
    expect(t.preamble).toEqual({ line: 1, text: 'Internal - HTML' });
    expect(t.header).toEqual(['Address', 'Status Code', 'Title 1', 'H1-1']);
  });

  it('a one-column list of URLs holding ";" is one column, not a title above a header of URLs', () => {
    const t = readCsv('url\nhttps://shop.example/a;jsessionid=1\nhttps://shop.example/b;jsessionid=2\n');
    expect(t.preamble).toBeUndefined();
    expect(t.header).toEqual(['url']);
    expect(t.rows.map((r) => r.fields)).toEqual([['https://shop.example/a;jsessionid=1'], ['https://shop.example/b;jsessionid=2']]);
  });
});

describe('readCsv: bad rows', () => {
  const text = [
    'url,title,h1,content,keywords,price,stock',
    'https://a.example/,A,A,x,k,1,2',
    'https://b.example/,B,B,x,k',
    'https://c.example/,C,C,"multi',
    'line",k,1,2,extra',
    '',
    'https://d.example/,D,D,x,k,1,2',
  ].join('\n');

  it('throws on the first row whose field count differs, with a hint', () => {
    expect(csvError(() => readCsv(text, { file: 'export.csv' }))).toEqual({
      message: 'export.csv:3: row has 5 fields, the header has 7 (delimiter ","); check the row\'s delimiters and quotes, or pass --skip-bad-rows to skip bad rows',
      line: 3,
    });
  });

  it('with skipBadRows, records each bad row with its raw text and goes on', () => {
    const table = readCsv(text, { file: 'export.csv', skipBadRows: true });
    expect(table.rows).toEqual([
      { line: 2, fields: ['https://a.example/', 'A', 'A', 'x', 'k', '1', '2'] },
      { line: 7, fields: ['https://d.example/', 'D', 'D', 'x', 'k', '1', '2'] },
    ]);
    expect(table.bad).toEqual([
      { line: 3, message: 'export.csv:3: row has 5 fields, the header has 7 (delimiter ",")', raw: 'https://b.example/,B,B,x,k' },
      { line: 4, message: 'export.csv:4: row has 8 fields, the header has 7 (delimiter ",")', raw: 'https://c.example/,C,C,"multi\nline",k,1,2,extra' },
    ]);
  });

  it('says "1 field" and names the tab delimiter', () => {
    expect(readCsv('a\tb\nlonely\n', { skipBadRows: true }).bad).toEqual([{ line: 2, message: 'CSV:2: row has 1 field, the header has 2 (delimiter tab)', raw: 'lonely' }]);
  });

  it('keeps the raw text of a CRLF file without its line ending', () => {
    expect(readCsv('a;b\r\n1;2;3\r\n4;5\r\n', { skipBadRows: true })).toEqual({
      format: { delimiter: ';', newline: '\r\n', bom: false },
      header: ['a', 'b'],
      rows: [{ line: 3, fields: ['4', '5'] }],
      bad: [{ line: 2, message: 'CSV:2: row has 3 fields, the header has 2 (delimiter ";")', raw: '1;2;3' }],
    });
  });
});

describe('readCsv: bytes', () => {
  const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

  it('reads UTF-8 bytes, and records and strips a BOM', () => {
    const plain = readCsv(utf8('url,title\nhttps://a.example/,Größe 🏕️\n'));
    expect(plain.format.bom).toBe(false);
    expect(fieldsOf(plain)).toEqual([['https://a.example/', 'Größe 🏕️']]);
    const withBom = readCsv(utf8('\uFEFFurl,title\nhttps://a.example/,Zelt\n'));
    expect(withBom.format).toEqual({ delimiter: ',', newline: '\n', bom: true });
    expect(withBom.header).toEqual(['url', 'title']);
  });

  it('records and strips a BOM at the start of a string', () => {
    const table = readCsv('\uFEFFurl;title\r\n');
    expect(table.format).toEqual({ delimiter: ';', newline: '\r\n', bom: true });
    expect(table.header).toEqual(['url', 'title']);
  });

  it('decodes UTF-16LE and UTF-16BE with a BOM', () => {
    const text = 'url\ttitle\r\nhttps://a.example/\tGröße 🏕️\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    be[0] = 0xfe;
    be[1] = 0xff;
    for (const bytes of [le, be]) {
      expect(readCsv(bytes)).toEqual({
        format: { delimiter: '\t', newline: '\r\n', bom: true },
        header: ['url', 'title'],
        rows: [{ line: 2, fields: ['https://a.example/', 'Größe 🏕️'] }],
        bad: [],
      });
    }
  });

  it('reads bytes without a BOM that are not UTF-8 as windows-1252, and says so in the format', () => {
    // "Café" in Windows-1252 on physical line 4 (a quoted newline comes first): é is the single byte 0xE9.
    const bytes = Buffer.concat([Buffer.from('url,title\n"https://a.example/","a\nb"\nhttps://b.example/,Caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(readCsv(bytes, { file: 'win.csv' })).toEqual({
      format: { delimiter: ',', newline: '\n', bom: false, encoding: 'windows-1252' },
      header: ['url', 'title'],
      rows: [
        { line: 2, fields: ['https://a.example/', 'a\nb'] },
        { line: 4, fields: ['https://b.example/', 'Café'] },
      ],
      bad: [],
    });
    // 0x80-0x9F are windows-1252's own letters and marks, not Latin-1 control characters.
    const marks = Buffer.from([0x61, 0x0a, 0x80, 0x96, 0x93, 0x94, 0x85, 0x99, 0x8a, 0x9f, 0xa0, 0xff, 0x0a]);
    expect(fieldsOf(readCsv(marks))).toEqual([['€–“”…™ŠŸ\u00a0ÿ']]);
    expect(readCsv(Buffer.from('a\nb\n')).format.encoding).toBeUndefined();
  });

  it('rejects bytes that are neither UTF-8 nor windows-1252, naming both bytes, at the line of the first', () => {
    // As above, plus 0x81, which windows-1252 leaves undefined, on line 5.
    const bytes = Buffer.concat([Buffer.from('url,title\n"https://a.example/","a\nb"\nhttps://b.example/,Caf'), Buffer.from([0xe9]), Buffer.from('\nx,'), Buffer.from([0x81]), Buffer.from('\n')]);
    expect(csvError(() => readCsv(bytes, { file: 'win.csv' }))).toEqual({
      message:
        'win.csv:4: neither UTF-8 (byte 0xE9 at byte offset 59 is not valid UTF-8) nor windows-1252 (byte 0x81 at byte offset 63 is undefined in it); re-export the file as UTF-8 (in Excel: Save As "CSV UTF-8")',
      line: 4,
    });
  });

  it('does not fall back to windows-1252 after a UTF-8 BOM', () => {
    const bytes = Buffer.concat([Buffer.from('\uFEFFurl\nCaf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(csvError(() => readCsv(bytes, { file: 'bom.csv' }))).toEqual({
      message:
        'bom.csv:2: not valid UTF-8 (byte 0xE9 at byte offset 10); the file is probably in another encoding such as Windows-1252: re-export it as UTF-8 (in Excel: Save As "CSV UTF-8")',
      line: 2,
    });
  });

  it('counts the BOM in the byte offset and catches truncated, overlong and surrogate sequences', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const ascii = [...Buffer.from('a\r\n')];
    const offsetOf = (bad: number[]): string => csvError(() => readCsv(new Uint8Array([...bom, ...ascii, ...bad]))).message.split(';')[0]!;
    expect(offsetOf([0xc3])).toBe('CSV:2: not valid UTF-8 (byte 0xC3 at byte offset 6)');
    expect(offsetOf([0x41, 0xc0, 0xaf])).toBe('CSV:2: not valid UTF-8 (byte 0xC0 at byte offset 7)');
    expect(offsetOf([0xed, 0xa0, 0x80])).toBe('CSV:2: not valid UTF-8 (byte 0xED at byte offset 6)');
    expect(offsetOf([0xf0, 0x9f, 0x8f])).toBe('CSV:2: not valid UTF-8 (byte 0xF0 at byte offset 6)');
  });

  it('rejects broken UTF-16 with its offset and line', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\nb', 'utf16le'), Buffer.from([0x3c, 0xd8]), Buffer.from('c', 'utf16le')]);
    expect(csvError(() => readCsv(bytes))).toEqual({ message: 'CSV:2: not valid UTF-16 (byte offset 8); re-export the file as UTF-8', line: 2 });
  });

  it('names a workbook and UTF-16 without a BOM instead of parsing garbage', () => {
    expect(csvError(() => readCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), { file: 'shop.xlsx' }))).toEqual({
      message: 'shop.xlsx:1: this is a ZIP archive (an Excel .xlsx workbook?), not CSV text; save it as "CSV UTF-8" first',
      line: 1,
    });
    expect(csvError(() => readCsv(Buffer.from('url\n', 'utf16le')))).toEqual({
      message: 'CSV:1: this looks like UTF-16 text without a byte order mark; re-export the file as UTF-8',
      line: 1,
    });
  });
});

describe('readCsv: speed', () => {
  it('parses a 12,000-row export with HTML cells in linear time (well under a second; the bound allows a loaded machine)', () => {
    const html = '<div class="product">\n  <h2>Features</h2>\r\n  <ul><li>Waterproof, "breathable" shell</li><li>450 g; packs small</li></ul>\n  <p>' + 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20) + '</p>\n</div>';
    const header = ['Handle', 'Title', 'Body (HTML)', 'Vendor', 'SEO Title', 'SEO Description'];
    const rows = Array.from({ length: 12_000 }, (_, i) => [`tent-${i}`, `Tent ${i}, 2-person`, html, 'Northpine', `Tent ${i} | Shop`, `A "light" tent, no. ${i}`]);
    const bytes = Buffer.from(writeCsv({ delimiter: ',', newline: '\r\n', bom: true }, header, rows));
    const started = performance.now();
    const table = readCsv(bytes);
    const ms = performance.now() - started;
    expect(table.rows).toHaveLength(12_000);
    expect(table.rows[11_999]).toEqual({ line: 2 + 11_999 * 5, fields: rows[11_999] });
    // About 0.2 s here; a scan that went back over the text per row would take minutes. bench has the figures.
    expect(ms).toBeLessThan(8000);
  });
});
