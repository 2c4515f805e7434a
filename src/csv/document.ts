// A CSV file as a document that can be written back losslessly: untouched, toBytes() gives the
// input's bytes; with cells changed, only those cells' bytes differ. Exports are re-imported by
// shops and crawlers whose importers care about every byte (an all-quoted Screaming Frog file, a
// windows-1252 file from Excel, UTF-16 with tabs), and a user comparing the file we give back with
// theirs must see exactly the cells we changed. writeCsv re-serialises a table and cannot promise
// that; this keeps the decoded text and replaces only the changed fields' spans in it.
import { scanCsv, WINDOWS_1252_HIGH, type CsvBadRow, type CsvDelimiter, type CsvEncoding, type CsvFormat, type CsvPreamble, type RawRecord } from './read.js';

export type { CsvEncoding, CsvPreamble } from './read.js';

export interface CsvCellChange {
  /** Index in `rows`, and in `header`. */
  row: number;
  column: number;
  /** The value in the file as read, and the value set. */
  before: string;
  after: string;
}

export interface CsvDocument {
  /** How the bytes were decoded; toBytes() encodes the same way, with the same BOM. */
  encoding: CsvEncoding;
  format: CsvFormat;
  /** The title line above the header, as readCsv reports it; toBytes() keeps it as it was. */
  preamble?: CsvPreamble;
  header: string[];
  /**
   * The rows as readCsv reads them. `fields` shows the current values, set() ones included;
   * change cells only through set(), which toBytes() follows (editing `fields` directly does not).
   */
  rows: { line: number; fields: string[] }[];
  /** Rows skipped as malformed (options.skipBadRows); toBytes() keeps them as they were. */
  bad: CsvBadRow[];
  /**
   * Sets the cell of rows[row], column header[column]. A value equal to the one read undoes any
   * change. Throws when the value cannot be written in the document's encoding.
   */
  set(row: number, column: number, value: string): void;
  /** The changed cells in file order. */
  changed(): CsvCellChange[];
  /** The file's bytes: the input itself when nothing changed. */
  toBytes(): Uint8Array;
}

export interface CsvDocumentOptions {
  /** Names the file in messages; 'CSV' when absent. */
  file?: string;
  /** Record malformed rows in `bad` and go on instead of throwing on the first one. */
  skipBadRows?: boolean;
  /** Overrides delimiter detection. */
  delimiter?: CsvDelimiter;
}

/** Reads a CSV file as readCsv does (same errors, rows and bad rows), keeping it for toBytes(). */
export function parseCsvDocument(bytes: Uint8Array, options: CsvDocumentOptions = {}): CsvDocument {
  return new Document(bytes, options);
}

class Document implements CsvDocument {
  readonly encoding: CsvEncoding;
  readonly format: CsvFormat;
  readonly preamble?: CsvPreamble;
  readonly header: string[];
  readonly rows: { line: number; fields: string[] }[];
  readonly bad: CsvBadRow[];
  private readonly bytes: Uint8Array;
  private readonly text: string;
  private readonly records: RawRecord[];
  /** Changed cells by row, then column; a row is present only while it has a change. */
  private readonly edits = new Map<number, Map<number, string>>();

  constructor(bytes: Uint8Array, options: CsvDocumentOptions) {
    const scan = scanCsv(bytes, options);
    // A copy: the caller's buffer may be reused, and toBytes() must give what was read.
    this.bytes = Uint8Array.from(bytes);
    this.text = scan.text;
    this.encoding = scan.encoding;
    this.format = scan.format;
    // Only when there is one, as in readCsv's table: the text before the header is copied as read.
    if (scan.preamble) this.preamble = scan.preamble;
    this.header = scan.header;
    this.records = scan.rows;
    this.rows = scan.rows.map((record) => ({ line: record.line, fields: [...record.fields] }));
    this.bad = scan.bad;
  }

  set(row: number, column: number, value: string): void {
    const record = this.records[row];
    const shown = this.rows[row];
    if (!record || !shown) throw new RangeError(`CsvDocument.set: there is no row ${row}; the document has ${this.records.length}`);
    const before = record.fields[column];
    if (before === undefined) throw new RangeError(`CsvDocument.set: there is no column ${column}; the header has ${this.header.length}`);
    this.checkEncodable(row, column, value);
    const edits = this.edits.get(row) ?? new Map<number, string>();
    if (value === before) edits.delete(column);
    else edits.set(column, value);
    if (edits.size > 0) this.edits.set(row, edits);
    else this.edits.delete(row);
    shown.fields[column] = value;
  }

  changed(): CsvCellChange[] {
    const changes: CsvCellChange[] = [];
    for (const row of [...this.edits.keys()].sort((a, b) => a - b)) {
      const edits = this.edits.get(row)!;
      for (const column of [...edits.keys()].sort((a, b) => a - b)) {
        changes.push({ row, column, before: this.records[row]!.fields[column]!, after: edits.get(column)! });
      }
    }
    return changes;
  }

  toBytes(): Uint8Array {
    if (this.edits.size === 0) return Uint8Array.from(this.bytes);
    // The text between changed fields is copied as read: other fields, delimiters, line endings,
    // blank lines, bad rows and a missing final newline stay as they were.
    const parts: string[] = [];
    let copied = 0;
    for (const { row, column, after } of this.changed()) {
      const record = this.records[row]!;
      const { start, end } = fieldSpan(record, column);
      const quoted = this.text.charCodeAt(start) === QUOTE;
      parts.push(this.text.slice(copied, start), this.fieldText(record, after, quoted));
      copied = end;
    }
    parts.push(this.text.slice(copied));
    return encode(parts.join(''), this.encoding, this.format.bom);
  }

  /**
   * A changed value as field text: quoted when the field was (an all-quoted export stays all
   * quoted) or when the value needs it, by writeCsv's rule: the delimiter, a quote or a line break
   * in it, or white space at either end. A one-column file has no delimiter for a reader to see,
   * so there any delimiter readCsv could detect is quoted too, and so is an empty value, which
   * unquoted would be a blank line that readers skip.
   */
  private fieldText(record: RawRecord, value: string, quoted: boolean): string {
    const oneColumn = record.fields.length === 1;
    const special = oneColumn ? /[,;\t"\r\n]|^\s|\s$/ : mustQuote(this.format.delimiter);
    const needs = special.test(value) || (oneColumn && value === '');
    return quoted || needs ? `"${value.replace(/"/g, '""')}"` : value;
  }

  /** Refuses what the file's encoding cannot hold, rather than writing '?' in the user's data. */
  private checkEncodable(row: number, column: number, value: string): void {
    const where = (): string => `row ${row + 1} (line ${this.rows[row]!.line}), column "${this.header[column]}"`;
    const lone = /[\uD800-\uDFFF]/u.exec(value);
    if (lone) throw new Error(`the value for ${where()} holds a lone UTF-16 surrogate (U+${codePoint(lone[0])}), which no encoding can write`);
    if (this.encoding !== 'windows-1252') return;
    for (const char of value) {
      if (windows1252Byte(char) === undefined) {
        throw new Error(
          `the value for ${where()} holds "${char}" (U+${codePoint(char)}), which this windows-1252 file cannot hold; re-export the file as UTF-8 (in Excel: Save As "CSV UTF-8") to write it`,
        );
      }
    }
  }
}

const QUOTE = 0x22;

const codePoint = (char: string): string => char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

/** Where field `column` of a record is in the text, quotes included. */
function fieldSpan(record: RawRecord, column: number): { start: number; end: number } {
  const start = record.starts[column]!;
  const next = record.starts[column + 1];
  // Fields are separated by one delimiter character.
  return { start, end: next === undefined ? record.end : next - 1 };
}

function mustQuote(delimiter: CsvDelimiter): RegExp {
  return new RegExp(`[${delimiter === '\t' ? '\\t' : delimiter}"\\r\\n]|^\\s|\\s$`);
}

// ---------------------------------------------------------------------------------------------
// Text to bytes

/** The byte of a character in windows-1252, or undefined when it has none. */
const WINDOWS_1252_BYTES = new Map<string, number>(WINDOWS_1252_HIGH.flatMap((char, i) => (char === '' ? [] : [[char, 0x80 + i] as const])));

function windows1252Byte(char: string): number | undefined {
  const c = char.codePointAt(0)!;
  // 0x80-0x9F are other characters in windows-1252, so U+0080-U+009F have no byte.
  if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) return c;
  return WINDOWS_1252_BYTES.get(char);
}

/**
 * The text in the encoding it was read in, BOM first when it had one. Decoding was strict (no
 * replacement characters), so encoding the text read gives back its bytes exactly.
 */
function encode(text: string, encoding: CsvEncoding, bom: boolean): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'windows-1252': {
      // Every character was checked by set(), or decoded from a defined byte.
      const out = Buffer.alloc(text.length);
      for (let i = 0; i < text.length; i++) out[i] = windows1252Byte(text[i]!)!;
      return out;
    }
  }
}
