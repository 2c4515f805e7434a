// Pages from a CSV export: one row a page, columns found by name (case-insensitive, with the
// common aliases), turned into a small HTML document so the same extract() and rules judge it.
// The facts a CSV cannot hold (the <head>'s canonical, viewport, lang…; a column it lacks) are
// declared (csvLacks), and the rules that read them reported as not applicable rather than fired on every row.
import { readFileSync } from 'node:fs';
import type { MissingFacts } from '../engine/applicability.js';
import { CsvError, readCsv, type CsvTable } from '../csv/read.js';
import type { PageInput } from '../page/types.js';
import { checkProfile, CsvProfileError, detectProfile, PROFILE_LABELS, profileOf, profilePage, type ExportProfile, type ProductRows, type ProfileFields, type ProfileName } from '../csv/profiles/index.js';
import { InputError, type Source, type SourceItem } from './types.js';
import { escapeHtml } from '../page/html-text.js';
import { ALIASES, columnsOf, contentCell, CSV_FIELDS, headerKey, rowPage, splitKeywords, type CsvField, type CsvPage } from '../csv/page.js';

export { columnsOf, contentCell, CSV_FIELDS, headerKey, rowPage, splitKeywords, type CsvField, type CsvPage };

const looksLikeHtml = (s: string): boolean => /<\/?[a-zA-Z][^>]*>/.test(s);

/**
 * The page a row describes, as HTML: title and description in the head, the H1, then the content
 * (as written when it is HTML). Empty cells leave their element out, so title-missing and the like
 * fire on exactly the rows that lack the value.
 */
export function rowHtml(page: Pick<CsvPage, 'title' | 'meta_description' | 'h1' | 'content' | 'product_description'>): string {
  const head: string[] = [];
  if (page.title.trim() !== '') head.push(`<title>${escapeHtml(page.title)}</title>`);
  if (page.meta_description.trim() !== '') head.push(`<meta name="description" content="${escapeHtml(page.meta_description)}">`);
  const body: string[] = [];
  if (page.h1.trim() !== '') body.push(`<h1>${escapeHtml(page.h1)}</h1>`);
  const content = contentCell(page);
  if (content.trim() !== '') {
    body.push(looksLikeHtml(content) ? content : content.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => `<p>${escapeHtml(l)}</p>`).join(''));
  }
  return `<!doctype html><html><head><meta charset="utf-8">${head.join('')}</head><body><main>${body.join('')}</main></body></html>`;
}

/**
 * The page facts a CSV with these columns cannot feed, with why: a row has no real <head> (its
 * title and description are cells) and no link checks; a missing column is a missing fact. The
 * rules reading any of them are derived by the engine (rulesLacking), never listed here.
 */
export function csvLacks(columns: Partial<Record<CsvField, number>>): MissingFacts[] {
  const out: MissingFacts[] = [{ facts: ['head', 'http'], reason: 'a CSV row holds no page <head> or link checks' }];
  if (columns.title === undefined) out.push({ facts: ['title'], reason: 'the CSV has no title column' });
  if (columns.meta_description === undefined) out.push({ facts: ['meta'], reason: 'the CSV has no meta description column' });
  if (columns.h1 === undefined) out.push({ facts: ['h1'], reason: 'the CSV has no h1 column' });
  if (columns.content === undefined && columns.product_description === undefined) {
    out.push({ facts: ['content', 'headings', 'links', 'images', 'structured-data'], reason: 'the CSV has no content column' });
  }
  return out;
}

export interface CsvSourceOptions {
  /** The CSV file. */
  target: string;
  /** Where the target is named in messages (as the user wrote it). */
  display?: string;
  skipBadRows?: boolean;
  /** Target keywords from config and flags, merged with the row's own. */
  keywordsFor?: (url: string) => string[] | undefined;
  /**
   * Read the file as this export (else detected from its header). Only the generic profile is
   * read when absent and `profiles` is false (optimize writes back through the generic columns).
   */
  profile?: ProfileName;
  /** Detect Screaming Frog, Shopify and WooCommerce exports by their header (audit does). */
  profiles?: boolean;
  /** The shop's URL: Shopify and WooCommerce exports hold handles and IDs, not page URLs. */
  baseUrl?: string;
}

export interface CsvSourceExtras {
  table: CsvTable;
  columns: Partial<Record<CsvField, number>>;
  /** The export's profile ('generic' for a plain CSV) and its columns. */
  profile: ProfileName;
  fields: ProfileFields;
  /**
   * The page each table row is, by row index; undefined for a row that is no page of its own (a
   * Shopify variant or image row, a WooCommerce variation, a Screaming Frog redirect).
   */
  pages(): (CsvPage | undefined)[];
}

/**
 * Reads and checks the whole CSV up front (a malformed row is an error with its line), then streams
 * its pages: one per product of the export's profile (a plain CSV: one per row), read through the
 * profile's columns, fallbacks and escapes (profilePage), in row order.
 */
export function csvSource(options: CsvSourceOptions): Source & CsvSourceExtras {
  const file = options.display ?? options.target;
  const table = readTable(options.target, file, options.skipBadRows === true);
  const headerLine = table.preamble ? table.preamble.line + 1 : 1;
  const { profile, detection } = profileOfTable(options, table, file, headerLine);
  // A header with nothing below it is an export that went wrong (a filter, a crash): said, not audited as empty.
  if (table.rows.length === 0 && table.bad.length === 0) throw new InputError(`${file}:${headerLine}: the file has a header and no rows below it; export the pages again`);
  const exportProfile = profileOf(profile);
  const fields = exportProfile.fields(table.header);
  if (profile === 'generic' && fields.read.url === undefined) {
    throw new InputError(`${file}:${headerLine}: no url column (looked for ${ALIASES.url.map((a) => `"${a}"`).join(', ')}); the header is: ${table.header.join(', ')}`);
  }
  const by = exportProfile.namesPagesBy;
  if (by !== undefined) checkBaseUrl(options, file, exportProfile.label, by);
  let grouped: ProductRows;
  try {
    grouped = exportProfile.group(fields, table.header, table.rows.map((r) => r.fields), { file, lineOf: (i) => table.rows[i]!.line });
  } catch (error) {
    if (error instanceof CsvProfileError) throw new InputError(error.message);
    throw error;
  }
  const read = { ...fields.read, ...(fields.read.url === undefined ? { url: fields.key.column } : {}) };
  const pageOf = (index: number): CsvPage => {
    const row = table.rows[index]!;
    return profilePage(fields, row.fields, row.line, options.baseUrl);
  };
  return {
    kind: 'csv',
    target: file,
    http: false,
    notes: sourceNotes(table, profile, fields, grouped, detection),
    table,
    columns: read,
    profile,
    fields,
    pages: () => {
      const out: (CsvPage | undefined)[] = table.rows.map(() => undefined);
      for (const product of grouped.products) {
        // Where the URL comes from the file, a row with a bad one is the user's page to fix, and
        // optimize says so. Where it is made from an ID or handle, a product without one (a
        // WooCommerce row with a SKU and no ID, not yet in the shop) is nothing a rewrite could be judged on.
        const page = pageOf(product.row);
        if (by === undefined || (typeof checkUrl(page.url) === 'string' && page.url !== '')) out[product.row] = page;
      }
      return out;
    },
    size: grouped.products.length,
    lacks: csvLacks(read),
    async *items(): AsyncIterable<SourceItem> {
      yield* badRowErrors(table, file);
      for (const skipped of grouped.skipped) {
        const row = table.rows[skipped.row]!;
        const url = exportProfile.url(fields, row.fields, options.baseUrl);
        yield { error: { origin: `${file}:${skipped.line}`, line: skipped.line, ...(url !== undefined ? { url } : {}), message: `row skipped: ${skipped.reason}` } };
      }
      const firstLine = new Map<string, number>();
      for (const product of grouped.products) {
        const page = pageOf(product.row);
        const origin = `${file}:${product.line}`;
        const url = checkUrl(page.url);
        if (typeof url !== 'string' || url === '') {
          const empty = by === undefined ? 'the url cell is empty' : 'no URL for this row';
          yield { error: { origin, line: product.line, message: `row skipped: ${url === '' ? empty : url.error}` } };
          continue;
        }
        const first = firstLine.get(url);
        if (first !== undefined) {
          yield { error: { origin, line: product.line, url, message: `row skipped: ${url} is also on line ${first}; one row per page` } };
          continue;
        }
        firstLine.set(url, product.line);
        yield { page: rowInput(page, url, origin, options.keywordsFor) };
      }
    },
  };
}

/** The export the table is: the one --profile names (checked against the header), the one its header shows (audit), or a generic CSV. */
function profileOfTable(options: CsvSourceOptions, table: CsvTable, file: string, headerLine: number): { profile: ProfileName; detection?: string } {
  try {
    if (options.profile !== undefined) {
      checkProfile(options.profile, table.header, { file, headerLine });
      return { profile: options.profile };
    }
    if (!options.profiles) return { profile: 'generic' };
    const found = detectProfile(table.header);
    return { profile: found.profile, detection: found.reason };
  } catch (error) {
    if (error instanceof CsvProfileError) throw new InputError(error.message);
    throw error;
  }
}

function readTable(target: string, file: string, skipBadRows: boolean): CsvTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new InputError(`${file} is a folder: name a CSV export with a url column (seo-ai audit reads a folder of HTML pages).`);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`${file}: cannot be read (permission denied).`);
    throw new InputError(`${file}: no such file. Name a CSV export with a url column.`);
  }
  try {
    return readCsv(bytes, { file, ...(skipBadRows ? { skipBadRows: true } : {}) });
  } catch (error) {
    if (error instanceof CsvError) throw new InputError(error.message);
    throw error;
  }
}

/** An export that names pages by ID or handle needs the shop's URL to audit them. */
function checkBaseUrl(options: CsvSourceOptions, file: string, label: string, by: NonNullable<ExportProfile['namesPagesBy']>): void {
  const flag = '--base-url';
  if (options.baseUrl === undefined) {
    throw new InputError(`${file}: a ${label} export names products by ${by}, not by URL; pass ${flag} with the shop's address (e.g. ${flag} https://shop.example/)`);
  }
  if (!/^https?:\/\/[^/]/i.test(options.baseUrl)) throw new InputError(`${flag} ${options.baseUrl}: not an http(s) URL; give the shop's address, e.g. https://shop.example/`);
}

/** What the run says of the file: a plain CSV its columns (found by their usual names), an export its profile and pages. */
function sourceNotes(table: CsvTable, profile: ProfileName, fields: ProfileFields, grouped: ProductRows, detection: string | undefined): string[] {
  if (profile === 'generic') {
    const columns = fields.read;
    const mapped = CSV_FIELDS.filter((f) => columns[f] !== undefined).map((f) => (headerKey(table.header[columns[f]!]!) === headerKey(f) ? f : `${f} ← "${table.header[columns[f]!]}"`));
    return [`${table.rows.length} rows; columns read: ${mapped.join(', ')}`];
  }
  const pages = grouped.products.length;
  return [`read as ${PROFILE_LABELS[profile]}${detection ? ` (${detection})` : ' (--profile)'}: ${pages} ${pages === 1 ? 'page' : 'pages'} from ${table.rows.length} rows`, ...fields.notes];
}

/** Rows skipped as malformed (--skip-bad-rows), each listed with its line. */
function* badRowErrors(table: CsvTable, file: string): Iterable<SourceItem> {
  for (const bad of table.bad) {
    // The reader's message starts with the same `file:line: ` as the origin: said once is enough.
    const origin = `${file}:${bad.line}`;
    const message = bad.message.startsWith(`${origin}: `) ? bad.message.slice(origin.length + 2) : bad.message;
    yield { error: { origin, line: bad.line, message: `skipped (--skip-bad-rows): ${message}` } };
  }
}

function checkUrl(cell: string): string | { error: string } {
  const text = cell.trim();
  if (text === '') return '';
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: `"${text}" is not an http(s) URL` };
    return u.href;
  } catch {
    return { error: `"${text}" is not an absolute URL` };
  }
}

/** The PageInput of one row: its HTML, its URL, and its keywords (the row's, then config's). */
/**
 * UTF-8 bytes in an ArrayBuffer of their own (Buffer.from puts a short text in a shared pool):
 * handed to a worker thread, they are moved, not copied.
 */
function ownBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.byteLength(text, 'utf8'));
  Buffer.from(bytes.buffer, 0, bytes.byteLength).write(text, 'utf8');
  return bytes;
}

export function rowInput(page: CsvPage, url: string, origin: string, keywordsFor?: (url: string) => string[] | undefined): PageInput {
  const input: PageInput = { url, body: ownBytes(rowHtml(page)), origin, headers: { 'content-type': 'text/html; charset=utf-8' } };
  const keywords = [...new Set([...splitKeywords(page.keywords), ...(keywordsFor?.(url) ?? [])])];
  if (keywords.length > 0) input.keywords = keywords;
  return input;
}
