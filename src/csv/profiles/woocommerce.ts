// WooCommerce's product export (Products → Export, with "Export custom meta" for the SEO plugin's
// columns). A product is a row with an ID (or, not yet in the shop, a SKU); `variation` rows belong
// to their Parent. Titles and descriptions are read from and written to the active SEO plugin's
// meta columns (Yoast or Rank Math). The export escapes cells its own way, undone on reading.
import { CSV_FIELDS, type WritableField } from '../page.js';
import { absent, cellOf, CsvProfileError, defined, find, H1_IS_PRODUCT_NAME, withSlash, type KeyColumns, type ProductRow, type SkippedRow, defineProfile } from './types.js';

const YOAST = { title: 'Meta: _yoast_wpseo_title', meta: 'Meta: _yoast_wpseo_metadesc', keywords: 'Meta: _yoast_wpseo_focuskw' };
const RANK_MATH = { title: 'Meta: rank_math_title', meta: 'Meta: rank_math_description', keywords: 'Meta: rank_math_focus_keyword' };

export const woocommerce = defineProfile({
  name: 'woocommerce',
  label: 'WooCommerce',
  missing: (header) => absent(header, 'ID', 'Type', 'SKU', 'Name'),
  reason: () => 'ID, Type, SKU and Name: a WooCommerce product export',
  namesPagesBy: 'ID',
  fields(header) {
    const f = (...names: string[]): number | undefined => find(header, ...names);
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
    const notWritable: Partial<Record<WritableField, string>> = {
      h1: H1_IS_PRODUCT_NAME('Name'),
      faq: 'a WooCommerce export has no FAQ column',
    };
    if (plugin.title === undefined) notWritable.title = `the export has no "${names.title}" column`;
    if (plugin.meta === undefined) notWritable.meta = `the export has no "${names.meta}" column`;
    return {
      profile: 'woocommerce',
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
  },
  /**
   * `id:NN`, or the SKU for a row without an ID: how WooCommerce itself refers to a product in its
   * Parent, Upsells and Cross-sells columns, so the two never collide.
   */
  key(fields, row) {
    const id = cellOf(row, fields.key.column);
    if (id !== '') return `id:${id}`;
    const sku = cellOf(row, fields.key.fallback);
    return sku !== '' ? sku : undefined;
  },
  /**
   * A core export holds neither the URL nor the slug, only the ID: the URL is WordPress's plain
   * permalink `?post_type=product&p=<ID>` under the site's URL, which the site answers by
   * redirecting to the pretty permalink. It is therefore not the URL a crawl lists; match
   * WooCommerce rows with a crawl by ID, never by URL.
   */
  url(fields, row, baseUrl) {
    const id = cellOf(row, fields.key.column);
    if (id === '' || baseUrl === undefined) return undefined;
    return new URL(`?post_type=product&p=${encodeURIComponent(id)}`, withSlash(baseUrl)).href;
  },
  /** `variation` rows belong to their Parent (`id:NN` or a SKU); a product on two rows is an error. */
  group(fields, header, rows, { file, lineOf }) {
    const typeColumn = find(header, 'Type');
    const parentColumn = find(header, 'Parent');
    const skuColumn = fields.key.fallback;
    const products: ProductRow[] = [];
    const skipped: SkippedRow[] = [];
    const byRef = new Map<string, ProductRow>();
    const variations: number[] = [];
    rows.forEach((row, i) => {
      const line = lineOf(i);
      // Type is a list: "simple, virtual", "variation"…
      const types = cellOf(row, typeColumn).toLowerCase().split(',').map((t) => t.trim());
      if (types.includes('variation')) {
        variations.push(i);
        return;
      }
      const key = this.key(fields, row);
      if (key === undefined) {
        skipped.push({ row: i, line, reason: 'no ID and no SKU: the row names no product' });
        return;
      }
      const product: ProductRow = { row: i, line, key, others: [] };
      // A product is referred to by `id:NN` and by its SKU (Parent uses either).
      for (const ref of [key, cellOf(row, skuColumn)]) {
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
      const parent = cellOf(rows[i]!, parentColumn);
      const owner = byRef.get(parent);
      if (owner !== undefined) owner.others.push(i);
      else skipped.push({ row: i, line: lineOf(i), reason: parent === '' ? 'a variation without a Parent' : `a variation of ${parent}, which is not in this file` });
    }
    skipped.sort((a, b) => a.row - b.row);
    return { products, skipped };
  },
  /**
   * WooCommerce's exporter writes a cell starting with - = + @ as "'…" and line breaks in the
   * descriptions as the two characters \n: read as the shop shows them, not as escaped. Rank Math
   * keeps several focus keywords comma-separated.
   */
  decode(page) {
    for (const field of CSV_FIELDS) if (field !== 'url' && /^'[-=+@]/.test(page[field])) page[field] = page[field].slice(1);
    page.content = page.content.replace(/\\n/g, '\n');
    page.product_description = page.product_description.replace(/\\n/g, '\n');
    page.keywords = page.keywords.replace(/,/g, ';');
  },
  writeHint(fields) {
    const w = fields.writableFields;
    if (w.title !== undefined && w.meta !== undefined) return undefined;
    const plugins = `the Yoast columns ${YOAST.title}, ${YOAST.meta} (and ${YOAST.keywords} for the focus keyword), or Rank Math's ${RANK_MATH.title}, ${RANK_MATH.meta} (and ${RANK_MATH.keywords})`;
    if (w.title === undefined && w.meta === undefined) {
      return `WooCommerce: the export has no SEO title or meta description columns, so nothing can be written back; export with ${plugins} (WooCommerce's exporter: tick "Export custom meta")`;
    }
    return `WooCommerce: ${[fields.notWritable.title, fields.notWritable.meta].filter(Boolean).join('; ')}; export with ${plugins} (WooCommerce's exporter: tick "Export custom meta")`;
  },
});
