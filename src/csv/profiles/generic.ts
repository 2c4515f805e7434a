// Any other CSV: one row a page, columns found by their usual names (src/csv/page.ts ALIASES), new
// values written back into the columns they came from. Detected when no tool's profile fits.
import { columnsOf, headerKey, type WritableField } from '../page.js';
import { defined, type ProductRow, defineProfile, keyCell, urlCell } from './types.js';

/** A plain CSV's FAQ columns, as optimize's output names them: where apply writes an FAQ (src/optimize/faq-target.ts). */
export const FAQ_COLUMNS = ['faq_html', 'faq_jsonld', 'faq_json'] as const;

export const generic = defineProfile({
  name: 'generic',
  label: 'generic CSV',
  missing: (header) => (columnsOf(header).url === undefined ? ['no url column (url, address, page url, permalink…)'] : []),
  reason: () =>
    'not a Screaming Frog (Address, Title 1…), Shopify (Handle, Body (HTML) or URL handle, Title, Description) or WooCommerce (ID, Type, SKU, Name) header; columns are read by their usual names',
  fields(header) {
    const read = columnsOf(header);
    // No has_faq column: a filled FAQ column (faq_html, faq_jsonld, faq_json, as optimize writes them) says the page has one.
    if (read.has_faq === undefined) {
      const keys = header.map(headerKey);
      const faq = FAQ_COLUMNS.map((k) => keys.indexOf(headerKey(k))).find((i) => i !== -1);
      if (faq !== undefined) read.has_faq = faq;
    }
    const notWritable: Partial<Record<WritableField, string>> = { faq: 'the CSV has no FAQ column (faq_html, faq_jsonld or faq_json) to write into' };
    if (read.title === undefined) notWritable.title = 'the CSV has no title column';
    if (read.meta_description === undefined) notWritable.meta = 'the CSV has no meta description column';
    if (read.h1 === undefined) notWritable.h1 = 'the CSV has no h1 column';
    return {
      profile: 'generic',
      key: { column: read.url },
      read,
      fallback: {},
      writableFields: defined({ title: read.title, meta: read.meta_description, h1: read.h1 }),
      notWritable,
      notes: [],
    };
  },
  key: keyCell,
  url: urlCell,
  /**
   * One page a row, every row: a row with an empty, malformed or repeated url is still the user's
   * page, to fix in the file (the source says which, row by row, as for every profile's pages).
   */
  group(fields, _header, rows, { lineOf }) {
    const products: ProductRow[] = rows.map((row, i) => ({ row: i, line: lineOf(i), key: this.key(fields, row) ?? '', others: [] }));
    return { products, skipped: [] };
  },
  writeHint(fields) {
    if (Object.keys(fields.writableFields).length > 0) return undefined;
    return 'generic CSV: no title, meta description or h1 column to write new values into';
  },
});
