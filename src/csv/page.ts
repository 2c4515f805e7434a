// A CSV row as seo-ai reads it, whatever tool wrote the file: the fields by their canonical names,
// the column aliases a plain CSV is read by, and the few facts of a row every layer asks. Export
// profiles (src/csv/profiles/) say which columns hold these fields in their tool's export.

/** The fields seo-ai reads from a CSV, by their canonical names. */
export const CSV_FIELDS = ['url', 'title', 'meta_description', 'h1', 'content', 'keywords', 'page_type', 'product_name', 'product_description', 'has_faq', 'lang'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Header names (compared lower-cased, with "_", "-" and runs of spaces read as one space) per field. */
export const ALIASES: Record<CsvField, string[]> = {
  url: ['url', 'address', 'loc', 'page url', 'permalink', 'link', 'page'],
  title: ['title', 'title 1', 'page title', 'meta title', 'seo title', 'title tag'],
  meta_description: ['meta description', 'meta description 1', 'description', 'seo description', 'metadescription'],
  h1: ['h1', 'h1 1', 'heading', 'h1 heading'],
  content: ['content', 'body', 'body html', 'body (html)', 'html', 'text', 'page content'],
  keywords: ['keywords', 'keyword', 'focus keyword', 'focus keywords', 'target keywords', 'target keyword'],
  page_type: ['page type', 'type', 'template'],
  product_name: ['product name', 'name', 'product'],
  product_description: ['product description'],
  has_faq: ['has faq', 'faq'],
  // The page's language (a BCP 47 tag, as <html lang> has it): what optimize writes in.
  lang: ['lang', 'language', 'locale', 'html lang', 'content language'],
};

export function headerKey(name: string): string {
  return name.trim().toLowerCase().replace(/[_\-\s]+/g, ' ');
}

/** Which column (index) holds each field; the first matching column wins. */
export function columnsOf(header: readonly string[]): Partial<Record<CsvField, number>> {
  const keys = header.map(headerKey);
  const out: Partial<Record<CsvField, number>> = {};
  for (const field of CSV_FIELDS) {
    const i = keys.findIndex((k) => ALIASES[field].includes(k));
    if (i !== -1) out[field] = i;
  }
  return out;
}

/** One row's fields by canonical name ('' when the column is absent or empty). */
export type CsvPage = Record<CsvField, string> & { line: number };

export function rowPage(columns: Partial<Record<CsvField, number>>, fields: readonly string[], line: number): CsvPage {
  const page = { line } as CsvPage;
  for (const field of CSV_FIELDS) {
    const i = columns[field];
    page[field] = i === undefined ? '' : (fields[i] ?? '');
  }
  return page;
}

/** Keywords of a cell: ";" or "|" separated (commas belong to the keywords themselves). */
export function splitKeywords(cell: string): string[] {
  return cell
    .split(/[;|]/)
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

/** A cell is HTML when it holds a tag; otherwise it is text, one paragraph per line. */
/** The cell a row's page content comes from: its content, or else its product description. */
export function contentCell(page: Pick<CsvPage, 'content' | 'product_description'>): string {
  return page.content.trim() !== '' ? page.content : page.product_description;
}

/** The fields optimize can write back into an export: the three text fields and an FAQ. */
export type WritableField = 'title' | 'meta' | 'h1' | 'faq';
