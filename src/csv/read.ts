// A strict CSV reader: RFC 4180 plus what real exports (Excel, Screaming Frog, Shopify,
// WooCommerce) do. It never guesses silently: bytes that are neither UTF-8 nor windows-1252, a
// quote that never closes, a header that cannot name every column, or a row whose fields do not
// line up with the header are errors with the file and line — or, for rows, entries in `bad` when
// the caller asks to skip them — so a user's data is never dropped or shifted into the wrong
// column unnoticed. A title line some exporters write above the header (older Screaming Frog:
// `"Internal - HTML"`) is recognised only by its shape — one field, then a header whose field count
// every following record of the sample repeats — and reported in `preamble`, never dropped silently.
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

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
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface CsvReadOptions {
  /** Names the file in messages; 'CSV' when absent. */
  file?: string;
  /** Overrides delimiter detection. */
  delimiter?: CsvDelimiter;
  /** Record malformed rows in `bad` and go on instead of throwing on the first one. */
  skipBadRows?: boolean;
}

/** A CSV that cannot be read as it is. The message starts with `${file}:${line}: `. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
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
// Bytes to text

interface Decoded {
  text: string;
  bom: boolean;
  /** 'utf-8' for text input, which has no bytes. */
  encoding: CsvEncoding;
}

/**
 * The text of the file, BOM removed. Bytes are UTF-8 unless a UTF-16 BOM says otherwise, or unless
 * they are not valid UTF-8 and have no BOM: then they are windows-1252 (what Excel's "CSV (Comma
 * delimited)" writes on Western systems) when they are clearly no UTF-8 (clearlyWindows1252) and
 * none of the five bytes windows-1252 leaves undefined occurs. Valid UTF-8 is never read as
 * windows-1252: real windows-1252 text with accents is almost never valid UTF-8, while the reverse
 * guess would turn every accented letter into mojibake. Anything else is an error rather than a guess.
 */
function decode(input: string | Uint8Array, file: string): Decoded {
  if (typeof input === 'string') {
    return input.charCodeAt(0) === 0xfeff ? { text: input.slice(1), bom: true, encoding: 'utf-8' } : { text: input, bom: false, encoding: 'utf-8' };
  }
  const b = input;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: decodeUtf8(b, 3, file), bom: true, encoding: 'utf-8' };
  if (b[0] === 0xff && b[1] === 0xfe) return { text: decodeUtf16(b, true, file), bom: true, encoding: 'utf-16le' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: decodeUtf16(b, false, file), bom: true, encoding: 'utf-16be' };
  // Two mistakes worth naming: a workbook passed as-is, and UTF-16 without its BOM (whose NUL
  // bytes are valid UTF-8, so it would otherwise parse into one garbled column).
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    throw new CsvError(`${file}:1: this is a ZIP archive (an Excel .xlsx workbook?), not CSV text; save it as "CSV UTF-8" first`, 1);
  }
  if (b.length >= 2 && (b[0] === 0) !== (b[1] === 0)) {
    throw new CsvError(`${file}:1: this looks like UTF-16 text without a byte order mark; re-export the file as UTF-8`, 1);
  }
  if (!isUtf8(b)) {
    // UTF-8 text with a broken byte is still UTF-8: read as windows-1252 every "ö" would become "Ã¶".
    const scan = scanUtf8(b);
    if (!clearlyWindows1252(scan)) throw brokenUtf8(b, scan, file);
    // Excel's "CSV (Macintosh)" ends lines with CR alone and is Mac Roman, not windows-1252.
    if (b.includes(0x0d) && !b.includes(0x0a)) {
      const at = firstInvalidUtf8(b);
      const line = lineAtByte(b, at);
      throw new CsvError(
        `${file}:${line}: not UTF-8 (byte ${hexByte(b[at])} at byte offset ${at}), and its lines end in CR alone, as Excel's "CSV (Macintosh)" writes them in Mac Roman; re-export the file as UTF-8 (in Excel: Save As "CSV UTF-8")`,
        line,
      );
    }
    const undefinedAt = b.findIndex((byte) => WINDOWS_1252_UNDEFINED.has(byte));
    if (undefinedAt < 0) return { text: decodeWindows1252(b), bom: false, encoding: 'windows-1252' };
    const at = firstInvalidUtf8(b);
    const line = lineAtByte(b, at);
    throw new CsvError(
      `${file}:${line}: neither UTF-8 (byte ${hexByte(b[at])} at byte offset ${at} is not valid UTF-8) nor windows-1252 (byte ${hexByte(b[undefinedAt])} at byte offset ${undefinedAt} is undefined in it); re-export the file as UTF-8 (in Excel: Save As "CSV UTF-8")`,
      line,
    );
  }
  return { text: decodeUtf8(b, 0, file), bom: false, encoding: 'utf-8' };
}

/** What bytes that are not valid UTF-8 hold when read as UTF-8. */
interface Utf8Scan {
  /**
   * Well-formed two-byte sequences that decode to text a CSV plausibly holds ("é", "ö", "ß",
   * Greek, Cyrillic, Hebrew, Arabic; see plausibleTwoByte). Not the C1 controls or the rare
   * scripts at U+0700-U+07FF: windows-1252 "ß“" (0xDF 0x93) is well-formed UTF-8 for U+07D3, an
   * N'Ko letter, and counted as evidence for UTF-8 it made a German export an error.
   */
  two: number;
  /** Well-formed three- and four-byte sequences ("€", "’", "…", CJK, emoji). */
  long: number;
  /** Malformed spots, each maximal ill-formed subsequence counted once (as decoders put one U+FFFD). */
  errors: number;
  /** Offset of the first malformed byte. */
  first: number;
  /** Offset of the first well-formed multi-byte sequence, -1 if none. */
  firstValid: number;
}

function scanUtf8(b: Uint8Array): Utf8Scan {
  const scan: Utf8Scan = { two: 0, long: 0, errors: 0, first: -1, firstValid: -1 };
  let i = 0;
  while (i < b.length) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceLength(b, i);
    if (n === 2 && !plausibleTwoByte(((b[i]! & 0x1f) << 6) | (b[i + 1]! & 0x3f))) {
      i += n;
    } else if (n > 0) {
      if (scan.firstValid < 0) scan.firstValid = i;
      if (n === 2) scan.two++;
      else scan.long++;
      i += n;
    } else {
      if (scan.first < 0) scan.first = i;
      scan.errors++;
      i += -n;
    }
  }
  return scan;
}

/**
 * Whether bytes that are not valid UTF-8 are windows-1252 beyond doubt; if not, they are a broken
 * UTF-8 file, and an error says so (a wrong guess either way garbles every accent, silently).
 *
 * Without a single well-formed multi-byte UTF-8 sequence the file is no UTF-8 at all: windows-1252.
 * With one, either encoding can explain it. Windows-1252 text forms a well-formed UTF-8 sequence
 * only by accident: a two-byte one is a capital accented letter or "ß" (0xC2-0xDF) followed
 * directly by one of the symbols 0x80-0xBF ("ß“" is 0xDF 0x93, "Ã©" is 0xC3 0xA9), which is rare
 * next to the lone accented letters ("é" followed by a letter) that are malformed UTF-8; a three-
 * or four-byte one needs a small accented letter followed by two such symbols ("â€™"), which only
 * mojibake holds, or a word ending in "é" followed by "“" and a no-break space. A UTF-8 file,
 * conversely, has broken bytes as the exception among its intact characters. So windows-1252 is
 * read only when the malformed spots outnumber the well-formed sequences at least ten to one;
 * anything in between is ambiguous, and the error asks for what removes all doubt (re-saving as
 * UTF-8) rather than a guess: "Café" with one stray byte is an error, not "CafÃ©".
 */
/**
 * A two-byte character that is evidence of UTF-8: Latin-1 letters and symbols, Latin Extended
 * A and B, combining accents, Greek, Cyrillic, Armenian, Hebrew, Arabic. Left out: the C1
 * controls (U+0080-U+009F), IPA and spacing modifiers, and U+0700-U+07FF (Syriac, Thaana,
 * N'Ko), which is where windows-1252 "Ü“", "ß“" or "Ý…" land as UTF-8.
 */
function plausibleTwoByte(cp: number): boolean {
  return (cp >= 0xa0 && cp <= 0x24f) || (cp >= 0x300 && cp <= 0x6ff);
}

function clearlyWindows1252(scan: Utf8Scan): boolean {
  return scan.errors >= 10 * (scan.two + scan.long);
}

/** The error for a UTF-8 file with a malformed byte: where it is, what it is, and what to do. */
function brokenUtf8(b: Uint8Array, scan: Utf8Scan, file: string): CsvError {
  const at = scan.first;
  const line = lineAtByte(b, at);
  let lineStart = at;
  while (lineStart > 0 && b[lineStart - 1] !== LF && b[lineStart - 1] !== CR) lineStart--;
  const column = [...Buffer.from(b.buffer, b.byteOffset + lineStart, at - lineStart).toString('utf8')].length + 1;
  const valid = scan.two + scan.long;
  const sample = Buffer.from(b.buffer, b.byteOffset + scan.firstValid, utf8SequenceLength(b, scan.firstValid)).toString('utf8');
  const where = `byte ${hexByte(b[at])} at line ${line}, column ${column} (byte offset ${at})`;
  const chars = `${valid} UTF-8 character${valid === 1 ? '' : 's'} such as "${sample}"`;
  // "Otherwise UTF-8" only when it mostly is: with more broken spots than characters, neither reading is sure.
  if (scan.errors > valid) {
    return new CsvError(
      `${file}:${line}: not valid UTF-8 (${where}; ${scan.errors} broken spots beside ${chars}), and not clearly windows-1252 either: ` +
        `the file may mix encodings, and either reading would garble some accents. Re-save the file as UTF-8 (in Excel: Save As "CSV UTF-8")`,
      line,
    );
  }
  return new CsvError(
    `${file}:${line}: not valid UTF-8: ${where}, in a file that is otherwise UTF-8 ` +
      `(${chars}${scan.errors > 1 ? `, ${scan.errors} broken spots` : ''}); ` +
      `the byte is damaged or the file mixes encodings, and read as windows-1252 every accent would be garbled. ` +
      `Fix the byte, or re-save the file as UTF-8 (in Excel: Save As "CSV UTF-8")`,
    line,
  );
}

const hexByte = (byte: number | undefined): string => `0x${(byte ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;

function decodeUtf8(bytes: Uint8Array, start: number, file: string): string {
  const body = bytes.subarray(start);
  if (!isUtf8(body)) {
    // Only after a UTF-8 BOM: without one, decode tries windows-1252 first.
    const at = start + firstInvalidUtf8(body);
    const line = lineAtByte(bytes, at);
    throw new CsvError(
      `${file}:${line}: not valid UTF-8 (byte ${hexByte(bytes[at])} at byte offset ${at}); the file is probably in another encoding such as Windows-1252: re-export it as UTF-8 (in Excel: Save As "CSV UTF-8")`,
      line,
    );
  }
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

/**
 * The characters of windows-1252 bytes 0x80-0x9F, '' where the byte is undefined (0x81, 0x8D,
 * 0x8F, 0x90, 0x9D). Every other byte is the code point of the same number. Spelled out here
 * because Node's TextDecoder('windows-1252') decodes 0x80-0x9F as Latin-1 control characters.
 */
export const WINDOWS_1252_HIGH: readonly string[] = [
  '\u20AC', '', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '', '\u017D', '',
  '', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '', '\u017E', '\u0178',
];

/** The bytes windows-1252 leaves undefined: the gaps of the table above. */
const WINDOWS_1252_UNDEFINED = new Set(WINDOWS_1252_HIGH.flatMap((char, i) => (char === '' ? [0x80 + i] : [])));

/** Bytes without undefined windows-1252 bytes (checked by the caller) to text. */
function decodeWindows1252(bytes: Uint8Array): string {
  // Latin-1 maps every byte to the code point of its number; only 0x80-0x9F then need fixing.
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/**
 * The UTF-8 sequence starting at byte i (≥ 0x80): its length when well-formed (overlong forms,
 * surrogates and code points past U+10FFFF are malformed, as for TextDecoder), else minus the
 * length of its maximal ill-formed subsequence (the lead and the continuation bytes that fit it),
 * which a decoder replaces by one U+FFFD.
 */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return -1;
  for (let k = 1; k <= need; k++) {
    const d = b[i + k];
    if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return -k;
  }
  return need + 1;
}

/**
 * Offset of the first byte of the first malformed UTF-8 sequence, or -1. Only run once isUtf8 has
 * said no, to point the user at the byte.
 */
function firstInvalidUtf8(b: Uint8Array): number {
  return scanUtf8(b).first;
}

/** 1-based physical line of a byte offset: LF, CRLF and lone CR each end a line. */
function lineAtByte(b: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = b[i];
    if (c === LF || (c === CR && b[i + 1] !== LF)) line++;
  }
  return line;
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean, file: string): string {
  try {
    return new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
  } catch {
    const { offset, line } = firstInvalidUtf16(bytes, littleEndian);
    throw new CsvError(`${file}:${line}: not valid UTF-16 (byte offset ${offset}); re-export the file as UTF-8`, line);
  }
}

/** Where UTF-16 after the BOM breaks: an unpaired surrogate or a last odd byte; with its line. */
function firstInvalidUtf16(b: Uint8Array, littleEndian: boolean): { offset: number; line: number } {
  const unit = (i: number): number => (littleEndian ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
  let line = 1;
  let i = 2;
  for (; i + 1 < b.length; i += 2) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 3 < b.length ? unit(i + 2) : -1;
      if (next < 0xdc00 || next > 0xdfff) return { offset: i, line };
      i += 2;
    } else if (u >= 0xdc00 && u <= 0xdfff) return { offset: i, line };
    else if (u === LF || (u === CR && (i + 3 >= b.length || unit(i + 2) !== LF))) line++;
  }
  return { offset: i, line };
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
