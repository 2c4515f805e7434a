import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvDocument } from '../csv/document.js';
import { fieldsOf, profilePage } from '../csv/profiles/index.js';
import { csvSource } from '../sources/csv.js';
import { ApplyError, applyReview, type ApplyOptions } from './apply.js';
import type { ReviewRow } from './review.js';

const fixture = (path: string): Buffer => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));
const DEMO = fixture('csv/demo-shop.csv');
const SHOPIFY = fixture('exports/shopify-products-legacy.csv');
const CP1252_FILE = fixture('exports/excel-windows-1252.csv');
const SHOP = 'https://northpine.example/';

const TENTS = 'https://demo-shop.example/category/tents/';
const BAGS = 'https://demo-shop.example/category/sleeping-bags/';
const FOOTPRINT = 'https://demo-shop.example/products/stormshield-tent-footprint/';
const BOOTS = 'https://demo-shop.example/products/ridgewalker-mid-hiking-boot/';

/** A review row as parseReview gives it; approved, unedited (after = proposed), checks passed. */
function row(r: Pick<ReviewRow, 'key' | 'field' | 'column' | 'before' | 'proposed'> & Partial<ReviewRow>): ReviewRow {
  return { line: 0, after: r.proposed, checks: 'passed', approve: true, ...r };
}

const demo = (review: ReviewRow[], extra: Partial<ApplyOptions> = {}): ApplyOptions => ({ review, reviewFile: 'review.csv', exportBytes: DEMO, exportFile: 'demo-shop.csv', ...extra });

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApplyError);
    const e = error as ApplyError;
    expect(e.message).toBe(e.problems.join('\n'));
    return e.problems;
  }
  throw new Error('applyReview did not throw');
}

/** The cell of the row keyed `key` (first column) in column `column`, as the input holds it. */
function cellOf(bytes: Uint8Array, key: string, column: string): string {
  const doc = parseCsvDocument(bytes);
  const found = doc.rows.find((r) => r.fields[0] === key);
  if (!found) throw new Error(`no row ${key}`);
  return found.fields[doc.header.indexOf(column)]!;
}

/**
 * Every cell of the output equals the input's, except the listed ones, which hold their new
 * values: both files read back with parseCsvDocument, cell by cell.
 */
function expectOnlyCells(input: Uint8Array, output: Uint8Array, changes: { key: string; column: string; after: string }[]): void {
  const a = parseCsvDocument(input);
  const b = parseCsvDocument(output);
  expect(b.header).toEqual(a.header);
  expect(b.rows.map((r) => r.line)).toEqual(a.rows.map((r) => r.line));
  const expected = a.rows.map((r) => [...r.fields]);
  for (const c of changes) {
    const i = a.rows.findIndex((r) => r.fields[0] === c.key);
    expect(i).not.toBe(-1);
    const column = a.header.indexOf(c.column);
    expect(column).not.toBe(-1);
    expect(expected[i]![column]).not.toBe(c.after);
    expected[i]![column] = c.after;
  }
  expect(b.rows.map((r) => r.fields)).toEqual(expected);
}

/** The text with `from`, which must occur exactly once, replaced by `to`. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  expect(at, `"${from}" is in the text`).not.toBe(-1);
  expect(text.indexOf(from, at + 1), `"${from}" is in the text once`).toBe(-1);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

describe('applyReview on a generic CSV (keyed by url)', () => {
  const tentsTitle = 'Backpacking and Camping Tents | Northpine';
  const bagsMeta = 'Down and synthetic sleeping bags, pads and pillows.';

  it('writes exactly the approved cells and leaves every other byte as it was', () => {
    const review = [
      row({ key: TENTS, field: 'title', column: 'title', before: tentsTitle, proposed: 'Backpacking Tents and Ultralight Shelters | Northpine' }),
      row({ key: BAGS, field: 'meta', column: 'meta_description', before: bagsMeta, proposed: 'Down and synthetic sleeping bags, air pads and camp pillows, tested on cold Cascade nights.' }),
      row({ key: BOOTS, field: 'h1', column: 'h1', before: cellOf(DEMO, BOOTS, 'h1'), proposed: 'Ridgewalker Mid boots', checks: 'h1-too-short: …', approve: false }),
    ];
    const result = applyReview(demo(review));
    expect(result.profile).toBe('generic');
    expect(result.applied).toEqual([review[0], review[1]]);
    expect(result.rejected).toEqual([review[2]]);
    expect(result.edited).toEqual([]);
    expectOnlyCells(DEMO, result.bytes, [
      { key: TENTS, column: 'title', after: review[0]!.after },
      { key: BAGS, column: 'meta_description', after: review[1]!.after },
    ]);
    // Byte for byte: the unquoted title stays unquoted, the quoted description stays quoted.
    let text = DEMO.toString('utf8');
    text = replaceOnce(text, `${TENTS},${tentsTitle},`, `${TENTS},Backpacking Tents and Ultralight Shelters | Northpine,`);
    text = replaceOnce(text, `,"${bagsMeta}",`, `,"Down and synthetic sleeping bags, air pads and camp pillows, tested on cold Cascade nights.",`);
    expect(Buffer.from(result.bytes).toString('utf8')).toBe(text);
    expect(Buffer.from(result.bytes).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('gives the input back untouched when nothing is approved', () => {
    const review = [row({ key: TENTS, field: 'title', column: 'title', before: tentsTitle, proposed: 'Tents | Northpine', approve: false })];
    const result = applyReview(demo(review));
    expect(result.applied).toEqual([]);
    expect(result.rejected).toEqual(review);
    expect(Buffer.from(result.bytes).equals(DEMO)).toBe(true);
  });

  it('re-checks an edited after, and writes it when it passes', () => {
    const before = cellOf(DEMO, FOOTPRINT, 'title');
    const edited = row({ key: FOOTPRINT, field: 'title', column: 'title', before, proposed: 'Stormshield Footprint | Northpine', after: 'Stormshield Tent Footprint for Trailhead 2 | Northpine' });
    const result = applyReview(demo([edited]));
    expect(result.applied).toEqual([edited]);
    expect(result.edited).toEqual([edited]);
    expectOnlyCells(DEMO, result.bytes, [{ key: FOOTPRINT, column: 'title', after: 'Stormshield Tent Footprint for Trailhead 2 | Northpine' }]);
  });

  it('writes an approved value that only starts like a formula ("-20% …"), and refuses one that calls a function or a link', () => {
    const before = cellOf(DEMO, FOOTPRINT, 'title');
    const sale = '-20% on the Stormshield Tent Footprint | Northpine';
    const approved = row({ key: FOOTPRINT, field: 'title', column: 'title', before, proposed: sale });
    expectOnlyCells(DEMO, applyReview(demo([approved])).bytes, [{ key: FOOTPRINT, column: 'title', after: sale }]);
    for (const after of ['=HYPERLINK("http://x.example","Stormshield Tent Footprint")', '-cmd|\' /C calc\'!A0 Stormshield Tent Footprint', '@SUM(1) Stormshield Tent Footprint | Northpine']) {
      expect(problemsOf(() => applyReview(demo([{ ...approved, after }])))).toEqual([
        `review.csv:2: ${FOOTPRINT} (title): after starts with ${JSON.stringify(after[0])} and calls a function or a link, which a spreadsheet runs as a formula: remove the leading character, or set approve to no`,
      ]);
    }
  });

  it('refuses an edited after that fails the rules, with the rules\' messages', () => {
    const before = cellOf(DEMO, FOOTPRINT, 'title');
    const long = `Stormshield tent footprint ${'x'.repeat(93)}`;
    expect(long).toHaveLength(120);
    const problems = problemsOf(() => applyReview(demo([row({ key: FOOTPRINT, field: 'title', column: 'title', before, proposed: 'Stormshield Footprint | Northpine', after: long })])));
    expect(problems).toEqual([
      `review.csv:2: ${FOOTPRINT} (title): the edited value fails: title-too-long: Title is 120 characters long (max 60).; title-too-wide: Title is 1158 px wide in Arial 20px (max 561); Google cuts it off.`,
    ]);
  });

  it('refuses an edited after that another page already uses, or that the export\'s keywords miss', () => {
    const before = cellOf(DEMO, FOOTPRINT, 'title');
    const problems = problemsOf(() => applyReview(demo([row({ key: FOOTPRINT, field: 'title', column: 'title', before, proposed: 'Stormshield Footprint | Northpine', after: 'Backpacking and Camping Tents | Northpine' })])));
    expect(problems).toEqual([
      `review.csv:2: ${FOOTPRINT} (title): the edited value fails: title-missing-keyword: Title contains none of the target keywords ("tent footprint").; title-duplicate: another page of the run already uses "Backpacking and Camping Tents | Northpine"`,
    ]);
  });

  it('checks an edited value against the other approved values, as the export will be', () => {
    // Two rows approved with the same new title: the edited one is a duplicate of the other's.
    const title = 'Stormshield Tent Footprint for Trailhead 2 | Northpine';
    const review = [
      row({ key: TENTS, field: 'title', column: 'title', before: tentsTitle, proposed: title }),
      row({ key: FOOTPRINT, field: 'title', column: 'title', before: cellOf(DEMO, FOOTPRINT, 'title'), proposed: 'Stormshield Footprint | Northpine', after: title }),
    ];
    expect(problemsOf(() => applyReview(demo(review)))).toEqual([
      `review.csv:3: ${FOOTPRINT} (title): the edited value fails: title-duplicate: another page of the run already uses "${title}"`,
    ]);
  });

  it('names each mismatch exactly, and lists them all', () => {
    const review = [
      // 2: fine on its own
      row({ key: TENTS, field: 'title', column: 'title', before: tentsTitle, proposed: 'Backpacking Tents and Ultralight Shelters | Northpine' }),
      // 3: a key the export does not have
      row({ key: 'https://demo-shop.example/products/gone/', field: 'title', column: 'title', before: 'Gone | Northpine', proposed: 'Gone For Good | Northpine' }),
      // 4: a cell changed since the review
      row({ key: BAGS, field: 'meta', column: 'meta_description', before: 'Sleeping bags.', proposed: 'Down and synthetic sleeping bags, air pads and pillows for every season.' }),
      // 5: the wrong column
      row({ key: BOOTS, field: 'title', column: 'meta_description', before: cellOf(DEMO, BOOTS, 'title'), proposed: 'Ridgewalker Mid Hiking Boot | Northpine' }),
      // 6: the same key and field as line 2
      row({ key: TENTS, field: 'title', column: 'title', before: tentsTitle, proposed: 'Tents and Shelters | Northpine' }),
      // 7: not approved, but its key is missing all the same
      row({ key: 'https://demo-shop.example/old-page/', field: 'h1', column: 'h1', before: 'Old', proposed: 'New', approve: false }),
      // 8: an empty after
      row({ key: FOOTPRINT, field: 'h1', column: 'h1', before: 'Stormshield Tent Footprint', proposed: 'Stormshield Footprint for the Trailhead 2', after: '' }),
    ];
    expect(problemsOf(() => applyReview(demo(review)))).toEqual([
      'review.csv:3: https://demo-shop.example/products/gone/ (title): key not in the export',
      `review.csv:4: ${BAGS} (meta): changed since the review: the export now has "${bagsMeta}"`,
      `review.csv:5: ${BOOTS} (title): the review's column is "meta_description", but title goes into "title" in this export`,
      `review.csv:6: ${TENTS} (title): approved twice: review.csv:2 also approves title for this key; approve one of them`,
      'review.csv:7: https://demo-shop.example/old-page/ (h1): key not in the export',
      `review.csv:8: ${FOOTPRINT} (h1): after is empty: write the value, or set approve to no`,
    ]);
  });

  it('refuses a key that is on two rows of the export as ambiguous', () => {
    const csv = Buffer.from('url,title\nhttps://a.example/,A page title that is long enough\nhttps://b.example/,B\nhttps://a.example/,Again\n');
    const review = [row({ key: 'https://a.example/', field: 'title', column: 'title', before: 'A page title that is long enough', proposed: 'New', approve: false })];
    expect(problemsOf(() => applyReview({ review, reviewFile: 'r.csv', exportBytes: csv, exportFile: 'x.csv' }))).toEqual([
      'r.csv:2: https://a.example/ (title): the key is on 2 rows of the export (lines 2, 4); which one to change is ambiguous',
    ]);
  });

  it('refuses a field the export has no column for, and an export without a url column', () => {
    const csv = Buffer.from('url,title\nhttps://a.example/,A\n');
    const review = [row({ key: 'https://a.example/', field: 'meta', column: 'meta_description', before: '', proposed: 'New description' })];
    expect(problemsOf(() => applyReview({ review, reviewFile: 'r.csv', exportBytes: csv, exportFile: 'x.csv' }))).toEqual([
      'r.csv:2: https://a.example/ (meta): meta cannot be written into a generic CSV export: the CSV has no meta description column',
    ]);
    expect(problemsOf(() => applyReview({ review, reviewFile: 'r.csv', exportBytes: Buffer.from('name,title\na,b\n'), exportFile: 'x.csv' }))).toEqual([
      "x.csv:1: no url column (url, address, page url, permalink…): a generic CSV's rows are matched to the review by their URL",
    ]);
  });

  it('refuses a --profile the export does not fit', () => {
    const problems = problemsOf(() => applyReview(demo([], { profile: 'woocommerce' })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^demo-shop\.csv:1: the header does not fit --profile woocommerce \(WooCommerce\): it has no "ID", "Type", "SKU" or "Name" column; /);
  });
});

describe('applyReview on a Shopify export (keyed by handle)', () => {
  const shopify = (review: ReviewRow[], extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
    review,
    reviewFile: 'review.csv',
    exportBytes: SHOPIFY,
    exportFile: 'products_export.csv',
    baseUrl: SHOP,
    ...extra,
  });
  const jacketTitle = 'Daunenjacke Größe M mit 800 cuin Gänsedaune | Northpine';
  const stoveMeta = 'Titan ultralight stove, 48 g titanium, boils 1 l in 3:20 min on EN 417 canisters.';

  it('writes SEO Title and SEO Description into the product row only', () => {
    const review = [
      row({ key: 'daunenjacke-groesse-m', field: 'title', column: 'SEO Title', before: '', proposed: jacketTitle }),
      row({ key: 'titan-stove-2', field: 'meta', column: 'SEO Description', before: '', proposed: stoveMeta }),
      row({ key: 'cafe-press-camp', field: 'title', column: 'SEO Title', before: '', proposed: 'Café Press Camp Coffee Maker, 4 Cups | Northpine', approve: false }),
    ];
    const result = applyReview(shopify(review));
    expect(result.profile).toBe('shopify-legacy');
    expect(result.applied).toEqual([review[0], review[1]]);
    expect(result.rejected).toEqual([review[2]]);
    expectOnlyCells(SHOPIFY, result.bytes, [
      { key: 'daunenjacke-groesse-m', column: 'SEO Title', after: jacketTitle },
      { key: 'titan-stove-2', column: 'SEO Description', after: stoveMeta },
    ]);
    let text = SHOPIFY.toString('utf8');
    text = replaceOnce(text, 'Daunenjacke Größe M,false,,', `Daunenjacke Größe M,false,${jacketTitle},`);
    // A value with a comma is quoted, by the CSV rule.
    text = replaceOnce(text, 'Titan Ultralight Stove 2.0 – 48 g | Northpine,,', `Titan Ultralight Stove 2.0 – 48 g | Northpine,"${stoveMeta}",`);
    expect(Buffer.from(result.bytes).toString('utf8')).toBe(text);
  });

  it('re-checks an edited value on the page optimize judged: a WooCommerce row decoded by its profile (Rank Math keywords one by one), as optimize reads it', () => {
    const WOO = fixture('exports/woocommerce-rankmath.csv');
    // The row's focus keywords are "ultralight tent,2 person tent,backpacking tent": three
    // keywords, as the audit and optimize read them; read as one, this title would miss it.
    const after = 'Alpine 2 Ultralight Tent, Freestanding, 2 Doors | Northpine';
    const review = [row({ key: 'id:101', field: 'title', column: 'Meta: rank_math_title', before: '%title% %sep% Ultralight 2-person tent', proposed: '%title% %sep% Ultralight 2-person tent', after })];
    const result = applyReview({ review, reviewFile: 'review.csv', exportBytes: WOO, exportFile: 'woo.csv', baseUrl: SHOP });
    expect(result.edited).toHaveLength(1);
    // The page apply checked is the page the optimize source gives for the row, cell for cell.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seo-ai-apply-')), 'woo.csv');
    writeFileSync(file, WOO);
    const source = csvSource({ target: file, profiles: true, baseUrl: SHOP });
    const doc = parseCsvDocument(WOO);
    const fields = fieldsOf('woocommerce', doc.header);
    source.pages().forEach((page, i) => {
      if (page !== undefined) expect(profilePage(fields, doc.rows[i]!.fields, doc.rows[i]!.line, SHOP)).toEqual(page);
    });
    expect(source.pages()[0]?.keywords).toBe('ultralight tent;2 person tent;backpacking tent');
  });

  it('re-checks an edited value on the product page at the shop URL', () => {
    // The keyword comes from the page URL built from --site-url and the handle.
    const keywordsFor = (url: string): string[] | undefined => (url === 'https://northpine.example/products/daunenjacke-groesse-m' ? ['daunenjacke'] : undefined);
    const edit = (after: string): ReviewRow[] => [row({ key: 'daunenjacke-groesse-m', field: 'title', column: 'SEO Title', before: '', proposed: jacketTitle, after })];
    const passing = applyReview(shopify(edit('Leichte Daunenjacke Größe M mit Kapuze | Northpine'), { keywordsFor }));
    expect(passing.edited).toHaveLength(1);
    expect(parseCsvDocument(passing.bytes).rows[3]!.fields[29]).toBe('Leichte Daunenjacke Größe M mit Kapuze | Northpine');
    expect(problemsOf(() => applyReview(shopify(edit('Leichte Winterjacke Größe M mit Kapuze | Northpine'), { keywordsFor })))).toEqual([
      'review.csv:2: daunenjacke-groesse-m (title): the edited value fails: title-missing-keyword: Title contains none of the target keywords ("daunenjacke").',
    ]);
    // Without the shop's URL there is no page to check an edit on; an unedited value needs none.
    expect(problemsOf(() => applyReview(shopify(edit('Leichte Daunenjacke Größe M mit Kapuze | Northpine'), { baseUrl: undefined })))).toEqual([
      "review.csv:2: daunenjacke-groesse-m (title): the edited value cannot be checked: the row has no page URL (pass --base-url with the shop's address)",
    ]);
    expect(applyReview(shopify(edit(jacketTitle), { baseUrl: undefined })).applied).toHaveLength(1);
  });

  it('refuses the H1 (the product name), a column named otherwise, a variant-only handle and a changed cell', () => {
    const review = [
      row({ key: 'trail-runner-gtx', field: 'h1', column: 'Title', before: 'Trail Runner GTX', proposed: 'Trail Runner GTX Waterproof Running Shoe' }),
      row({ key: 'daunenjacke-groesse-m', field: 'title', column: 'SEO title', before: '', proposed: jacketTitle }),
      row({ key: 'NP-TRG-43', field: 'title', column: 'SEO Title', before: '', proposed: 'Trail Runner GTX 43 | Northpine' }),
      row({ key: 'titan-stove-2', field: 'title', column: 'SEO Title', before: 'Titan Stove | Northpine', proposed: 'Titan Ultralight Stove 2.0, 48 g Titanium | Northpine' }),
    ];
    expect(problemsOf(() => applyReview(shopify(review)))).toEqual([
      "review.csv:2: trail-runner-gtx (h1): h1 cannot be written into a Shopify (legacy headers) export: the product page's H1 is its Title, which names the product everywhere (cart, orders, feeds); seo-ai does not rename products",
      'review.csv:3: daunenjacke-groesse-m (title): the review\'s column is "SEO title", but title goes into "SEO Title" in this export',
      'review.csv:4: NP-TRG-43 (title): key not in the export',
      'review.csv:5: titan-stove-2 (title): changed since the review: the export now has "Titan Ultralight Stove 2.0 – 48 g | Northpine"',
    ]);
  });
});

describe('applyReview on other exports', () => {
  it('refuses a Screaming Frog export as read-only', () => {
    const sf = fixture('exports/screaming-frog-internal-html.csv');
    const review = [row({ key: 'https://northpine.example/', field: 'title', column: 'Title 1', before: 'x', proposed: 'y' })];
    expect(problemsOf(() => applyReview({ review, reviewFile: 'review.csv', exportBytes: sf, exportFile: 'internal_html.csv' }))).toEqual([
      'internal_html.csv: Screaming Frog: a Screaming Frog export is a crawl report, not an import file: no tool reads it back into the site. Make the approved changes in your CMS, or optimize the CMS export (Shopify, WooCommerce) instead',
    ]);
  });

  // The test's own windows-1252 bytes: Latin-1 for the rest, the code page chart for these.
  const CP1252: Record<string, number> = { '€': 0x80, '–': 0x96 };
  const cp1252 = (text: string): Buffer => Buffer.from([...text].map((c) => CP1252[c] ?? c.charCodeAt(0)));

  it('writes a windows-1252 export back in windows-1252, changing only the approved cell', () => {
    const key = 'https://northpine.example/products/cafe-press-camp';
    const before = 'Café Press – Kaffeebereiter für unterwegs';
    const after = 'Café Press – Kaffeebereiter für 4 Tassen, ab 39 €';
    const review = [row({ key, field: 'title', column: 'title', before, proposed: after })];
    const result = applyReview({ review, reviewFile: 'review.csv', exportBytes: CP1252_FILE, exportFile: 'export.csv' });
    expect(parseCsvDocument(result.bytes).encoding).toBe('windows-1252');
    expectOnlyCells(CP1252_FILE, result.bytes, [{ key, column: 'title', after }]);
    // The old title's bytes replaced by the new one's: a comma needs no quotes in a ";" file.
    const old = cp1252(`;${before};`);
    const at = CP1252_FILE.indexOf(old);
    expect(at).not.toBe(-1);
    expect(CP1252_FILE.indexOf(old, at + 1)).toBe(-1);
    const expected = Buffer.concat([CP1252_FILE.subarray(0, at), cp1252(`;${after};`), CP1252_FILE.subarray(at + old.length)]);
    expect(Buffer.from(result.bytes).equals(expected)).toBe(true);
  });

  it('refuses a value windows-1252 cannot hold, naming the review line', () => {
    const key = 'https://northpine.example/products/cafe-press-camp';
    const review = [row({ key, field: 'h1', column: 'h1', before: 'Café Press', proposed: 'Café Press ☕' })];
    const problems = problemsOf(() => applyReview({ review, reviewFile: 'review.csv', exportBytes: CP1252_FILE, exportFile: 'export.csv' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^review\.csv:2: https:\/\/northpine\.example\/products\/cafe-press-camp \(h1\): cannot be written: /);
    expect(problems[0]).toContain('☕');
  });
});

describe('applyReview: an export with a malformed row', () => {
  // A row with one field too many, after the header, as optimize --skip-bad-rows would have skipped it.
  const text = 'url,title\r\nhttps://s.example/a,Old title for page A\r\nhttps://s.example/broken,x,extra\r\nhttps://s.example/b,Old title for page B\r\n';
  const bytes = Buffer.from(text, 'utf8');
  const review = [row({ key: 'https://s.example/b', field: 'title', column: 'title', before: 'Old title for page B', proposed: 'Page B: a new, better title' })];

  it('is refused, naming the row, unless asked to keep such rows', () => {
    const options = { review, reviewFile: 'review.csv', exportBytes: bytes, exportFile: 'pages.csv' };
    expect(problemsOf(() => applyReview(options))).toEqual([expect.stringMatching(/^pages\.csv:3: row has 3 fields, the header has 2/)]);
    const out = applyReview({ ...options, skipBadRows: true });
    // The malformed row is kept exactly as it was; only page B's title changed.
    expect(Buffer.from(out.bytes).toString('utf8')).toBe(text.replace('Old title for page B', '"Page B: a new, better title"'));
  });
});

describe('applyReview: a URL on two rows of a plain CSV', () => {
  it('the review line written by optimize tells them apart; without it the key is ambiguous', () => {
    const text = 'url,title\nhttps://s.example/a,First old title here\nhttps://s.example/b,Some other page title\nhttps://s.example/a,Second old title here\n';
    const exportBytes = Buffer.from(text, 'utf8');
    const base = { reviewFile: 'review.csv', exportBytes, exportFile: 'pages.csv' };
    const at = (line: number): ReviewRow => row({ key: 'https://s.example/a', line, field: 'title', column: 'title', before: 'Second old title here', proposed: 'A new title for page A' });
    expect(Buffer.from(applyReview({ ...base, review: [at(4)] }).bytes).toString('utf8')).toBe(text.replace('Second old title here', 'A new title for page A'));
    expect(problemsOf(() => applyReview({ ...base, review: [at(0)] }))).toEqual([
      'review.csv:2: https://s.example/a (title): the key is on 2 rows of the export (lines 2, 4); which one to change is ambiguous',
    ]);
  });
});
