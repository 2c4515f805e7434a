import { describe, expect, it } from 'vitest';
import { columnsOf } from '../sources/csv.js';
import {
  checkProfile,
  CsvProfileError,
  detectProfile,
  fieldsOf,
  findHeaderRow,
  missingColumnsHint,
  productRows,
  profileByName,
  profilePage,
  rowKey,
  rowUrl,
} from './profiles/index.js';

// Headers as the tools write them (Screaming Frog "Internal: HTML", Shopify's legacy and current
// product exports, WooCommerce's core product exporter with custom meta).
const SF = [
  'Address', 'Content Type', 'Status Code', 'Status', 'Indexability', 'Indexability Status',
  'Title 1', 'Title 1 Length', 'Title 1 Pixel Width', 'Meta Description 1', 'Meta Description 1 Length', 'Meta Description 1 Pixel Width',
  'Meta Keywords 1', 'Meta Keywords 1 Length', 'H1-1', 'H1-1 Length', 'H1-2', 'H1-2 Length', 'H2-1', 'H2-1 Length',
  'Meta Robots 1', 'X-Robots-Tag 1', 'Meta Refresh 1', 'Canonical Link Element 1', 'Size (bytes)', 'Word Count', 'Text Ratio',
  'Crawl Depth', 'Inlinks', 'Unique Inlinks', 'Outlinks', 'Response Time', 'Redirect URL', 'Redirect Type', 'URL Encoded Address',
];
const SHOPIFY_LEGACY = [
  'Handle', 'Title', 'Body (HTML)', 'Vendor', 'Product Category', 'Type', 'Tags', 'Published',
  'Option1 Name', 'Option1 Value', 'Option2 Name', 'Option2 Value', 'Option3 Name', 'Option3 Value',
  'Variant SKU', 'Variant Grams', 'Variant Inventory Tracker', 'Variant Inventory Qty', 'Variant Inventory Policy', 'Variant Fulfillment Service',
  'Variant Price', 'Variant Compare At Price', 'Variant Requires Shipping', 'Variant Taxable', 'Variant Barcode',
  'Image Src', 'Image Position', 'Image Alt Text', 'Gift Card', 'SEO Title', 'SEO Description',
  'Google Shopping / Google Product Category', 'Google Shopping / Gender', 'Variant Image', 'Variant Weight Unit', 'Cost per item', 'Status',
];
const SHOPIFY = [
  'Title', 'URL handle', 'Description', 'Vendor', 'Product category', 'Type', 'Tags', 'Published on online store', 'Status',
  'SKU', 'Barcode', 'Option1 name', 'Option1 value', 'Option1 Linked To', 'Option2 name', 'Option2 value', 'Option2 Linked To',
  'Price', 'Compare-at price', 'Cost per item', 'Charge tax', 'Inventory tracker', 'Inventory quantity', 'Continue selling when out of stock',
  'Weight value (grams)', 'Requires shipping', 'Fulfillment service', 'Product image URL', 'Image position', 'Image alt text', 'Variant image URL',
  'Gift card', 'SEO title', 'SEO description', 'Color (product.metafields.shopify.color-pattern)', 'Google Shopping / Google product category',
];
const WOO_CORE = [
  'ID', 'Type', 'SKU', 'GTIN, UPC, EAN, or ISBN', 'Name', 'Published', 'Is featured?', 'Visibility in catalog', 'Short description', 'Description',
  'Date sale price starts', 'Date sale price ends', 'Tax status', 'Tax class', 'In stock?', 'Stock', 'Low stock amount', 'Backorders allowed?',
  'Sold individually?', 'Weight (kg)', 'Length (cm)', 'Width (cm)', 'Height (cm)', 'Allow customer reviews?', 'Purchase note', 'Sale price',
  'Regular price', 'Categories', 'Tags', 'Shipping class', 'Images', 'Download limit', 'Download expiry days', 'Parent', 'Grouped products',
  'Upsells', 'Cross-sells', 'External URL', 'Button text', 'Position', 'Brands', 'Attribute 1 name', 'Attribute 1 value(s)', 'Attribute 1 visible', 'Attribute 1 global',
];
const WOO_YOAST = [...WOO_CORE, 'Meta: _yoast_wpseo_focuskw', 'Meta: _yoast_wpseo_title', 'Meta: _yoast_wpseo_metadesc'];
const WOO_RANK_MATH = [...WOO_CORE, 'Meta: rank_math_title', 'Meta: rank_math_description', 'Meta: rank_math_focus_keyword'];
const GENERIC = ['url', 'title', 'meta_description', 'h1', 'content', 'keywords', 'page_type'];

const WOO_PLUGIN_HINT =
  'export with the Yoast columns Meta: _yoast_wpseo_title, Meta: _yoast_wpseo_metadesc (and Meta: _yoast_wpseo_focuskw for the focus keyword), or Rank Math\'s Meta: rank_math_title, Meta: rank_math_description (and Meta: rank_math_focus_keyword) (WooCommerce\'s exporter: tick "Export custom meta")';
const SF_READ_ONLY =
  'a Screaming Frog export is a crawl report, not an import file: no tool reads it back into the site. Make the approved changes in your CMS, or optimize the CMS export (Shopify, WooCommerce) instead';

/** The CsvProfileError a call throws, message and line together. */
function profileError(run: () => unknown): { message: string; line: number } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CsvProfileError);
    return { message: (error as CsvProfileError).message, line: (error as CsvProfileError).line };
  }
  throw new Error('did not throw');
}

/** A row of `header`'s width with the named cells filled. */
function row(header: readonly string[], cells: Record<string, string>): string[] {
  const out = header.map(() => '');
  for (const [name, value] of Object.entries(cells)) {
    const i = header.indexOf(name);
    if (i === -1) throw new Error(`no column ${name}`);
    out[i] = value;
  }
  return out;
}

describe('detectProfile', () => {
  it('takes the first profile, in the registry order, whose columns a header has, when it has several', () => {
    expect(detectProfile(['Address', 'Title 1', 'ID', 'Type', 'SKU', 'Name']).profile).toBe('screaming-frog');
    expect(detectProfile(['Handle', 'Body (HTML)', 'URL handle', 'Title', 'Description']).profile).toBe('shopify-legacy');
    expect(detectProfile(['Handle', 'Body (HTML)', 'ID', 'Type', 'SKU', 'Name']).profile).toBe('shopify-legacy');
    expect(detectProfile(['URL handle', 'Title', 'Description', 'ID', 'Type', 'SKU', 'Name']).profile).toBe('shopify');
  });

  it('names each tool from its real header, with the columns that decided it', () => {
    expect(detectProfile(SF)).toEqual({ profile: 'screaming-frog', reason: 'Address with the Screaming Frog columns Title 1, Meta Description 1, H1-1, Indexability, Indexability Status, Canonical Link Element 1, Meta Robots 1' });
    expect(detectProfile(SHOPIFY_LEGACY)).toEqual({ profile: 'shopify-legacy', reason: 'Handle and Body (HTML): a Shopify product export with the legacy headers' });
    expect(detectProfile(SHOPIFY)).toEqual({ profile: 'shopify', reason: 'URL handle, Title and Description: a Shopify product export' });
    expect(detectProfile(WOO_CORE)).toEqual({ profile: 'woocommerce', reason: 'ID, Type, SKU and Name: a WooCommerce product export' });
    expect(detectProfile(WOO_YOAST).profile).toBe('woocommerce');
    expect(detectProfile(GENERIC)).toEqual({
      profile: 'generic',
      reason: 'not a Screaming Frog (Address, Title 1…), Shopify (Handle, Body (HTML) or URL handle, Title, Description) or WooCommerce (ID, Type, SKU, Name) header; columns are read by their usual names',
    });
  });

  it('ignores letter case, surrounding spaces and column order', () => {
    expect(detectProfile(['address', 'content type', 'status code', 'indexability', 'title 1', 'meta description 1', 'h1-1']).profile).toBe('screaming-frog');
    expect(detectProfile(['TITLE 1', 'ADDRESS']).profile).toBe('screaming-frog');
    expect(detectProfile([' body (html) ', 'title', ' HANDLE']).profile).toBe('shopify-legacy');
    expect(detectProfile(['description', 'url Handle', 'TITLE']).profile).toBe('shopify');
    expect(detectProfile(['name', 'sku', 'type', 'id']).profile).toBe('woocommerce');
  });

  it('wants the whole column set: near misses are generic', () => {
    // Address and Status Code alone are any crawler's columns.
    expect(detectProfile(['Address', 'Status Code', 'Content Type']).profile).toBe('generic');
    expect(detectProfile(['Handle', 'Title', 'Vendor']).profile).toBe('generic');
    expect(detectProfile(['Title', 'URL handle', 'Vendor']).profile).toBe('generic');
    expect(detectProfile(WOO_CORE.filter((c) => c !== 'SKU')).profile).toBe('generic');
  });
});

describe('profileByName and checkProfile', () => {
  it('takes the --profile names, in any case', () => {
    expect(profileByName('shopify-legacy')).toBe('shopify-legacy');
    expect(profileByName(' WooCommerce ')).toBe('woocommerce');
    expect(() => profileByName('magento')).toThrow('--profile: unknown profile "magento"; use screaming-frog, shopify-legacy, shopify, woocommerce, generic');
  });

  it('accepts a header that fits', () => {
    expect(checkProfile('shopify', SHOPIFY)).toBeUndefined();
    expect(checkProfile('generic', SF)).toBeUndefined(); // Address is a url alias
  });

  it('refuses a forced profile that does not fit, naming the missing columns and what the header looks like', () => {
    expect(profileError(() => checkProfile('woocommerce', SHOPIFY_LEGACY, { file: 'products_export.csv' }))).toEqual({
      message:
        'products_export.csv:1: the header does not fit --profile woocommerce (WooCommerce): it has no "ID", "SKU" or "Name" column; it looks like Shopify (legacy headers) (Handle and Body (HTML): a Shopify product export with the legacy headers); leave out --profile, or pass --profile shopify-legacy',
      line: 1,
    });
    expect(profileError(() => checkProfile('shopify-legacy', SHOPIFY))).toEqual({
      message: 'CSV:1: the header does not fit --profile shopify-legacy (Shopify (legacy headers)): it has no "Handle" or "Body (HTML)" column; it looks like Shopify (URL handle, Title and Description: a Shopify product export); leave out --profile, or pass --profile shopify',
      line: 1,
    });
    expect(profileError(() => checkProfile('screaming-frog', ['url', 'title'], { file: 'pages.csv', headerLine: 2 }))).toEqual({
      message: 'pages.csv:2: the header does not fit --profile screaming-frog (Screaming Frog): it has no "Address" column and none of the Screaming Frog columns "Title 1", "Meta Description 1", "H1-1", "Indexability"…; it does not look like any export seo-ai knows; leave out --profile to read it as a generic CSV',
      line: 2,
    });
    expect(profileError(() => checkProfile('generic', WOO_CORE)).message).toBe(
      'CSV:1: the header does not fit --profile generic (generic CSV): it has no url column (url, address, page url, permalink…); it looks like WooCommerce (ID, Type, SKU and Name: a WooCommerce product export); leave out --profile, or pass --profile woocommerce',
    );
  });
});

describe('fieldsOf', () => {
  it('Screaming Frog: reads Address, Title 1, Meta Description 1, H1-1; writes nothing, and says why', () => {
    expect(fieldsOf('screaming-frog', SF)).toEqual({
      profile: 'screaming-frog',
      key: { column: 0 },
      read: { url: 0, title: 6, meta_description: 9, h1: 14 },
      fallback: {},
      writableFields: {},
      notWritable: { title: SF_READ_ONLY, meta: SF_READ_ONLY, h1: SF_READ_ONLY, faq: SF_READ_ONLY },
      readOnly: SF_READ_ONLY,
      notes: [],
    });
  });

  it('Shopify legacy: SEO Title / SEO Description are read and written; the product Title is the H1 and only a fallback title', () => {
    expect(fieldsOf('shopify-legacy', SHOPIFY_LEGACY)).toEqual({
      profile: 'shopify-legacy',
      key: { column: 0 },
      read: { title: 29, meta_description: 30, h1: 1, content: 2, product_name: 1, product_description: 2 },
      fallback: { title: 1 },
      pageType: 'product',
      writableFields: { title: 29, meta: 30 },
      notWritable: {
        h1: "the product page's H1 is its Title, which names the product everywhere (cart, orders, feeds); seo-ai does not rename products",
        faq: 'the export has no FAQ metafield column, e.g. "FAQ (product.metafields.custom.faq)"',
      },
      notes: [],
    });
  });

  it('Shopify current: URL handle, Description, SEO title / SEO description; an FAQ metafield column takes the FAQ', () => {
    const header = [...SHOPIFY, 'FAQ (product.metafields.custom.faq)'];
    expect(fieldsOf('shopify', header)).toEqual({
      profile: 'shopify',
      key: { column: 1 },
      read: { title: 32, meta_description: 33, h1: 0, content: 2, product_name: 0, product_description: 2, has_faq: 36 },
      fallback: { title: 0 },
      pageType: 'product',
      writableFields: { title: 32, meta: 33, faq: 36 },
      notWritable: { h1: "the product page's H1 is its Title, which names the product everywhere (cart, orders, feeds); seo-ai does not rename products" },
      notes: [],
    });
  });

  it("Shopify's FAQ metafield is the one keyed faq or faqs, the custom namespace first; faq_count or faqs_enabled are not it", () => {
    const faqOf = (...extra: string[]): number | undefined => fieldsOf('shopify', [...SHOPIFY, ...extra]).writableFields.faq;
    expect(faqOf('FAQ count (product.metafields.custom.faq_count)', 'FAQs on? (product.metafields.custom.faqs_enabled)')).toBeUndefined();
    expect(faqOf('FAQ count (product.metafields.custom.faq_count)', 'Questions (product.metafields.theme.faqs)')).toBe(37);
    expect(faqOf('Old FAQ (product.metafields.legacy.faq)', 'FAQ (product.metafields.custom.faq)')).toBe(37);
  });

  it('WooCommerce with Yoast: title, meta description and focus keyword from the Yoast meta columns', () => {
    expect(fieldsOf('woocommerce', WOO_YOAST)).toEqual({
      profile: 'woocommerce',
      key: { column: 0, fallback: 2 },
      read: { title: 46, meta_description: 47, h1: 4, content: 9, keywords: 45, product_name: 4, product_description: 8 },
      fallback: { title: 4 },
      pageType: 'product',
      writableFields: { title: 46, meta: 47 },
      notWritable: {
        h1: "the product page's H1 is its Name, which names the product everywhere (cart, orders, feeds); seo-ai does not rename products",
        faq: 'a WooCommerce export has no FAQ column',
      },
      notes: [],
    });
    expect(missingColumnsHint('woocommerce', WOO_YOAST)).toBeUndefined();
  });

  it('WooCommerce with Rank Math, and with both plugins', () => {
    const rm = fieldsOf('woocommerce', WOO_RANK_MATH);
    expect([rm.read.title, rm.read.meta_description, rm.read.keywords, rm.writableFields, rm.notes]).toEqual([45, 46, 47, { title: 45, meta: 46 }, []]);
    const both = fieldsOf('woocommerce', [...WOO_CORE, 'Meta: _yoast_wpseo_title', 'Meta: rank_math_title', 'Meta: rank_math_description']);
    expect([both.writableFields, both.notes]).toEqual([{ title: 46, meta: 47 }, ["the export has both Yoast and Rank Math columns; Rank Math's are read and written"]]);
    const tie = fieldsOf('woocommerce', [...WOO_CORE, 'Meta: rank_math_title', 'Meta: _yoast_wpseo_title']);
    expect([tie.writableFields, tie.notes]).toEqual([{ title: 46 }, ["the export has both Yoast and Rank Math columns; Yoast's are read and written"]]);
  });

  it('WooCommerce without an SEO plugin: nothing writable, and the hint names the plugin columns to export', () => {
    const f = fieldsOf('woocommerce', WOO_CORE);
    expect([f.writableFields, f.read.title, f.fallback, f.notWritable.title, f.notWritable.meta]).toEqual([
      {},
      undefined,
      { title: 4 },
      'the export has no "Meta: _yoast_wpseo_title" column',
      'the export has no "Meta: _yoast_wpseo_metadesc" column',
    ]);
    expect(missingColumnsHint('woocommerce', WOO_CORE)).toBe(`WooCommerce: the export has no SEO title or meta description columns, so nothing can be written back; ${WOO_PLUGIN_HINT}`);
    expect(missingColumnsHint('woocommerce', [...WOO_CORE, 'Meta: _yoast_wpseo_title'])).toBe(`WooCommerce: the export has no "Meta: _yoast_wpseo_metadesc" column; ${WOO_PLUGIN_HINT}`);
  });

  it('hints for Shopify without SEO columns and for Screaming Frog; none for complete exports', () => {
    expect(missingColumnsHint('shopify', SHOPIFY.filter((c) => !c.startsWith('SEO')))).toBe(
      'Shopify: the export has no "SEO title" or "SEO description" column; export all columns from Shopify\'s admin (Products → Export) so SEO values can be written back',
    );
    expect(missingColumnsHint('shopify-legacy', SHOPIFY_LEGACY)).toBeUndefined();
    expect(missingColumnsHint('screaming-frog', SF)).toBe(`Screaming Frog: ${SF_READ_ONLY}`);
    expect(missingColumnsHint('generic', GENERIC)).toBeUndefined();
    expect(missingColumnsHint('generic', ['url', 'content'])).toBe('generic CSV: no title, meta description or h1 column to write new values into');
  });

  it('generic: today\'s aliases from the CSV source, written back into the columns they came from', () => {
    const header = ['Page URL', 'Meta Title', 'Description', 'H1', 'Body', 'Focus Keyword'];
    const f = fieldsOf('generic', header);
    expect(f.read).toEqual(columnsOf(header));
    expect(f).toEqual({
      profile: 'generic',
      key: { column: 0 },
      read: { url: 0, title: 1, meta_description: 2, h1: 3, content: 4, keywords: 5 },
      fallback: {},
      writableFields: { title: 1, meta: 2, h1: 3 },
      notWritable: { faq: 'the CSV has no FAQ column (faq_html, faq_jsonld or faq_json) to write into' },
      notes: [],
    });
  });
});

describe('keys, URLs and page fields', () => {
  it('Shopify: the handle is the key; the URL is products/<handle> under the base URL, path kept', () => {
    const f = fieldsOf('shopify-legacy', SHOPIFY_LEGACY);
    const r = row(SHOPIFY_LEGACY, { Handle: 'trail-tent-2p', Title: 'Trail Tent 2P' });
    expect(rowKey(f, r)).toBe('trail-tent-2p');
    expect(rowUrl(f, r, 'https://shop.example')).toBe('https://shop.example/products/trail-tent-2p');
    expect(rowUrl(f, r, 'https://shop.example/en-gb')).toBe('https://shop.example/en-gb/products/trail-tent-2p');
    expect(rowUrl(f, r)).toBeUndefined();
  });

  it('WooCommerce: key id:NN, or the SKU of a row without an ID; URL is the plain permalink by ID', () => {
    const f = fieldsOf('woocommerce', WOO_YOAST);
    const r = row(WOO_YOAST, { ID: '118', Type: 'simple', SKU: 'TNT-2P', Name: 'Trail Tent' });
    expect(rowKey(f, r)).toBe('id:118');
    expect(rowUrl(f, r, 'https://woo.example/shop')).toBe('https://woo.example/shop/?post_type=product&p=118');
    const fresh = row(WOO_YOAST, { Type: 'simple', SKU: 'TNT-3P', Name: 'Trail Tent 3P' });
    expect([rowKey(f, fresh), rowUrl(f, fresh, 'https://woo.example/')]).toEqual(['TNT-3P', undefined]);
    expect(rowKey(f, row(WOO_YOAST, { Type: 'simple' }))).toBeUndefined();
  });

  it('Screaming Frog and generic: the URL cell is key and URL', () => {
    const f = fieldsOf('screaming-frog', SF);
    const r = row(SF, { Address: ' https://a.example/tents ' });
    expect([rowKey(f, r), rowUrl(f, r, 'https://ignored.example/')]).toEqual(['https://a.example/tents', 'https://a.example/tents']);
  });

  it('profilePage: the product Title stands in for an empty SEO title; every row is a product page', () => {
    const f = fieldsOf('shopify', SHOPIFY);
    const r = row(SHOPIFY, { Title: 'Trail Tent 2P', 'URL handle': 'trail-tent-2p', Description: '<p>Light tent</p>', 'SEO description': 'A light tent.' });
    expect(profilePage(f, r, 2, 'https://shop.example/')).toEqual({
      line: 2,
      url: 'https://shop.example/products/trail-tent-2p',
      title: 'Trail Tent 2P',
      meta_description: 'A light tent.',
      h1: 'Trail Tent 2P',
      content: '<p>Light tent</p>',
      keywords: '',
      page_type: 'product',
      product_name: 'Trail Tent 2P',
      product_description: '<p>Light tent</p>',
      has_faq: '',
      lang: '',
    });
    const seo = row(SHOPIFY, { Title: 'Trail Tent 2P', 'URL handle': 'trail-tent-2p', 'SEO title': 'Trail Tent 2P – 1.9 kg' });
    expect(profilePage(f, seo, 5).title).toBe('Trail Tent 2P – 1.9 kg');
    expect(profilePage(f, seo, 5).url).toBe('');
  });
});

describe('productRows', () => {
  it('an older Screaming Frog export names the content type column "Content": non-HTML rows are still skipped', () => {
    const h = ['Address', 'Content', 'Status Code', 'Title 1', 'Meta Description 1', 'H1-1'];
    const rows = [
      ['https://s.example/', 'text/html; charset=UTF-8', '200', 'Home', 'Welcome home', 'Home'],
      ['https://s.example/logo.png', 'image/png', '200', '', '', ''],
    ];
    expect(productRows('screaming-frog', h, rows)).toEqual({
      products: [{ row: 0, line: 2, key: 'https://s.example/', others: [] }],
      skipped: [{ row: 1, line: 3, reason: 'Content Type image/png: not an HTML page' }],
    });
  });

  it('Shopify: one product per handle, its variant and image rows attached', () => {
    const h = SHOPIFY_LEGACY;
    const rows = [
      row(h, { Handle: 'tent', Title: 'Tent', 'Option1 Value': 'Green', 'SEO Title': 'Tent' }),
      row(h, { Handle: 'tent', 'Option1 Value': 'Blue' }),
      row(h, { Handle: 'tent', 'Image Src': 'https://cdn.example/tent-2.jpg' }),
      row(h, { Handle: 'pack', Title: 'Pack' }),
    ];
    expect(productRows('shopify-legacy', h, rows)).toEqual({
      products: [
        { row: 0, line: 2, key: 'tent', others: [1, 2] },
        { row: 3, line: 5, key: 'pack', others: [] },
      ],
      skipped: [],
    });
  });

  it('Shopify: a handle that comes back after another is an error naming both places', () => {
    const h = SHOPIFY;
    const rows = [
      row(h, { 'URL handle': 'tent', Title: 'Tent' }),
      row(h, { 'URL handle': 'tent' }),
      row(h, { 'URL handle': 'pack', Title: 'Pack' }),
      row(h, { 'URL handle': 'tent' }),
    ];
    expect(profileError(() => productRows('shopify', h, rows, { file: 'products_export.csv' }))).toEqual({
      message:
        'products_export.csv:5: URL handle "tent" appears again after "pack" (line 4); its rows start on line 2 and run to line 3. A product\'s rows must be together: sort the file by URL handle, keeping each product\'s first row first',
      line: 5,
    });
    // Physical lines from the reader (a multi-line body pushes later rows down).
    const legacy = [row(SHOPIFY_LEGACY, { Handle: 'tent', Title: 'Tent' }), row(SHOPIFY_LEGACY, { Handle: 'pack', Title: 'Pack' }), row(SHOPIFY_LEGACY, { Handle: 'tent' })];
    expect(profileError(() => productRows('shopify-legacy', SHOPIFY_LEGACY, legacy, { lines: [2, 6, 9] })).message).toBe(
      'CSV:9: Handle "tent" appears again after "pack" (line 6); its rows start on line 2. A product\'s rows must be together: sort the file by Handle, keeping each product\'s first row first',
    );
  });

  it('Shopify: a row without a handle is an error', () => {
    const rows = [row(SHOPIFY_LEGACY, { Handle: 'tent', Title: 'Tent' }), row(SHOPIFY_LEGACY, { 'Image Src': 'x.jpg' })];
    expect(profileError(() => productRows('shopify-legacy', SHOPIFY_LEGACY, rows))).toEqual({
      message: 'CSV:3: the Handle cell is empty; every row of a Shopify export names the product it belongs to',
      line: 3,
    });
  });

  it('WooCommerce: variations belong to their Parent, by id:NN or SKU; orphans are skipped with why', () => {
    const h = WOO_YOAST;
    const rows = [
      row(h, { ID: '10', Type: 'variable', SKU: 'TNT', Name: 'Tent' }),
      row(h, { ID: '11', Type: 'variation', SKU: 'TNT-G', Name: 'Tent - Green', Parent: 'id:10' }),
      row(h, { ID: '12', Type: 'variation', Name: 'Tent - Blue', Parent: 'TNT' }),
      row(h, { ID: '20', Type: 'simple, virtual', SKU: 'GIFT', Name: 'Gift card' }),
      row(h, { ID: '31', Type: 'variation', Name: 'Lost', Parent: 'id:30' }),
      row(h, { ID: '32', Type: 'variation', Name: 'No parent' }),
      row(h, { Type: 'simple', Name: 'Nameless' }),
    ];
    expect(productRows('woocommerce', h, rows)).toEqual({
      products: [
        { row: 0, line: 2, key: 'id:10', others: [1, 2] },
        { row: 3, line: 5, key: 'id:20', others: [] },
      ],
      skipped: [
        { row: 4, line: 6, reason: 'a variation of id:30, which is not in this file' },
        { row: 5, line: 7, reason: 'a variation without a Parent' },
        { row: 6, line: 8, reason: 'no ID and no SKU: the row names no product' },
      ],
    });
  });

  it('WooCommerce: an ID or SKU on two product rows is an error', () => {
    const h = WOO_CORE;
    expect(profileError(() => productRows('woocommerce', h, [row(h, { ID: '10', Type: 'simple', Name: 'A' }), row(h, { ID: '10', Type: 'simple', Name: 'B' })])).message).toBe(
      'CSV:3: ID 10 is also on line 2; each product must be on one row',
    );
    expect(profileError(() => productRows('woocommerce', h, [row(h, { ID: '10', Type: 'simple', SKU: 'X' }), row(h, { Type: 'simple', SKU: 'X' })])).message).toBe(
      'CSV:3: SKU "X" is also on line 2; each product must be on one row',
    );
  });

  it('Screaming Frog: text/html rows with status 200 are pages; the rest are skipped with why', () => {
    const h = SF;
    const rows = [
      row(h, { Address: 'https://a.example/', 'Content Type': 'text/html; charset=UTF-8', 'Status Code': '200' }),
      row(h, { Address: 'https://a.example/style.css', 'Content Type': 'text/css', 'Status Code': '200' }),
      row(h, { Address: 'https://a.example/old', 'Content Type': 'text/html; charset=UTF-8', 'Status Code': '301' }),
      row(h, { Address: 'https://a.example/slow', 'Content Type': '', 'Status Code': '0' }),
      row(h, { Address: 'https://a.example/tents', 'Content Type': 'TEXT/HTML', 'Status Code': '200' }),
    ];
    expect(productRows('screaming-frog', h, rows)).toEqual({
      products: [
        { row: 0, line: 2, key: 'https://a.example/', others: [] },
        { row: 4, line: 6, key: 'https://a.example/tents', others: [] },
      ],
      skipped: [
        { row: 1, line: 3, reason: 'Content Type text/css: not an HTML page' },
        { row: 2, line: 4, reason: 'Status Code 301: not a page that answers 200' },
        { row: 3, line: 5, reason: 'no Content Type: not an HTML page' },
      ],
    });
    // Without a Status Code column, the content type alone decides.
    expect(productRows('screaming-frog', ['Address', 'Content Type', 'Title 1'], [['https://a.example/', 'text/html', 'Home']]).products).toEqual([{ row: 0, line: 2, key: 'https://a.example/', others: [] }]);
  });

  it("generic: one page a row, every row (an empty or repeated url is the user's row to fix: the CSV source says so row by row)", () => {
    expect(productRows('generic', ['url', 'title'], [['https://a.example/', 'A'], ['', 'B'], ['https://a.example/', 'C']])).toEqual({
      products: [
        { row: 0, line: 2, key: 'https://a.example/', others: [] },
        { row: 1, line: 3, key: '', others: [] },
        { row: 2, line: 4, key: 'https://a.example/', others: [] },
      ],
      skipped: [],
    });
  });
});

describe('findHeaderRow', () => {
  it('skips the tab name Screaming Frog writes above the header', () => {
    expect(findHeaderRow([['Internal - HTML'], SF, ['https://a.example/']])).toBe(1);
    expect(findHeaderRow([['Internal - All', '', ''], ['Address', 'Status Code', 'Title 1']])).toBe(1);
    expect(findHeaderRow([['Export 2024-05-01'], ['url', 'title']])).toBe(1);
  });

  it('keeps the first line when it is the header, or when the next line is no header', () => {
    expect(findHeaderRow([SF, ['https://a.example/']])).toBe(0);
    expect(findHeaderRow([['url'], ['https://a.example/']])).toBe(0);
    expect(findHeaderRow([['note'], ['alpha', 'beta']])).toBe(0);
    expect(findHeaderRow([['Internal - HTML']])).toBe(0);
    expect(findHeaderRow([])).toBe(0);
  });
});

describe('checkProfile: partial Screaming Frog and Shopify headers', () => {
  it('names only what is missing', () => {
    expect(profileError(() => checkProfile('screaming-frog', ['Address', 'Status Code', 'Content Type'])).message).toBe(
      'CSV:1: the header does not fit --profile screaming-frog (Screaming Frog): it has none of the Screaming Frog columns "Title 1", "Meta Description 1", "H1-1", "Indexability"…; it does not look like any export seo-ai knows; leave out --profile to read it as a generic CSV',
    );
    expect(profileError(() => checkProfile('shopify', ['title', 'url handle'])).message).toBe(
      'CSV:1: the header does not fit --profile shopify (Shopify): it has no "Description" column; it does not look like any export seo-ai knows; leave out --profile to read it as a generic CSV',
    );
  });
});
