// A strict CSV reader: RFC 4180 plus what real exports (Excel, Screaming Frog, Shopify,
// WooCommerce) do. It never guesses silently: bytes that are neither UTF-8 nor windows-1252, a
// quote that never closes, a header that cannot name every column, or a row whose fields do not
// line up with the header are errors with the file and line — or, for rows, entries in `bad` when
// the caller asks to skip them — so a user's data is never dropped or shifted into the wrong
// column unnoticed. A title line some exporters write above the header (older Screaming Frog:
// `"Internal - HTML"`) is recognised only by its shape — one field, then a header whose field count
// every following record of the sample repeats — and reported in `preamble`, never dropped silently.
import { CsvError, decode, WINDOWS_1252_HIGH, type CsvEncoding } from './decode.js';

export { CsvError, WINDOWS_1252_HIGH, type CsvEncoding };

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvFormat {
  /**
   * The delimiter that separates the header's columns. A one-column file has none to see, so it
   * says ',' whatever split its lines: written back with commas (quoted where a value holds one)
   * it reads the same, and it could not be read back as ';' or tab from the text alone.
   */
  delimiter: CsvDelimiter;
  /**
   * Line ending used by the file, read from the end of the header line; '\n' when the file has one
   * line. '\r' is the classic-Mac ending some Excel versions still write ("CSV (Macintosh)").
   */
  newline: '\r\n' | '\n' | '\r';
  /** The file started with a byte order mark (UTF-8, or UTF-16 which is decoded). */
  bom: boolean;
  /**
   * 'windows-1252' when the bytes were read as windows-1252 (no BOM, not valid UTF-8); absent for
   * Unicode (UTF-8, or UTF-16 as its BOM says) and for text. Only this case is named: written back
   * as UTF-8 such a file's accented letters change bytes, so a caller that cares must know.
   */
  encoding?: 'windows-1252';
  // The character that quotes fields is always '"'.
}

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvBadRow {
  line: number;
  message: string;
  /** The record exactly as written in the file, without its line ending. */
  raw: string;
}

/**
 * A title line above the header (older Screaming Frog exports name the tab there: "Internal -
 * HTML"): its physical line and its value. It is not data; it is reported so that a caller can show
 * it, and kept in the file written back (document.ts).
 */
export interface CsvPreamble {
  line: number;
  text: string;
}

export interface CsvTable {
  format: CsvFormat;
  /** The title line above the header; absent when the header is the first record. */
  preamble?: CsvPreamble;
  header: string[];
  rows: CsvRow[];
  bad: CsvBadRow[];
}

/** How the bytes of a file were decoded (see decode). */

export interface CsvReadOptions {
  /** Names the file in messages; 'CSV' when absent. */
  file?: string;
  /** Overrides delimiter detection. */
  delimiter?: CsvDelimiter;
  /** Record malformed rows in `bad` and go on instead of throwing on the first one. */
  skipBadRows?: boolean;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/**
 * Candidates in the order that wins a tie: the one rarer in ordinary text first. A tab in a CSV is
 * nearly always a delimiter; a semicolon file is full of decimal commas (`Zelt;1,99`), so a
 * header like `Artikel;Preis, EUR` splits into two by either and must go to ';'.
 */
const DELIMITERS: readonly CsvDelimiter[] = ['\t', ';', ','];
/** How many records after the header delimiter detection, and title line detection, look at. */
const DETECT_RECORDS = 10;

/**
 * Reads a CSV export: bytes (UTF-8, or UTF-16 with a BOM) or text. Throws CsvError for what cannot
 * be read at all (encoding, an unclosed quote, the header) and for the first malformed row unless
 * options.skipBadRows, which lists such rows in `bad` instead.
 */
export function readCsv(input: string | Uint8Array, options: CsvReadOptions = {}): CsvTable {
  const { format, preamble, header, rows, bad } = scanCsv(input, options);
  return { format, ...(preamble ? { preamble } : {}), header, rows: rows.map((record) => ({ line: record.line, fields: record.fields })), bad };
}

/**
 * What readCsv reads, with what it takes to rewrite the file losslessly (document.ts): the decoded
 * text (BOM removed), its encoding, and each row's record with where its fields are in that text.
 */
export interface CsvScan {
  text: string;
  encoding: CsvEncoding;
  format: CsvFormat;
  preamble?: CsvPreamble;
  header: string[];
  rows: RawRecord[];
  bad: CsvBadRow[];
}

/** readCsv's work, keeping the records; same errors, same rows, same bad rows. */
export function scanCsv(input: string | Uint8Array, options: CsvReadOptions = {}): CsvScan {
  const file = options.file ?? 'CSV';
  const { text, bom, encoding } = decode(input, file);
  const delimiter = options.delimiter ?? detectDelimiter(text, file);
  const scanner = new RecordScanner(text, delimiter, file);

  let head = scanner.next();
  if (!head) throw new CsvError(`${file}:1: empty file`, 1);
  let preamble: CsvPreamble | undefined;
  if (isTitleLine(sampleRecords(text, delimiter, file))) {
    preamble = { line: head.line, text: head.fields[0]! };
    // The sample holds the header after the title, so this record exists.
    head = scanner.next()!;
  }
  if (head.afterQuote !== undefined) {
    throw new CsvError(`${file}:${head.line}: header ${afterQuoteProblem(head.afterQuote, undefined)}`, head.line);
  }
  const header = head.fields.map((name) => name.trim());
  checkHeader(header, head.line, file);
  const format: CsvFormat = { delimiter: header.length === 1 ? ',' : delimiter, newline: head.newline ?? '\n', bom };
  if (encoding === 'windows-1252') format.encoding = encoding;

  const rows: RawRecord[] = [];
  const bad: CsvBadRow[] = [];
  for (let record = scanner.next(); record; record = scanner.next()) {
    const problem = recordProblem(record, header, delimiter);
    if (problem === undefined) {
      rows.push(record);
      continue;
    }
    const message = `${file}:${record.line}: ${problem}`;
    if (!options.skipBadRows) {
      throw new CsvError(`${message}; check the row's delimiters and quotes, or pass --skip-bad-rows to skip bad rows`, record.line);
    }
    bad.push({ line: record.line, message, raw: text.slice(record.start, record.end) });
  }
  return { text, encoding, format, ...(preamble ? { preamble } : {}), header, rows, bad };
}

// ---------------------------------------------------------------------------------------------
// Records

export interface RawRecord {
  fields: string[];
  /**
   * Offset in the text where each field starts, its opening quote included. A field ends one
   * character before the next one starts (at its delimiter); the last one ends at `end`.
   */
  starts: number[];
  /** Physical line where the record starts. */
  line: number;
  /** Offsets of the record's text in the file, line ending excluded. */
  start: number;
  end: number;
  /** The line ending after the record; undefined at the end of the file. */
  newline: '\r\n' | '\n' | '\r' | undefined;
  /** 1-based field that has text after its closing quote (`"a"b`), which RFC 4180 forbids. */
  afterQuote: number | undefined;
  /** Some unquoted field holds a quote: legal here, but a sign of the wrong delimiter. */
  strayQuote: boolean;
}

/**
 * Reads records one at a time. Unquoted fields are slices of the text; quoted fields are scanned
 * for the closing quote while counting line breaks, so line numbers stay physical. Blank lines
 * between records are skipped.
 */
class RecordScanner {
  private pos = 0;
  private line = 1;
  private readonly delim: number;

  constructor(
    private readonly text: string,
    delimiter: CsvDelimiter,
    private readonly file: string,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  next(): RawRecord | undefined {
    const t = this.text;
    const n = t.length;
    this.skipBlankLines();
    if (this.pos >= n) return undefined;
    const record: RawRecord = { fields: [], starts: [], line: this.line, start: this.pos, end: n, newline: undefined, afterQuote: undefined, strayQuote: false };
    for (;;) {
      record.starts.push(this.pos);
      if (t.charCodeAt(this.pos) === QUOTE) {
        let value = this.quoted();
        const c = t.charCodeAt(this.pos);
        if (this.pos < n && c !== this.delim && c !== LF && c !== CR) {
          // `"a"b`: keep scanning to the field's end so the rest of the file stays in step; the
          // record is reported as bad, never used with these fields.
          record.afterQuote ??= record.fields.length + 1;
          const from = this.pos;
          value += t.slice(from, this.unquotedEnd(record));
        }
        record.fields.push(value);
      } else {
        const from = this.pos;
        record.fields.push(t.slice(from, this.unquotedEnd(record)));
      }
      if (this.pos >= n) return record;
      const c = t.charCodeAt(this.pos);
      if (c === this.delim) {
        this.pos++;
        continue;
      }
      record.end = this.pos;
      if (c === CR && t.charCodeAt(this.pos + 1) === LF) {
        record.newline = '\r\n';
        this.pos += 2;
      } else {
        record.newline = c === CR ? '\r' : '\n';
        this.pos++;
      }
      this.line++;
      return record;
    }
  }

  private skipBlankLines(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === LF) this.pos++;
      else if (c === CR) this.pos += t.charCodeAt(this.pos + 1) === LF ? 2 : 1;
      else return;
      this.line++;
    }
  }

  /** Moves past an unquoted field and returns its end: the next delimiter, line break or EOF. */
  private unquotedEnd(record: RawRecord): number {
    const t = this.text;
    const n = t.length;
    const d = this.delim;
    let p = this.pos;
    for (; p < n; p++) {
      const c = t.charCodeAt(p);
      if (c === d || c === LF || c === CR) break;
      if (c === QUOTE) record.strayQuote = true;
    }
    this.pos = p;
    return p;
  }

  /** The value of the quoted field at pos, `""` unescaped; moves past its closing quote. */
  private quoted(): string {
    const t = this.text;
    const n = t.length;
    const openLine = this.line;
    let line = this.line;
    let p = this.pos + 1;
    let from = p;
    let value = '';
    for (;;) {
      if (p >= n) {
        throw new CsvError(
          `${this.file}:${openLine}: quote opened on line ${openLine} is never closed; a quote inside a quoted field must be doubled (""), or the file was cut short`,
          openLine,
        );
      }
      const c = t.charCodeAt(p);
      if (c === QUOTE) {
        if (t.charCodeAt(p + 1) === QUOTE) {
          value += t.slice(from, p + 1);
          p += 2;
          from = p;
          continue;
        }
        value += t.slice(from, p);
        this.pos = p + 1;
        this.line = line;
        return value;
      }
      if (c === LF || (c === CR && t.charCodeAt(p + 1) !== LF)) line++;
      p++;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Delimiter, header, rows

/**
 * The delimiter that splits the header into several fields and the next records into as many,
 * without quote trouble. The header is the second record where that delimiter makes the first a
 * title line (isTitleLine), so a title's lack of delimiters does not hide the header's. Ranked by:
 * more than one header field; every sampled record has the header's count; no title line (a
 * delimiter that splits the first line as it splits the rest reads the file as it is, before one
 * that needs the first line set aside); the header names are usable (none empty, none twice); no
 * stray quotes (a quote mid-field usually means a quoted field was cut by the wrong delimiter);
 * most header fields; then the order of DELIMITERS. The header's usability ranks below its field
 * count so that a header with a trailing delimiter is reported as such, not read as one column
 * named "a,b,c,".
 */
function detectDelimiter(text: string, file: string): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; rank: number[] } | undefined;
  for (const delimiter of DELIMITERS) {
    const rank = delimiterRank(text, delimiter, file);
    if (!best || compareRanks(rank, best.rank) > 0) best = { delimiter, rank };
  }
  return best?.delimiter ?? ',';
}

function delimiterRank(text: string, delimiter: CsvDelimiter, file: string): number[] {
  const sample = sampleRecords(text, delimiter, file);
  const title = isTitleLine(sample);
  const [head, ...rest] = title ? sample.slice(1) : sample.slice(0, DETECT_RECORDS + 1);
  if (!head || head.afterQuote !== undefined) return [0, 0, 0, 0, 0, 0];
  const names = head.fields.map((name) => name.trim());
  const usable = !names.includes('') && new Set(names).size === names.length;
  const count = head.fields.length;
  let stray = head.strayQuote;
  let consistent = true;
  for (const record of rest) {
    if (record.fields.length !== count || record.afterQuote !== undefined) consistent = false;
    if (record.strayQuote) stray = true;
  }
  return [count > 1 ? 1 : 0, consistent ? 1 : 0, title ? 0 : 1, usable ? 1 : 0, stray ? 0 : 1, count];
}

/**
 * The first records of the text as `delimiter` splits them: enough for a title line, the header
 * and DETECT_RECORDS records after it. A quote that never closes ends the sample: the records
 * before it still count, and the real parse reports the quote (with a header that cannot be read,
 * the delimiter cannot either).
 */
function sampleRecords(text: string, delimiter: CsvDelimiter, file: string): RawRecord[] {
  const scanner = new RecordScanner(text, delimiter, file);
  const sample: RawRecord[] = [];
  try {
    while (sample.length < DETECT_RECORDS + 2) {
      const record = scanner.next();
      if (!record) break;
      sample.push(record);
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
  }
  return sample;
}

/**
 * Whether the first sampled record is a title line above the header: it is one field (not broken
 * by text after a quote), the next record has several, and every record after that in the sample
 * has as many (or there is none). A real one-column file has one field in every record, and a
 * one-field line followed by rows that do not line up is not read as a title: the mismatch is
 * reported as it would be without this rule, rather than a guess that the header is somewhere else.
 */
function isTitleLine(sample: readonly RawRecord[]): boolean {
  const [first, header, ...rows] = sample;
  if (!first || !header || first.afterQuote !== undefined || header.fields.length < 2) return false;
  // One field, or one followed by empty ones (Excel re-saves every row out to the widest).
  if (first.fields[0]?.trim() === '' || first.fields.slice(1).some((f) => f !== '')) return false;
  // A header names columns: a line of URLs is data (a one-column URL list whose URLs hold ";").
  if (header.fields.some((f) => /^\s*https?:\/\//i.test(f))) return false;
  return rows.every((record) => record.fields.length === header.fields.length);
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Every column needs a distinct name: rows are read by header name, and we write by it. */
function checkHeader(header: string[], line: number, file: string): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') {
      const trailing = i === header.length - 1 && header.length > 1 ? ' (a delimiter at the end of the header line?)' : '';
      throw new CsvError(`${file}:${line}: column ${i + 1} has an empty name in the header${trailing}; every column needs a name`, line);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new CsvError(`${file}:${line}: columns ${first} and ${i + 1} are both named "${name}"; rename one so every column has its own name`, line);
    }
    seen.set(name, i + 1);
  });
}

/** Why a record cannot be a row, without the `file:line: ` prefix; undefined when it can. */
function recordProblem(record: RawRecord, header: string[], delimiter: CsvDelimiter): string | undefined {
  if (record.afterQuote !== undefined) return afterQuoteProblem(record.afterQuote, header[record.afterQuote - 1]);
  if (record.fields.length !== header.length) {
    const name = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
    return `row has ${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, the header has ${header.length} (delimiter ${name})`;
  }
  return undefined;
}

function afterQuoteProblem(field: number, column: string | undefined): string {
  const which = column === undefined ? `field ${field}` : `field ${field} (${column})`;
  return `${which} has text after its closing quote; a quote inside a quoted field must be doubled ("")`;
}
