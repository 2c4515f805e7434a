// Screaming Frog's "Internal: HTML" export: a crawl report, one row per URL crawled. It is read
// (the Address is the URL, Title 1 / Meta Description 1 / H1-1 the fields) but never written to:
// no tool imports it back into a site.
import { absent, cellOf, CsvProfileError, defined, find, has, type ProductRow, type SkippedRow, defineProfile, keyCell, urlCell } from './types.js';

/**
 * Columns only Screaming Frog names this way (numbered per occurrence, or its indexability
 * verdict). "Status Code" and "Content Type" are in many crawlers' output, so they do not count.
 */
const SF_COLUMNS = ['Title 1', 'Meta Description 1', 'H1-1', 'Indexability', 'Indexability Status', 'Canonical Link Element 1', 'Meta Robots 1'];

const READ_ONLY = 'a Screaming Frog export is a crawl report, not an import file: no tool reads it back into the site. Make the approved changes in your CMS, or optimize the CMS export (Shopify, WooCommerce) instead';

/** Why a crawled URL is not an HTML page that answered 200; undefined when it is. A column the export lacks (undefined) does not decide. */
function notAPage(type: string | undefined, status: string | undefined): string | undefined {
  if (type !== undefined && !/^text\/html\b/i.test(type)) return type === '' ? 'no Content Type: not an HTML page' : `Content Type ${type}: not an HTML page`;
  if (status !== undefined && status !== '200') return status === '' ? 'no Status Code: the page was not fetched' : `Status Code ${status}: not a page that answers 200`;
  return undefined;
}

export const screamingFrog = defineProfile({
  name: 'screaming-frog',
  label: 'Screaming Frog',
  missing(header) {
    const out = absent(header, 'Address');
    if (!SF_COLUMNS.some((c) => has(header, c))) out.push(`none of the Screaming Frog columns ${SF_COLUMNS.slice(0, 4).map((c) => `"${c}"`).join(', ')}…`);
    return out;
  },
  reason: (header) => `Address with the Screaming Frog columns ${SF_COLUMNS.filter((c) => has(header, c)).join(', ')}`,
  fields(header) {
    const f = (...names: string[]): number | undefined => find(header, ...names);
    const address = f('Address');
    // The "Internal: HTML" export has no page text; Word Count is all it says about content.
    return {
      profile: 'screaming-frog',
      key: { column: address },
      read: defined({ url: address, title: f('Title 1'), meta_description: f('Meta Description 1'), h1: f('H1-1') }),
      fallback: {},
      writableFields: {},
      notWritable: { title: READ_ONLY, meta: READ_ONLY, h1: READ_ONLY, faq: READ_ONLY },
      readOnly: READ_ONLY,
      notes: [],
    };
  },
  key: keyCell,
  url: urlCell,
  /** Only text/html rows that answered 200 are pages; a URL listed twice makes the file ambiguous. */
  group(fields, header, rows, { file, lineOf }) {
    // Older Screaming Frog versions call the content type column just "Content".
    const typeColumn = find(header, 'Content Type') ?? find(header, 'Content');
    const statusColumn = find(header, 'Status Code');
    const products: ProductRow[] = [];
    const skipped: SkippedRow[] = [];
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const line = lineOf(i);
      const key = this.key(fields, row);
      const reason = key === undefined ? 'the Address cell is empty' : notAPage(typeColumn === undefined ? undefined : cellOf(row, typeColumn), statusColumn === undefined ? undefined : cellOf(row, statusColumn));
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
  },
  writeHint(fields) {
    return `Screaming Frog: ${fields.readOnly ?? READ_ONLY}`;
  },
});
