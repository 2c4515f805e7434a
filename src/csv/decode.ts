// A CSV file's bytes to text: UTF-8, UTF-16 by its BOM, or windows-1252 when the bytes are clearly
// no UTF-8 (what Excel's "CSV (Comma delimited)" writes on Western systems); anything else is an
// error naming the line, never a guess.
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

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

const LF = 0x0a;
const CR = 0x0d;

export interface Decoded {
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
export function decode(input: string | Uint8Array, file: string): Decoded {
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

