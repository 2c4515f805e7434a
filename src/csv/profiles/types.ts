// What an export profile is: one tool's CSV export (Screaming Frog, Shopify, WooCommerce…) as seo-ai
// reads and writes it. Each profile is one file in this folder implementing ExportProfile, and one
// line in the registry (index.ts). Everything works on a header (string[]) and rows (string[][])
// and is pure: reading the file is the caller's job. Columns are found by name (headerKey), never
// by position: every tool reorders and renames columns between versions.
import { headerKey, type CsvField, type CsvPage, type WritableField } from '../page.js';

/** A header or its rows do not fit the profile. The message starts with `${file}:${line}: `, like CsvError's. */
export class CsvProfileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvProfileError';
  }
}

/** The row key: the column, and for WooCommerce the SKU column used when a row has no ID. */
export interface KeyColumns {
  /** Screaming Frog: Address; Shopify: Handle / URL handle; WooCommerce: ID; generic: the url column. */
  column: number | undefined;
  /** WooCommerce only: SKU, the key of a row whose ID cell is empty (a product not yet in the shop). */
  fallback?: number;
}

/** Which columns of one export hold each field, and where new values go. */
export interface ProfileFields {
  profile: string;
  key: KeyColumns;
  /** The column read for each page field. `url` is set only where the file holds the page URL (see ExportProfile.url). */
  read: Partial<Record<CsvField, number>>;
  /**
   * Where the shop shows another column when the read one is empty: a Shopify product with no
   * SEO title has its Title as <title>; WooCommerce with no SEO plugin title shows the Name (plus
   * whatever site-name template the plugin adds, which the export does not hold).
   */
  fallback: Partial<Record<CsvField, number>>;
  /** Every row is this kind of page (isProduct in optimize reads it). */
  pageType?: string;
  /** The column each new value is written into. */
  writableFields: Partial<Record<WritableField, number>>;
  /** Why a field is not writable here, for each one that is not. */
  notWritable: Partial<Record<WritableField, string>>;
  /** Set when nothing may be written back into this file at all, with why. */
  readOnly?: string;
  /** Choices the user should know about (e.g. which SEO plugin's columns are written). */
  notes: string[];
}

export interface ProductRow {
  /** Index of the product's row in `rows`: the row its SEO values are read from and written to. */
  row: number;
  line: number;
  key: string;
  /** Indexes of the product's other rows (Shopify variants and images, WooCommerce variations). */
  others: number[];
}

export interface SkippedRow {
  row: number;
  line: number;
  reason: string;
}

export interface ProductRows {
  products: ProductRow[];
  skipped: SkippedRow[];
}

/** Where messages place a problem: the file's name, and the physical line of each row. */
export interface RowPlaces {
  file: string;
  lineOf: (row: number) => number;
}


export interface ExportProfile {
  /** As --profile names it. */
  name: string;
  /** As messages name it. */
  label: string;
  /**
   * What a header lacks for this profile, in words ("no "ID" or "SKU" column"); empty when it fits.
   * Detection and a forced --profile use the same test, so the two agree.
   */
  missing(header: readonly string[]): string[];
  /** For a header that fits: why it was taken for this export, in words (the columns that decided it). */
  reason(header: readonly string[]): string;
  /** Rows name their page by a handle, an ID or a path rather than a URL: the shop's URL is needed to audit them (a run without it is refused, saying so). */
  namesPagesBy?: 'handle' | 'ID' | 'path';
  /** The columns it reads and writes. */
  fields(header: readonly string[]): ProfileFields;
  /** The key that names a row in review and apply; undefined when the key cell is empty. */
  key(fields: ProfileFields, row: readonly string[]): string | undefined;
  /** The page URL of a row; undefined when there is none to give (an empty cell, no baseUrl). */
  url(fields: ProfileFields, row: readonly string[], baseUrl?: string): string | undefined;
  /**
   * The pages of an export, one entry each, with the rows that belong to them; rows that are no
   * page are listed in `skipped` with why. Rows that make the file ambiguous (a key twice) throw
   * CsvProfileError naming the lines: writing into such a file could hit the wrong product.
   */
  group(fields: ProfileFields, header: readonly string[], rows: readonly (readonly string[])[], places: RowPlaces): ProductRows;
  /** The page's cells as the shop shows them, the export's own escapes undone (in place). */
  decode?(page: CsvPage): void;
  /**
   * What to tell the user when the SEO fields cannot be written back into this export, or
   * undefined when they can: which columns to add, or why the file is read-only.
   */
  writeHint(fields: ProfileFields): string | undefined;
}

/** Typed identity, as defineRule: the name keeps its literal type, so the registry knows every profile name. */
export function defineProfile<N extends string>(profile: ExportProfile & { name: N }): ExportProfile & { name: N } {
  return profile;
}

// ---------------------------------------------------------------------------------------------
// Helpers the profiles share

/** Index of the first column whose name is one of `names` (compared as headerKey), or undefined. */
export function find(header: readonly string[], ...names: string[]): number | undefined {
  const wanted = new Set(names.map(headerKey));
  const i = header.findIndex((name) => wanted.has(headerKey(name)));
  return i === -1 ? undefined : i;
}

export const has = (header: readonly string[], name: string): boolean => find(header, name) !== undefined;

/** The columns of `names` the header lacks, in words: `no "ID" or "SKU" column`; empty when it has them all. */
export function absent(header: readonly string[], ...names: string[]): string[] {
  const out = names.filter((n) => !has(header, n)).map((n) => `"${n}"`);
  if (out.length === 0) return [];
  const list = out.length === 1 ? out[0]! : `${out.slice(0, -1).join(', ')} or ${out.at(-1)!}`;
  return [`no ${list} column`];
}

/** The object without its undefined values, so results compare exactly and list only real columns. */
export function defined<T extends Record<string, number | undefined>>(o: T): { [K in keyof T]?: number } {
  const out: { [K in keyof T]?: number } = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k as keyof T] = v;
  return out;
}

/** A row's cell, trimmed; '' for a column the header lacks. */
export const cellOf = (row: readonly string[], i: number | undefined): string => (i === undefined ? '' : (row[i] ?? '').trim());

/** The row's key: its key cell, trimmed; undefined when empty. */
export function keyCell(fields: ProfileFields, row: readonly string[]): string | undefined {
  const key = cellOf(row, fields.key.column);
  return key === '' ? undefined : key;
}

/** The row's URL where the file holds it (its url cell, trimmed); undefined when empty. */
export function urlCell(fields: ProfileFields, row: readonly string[]): string | undefined {
  const url = cellOf(row, fields.read.url);
  return url === '' ? undefined : url;
}

/** A base URL names a folder: without its slash, "https://x/en" would resolve "products/a" to /products/a. */
export const withSlash = (base: string): string => (base.endsWith('/') ? base : `${base}/`);

export const H1_IS_PRODUCT_NAME = (column: string): string =>
  `the product page's H1 is its ${column}, which names the product everywhere (cart, orders, feeds); seo-ai does not rename products`;
