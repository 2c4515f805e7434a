// CSV profiles: which tool wrote an export (Screaming Frog, Shopify in both header styles,
// WooCommerce, or anything else), which of its columns hold the page fields seo-ai reads, which
// columns a new title / meta description / H1 / FAQ goes back into, what a row's key and URL are,
// and which rows are the pages (products) rather than variants, images or assets.
//
// Everything here works on a header (string[]) and rows (string[][]) and is pure: reading the
// file, and finding the header row when a tool writes a line above it (see findHeaderRow), is the
// caller's job. Columns are always found by name — trimmed, case-insensitive, with "_", "-" and
// runs of spaces read alike (headerKey) — never by position, because every tool reorders and
// renames columns between versions.
import { columnsOf, CSV_FIELDS, headerKey, rowPage, type CsvField, type CsvPage } from '../sources/csv.js';
import type { OptimizeField } from '../optimize/plan.js';

export const PROFILE_NAMES = ['screaming-frog', 'shopify-legacy', 'shopify', 'woocommerce', 'generic'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** How each profile is named to the user. */
export const PROFILE_LABELS: Record<ProfileName, string> = {
  'screaming-frog': 'Screaming Frog',
  'shopify-legacy': 'Shopify (legacy headers)',
  shopify: 'Shopify',
  woocommerce: 'WooCommerce',
  generic: 'generic CSV',
};

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

/** Where messages place the problem: the file's name and the physical line of the header. */
export interface WhereOptions {
  /** Names the file in messages; 'CSV' when absent. */
  file?: string;
  /** Physical line of the header (2 when findHeaderRow skipped a line above it); 1 when absent. */
  headerLine?: number;
}

// ---------------------------------------------------------------------------------------------
// Column names

/** Index of the first column whose name is one of `names` (compared as headerKey), or undefined. */
function find(header: readonly string[], ...names: string[]): number | undefined {
  const wanted = new Set(names.map(headerKey));
  const i = header.findIndex((name) => wanted.has(headerKey(name)));
  return i === -1 ? undefined : i;
}

const has = (header: readonly string[], name: string): boolean => find(header, name) !== undefined;

/**
 * Columns only Screaming Frog names this way (numbered per occurrence, or its indexability
 * verdict). "Status Code" and "Content Type" are in many crawlers' output, so they do not count.
 */
const SF_COLUMNS = ['Title 1', 'Meta Description 1', 'H1-1', 'Indexability', 'Indexability Status', 'Canonical Link Element 1', 'Meta Robots 1'];

const YOAST = { title: 'Meta: _yoast_wpseo_title', meta: 'Meta: _yoast_wpseo_metadesc', keywords: 'Meta: _yoast_wpseo_focuskw' };
const RANK_MATH = { title: 'Meta: rank_math_title', meta: 'Meta: rank_math_description', keywords: 'Meta: rank_math_focus_keyword' };

/** A Shopify product metafield column ("FAQ (product.metafields.custom.faq)") meant for an FAQ. */
const SHOPIFY_FAQ_METAFIELD = /\(product\.metafields\.[^)]*faq[^)]*\)\s*$/i;

/**
 * What a header lacks for a profile, in words ("no "ID" or "SKU" column"); empty when it fits.
 * The same test decides detection, so a forced profile and a detected one agree.
 */
function missingFor(profile: ProfileName, header: readonly string[]): string[] {
  const absent = (...names: string[]): string[] => {
    const out = names.filter((n) => !has(header, n)).map((n) => `"${n}"`);
    if (out.length === 0) return [];
    const list = out.length === 1 ? out[0]! : `${out.slice(0, -1).join(', ')} or ${out.at(-1)!}`;
    return [`no ${list} column`];
  };
  switch (profile) {
    case 'screaming-frog': {
      const out = absent('Address');
      if (!SF_COLUMNS.some((c) => has(header, c))) out.push(`none of the Screaming Frog columns ${SF_COLUMNS.slice(0, 4).map((c) => `"${c}"`).join(', ')}…`);
      return out;
    }
    case 'shopify-legacy':
      return absent('Handle', 'Body (HTML)');
    case 'shopify':
      return absent('URL handle', 'Title', 'Description');
    case 'woocommerce':
      return absent('ID', 'Type', 'SKU', 'Name');
    case 'generic':
      return columnsOf(header).url === undefined ? ['no url column (url, address, page url, permalink…)'] : [];
  }
}

// ---------------------------------------------------------------------------------------------
// Detection

export interface Detection {
  profile: ProfileName;
  /** Why, in words: the columns that decided it. */
  reason: string;
}

/** The export's tool, from its column names alone. The first full match wins, in PROFILE_NAMES order. */
export function detectProfile(header: readonly string[]): Detection {
  if (missingFor('screaming-frog', header).length === 0) {
    const found = SF_COLUMNS.filter((c) => has(header, c));
    return { profile: 'screaming-frog', reason: `Address with the Screaming Frog columns ${found.join(', ')}` };
  }
  if (missingFor('shopify-legacy', header).length === 0) {
    return { profile: 'shopify-legacy', reason: 'Handle and Body (HTML): a Shopify product export with the legacy headers' };
  }
  if (missingFor('shopify', header).length === 0) {
    return { profile: 'shopify', reason: 'URL handle, Title and Description: a Shopify product export' };
  }
  if (missingFor('woocommerce', header).length === 0) {
    return { profile: 'woocommerce', reason: 'ID, Type, SKU and Name: a WooCommerce product export' };
  }
  return {
    profile: 'generic',
    reason: 'not a Screaming Frog (Address, Title 1…), Shopify (Handle, Body (HTML) or URL handle, Title, Description) or WooCommerce (ID, Type, SKU, Name) header; columns are read by their usual names',
  };
}

/** The profile `--profile NAME` asks for; the error lists the names there are. */
export function profileByName(name: string): ProfileName {
  const wanted = name.trim().toLowerCase();
  const found = PROFILE_NAMES.find((p) => p === wanted);
  if (found === undefined) throw new Error(`--profile: unknown profile "${name}"; use ${PROFILE_NAMES.join(', ')}`);
  return found;
}

/**
 * Checks that a header fits a profile the user forced with --profile. Reading a Shopify file as
 * WooCommerce would write SEO values into the wrong columns, so a misfit is an error naming the
 * missing columns and the profile the header does look like.
 */
export function checkProfile(profile: ProfileName, header: readonly string[], where: WhereOptions = {}): void {
  const missing = missingFor(profile, header);
  if (missing.length === 0) return;
  const line = where.headerLine ?? 1;
  const detected = detectProfile(header);
  const looks =
    detected.profile === 'generic'
      ? 'it does not look like any export seo-ai knows; leave out --profile to read it as a generic CSV'
      : `it looks like ${PROFILE_LABELS[detected.profile]} (${detected.reason}); leave out --profile, or pass --profile ${detected.profile}`;
  throw new CsvProfileError(`${where.file ?? 'CSV'}:${line}: the header does not fit --profile ${profile} (${PROFILE_LABELS[profile]}): it has ${missing.join(' and ')}; ${looks}`, line);
}

// ---------------------------------------------------------------------------------------------
// Fields read and written

/** The row key: the column, and for WooCommerce the SKU column used when a row has no ID. */
export interface KeyColumns {
  /** Screaming Frog: Address; Shopify: Handle / URL handle; WooCommerce: ID; generic: the url column. */
  column: number | undefined;
  /** WooCommerce only: SKU, the key of a row whose ID cell is empty (a product not yet in the shop). */
  fallback?: number;
}

export interface ProfileFields {
  profile: ProfileName;
  key: KeyColumns;
  /** The column read for each page field. `url` is set only where the file holds the page URL (see rowUrl). */
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
  writableFields: Partial<Record<OptimizeField, number>>;
  /** Why a field is not writable here, for each one that is not. */
  notWritable: Partial<Record<OptimizeField, string>>;
  /** Set when nothing may be written back into this file at all, with why. */
  readOnly?: string;
  /** Choices the user should know about (e.g. which SEO plugin's columns are written). */
  notes: string[];
}

const SF_READ_ONLY = 'a Screaming Frog export is a crawl report, not an import file: no tool reads it back into the site. Make the approved changes in your CMS, or optimize the CMS export (Shopify, WooCommerce) instead';
const H1_IS_PRODUCT_NAME = (column: string): string =>
  `the product page's H1 is its ${column}, which names the product everywhere (cart, orders, feeds); seo-ai does not rename products`;

/** Which columns hold each field, and where new values go, for a profile. */
export function fieldsOf(profile: ProfileName, header: readonly string[]): ProfileFields {
  const f = (...names: string[]): number | undefined => find(header, ...names);
  switch (profile) {
    case 'screaming-frog': {
      const address = f('Address');
      // The "Internal: HTML" export has no page text; Word Count is all it says about content.
      return {
        profile,
        key: { column: address },
        read: defined({ url: address, title: f('Title 1'), meta_description: f('Meta Description 1'), h1: f('H1-1') }),
        fallback: {},
        writableFields: {},
        notWritable: { title: SF_READ_ONLY, meta: SF_READ_ONLY, h1: SF_READ_ONLY, faq: SF_READ_ONLY },
        readOnly: SF_READ_ONLY,
        notes: [],
      };
    }
    case 'shopify-legacy':
    case 'shopify': {
      const legacy = profile === 'shopify-legacy';
      const handle = legacy ? f('Handle') : f('URL handle');
      const title = f('Title');
      const body = legacy ? f('Body (HTML)') : f('Description');
      const seoTitle = f('SEO Title');
      const seoDescription = f('SEO Description');
      const faqIndex = header.findIndex((name) => SHOPIFY_FAQ_METAFIELD.test(name.trim()));
      const faq = faqIndex === -1 ? undefined : faqIndex;
      const notWritable: Partial<Record<OptimizeField, string>> = { h1: H1_IS_PRODUCT_NAME('Title') };
      if (seoTitle === undefined) notWritable.title = 'the export has no "SEO Title" column (the product Title is the product\'s name, never rewritten)';
      if (seoDescription === undefined) notWritable.meta = 'the export has no "SEO Description" column';
      if (faq === undefined) notWritable.faq = 'the export has no FAQ metafield column, e.g. "FAQ (product.metafields.custom.faq)"';
      return {
        profile,
        key: { column: handle },
        read: defined({ title: seoTitle, meta_description: seoDescription, h1: title, content: body, product_name: title, product_description: body }),
        fallback: defined({ title }),
        pageType: 'product',
        writableFields: defined({ title: seoTitle, meta: seoDescription, faq }),
        notWritable,
        notes: [],
      };
    }
    case 'woocommerce': {
      const name = f('Name');
      const description = f('Description');
      const yoast = { title: f(YOAST.title), meta: f(YOAST.meta), keywords: f(YOAST.keywords) };
      const rankMath = { title: f(RANK_MATH.title), meta: f(RANK_MATH.meta), keywords: f(RANK_MATH.keywords) };
      const count = (p: typeof yoast): number => [p.title, p.meta, p.keywords].filter((i) => i !== undefined).length;
      // One plugin is active on a site; its columns are the ones to read and write. A site that
      // switched plugins exports both: the one with more columns wins, Yoast on a tie.
      const useRankMath = count(rankMath) > count(yoast);
      const plugin = useRankMath ? rankMath : yoast;
      const notes: string[] = [];
      if (count(yoast) > 0 && count(rankMath) > 0) notes.push(`the export has both Yoast and Rank Math columns; ${useRankMath ? 'Rank Math' : 'Yoast'}'s are read and written`);
      const names = useRankMath ? RANK_MATH : YOAST;
      const notWritable: Partial<Record<OptimizeField, string>> = {
        h1: H1_IS_PRODUCT_NAME('Name'),
        faq: 'a WooCommerce export has no FAQ column',
      };
      if (plugin.title === undefined) notWritable.title = `the export has no "${names.title}" column`;
      if (plugin.meta === undefined) notWritable.meta = `the export has no "${names.meta}" column`;
      return {
        profile,
        key: defined({ column: f('ID'), fallback: f('SKU') }) as KeyColumns,
        read: defined({
          title: plugin.title,
          meta_description: plugin.meta,
          h1: name,
          content: description,
          keywords: plugin.keywords,
          product_name: name,
          product_description: f('Short description'),
        }),
        fallback: defined({ title: name }),
        pageType: 'product',
        writableFields: defined({ title: plugin.title, meta: plugin.meta }),
        notWritable,
        notes,
      };
    }
    case 'generic': {
      // Today's aliases (src/sources/csv.ts); new values go back into the columns they came from.
      const read = columnsOf(header);
      const notWritable: Partial<Record<OptimizeField, string>> = { faq: 'a generic CSV has no FAQ column to write into' };
      if (read.title === undefined) notWritable.title = 'the CSV has no title column';
      if (read.meta_description === undefined) notWritable.meta = 'the CSV has no meta description column';
      if (read.h1 === undefined) notWritable.h1 = 'the CSV has no h1 column';
      return {
        profile,
        key: { column: read.url },
        read,
        fallback: {},
        writableFields: defined({ title: read.title, meta: read.meta_description, h1: read.h1 }),
        notWritable,
        notes: [],
      };
    }
  }
}

/** The object without its undefined values, so results compare exactly and list only real columns. */
function defined<T extends Record<string, number | undefined>>(o: T): { [K in keyof T]?: number } {
  const out: { [K in keyof T]?: number } = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k as keyof T] = v;
  return out;
}

/**
 * What to tell the user when the SEO fields cannot be written back into this export, or
 * undefined when they can: which columns to add to the export (WooCommerce: an SEO plugin's
 * meta columns), or why the file is read-only (Screaming Frog).
 */
export function missingColumnsHint(profile: ProfileName, header: readonly string[]): string | undefined {
  const fields = fieldsOf(profile, header);
  if (fields.readOnly !== undefined) return `${PROFILE_LABELS[profile]}: ${fields.readOnly}`;
  const w = fields.writableFields;
  switch (profile) {
    case 'woocommerce': {
      if (w.title !== undefined && w.meta !== undefined) return undefined;
      const plugins = `the Yoast columns ${YOAST.title}, ${YOAST.meta} (and ${YOAST.keywords} for the focus keyword), or Rank Math's ${RANK_MATH.title}, ${RANK_MATH.meta} (and ${RANK_MATH.keywords})`;
      if (w.title === undefined && w.meta === undefined) {
        return `WooCommerce: the export has no SEO title or meta description columns, so nothing can be written back; export with ${plugins} (WooCommerce's exporter: tick "Export custom meta")`;
      }
      return `WooCommerce: ${[fields.notWritable.title, fields.notWritable.meta].filter(Boolean).join('; ')}; export with ${plugins} (WooCommerce's exporter: tick "Export custom meta")`;
    }
    case 'shopify-legacy':
    case 'shopify': {
      const missing = [w.title === undefined ? (profile === 'shopify' ? 'SEO title' : 'SEO Title') : '', w.meta === undefined ? (profile === 'shopify' ? 'SEO description' : 'SEO Description') : ''].filter(Boolean);
      if (missing.length === 0) return undefined;
      return `Shopify: the export has no ${missing.map((m) => `"${m}"`).join(' or ')} column; export all columns from Shopify's admin (Products → Export) so SEO values can be written back`;
    }
    case 'generic': {
      if (Object.keys(w).length > 0) return undefined;
      return 'generic CSV: no title, meta description or h1 column to write new values into';
    }
    case 'screaming-frog':
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Keys, URLs, pages

/**
 * The key that names a row in review and apply: the Address, the Shopify handle, the URL, or for
 * WooCommerce `id:NN` — or the SKU for a row without an ID — which is how WooCommerce itself
 * refers to a product in its Parent, Upsells and Cross-sells columns, so the two never collide.
 * Undefined when the key cell is empty.
 */
export function rowKey(fields: ProfileFields, row: readonly string[]): string | undefined {
  const cell = (i: number | undefined): string => (i === undefined ? '' : (row[i] ?? '').trim());
  const key = cell(fields.key.column);
  if (key !== '') return fields.profile === 'woocommerce' ? `id:${key}` : key;
  const sku = cell(fields.key.fallback);
  return sku !== '' ? sku : undefined;
}

/**
 * The page URL of a row. Screaming Frog and generic CSVs hold it. A Shopify product lives at
 * `products/<handle>` under the shop's URL (resolved against `baseUrl`, so a market's path prefix
 * such as https://shop.example/en/ is kept). A WooCommerce core export holds neither the URL nor
 * the slug, only the ID: the URL is WordPress's plain permalink `?post_type=product&p=<ID>` under
 * the site's URL, which the site answers by redirecting to the pretty permalink. It is therefore
 * not the URL a crawl lists; match WooCommerce rows with a crawl by ID, never by URL. Undefined
 * when there is no URL to give (an empty cell, no baseUrl, a WooCommerce row without an ID).
 */
export function rowUrl(fields: ProfileFields, row: readonly string[], baseUrl?: string): string | undefined {
  const cell = (i: number | undefined): string => (i === undefined ? '' : (row[i] ?? '').trim());
  switch (fields.profile) {
    case 'screaming-frog':
    case 'generic': {
      const url = cell(fields.read.url);
      return url === '' ? undefined : url;
    }
    case 'shopify-legacy':
    case 'shopify': {
      const handle = cell(fields.key.column);
      if (handle === '' || baseUrl === undefined) return undefined;
      return new URL(`products/${encodeURIComponent(handle)}`, withSlash(baseUrl)).href;
    }
    case 'woocommerce': {
      const id = cell(fields.key.column);
      if (id === '' || baseUrl === undefined) return undefined;
      return new URL(`?post_type=product&p=${encodeURIComponent(id)}`, withSlash(baseUrl)).href;
    }
  }
}

/** A base URL names a folder: without its slash, "https://x/en" would resolve "products/a" to /products/a. */
const withSlash = (base: string): string => (base.endsWith('/') ? base : `${base}/`);

/**
 * One row as the page fields seo-ai judges (the same CsvPage the generic source builds): each
 * field's column, the shop's fallback where that cell is empty, the profile's page type, and
 * the URL from rowUrl ('' when there is none).
 */
export function profilePage(fields: ProfileFields, row: readonly string[], line: number, baseUrl?: string): CsvPage {
  const page = rowPage(fields.read, row, line);
  for (const field of CSV_FIELDS) {
    const i = fields.fallback[field];
    if (i !== undefined && page[field].trim() === '') page[field] = row[i] ?? '';
  }
  if (fields.pageType !== undefined && page.page_type.trim() === '') page.page_type = fields.pageType;
  page.url = rowUrl(fields, row, baseUrl) ?? '';
  return page;
}

// ---------------------------------------------------------------------------------------------
// Products and their other rows

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

export interface ProductRowsOptions {
  /** Names the file in messages; 'CSV' when absent. */
  file?: string;
  /** The physical line of each row (CsvRow.line); row i is on line i + 2 when absent. */
  lines?: readonly number[];
}

/**
 * The pages of an export, one entry each, with the rows that belong to them. Shopify: the first
 * row of each handle is the product (the one with the Title, where SEO values live); a handle's
 * rows must be consecutive. WooCommerce: `variation` rows belong to their Parent (`id:NN` or a
 * SKU). Screaming Frog: only text/html rows with status 200 are pages. Rows that are no page are
 * listed in `skipped` with why; rows that make the file ambiguous (a handle out of order, a key
 * twice) throw CsvProfileError naming the lines, since writing into such a file could hit the
 * wrong product.
 */
export function productRows(profile: ProfileName, header: readonly string[], rows: readonly (readonly string[])[], options: ProductRowsOptions = {}): ProductRows {
  const fields = fieldsOf(profile, header);
  const file = options.file ?? 'CSV';
  const lineOf = (i: number): number => options.lines?.[i] ?? i + 2;
  switch (profile) {
    case 'shopify-legacy':
    case 'shopify':
      return shopifyProducts(fields, rows, file, lineOf, header[fields.key.column ?? -1] ?? 'Handle', find(header, 'Title'));
    case 'woocommerce':
      return wooProducts(fields, header, rows, file, lineOf);
    case 'screaming-frog':
      return frogPages(fields, header, rows, file, lineOf);
    case 'generic':
      return genericPages(fields, rows, lineOf);
  }
}

function shopifyProducts(
  fields: ProfileFields,
  rows: readonly (readonly string[])[],
  file: string,
  lineOf: (i: number) => number,
  handleName: string,
  titleColumn: number | undefined,
): ProductRows {
  const products: ProductRow[] = [];
  const skipped: SkippedRow[] = [];
  const byHandle = new Map<string, ProductRow>();
  let current: ProductRow | undefined;
  rows.forEach((row, i) => {
    const handle = rowKey(fields, row);
    const line = lineOf(i);
    if (handle === undefined) {
      throw new CsvProfileError(`${file}:${line}: the ${handleName} cell is empty; every row of a Shopify export names the product it belongs to`, line);
    }
    if (current?.key === handle) {
      current.others.push(i);
      return;
    }
    const earlier = byHandle.get(handle);
    if (earlier !== undefined) {
      const last = lineOf(earlier.others.at(-1) ?? earlier.row);
      throw new CsvProfileError(
        `${file}:${line}: ${handleName} "${handle}" appears again after "${current?.key}" (line ${lineOf(i - 1)}); its rows start on line ${lineOf(earlier.row)}` +
          `${last !== lineOf(earlier.row) ? ` and run to line ${last}` : ''}. A product's rows must be together: sort the file by ${handleName}, keeping each product's first row first`,
        line,
      );
    }
    current = { row: i, line, key: handle, others: [] };
    byHandle.set(handle, current);
    // The product's own row is the first of its handle and has the Title. A first row without one
    // is a variant or image row whose product row is missing (skipped as malformed, say): writing
    // SEO values into it would put them on an image row Shopify ignores.
    if (titleColumn !== undefined && (row[titleColumn] ?? '').trim() === '') {
      skipped.push({ row: i, line, reason: `the first row of ${handleName} "${handle}" has no Title: the product's own row is missing, so its variant and image rows are not audited` });
      return;
    }
    products.push(current);
  });
  return { products, skipped };
}

function wooProducts(fields: ProfileFields, header: readonly string[], rows: readonly (readonly string[])[], file: string, lineOf: (i: number) => number): ProductRows {
  const typeColumn = find(header, 'Type');
  const parentColumn = find(header, 'Parent');
  const skuColumn = fields.key.fallback;
  const products: ProductRow[] = [];
  const skipped: SkippedRow[] = [];
  const byRef = new Map<string, ProductRow>();
  const variations: number[] = [];
  const cell = (row: readonly string[], i: number | undefined): string => (i === undefined ? '' : (row[i] ?? '').trim());
  rows.forEach((row, i) => {
    const line = lineOf(i);
    // Type is a list: "simple, virtual", "variation"…
    const types = cell(row, typeColumn).toLowerCase().split(',').map((t) => t.trim());
    if (types.includes('variation')) {
      variations.push(i);
      return;
    }
    const key = rowKey(fields, row);
    if (key === undefined) {
      skipped.push({ row: i, line, reason: 'no ID and no SKU: the row names no product' });
      return;
    }
    const product: ProductRow = { row: i, line, key, others: [] };
    // A product is referred to by `id:NN` and by its SKU (Parent uses either).
    for (const ref of [key, cell(row, skuColumn)]) {
      if (ref === '') continue;
      const other = byRef.get(ref);
      if (other !== undefined && other !== product) {
        throw new CsvProfileError(`${file}:${line}: ${ref.startsWith('id:') ? `ID ${ref.slice(3)}` : `SKU "${ref}"`} is also on line ${other.line}; each product must be on one row`, line);
      }
      byRef.set(ref, product);
    }
    products.push(product);
  });
  for (const i of variations) {
    const parent = cell(rows[i]!, parentColumn);
    const owner = byRef.get(parent);
    if (owner !== undefined) owner.others.push(i);
    else skipped.push({ row: i, line: lineOf(i), reason: parent === '' ? 'a variation without a Parent' : `a variation of ${parent}, which is not in this file` });
  }
  skipped.sort((a, b) => a.row - b.row);
  return { products, skipped };
}

function frogPages(fields: ProfileFields, header: readonly string[], rows: readonly (readonly string[])[], file: string, lineOf: (i: number) => number): ProductRows {
  // Older Screaming Frog versions call the content type column just "Content".
  const typeColumn = find(header, 'Content Type') ?? find(header, 'Content');
  const statusColumn = find(header, 'Status Code');
  const products: ProductRow[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const line = lineOf(i);
    const cell = (c: number | undefined): string => (c === undefined ? '' : (row[c] ?? '').trim());
    const key = rowKey(fields, row);
    const reason = key === undefined ? 'the Address cell is empty' : notAPage(typeColumn === undefined ? undefined : cell(typeColumn), statusColumn === undefined ? undefined : cell(statusColumn));
    if (key === undefined || reason !== undefined) {
      skipped.push({ row: i, line, reason: reason ?? '' });
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) throw new CsvProfileError(`${file}:${line}: Address ${key} is also on line ${first}; a crawl lists each URL once`, line);
    seen.set(key, line);
    products.push({ row: i, line, key, others: [] });
  });
  return { products, skipped };
}

/** Why a crawled URL is not an HTML page that answered 200; undefined when it is. A column the export lacks (undefined) does not decide. */
function notAPage(type: string | undefined, status: string | undefined): string | undefined {
  if (type !== undefined && !/^text\/html\b/i.test(type)) return type === '' ? 'no Content Type: not an HTML page' : `Content Type ${type}: not an HTML page`;
  if (status !== undefined && status !== '200') return status === '' ? 'no Status Code: the page was not fetched' : `Status Code ${status}: not a page that answers 200`;
  return undefined;
}

/** One page a row, as the generic CSV source reads them: an empty or repeated url is skipped. */
function genericPages(fields: ProfileFields, rows: readonly (readonly string[])[], lineOf: (i: number) => number): ProductRows {
  const products: ProductRow[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const line = lineOf(i);
    const key = rowKey(fields, row);
    const first = key === undefined ? undefined : seen.get(key);
    if (key === undefined) skipped.push({ row: i, line, reason: 'the url cell is empty' });
    else if (first !== undefined) skipped.push({ row: i, line, reason: `${key} is also on line ${first}; one row per page` });
    else {
      seen.set(key, line);
      products.push({ row: i, line, key, others: [] });
    }
  });
  return { products, skipped };
}

// ---------------------------------------------------------------------------------------------
// Header row

/**
 * Index of the header among the first records of a file. Some Screaming Frog versions write the
 * tab's name ("Internal - HTML") on a line of its own above the header; the caller reads the
 * records, asks here where the header is, and reads the table from that record on (reporting
 * lines as they are in the file). A first record is skipped only when it holds a single value and
 * the next record is a header seo-ai recognises, so a real one-column CSV is never cut.
 */
export function findHeaderRow(lines: readonly (readonly string[])[]): number {
  const first = lines[0];
  const next = lines[1];
  if (first === undefined || next === undefined) return 0;
  const values = first.filter((v) => v.trim() !== '');
  if (values.length !== 1 || next.length < 2) return 0;
  const header = next.map((v) => v.trim());
  return detectProfile(header).profile !== 'generic' || columnsOf(header).url !== undefined ? 1 : 0;
}
