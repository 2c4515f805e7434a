// Writes a table back in the format it was read in (delimiter, line ending, BOM), quoting only the
// fields that need it, so an unchanged table comes out as the user's file did and readCsv reads
// back exactly the header and fields that went in.
import type { CsvFormat } from './read.js';

/**
 * The CSV text of a table: header line, one line a row, each ended by format.newline, with a
 * leading BOM when format.bom. Rows must have the header's number of fields: a short or long row
 * would shift the user's values into other columns, so it is a programming error, thrown.
 */
export function writeCsv(format: CsvFormat, header: string[], rows: Iterable<string[]>): string {
  return [...csvChunks(format, header, rows)].join('');
}

/** Text given out at a time by csvChunks: a file of any size is written without holding it whole. */
const CHUNK_CHARS = 1 << 20;

/** writeCsv's text in pieces of about CHUNK_CHARS, rows taken from `rows` as they are needed. */
export function* csvChunks(format: CsvFormat, header: string[], rows: Iterable<string[]>): Generator<string> {
  if (header.length === 0) throw new Error('writeCsv: the header has no columns; a CSV needs at least one');
  const special = mustQuote(format.delimiter);
  const field = (value: string): string => (special.test(value) ? quote(value) : value);
  // Header names are also quoted when they hold any delimiter readCsv could detect: it reads the
  // delimiter from the header line, and `Price, EUR;Size` unquoted is as much two columns split
  // by ',' as by ';'. Quoted, a split by the wrong delimiter trips over the quotes and loses.
  const name = (value: string): string => (ANY_DELIMITER.test(value) ? quote(value) : field(value));
  // A one-column file has no delimiter for a reader to see, so it must not hold one unquoted
  // that a reader could take for it (readCsv reports such a file as ',' whatever split it).
  const cell = header.length === 1 ? name : field;
  let chunk = (format.bom ? '\uFEFF' : '') + record(header, name, format.delimiter) + format.newline;
  let i = 0;
  for (const row of rows) {
    i++;
    if (row.length !== header.length) throw new Error(`writeCsv: row ${i} has ${row.length} fields, the header has ${header.length}`);
    chunk += record(row, cell, format.delimiter) + format.newline;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

const ANY_DELIMITER = /[,;\t]/;

/**
 * When a value must be quoted: it holds the delimiter, a quote or a line break, or starts or ends
 * with white space (many tools trim unquoted fields, and readCsv trims header names).
 */
function mustQuote(delimiter: CsvFormat['delimiter']): RegExp {
  return new RegExp(`[${delimiter === '\t' ? '\\t' : delimiter}"\\r\\n]|^\\s|\\s$`);
}

const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;

function record(fields: string[], field: (value: string) => string, delimiter: string): string {
  // A lone empty field would be an empty line, which readers skip as blank: quote it.
  if (fields.length === 1 && fields[0] === '') return '""';
  return fields.map(field).join(delimiter);
}
