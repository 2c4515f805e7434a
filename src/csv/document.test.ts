import { readdirSync, readFileSync } from 'node:fs';
import { rng as random } from '../testing/random.js';
import { describe, expect, it } from 'vitest';
import { parseCsvDocument, type CsvEncoding } from './document.js';
import { CsvError, readCsv } from './read.js';

// The tests' own windows-1252 encoder, independent of the one under test: the characters used
// here above 0x7F that are not Latin-1, with their bytes from the windows-1252 code page chart.
const CP1252: Record<string, number> = { '€': 0x80, '„': 0x84, '…': 0x85, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '™': 0x99 };

function encodeAs(text: string, encoding: CsvEncoding, bom: boolean): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
    case 'utf-16le':
      return Buffer.from('\uFEFF' + text, 'utf16le');
    case 'utf-16be':
      return Buffer.from('\uFEFF' + text, 'utf16le').swap16();
    case 'windows-1252':
      return Buffer.from(
        [...text].map((c) => {
          const code = CP1252[c] ?? c.charCodeAt(0);
          if (code > 0xff || (code >= 0x80 && code < 0xa0 && CP1252[c] === undefined)) throw new Error(`test encoder: no windows-1252 byte for ${c}`);
          return code;
        }),
      );
  }
}

/** The bytes as a Buffer, so a failing comparison shows them. */
const bytesOf = (bytes: Uint8Array): Buffer => Buffer.from(bytes);

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}

describe('parseCsvDocument: files from real exporters', () => {
  // A Screaming Frog "Internal: HTML" export: UTF-8 with BOM, CRLF, every field quoted (numbers and empty ones too).
  const frog =
    '"Address","Content Type","Status Code","Indexability","Title 1","Meta Description 1","H1-1","Word Count","Meta Robots 1"\r\n' +
    '"https://shop.example/","text/html; charset=utf-8","200","Indexable","Northpine Outdoor | Tents, Packs & More","","Welcome","412","index, follow"\r\n' +
    '"https://shop.example/tents/","text/html; charset=utf-8","200","Indexable","Tents","Our ""lightest"" tents.","Tents","980",""\r\n';

  it('gives back an all-quoted Screaming Frog export byte for byte, and reads its values', () => {
    const input = encodeAs(frog, 'utf-8', true);
    const doc = parseCsvDocument(input, { file: 'internal_html.csv' });
    expect(doc.encoding).toBe('utf-8');
    expect(doc.format).toEqual({ delimiter: ',', newline: '\r\n', bom: true });
    expect(doc.header).toEqual(['Address', 'Content Type', 'Status Code', 'Indexability', 'Title 1', 'Meta Description 1', 'H1-1', 'Word Count', 'Meta Robots 1']);
    expect(doc.rows[1]).toEqual({ line: 3, fields: ['https://shop.example/tents/', 'text/html; charset=utf-8', '200', 'Indexable', 'Tents', 'Our "lightest" tents.', 'Tents', '980', ''] });
    expect(doc.changed()).toEqual([]);
    expect(bytesOf(doc.toBytes())).toEqual(input);
  });

  it('writes a changed cell quoted like the rest of the export, and only that cell differs', () => {
    const doc = parseCsvDocument(encodeAs(frog, 'utf-8', true));
    doc.set(0, 5, 'Tents, packs and the 12" trail tent – tested.');
    doc.set(1, 4, 'Tents'); // the value it has: no change
    doc.set(1, 7, '1020'); // needs no quotes, gets them like every field of the file
    expect(doc.changed()).toEqual([
      { row: 0, column: 5, before: '', after: 'Tents, packs and the 12" trail tent – tested.' },
      { row: 1, column: 7, before: '980', after: '1020' },
    ]);
    expect(doc.rows[0]!.fields[5]).toBe('Tents, packs and the 12" trail tent – tested.');
    doc.set(1, 7, '980');
    const expected = frog.replace('& More","",', '& More","Tents, packs and the 12"" trail tent – tested.",');
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs(expected, 'utf-8', true));
    doc.set(1, 7, '1020');
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs(expected.replace('"980"', '"1020"'), 'utf-8', true));
    doc.set(1, 7, '980');
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs(expected, 'utf-8', true));
    // Set back to what was read, the document is unchanged again.
    doc.set(0, 5, '');
    expect(doc.changed()).toEqual([]);
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs(frog, 'utf-8', true));
  });

  // An older Screaming Frog export: the tab's name on a line of its own above the header, CRLF, all quoted.
  const older = readFileSync(new URL('../../fixtures/exports/screaming-frog-internal-html-older.csv', import.meta.url));

  it('reads an older Screaming Frog export below its title line and gives it back byte for byte', () => {
    const doc = parseCsvDocument(older, { file: 'internal_html.csv' });
    expect(doc.preamble).toEqual({ line: 1, text: 'Internal - HTML' });
    expect(doc.format).toEqual({ delimiter: ',', newline: '\r\n', bom: false });
    expect(doc.header).toHaveLength(48);
    expect(doc.rows).toHaveLength(8);
    expect(doc.rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 9, 10, 11]);
    expect(bytesOf(doc.toBytes())).toEqual(older);
  });

  it('writes a changed Title 1 below the title line, and only that cell differs', () => {
    const doc = parseCsvDocument(older);
    const title = doc.header.indexOf('Title 1');
    expect(title).toBe(6);
    expect(doc.rows[3]!.fields[0]).toBe('https://northpine.example/products/trail-runner-gtx');
    doc.set(3, title, 'Trail Runner GTX — Waterproof Trail Shoe | Northpine');
    expect(doc.changed()).toEqual([{ row: 3, column: 6, before: '', after: 'Trail Runner GTX — Waterproof Trail Shoe | Northpine' }]);
    const row = '"https://northpine.example/products/trail-runner-gtx","text/html; charset=utf-8","200","OK","Indexable","",';
    const text = older.toString('utf8');
    expect(text.split(row + '""').length).toBe(2);
    const expected = Buffer.from(text.replace(row + '""', row + '"Trail Runner GTX — Waterproof Trail Shoe | Northpine"'), 'utf8');
    expect(bytesOf(doc.toBytes())).toEqual(expected);
    expect(parseCsvDocument(doc.toBytes()).preamble).toEqual({ line: 1, text: 'Internal - HTML' });
  });

  // German Excel "CSV (Trennzeichen-getrennt)": windows-1252, semicolons, CRLF, quotes only where needed.
  const win = 'Name;Beschreibung;Preis\r\nZelt "Fjäll";"Leicht – 2 Personen; „robust“";199 €\r\nCafé-Set;Kocher, Topf;“49,90” €\r\n';

  it('reads a windows-1252 file and gives it back byte for byte', () => {
    const input = encodeAs(win, 'windows-1252', false);
    expect(input.includes(Buffer.from([0x31, 0x39, 0x39, 0x20, 0x80, 0x0d, 0x0a]))).toBe(true); // "199 €\r\n": € is the single byte 0x80
    const doc = parseCsvDocument(input);
    expect(doc.encoding).toBe('windows-1252');
    expect(doc.format).toEqual({ delimiter: ';', newline: '\r\n', bom: false, encoding: 'windows-1252' });
    expect(doc.rows.map((r) => r.fields)).toEqual([
      ['Zelt "Fjäll"', 'Leicht – 2 Personen; „robust“', '199 €'],
      ['Café-Set', 'Kocher, Topf', '“49,90” €'],
    ]);
    expect(bytesOf(doc.toBytes())).toEqual(input);
  });

  it('writes a changed value in windows-1252, quoting it only when it needs it', () => {
    const doc = parseCsvDocument(encodeAs(win, 'windows-1252', false));
    doc.set(1, 1, 'Kocher; Topf – “leicht”, 2 €');
    doc.set(1, 0, 'Café-Set Deluxe');
    const expected = win.replace('Café-Set;Kocher, Topf;', 'Café-Set Deluxe;"Kocher; Topf – “leicht”, 2 €";');
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs(expected, 'windows-1252', false));
    expect(readCsv(doc.toBytes()).rows[1]!.fields).toEqual(['Café-Set Deluxe', 'Kocher; Topf – “leicht”, 2 €', '“49,90” €']);
  });

  it('refuses a character windows-1252 cannot hold, naming the cell and the character, and changes nothing', () => {
    const input = encodeAs(win, 'windows-1252', false);
    const doc = parseCsvDocument(input);
    const error = thrown(() => doc.set(0, 1, 'Leicht ✓'));
    expect(error.message).toBe(
      'the value for row 1 (line 2), column "Beschreibung" holds "✓" (U+2713), which this windows-1252 file cannot hold; re-export the file as UTF-8 (in Excel: Save As "CSV UTF-8") to write it',
    );
    // U+0080-U+009F are not the bytes 0x80-0x9F: those are other characters in windows-1252.
    expect(thrown(() => doc.set(1, 0, 'x\u0080')).message).toContain('holds "\u0080" (U+0080), which this windows-1252 file cannot hold');
    expect(doc.changed()).toEqual([]);
    expect(doc.rows[0]!.fields[1]).toBe('Leicht – 2 Personen; „robust“');
    expect(bytesOf(doc.toBytes())).toEqual(input);
  });

  // Excel "Unicode Text": UTF-16LE with BOM, tab-separated, CRLF.
  const unicode = 'Handle\tTitle\tSEO Title\r\ntent-1\tTrail Tent 🏕️, 2-person\t\r\nstove\t"Stove\tkit"\tStove | Größe S\r\n';

  it('gives back UTF-16LE and UTF-16BE tab-separated files byte for byte, and writes changes in the same encoding', () => {
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      const input = encodeAs(unicode, encoding, true);
      const doc = parseCsvDocument(input);
      expect(doc.encoding).toBe(encoding);
      expect(doc.format).toEqual({ delimiter: '\t', newline: '\r\n', bom: true });
      expect(doc.rows.map((r) => r.fields)).toEqual([
        ['tent-1', 'Trail Tent 🏕️, 2-person', ''],
        ['stove', 'Stove\tkit', 'Stove | Größe S'],
      ]);
      expect(bytesOf(doc.toBytes())).toEqual(input);
      doc.set(0, 2, 'Trail Tent ✓ | Northpine');
      doc.set(1, 2, 'Stove\tkit | Größe S');
      const expected = unicode.replace('2-person\t\r\n', '2-person\tTrail Tent ✓ | Northpine\r\n').replace('\tStove | Größe S', '\t"Stove\tkit | Größe S"');
      expect(bytesOf(doc.toBytes())).toEqual(encodeAs(expected, encoding, true));
    }
  });

  it('keeps a missing final newline', () => {
    const text = 'url,title\nhttps://a.example/,A\nhttps://b.example/,B';
    const doc = parseCsvDocument(encodeAs(text, 'utf-8', false));
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs(text, 'utf-8', false));
    doc.set(1, 1, 'B, and C');
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs('url,title\nhttps://a.example/,A\nhttps://b.example/,"B, and C"', 'utf-8', false));
  });

  it('keeps mixed line endings, blank lines and line breaks inside fields', () => {
    const text = '\r\nurl,title\r\nhttps://a.example/,A\n\nhttps://b.example/,B\rhttps://c.example/,"multi\r\nline"\r\n\n';
    const doc = parseCsvDocument(encodeAs(text, 'utf-8', false));
    expect(doc.rows).toEqual([
      { line: 3, fields: ['https://a.example/', 'A'] },
      { line: 5, fields: ['https://b.example/', 'B'] },
      { line: 6, fields: ['https://c.example/', 'multi\r\nline'] },
    ]);
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs(text, 'utf-8', false));
    doc.set(2, 1, 'one line');
    doc.set(0, 1, 'A\nB');
    const expected = '\r\nurl,title\r\nhttps://a.example/,"A\nB"\n\nhttps://b.example/,B\rhttps://c.example/,"one line"\r\n\n';
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs(expected, 'utf-8', false));
  });

  it('keeps rows skipped as bad as they were, and refuses them as readCsv does without skipBadRows', () => {
    const text = 'url;title\r\nhttps://a.example/;A\r\nhttps://b.example/;B;extra\r\n"https://c.example/"x;C\r\nhttps://d.example/;D\r\n';
    const input = encodeAs(text, 'utf-8', false);
    const doc = parseCsvDocument(input, { file: 'pages.csv', skipBadRows: true });
    expect(doc.rows).toEqual([
      { line: 2, fields: ['https://a.example/', 'A'] },
      { line: 5, fields: ['https://d.example/', 'D'] },
    ]);
    expect(doc.bad).toEqual([
      { line: 3, message: 'pages.csv:3: row has 3 fields, the header has 2 (delimiter ";")', raw: 'https://b.example/;B;extra' },
      { line: 4, message: 'pages.csv:4: field 1 (url) has text after its closing quote; a quote inside a quoted field must be doubled ("")', raw: '"https://c.example/"x;C' },
    ]);
    expect(bytesOf(doc.toBytes())).toEqual(input);
    doc.set(1, 1, 'D; new');
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs(text.replace('/;D', '/;"D; new"'), 'utf-8', false));
    const error = thrown(() => parseCsvDocument(input, { file: 'pages.csv' }));
    expect(error).toBeInstanceOf(CsvError);
    expect(error.message).toBe(thrown(() => readCsv(input, { file: 'pages.csv' })).message);
  });

  it('uses the delimiter given in options', () => {
    const doc = parseCsvDocument(encodeAs('a;b,c\n1;2,3\n', 'utf-8', false), { delimiter: ',' });
    expect(doc.header).toEqual(['a;b', 'c']);
    doc.set(0, 0, '1,5');
    expect(bytesOf(doc.toBytes())).toEqual(encodeAs('a;b,c\n"1,5",3\n', 'utf-8', false));
  });
});

describe('CsvDocument.set', () => {
  it('quotes a value in an unquoted field when it holds the delimiter, a quote, a line break or edge white space, and only then', () => {
    const text = 'a,b,c,d,e,f\n1,2,3,4,5,6\n';
    const doc = parseCsvDocument(encodeAs(text, 'utf-8', false));
    doc.set(0, 0, 'x,y');
    doc.set(0, 1, 'say "hi"');
    doc.set(0, 2, 'cr\ronly');
    doc.set(0, 3, ' lead');
    doc.set(0, 4, 'x;y\ttab');
    doc.set(0, 5, 'trail ');
    expect(bytesOf(doc.toBytes()).toString()).toBe('a,b,c,d,e,f\n"x,y","say ""hi""","cr\ronly"," lead",x;y\ttab,"trail "\n');
    expect(readCsv(doc.toBytes()).rows[0]!.fields).toEqual(['x,y', 'say "hi"', 'cr\ronly', ' lead', 'x;y\ttab', 'trail ']);
  });

  it('in a one-column file, quotes any delimiter and an empty value', () => {
    const doc = parseCsvDocument(encodeAs('url\r\na\r\nb\r\nc\r\n', 'utf-8', false));
    doc.set(0, 0, '');
    doc.set(1, 0, 'x;y');
    doc.set(2, 0, 'plain');
    expect(bytesOf(doc.toBytes()).toString()).toBe('url\r\n""\r\n"x;y"\r\nplain\r\n');
    expect(readCsv(doc.toBytes()).rows.map((r) => r.fields)).toEqual([[''], ['x;y'], ['plain']]);
  });

  it('lists changes in file order with the value read and the value set; the last set wins', () => {
    const doc = parseCsvDocument(encodeAs('a,b\n1,2\n3,4\n', 'utf-8', false));
    doc.set(1, 1, 'x');
    doc.set(0, 1, 'y');
    doc.set(0, 0, 'z');
    doc.set(0, 1, 'w');
    expect(doc.changed()).toEqual([
      { row: 0, column: 0, before: '1', after: 'z' },
      { row: 0, column: 1, before: '2', after: 'w' },
      { row: 1, column: 1, before: '4', after: 'x' },
    ]);
    expect(doc.rows.map((r) => r.fields)).toEqual([
      ['z', 'w'],
      ['3', 'x'],
    ]);
  });

  it('throws for a row or column that does not exist, and for a lone surrogate', () => {
    const doc = parseCsvDocument(encodeAs('a,b\n1,2\n', 'utf-8', false));
    expect(thrown(() => doc.set(1, 0, 'x'))).toBeInstanceOf(RangeError);
    expect(thrown(() => doc.set(0, 2, 'x')).message).toBe('CsvDocument.set: there is no column 2; the header has 2');
    expect(thrown(() => doc.set(0, 1, 'a\uD83Cb')).message).toBe('the value for row 1 (line 2), column "b" holds a lone UTF-16 surrogate (U+D83C), which no encoding can write');
    expect(doc.changed()).toEqual([]);
  });

  it('returns a copy of the input, not affected by later changes to the caller\'s buffer', () => {
    const input = encodeAs('a,b\n1,2\n', 'utf-8', false);
    const doc = parseCsvDocument(input);
    input[0] = 0x7a;
    expect(bytesOf(doc.toBytes()).toString()).toBe('a,b\n1,2\n');
  });
});

// ---------------------------------------------------------------------------------------------
// Generated files


const NEWLINES = ['\r\n', '\n', '\r'] as const;
const ASCII_PIECES = ['a', 'b', 'Z', '7', ' ', ',', ';', '\t', '"', '""', '\n', '\r', '\r\n', 'x y', '<p class="lead">'];
const WIN_PIECES = ['é', 'ü', 'ß', '€', '–', '“', '”', '…', '„', '—', '™', '\u00a0'];
const UNICODE_PIECES = [...WIN_PIECES, '✓', '🏕️', '中文', 'Größe'];
/**
 * In a windows-1252 file an accented letter right before a symbol ("ß“" is 0xDF 0x93) is also
 * well-formed UTF-8; enough of them make the file ambiguous, and it is refused (read.ts,
 * clearlyWindows1252). In real text a letter follows an accented one, as here.
 */
const WIN_FILE_PIECES = WIN_PIECES.map((p) => (/\p{L}/u.test(p) ? `${p}n` : p));
const TITLES = ['Internal - HTML', '"Internal - HTML"', '"Export: ""all"" pages"'];

interface Generated {
  encoding: CsvEncoding;
  bom: boolean;
  delimiter: ',' | ';' | '\t';
  /** A title line above the header, as written (quoted or not) with its line ending; '' for none. */
  title: string;
  /** header first, then the rows */
  records: string[][];
  quoted: boolean[][];
  /** Blank lines before each record, and the line ending after it ('' for none); then blank lines at the end. */
  before: string[];
  endings: string[];
  trailing: string;
}

function needsQuote(value: string, delimiter: string, oneColumn: boolean): boolean {
  if (oneColumn) return value === '' || /[,;\t"\r\n]|^\s|\s$/.test(value);
  return value.includes(delimiter) || /["\r\n]|^\s|\s$/.test(value);
}

function generate(next: () => number): Generated {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const encoding = pick(['utf-8', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const);
  const bom = encoding.startsWith('utf-16') || (encoding === 'utf-8' && next() < 0.5);
  const delimiter = pick([',', ';', '\t'] as const);
  const columns = next() < 0.1 ? 1 : 2 + Math.floor(next() * 5);
  const pieces = [...ASCII_PIECES, ...(encoding === 'windows-1252' ? WIN_FILE_PIECES : UNICODE_PIECES)];
  const value = (): string => Array.from({ length: Math.floor(next() * 7) }, () => pick(pieces)).join('');
  // Header names hold no delimiter, so only the delimiter used splits the header (detection is
  // then certain); a windows-1252 file gets a '€' after ASCII, which no UTF-8 reader accepts.
  const header = Array.from({ length: columns }, (_, i) => (i === 0 && encoding === 'windows-1252' ? 'Preis €' : `col ${i}${pick(['', 'é', '“x”'])}`));
  const rowCount = Math.floor(next() * 8);
  const records = [header, ...Array.from({ length: rowCount }, () => Array.from({ length: columns }, value))];
  // Older Screaming Frog exports name the tab above the header; one field, with no delimiter.
  // A non-UTF-8 file whose lines end in CR alone is refused as Mac Roman ("CSV (Macintosh)"):
  // windows-1252 files here use CRLF or LF.
  const newlines = encoding === 'windows-1252' ? (['\r\n', '\n'] as const) : NEWLINES;
  const title = columns > 1 && next() < 0.3 ? pick(TITLES) + pick(newlines) : '';
  const mode = pick(['all', 'minimal', 'random', 'random'] as const);
  const quoted = records.map((fields) => fields.map((v) => needsQuote(v, delimiter, columns === 1) || mode === 'all' || (mode === 'random' && next() < 0.5)));
  const mainNewline = pick(newlines);
  const mixed = next() < 0.3;
  const endings: string[] = records.map(() => (mixed ? pick(newlines) : mainNewline));
  if (next() < 0.3) endings[endings.length - 1] = '';
  const blank = (after: string): string => {
    if (next() > 0.15) return '';
    // After a lone CR a blank LF would make the pair one CRLF ending.
    const line = after === '\r' ? pick(['\r', '\r\n'] as const) : pick(newlines);
    return line;
  };
  const before = records.map((_, i) => (i === 0 ? blank(title === '' ? '' : title.slice(-1)) : blank(endings[i - 1]!)));
  const trailing = endings[endings.length - 1] === '' ? '' : blank(endings[endings.length - 1]!);
  return { encoding, bom, delimiter, title, records, quoted, before, endings, trailing };
}

/** A generated title line's value: its line ending removed, unquoted. */
function titleValue(title: string): string {
  const line = title.replace(/\r?\n$|\r$/, '');
  return line.startsWith('"') ? line.slice(1, -1).replace(/""/g, '"') : line;
}

function serialise(g: Generated): string {
  const field = (v: string, q: boolean): string => (q ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = g.records.map((fields, r) => g.before[r]! + fields.map((v, c) => field(v, g.quoted[r]![c]!)).join(g.delimiter) + g.endings[r]!);
  return g.title + lines.join('') + g.trailing;
}

/** Byte offset where each record (its blank lines first) starts in the encoded file, then the file's length. */
function recordOffsets(g: Generated): number[] {
  const text = serialise(g);
  const ends: number[] = [];
  for (let r = 0; r <= g.records.length; r++) ends.push(serialise({ ...g, records: g.records.slice(0, r), trailing: '' }).length);
  ends[ends.length - 1] = text.length;
  return ends.map((chars) => encodeAs(text.slice(0, chars), g.encoding, g.bom).length);
}

describe('parseCsvDocument: generated files', () => {
  it('gives back 400 generated files byte for byte, and after random changes differs only in the changed cells', () => {
    const next = random(20240607);
    const encodings = new Set<string>();
    let changedCells = 0;
    let titled = 0;
    for (let n = 0; n < 400; n++) {
      const g = generate(next);
      if (g.title !== '') titled++;
      const input = encodeAs(serialise(g), g.encoding, g.bom);
      const context = `file ${n}: ${JSON.stringify(serialise(g))} (${g.encoding})`;
      const doc = parseCsvDocument(input);
      expect(doc.encoding, context).toBe(g.encoding);
      expect(doc.format, context).toEqual({
        delimiter: g.records[0]!.length === 1 ? ',' : g.delimiter,
        newline: g.endings[0] || '\n',
        bom: g.bom,
        ...(g.encoding === 'windows-1252' ? { encoding: 'windows-1252' } : {}),
      });
      expect(doc.preamble, context).toEqual(g.title === '' ? undefined : { line: 1, text: titleValue(g.title) });
      expect(doc.header, context).toEqual(g.records[0]);
      expect(doc.rows.map((r) => r.fields), context).toEqual(g.records.slice(1));
      expect(bytesOf(doc.toBytes()), context).toEqual(input);
      encodings.add(g.encoding + (g.bom ? '+bom' : ''));

      // Change random cells; the file expected is the same file with those fields written quoted
      // when they were quoted or when their value needs it, every other byte as it was.
      const rows = g.records.length - 1;
      if (rows === 0) continue;
      const pieces = [...ASCII_PIECES, ...(g.encoding === 'windows-1252' ? WIN_FILE_PIECES : UNICODE_PIECES)];
      const expected: Generated = { ...g, records: g.records.map((r) => [...r]), quoted: g.quoted.map((r) => [...r]) };
      const edits = 1 + Math.floor(next() * 4);
      for (let e = 0; e < edits; e++) {
        const row = Math.floor(next() * rows);
        const column = Math.floor(next() * g.records[0]!.length);
        const value = next() < 0.1 ? g.records[row + 1]![column]! : Array.from({ length: Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]!).join('');
        doc.set(row, column, value);
        expected.records[row + 1]![column] = value;
        expected.quoted[row + 1]![column] = g.quoted[row + 1]![column]! || needsQuote(value, g.delimiter, g.records[0]!.length === 1);
      }
      const changes = expected.records.flatMap((fields, r) => fields.flatMap((v, c) => (r > 0 && v !== g.records[r]![c] ? [{ row: r - 1, column: c, before: g.records[r]![c]!, after: v }] : [])));
      changedCells += changes.length;
      expect(doc.changed(), context).toEqual(changes);
      for (const { row, column } of changes) {
        expect(expected.quoted[row + 1]![column], context).toBe(g.quoted[row + 1]![column] || needsQuote(expected.records[row + 1]![column]!, g.delimiter, g.records[0]!.length === 1));
      }
      const out = doc.toBytes();
      expect(bytesOf(out), context).toEqual(encodeAs(serialise(expected), g.encoding, g.bom));
      // Records without a change (with their blank lines and line ending) are byte for byte those of the input.
      const inputAt = recordOffsets(g);
      const outAt = recordOffsets(expected);
      for (let r = 0; r < g.records.length; r++) {
        if (changes.some((c) => c.row === r - 1)) continue;
        expect(bytesOf(out.subarray(outAt[r]!, outAt[r + 1]!)), context).toEqual(input.subarray(inputAt[r]!, inputAt[r + 1]!));
      }
      const again = parseCsvDocument(out);
      expect(again.preamble, context).toEqual(doc.preamble);
      expect(again.header, context).toEqual(g.records[0]);
      expect(again.rows.map((r) => r.fields), context).toEqual(expected.records.slice(1));
      expect(again.encoding, context).toBe(g.encoding);
    }
    expect([...encodings].sort()).toEqual(['utf-16be+bom', 'utf-16le+bom', 'utf-8', 'utf-8+bom', 'windows-1252']);
    expect(changedCells).toBeGreaterThan(300);
    expect(titled).toBeGreaterThan(50);
  });
});

describe('parseCsvDocument: the sample exports', () => {
  const dir = new URL('../../fixtures/exports/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));

  it('every sample export (Screaming Frog, Shopify, WooCommerce, Excel) comes back byte for byte', () => {
    expect(files.length).toBe(10);
    for (const f of files) {
      const bytes = readFileSync(new URL(f, dir));
      expect(Buffer.from(parseCsvDocument(bytes, { file: f }).toBytes()).equals(bytes), f).toBe(true);
    }
  });
});
