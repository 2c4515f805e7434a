// Writes a table back in the format it was read in (delimiter, line ending, BOM), quoting only the
// fields that need it, so an unchanged table comes out as the user's file did and readCsv reads
// back exactly the header and fields that went in.
import type { CsvFormat } from './read.js';

/**
 * The CSV text of a table: header line, one line a row, each ended by format.newline, with a
 * leading BOM when format.bom. Rows must have the header's number of fields: a short or long row
 * would shift the user's values into other columns, so it is a programming error, thrown.
 */
export function writeCsv(format: CsvFormat, header: string[], rows: string[][]): string {
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
  const lines: string[] = [record(header, name, format.delimiter)];
  rows.forEach((row, i) => {
    if (row.length !== header.length) throw new Error(`writeCsv: row ${i + 1} has ${row.length} fields, the header has ${header.length}`);
    lines.push(record(row, cell, format.delimiter));
  });
  return (format.bom ? '\uFEFF' : '') + lines.join(format.newline) + format.newline;
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
