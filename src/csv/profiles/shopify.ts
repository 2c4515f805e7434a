// Shopify's product export, in both header styles: the legacy one (Handle, Body (HTML), SEO Title…)
// and the current one (URL handle, Description, SEO title…). A product is its first row; the rows
// after it with the same handle are its variants and images. Titles and descriptions are written
// back into the SEO columns, an FAQ into a product metafield column when the export has one.
import type { WritableField } from '../page.js';
import { absent, cellOf, CsvProfileError, defined, defineProfile, find, H1_IS_PRODUCT_NAME, withSlash, type ProductRow, type ProductRows, type ProfileFields, type RowPlaces, type SkippedRow, keyCell } from './types.js';

/**
 * A Shopify product metafield column meant for an FAQ: its key is faq or faqs ("FAQ
 * (product.metafields.custom.faq)"), not merely holding the word (faq_count, faqs_enabled are other
 * types of field). The custom namespace first, where a store defines its own.
 */
const FAQ_METAFIELD = /\(product\.metafields\.([^.()\s]+)\.faqs?\)\s*$/i;

function faqMetafield(header: readonly string[]): number | undefined {
  const found = header.flatMap((name, i) => {
    const m = FAQ_METAFIELD.exec(name.trim());
    return m ? [{ i, custom: m[1]!.toLowerCase() === 'custom' }] : [];
  });
  return (found.find((f) => f.custom) ?? found[0])?.i;
}

/**
 * The first row of each handle is the product (the one with the Title, where SEO values live);
 * a handle's rows must be consecutive.
 */
function groupProducts(fields: ProfileFields, header: readonly string[], rows: readonly (readonly string[])[], { file, lineOf }: RowPlaces): ProductRows {
  const handleName = header[fields.key.column ?? -1] ?? 'Handle';
  const titleColumn = find(header, 'Title');
  const products: ProductRow[] = [];
  const skipped: SkippedRow[] = [];
  const byHandle = new Map<string, ProductRow>();
  let current: ProductRow | undefined;
  rows.forEach((row, i) => {
    const handle = keyCell(fields, row);
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


function shopifyProfile<N extends 'shopify-legacy' | 'shopify'>(name: N) {
  const legacy = name === 'shopify-legacy';
  const required = legacy ? ['Handle', 'Body (HTML)'] : ['URL handle', 'Title', 'Description'];
  return defineProfile({
    name,
    label: legacy ? 'Shopify (legacy headers)' : 'Shopify',
    missing: (header) => absent(header, ...required),
    reason: () => (legacy ? 'Handle and Body (HTML): a Shopify product export with the legacy headers' : 'URL handle, Title and Description: a Shopify product export'),
    namesPagesBy: 'handle',
    fields(header) {
      const f = (...names: string[]): number | undefined => find(header, ...names);
      const handle = legacy ? f('Handle') : f('URL handle');
      const title = f('Title');
      const body = legacy ? f('Body (HTML)') : f('Description');
      const seoTitle = f('SEO Title');
      const seoDescription = f('SEO Description');
      const faq = faqMetafield(header);
      const notWritable: Partial<Record<WritableField, string>> = { h1: H1_IS_PRODUCT_NAME('Title') };
      if (seoTitle === undefined) notWritable.title = 'the export has no "SEO Title" column (the product Title is the product\'s name, never rewritten)';
      if (seoDescription === undefined) notWritable.meta = 'the export has no "SEO Description" column';
      if (faq === undefined) notWritable.faq = 'the export has no FAQ metafield column, e.g. "FAQ (product.metafields.custom.faq)"';
      return {
        profile: name,
        key: { column: handle },
        // A filled FAQ metafield is an FAQ the product has: none is written over it.
        read: defined({ title: seoTitle, meta_description: seoDescription, h1: title, content: body, product_name: title, product_description: body, has_faq: faq }),
        fallback: defined({ title }),
        pageType: 'product',
        writableFields: defined({ title: seoTitle, meta: seoDescription, faq }),
        notWritable,
        notes: [],
      };
    },
    key: keyCell,
    /** `products/<handle>` under the shop's URL (resolved against it, so a market's path prefix such as https://shop.example/en/ is kept). */
    url(fields, row, baseUrl) {
      const handle = cellOf(row, fields.key.column);
      if (handle === '' || baseUrl === undefined) return undefined;
      return new URL(`products/${encodeURIComponent(handle)}`, withSlash(baseUrl)).href;
    },
    group: groupProducts,
    writeHint(fields) {
      const w = fields.writableFields;
      const missing = [w.title === undefined ? (legacy ? 'SEO Title' : 'SEO title') : '', w.meta === undefined ? (legacy ? 'SEO Description' : 'SEO description') : ''].filter(Boolean);
      if (missing.length === 0) return undefined;
      return `Shopify: the export has no ${missing.map((m) => `"${m}"`).join(' or ')} column; export all columns from Shopify's admin (Products → Export) so SEO values can be written back`;
    },
  });
}

export const shopifyLegacy = shopifyProfile('shopify-legacy');
export const shopify = shopifyProfile('shopify');
