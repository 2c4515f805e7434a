// The one formula guard for every CSV seo-ai writes (the audit's csv and issues-csv, the optimized
// CSV's added columns, the review file). Spreadsheets run a cell that starts with = + - @, a tab or
// a carriage return as a formula (OWASP "CSV injection"); page text, keywords and model answers
// are written by anyone, so each cell we write goes through guard.

/** What a spreadsheet reads as the start of a formula (OWASP's list). */
export const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain signed number ("-5", "+3.5") starts like a formula but is read as that number: harmless, and kept as a number. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** The value would be run as a formula by a spreadsheet: it starts like one and is not a plain number. */
export function startsLikeFormula(value: string): boolean {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value);
}

/** A DDE link, application|topic!item ("cmd|' /C calc'!A0", "cmd|calc!_xlbgnm.A1"): not a " | Brand!" at a title's end. */
const DDE = /[A-Za-z_][\w.]*\s*\|(?:\s*'[^']*'|[^|\s']+)\s*!/;

/**
 * A formula that can do harm when a spreadsheet opens the file: one starting with "=", or starting
 * like one and calling a function or a DDE link ("@HYPERLINK (", "-cmd|' /C calc'!A0"): any name
 * before "(" counts, so "-20% Rabatt (heute)" does too. Shop copy such as "-20% auf alles!" or
 * "@home Kissen" starts like a formula as well, and at worst shows as an error cell: a reviewer may
 * approve it into an import.
 */
export function runsCode(value: string): boolean {
  // NFKC: full-width "＝" and "ＨＹＰＥＲＬＩＮＫ" are read as the plain ones; a space before "(" is
  // allowed. White space and format characters in front go: an importer that trims the cell
  // would hand the shop's next export "=HYPERLINK(…)".
  const plain = value.normalize('NFKC').replace(/^[\s\p{Cf}]+/u, '');
  return startsLikeFormula(plain) && (plain.startsWith('=') || /[A-Za-z_][\w.]*\s*\(/.test(plain) || DDE.test(plain));
}

/**
 * The cell as a spreadsheet will show it rather than run it: a "'" before a value that starts like a
 * formula (Excel and LibreOffice take it as "this is text"), and before one that already starts
 * with "'" and then like a formula (WooCommerce's exporter writes such values: "'-20% off"), so
 * that unguard gives back exactly the value.
 */
export function guard(value: string): string {
  return startsLikeFormula(value.replace(/^'+/, '')) ? `'${value}` : value;
}

/** The guard undone: the one "'" guard put before a value that starts like a formula. */
export function unguard(cell: string): string {
  if (!cell.startsWith("'")) return cell;
  const value = cell.slice(1);
  return startsLikeFormula(value.replace(/^'+/, '')) ? value : cell;
}
