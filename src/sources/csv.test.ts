import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import titleMissing from '../../rules/title/title-missing.js';
import metaDescriptionMissing from '../../rules/meta/meta-description-missing.js';
import { runAudit } from '../audit.js';
import { rulesLacking } from '../engine/applicability.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { extractPage } from '../page/extract.js';
import { runPageRule } from '../testing/test-rule.js';
import { columnsOf, csvLacks, csvSource, headerKey, rowHtml, rowInput, rowPage, splitKeywords, type CsvField } from './csv.js';
import { InputError, type SourceItem } from './types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-csv-'));
let files = 0;
/** A CSV file in a temp folder, with the text exactly as given. */
function csvFile(text: string | Buffer, name = `pages-${++files}.csv`): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** One line per item: the page's URL and origin, or the error's origin and message. */
const describeItems = (items: SourceItem[]): string[] =>
  items.map((i) => ('page' in i ? `page ${i.page.url} (${i.page.origin})` : `error ${i.error.origin}${i.error.url ? ` [${i.error.url}]` : ''}: ${i.error.message}`));

const NO_HEAD_REASON = 'a CSV row holds no page <head> or link checks';
/** The rules that read a page's <head> markup or link checks, in the registry's order. */
const HEAD_RULES = [
  'title-multiple',
  'meta-description-multiple',
  'link-broken',
  'canonical-invalid',
  'canonical-missing',
  'canonical-points-elsewhere',
  'noindex',
  'hreflang-invalid',
  'hreflang-no-return-link',
  'hreflang-no-self-reference',
  'hreflang-x-default-missing',
  'hreflang-lang-mismatch',
  'html-lang-missing',
  'viewport-missing',
  'og-missing',
  'meta-in-body',
  'snippet-blocked',
];

describe('header aliases', () => {
  it('reads names case-insensitively, with "_", "-" and runs of spaces as one space', () => {
    expect(headerKey('  Meta_Description ')).toBe('meta description');
    expect(headerKey('META-DESCRIPTION')).toBe('meta description');
    expect(headerKey('meta   description')).toBe('meta description');
    expect(headerKey('Page__Type')).toBe('page type');
  });

  it('maps the export names of common tools to the fields', () => {
    // Screaming Frog: Address, Title 1, Meta Description 1, H1-1; Shopify: Body (HTML).
    const header = ['Address', 'Title 1', 'Meta Description 1', 'H1-1', 'Body (HTML)', 'Focus Keyword', 'Template', 'Product Name', 'Product Description', 'Has FAQ'];
    expect(columnsOf(header)).toEqual({
      url: 0,
      title: 1,
      meta_description: 2,
      h1: 3,
      content: 4,
      keywords: 5,
      page_type: 6,
      product_name: 7,
      product_description: 8,
      has_faq: 9,
    });
  });

  it('maps the canonical names whatever their case, spacing or separators', () => {
    const header = ['URL', 'TITLE', 'meta_description', 'h1', 'Content', 'KEYWORDS', 'page-type', 'product_name', 'Product  Description', 'has_faq'];
    expect(columnsOf(header)).toEqual({ url: 0, title: 1, meta_description: 2, h1: 3, content: 4, keywords: 5, page_type: 6, product_name: 7, product_description: 8, has_faq: 9 });
  });

  it('leaves out fields with no column, ignores unknown columns, and takes the first matching column', () => {
    expect(columnsOf(['sku', 'Link', 'Description', 'price', 'Meta Description'])).toEqual({ url: 1, meta_description: 2 });
    expect(columnsOf(['sku', 'price'])).toEqual({});
  });

  it('notes which columns were read and under which names', () => {
    const source = csvSource({ target: csvFile('Address,Title 1,sku,Body (HTML)\nhttps://a.example/,A,1,x\n') });
    expect(source.notes).toEqual(['1 rows; columns read: url ← "Address", title ← "Title 1", content ← "Body (HTML)"']);
    expect(source.kind).toBe('csv');
    expect(source.http).toBe(false);
    expect(source.size).toBe(1);
  });
});

describe('csvSource errors', () => {
  it('a CSV without a url column is an InputError naming the file and listing the header', () => {
    const file = csvFile('Title,Meta Description,H1\nA,B,C\n');
    let error: unknown;
    try {
      csvSource({ target: file, display: 'shop.csv' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      'shop.csv:1: no url column (looked for "url", "address", "loc", "page url", "permalink", "link", "page"); the header is: Title, Meta Description, H1',
    );
  });

  it('a missing file is an InputError naming it', () => {
    expect(() => csvSource({ target: path.join(dir, 'nope.csv'), display: 'nope.csv' })).toThrow(new InputError('nope.csv: no such file. Name a CSV export with a url column.'));
  });

  it('a malformed row is an InputError with its line, unless bad rows are skipped', async () => {
    const text = 'url,title\nhttps://a.example/,A\nhttps://b.example/,B,extra\nhttps://c.example/,C\n';
    const file = csvFile(text);
    expect(() => csvSource({ target: file, display: 'rows.csv' })).toThrow(
      new InputError('rows.csv:3: row has 3 fields, the header has 2 (delimiter ","); check the row\'s delimiters and quotes, or pass --skip-bad-rows to skip bad rows'),
    );
    const source = csvSource({ target: file, display: 'rows.csv', skipBadRows: true });
    expect(describeItems(await collect(source.items()))).toEqual([
      'error rows.csv:3: skipped (--skip-bad-rows): row has 3 fields, the header has 2 (delimiter ",")',
      'page https://a.example/ (rows.csv:2)',
      'page https://c.example/ (rows.csv:4)',
    ]);
  });

  it('an unclosed quote is an InputError naming the line it opened on', () => {
    const file = csvFile('url,title\nhttps://a.example/,"A\nhttps://b.example/,B\n');
    expect(() => csvSource({ target: file, display: 'q.csv' })).toThrow(
      new InputError('q.csv:2: quote opened on line 2 is never closed; a quote inside a quoted field must be doubled (""), or the file was cut short'),
    );
  });
});

describe('csvSource rows', () => {
  it('every row is a page or an error item with file:line, never dropped', async () => {
    const text = [
      'url,title',
      'https://shop.example/a,A', // 2
      ',Empty url', // 3
      '/relative/path,Relative', // 4
      'mailto:shop@example.com,Mail', // 5
      'https://shop.example/b,B', // 6
      '  https://shop.example/a  ,A again', // 7: the same page as line 2
      'HTTPS://SHOP.example/b,B again', // 8: the same page as line 6 once parsed
      'https://shop.example/c,C', // 9
      '',
    ].join('\n');
    const source = csvSource({ target: csvFile(text), display: 'shop.csv' });
    const items = await collect(source.items());
    expect(describeItems(items)).toEqual([
      'page https://shop.example/a (shop.csv:2)',
      'error shop.csv:3: row skipped: the url cell is empty',
      'error shop.csv:4: row skipped: "/relative/path" is not an absolute URL',
      'error shop.csv:5: row skipped: "mailto:shop@example.com" is not an http(s) URL',
      'page https://shop.example/b (shop.csv:6)',
      'error shop.csv:7 [https://shop.example/a]: row skipped: https://shop.example/a is also on line 2; one row per page',
      'error shop.csv:8 [https://shop.example/b]: row skipped: https://shop.example/b is also on line 6; one row per page',
      'page https://shop.example/c (shop.csv:9)',
    ]);
    expect(items).toHaveLength(source.table.rows.length);
  });

  it('a row becomes a page with HTML built from its cells and its own keywords merged with config keywords', async () => {
    const text = 'url,title,meta_description,h1,content,keywords\nhttps://shop.example/t,Trail Tent,A tent.,Trail,Light.,trail tent; tent\n';
    const source = csvSource({ target: csvFile(text), display: 'k.csv', keywordsFor: (url) => (url === 'https://shop.example/t' ? ['tent', 'camping'] : undefined) });
    const [item] = await collect(source.items());
    expect(item && 'page' in item).toBe(true);
    const page = (item as { page: import('../page/types.js').PageInput }).page;
    expect(page.keywords).toEqual(['trail tent', 'tent', 'camping']);
    expect(page.headers).toEqual({ 'content-type': 'text/html; charset=utf-8' });
    expect(Buffer.from(page.body).toString('utf8')).toBe(
      '<!doctype html><html><head><meta charset="utf-8"><title>Trail Tent</title><meta name="description" content="A tent."></head><body><main><h1>Trail</h1><p>Light.</p></main></body></html>',
    );
  });
});

describe('rowHtml', () => {
  const empty = { title: '', meta_description: '', h1: '', content: '', product_description: '' };

  it('escapes text cells and turns text content into one paragraph per line', () => {
    const html = rowHtml({ ...empty, title: 'Tents & <Tarps>', meta_description: 'Say "hi" & go', h1: 'A<B', content: 'First line & more\r\n\n  \nSecond: 2 < 3 > 1' });
    expect(html).toBe(
      '<!doctype html><html><head><meta charset="utf-8"><title>Tents &amp; &lt;Tarps&gt;</title><meta name="description" content="Say &quot;hi&quot; &amp; go"></head>' +
        '<body><main><h1>A&lt;B</h1><p>First line &amp; more</p><p>Second: 2 &lt; 3 &gt; 1</p></main></body></html>',
    );
    const page = extractPage({ url: 'https://shop.example/', body: Buffer.from(html) });
    expect(page.title).toBe('Tents & <Tarps>');
    expect(page.meta.description).toBe('Say "hi" & go');
    expect(page.headings).toEqual([{ level: 1, text: 'A<B' }]);
  });

  it('reads a cell holding a tag as HTML, kept as written, and uses the product description when the content is empty', () => {
    expect(rowHtml({ ...empty, content: '<p>Hi <b>there</b></p><img src="/a.jpg">' })).toBe(
      '<!doctype html><html><head><meta charset="utf-8"></head><body><main><p>Hi <b>there</b></p><img src="/a.jpg"></main></body></html>',
    );
    expect(rowHtml({ ...empty, content: '  ', product_description: 'Warm & dry.' })).toBe(
      '<!doctype html><html><head><meta charset="utf-8"></head><body><main><p>Warm &amp; dry.</p></main></body></html>',
    );
  });

  it('leaves out an empty or blank title and description, so the missing rules fire on that row', () => {
    const html = rowHtml({ ...empty, title: '   ', meta_description: '', h1: 'Only a heading' });
    expect(html).toBe('<!doctype html><html><head><meta charset="utf-8"></head><body><main><h1>Only a heading</h1></main></body></html>');
    expect(runPageRule(titleMissing, { html }).map((r) => r.message)).toEqual(['Page has no <title>.']);
    expect(runPageRule(metaDescriptionMissing, { html }).map((r) => r.message)).toEqual(['Page has no meta description.']);
  });
});

describe('rowPage and rowInput', () => {
  it('reads each field by its column, "" when absent, and keeps the line', () => {
    const columns = columnsOf(['Title', 'URL', 'sku']);
    const page = rowPage(columns, ['A title', 'https://a.example/', '42'], 7);
    expect(page).toEqual({
      line: 7,
      url: 'https://a.example/',
      title: 'A title',
      meta_description: '',
      h1: '',
      content: '',
      keywords: '',
      page_type: '',
      product_name: '',
      product_description: '',
      has_faq: '',
      lang: '',
    });
    const input = rowInput(page, 'https://a.example/', 'a.csv:7');
    expect(input.origin).toBe('a.csv:7');
    expect(input.keywords).toBeUndefined();
  });
});

describe('splitKeywords', () => {
  it('splits on ";" and "|", trims, drops empties, and keeps commas inside keywords', () => {
    expect(splitKeywords('blue widgets; widgets, blue |cheap widgets|; ')).toEqual(['blue widgets', 'widgets, blue', 'cheap widgets']);
    expect(splitKeywords('')).toEqual([]);
    expect(splitKeywords(' ; | ')).toEqual([]);
    expect(splitKeywords('single keyword')).toEqual(['single keyword']);
  });
});

describe('what a CSV cannot feed (csvLacks, and the rules the engine derives from it)', () => {
  const rulesOf = (header: string[]) => rulesLacking(registry, csvLacks(columnsOf(header)), false);
  const reasons = (header: string[]) => Object.fromEntries(rulesOf(header).map((n) => [n.rule, n.reason]));

  it('with every column, only what a CSV row cannot hold (the <head> and link checks)', () => {
    expect(rulesOf(['url', 'title', 'meta_description', 'h1', 'content'])).toEqual(HEAD_RULES.map((rule) => ({ rule, reason: NO_HEAD_REASON })));
  });

  it('without a title column, the title rules', () => {
    const r = reasons(['url', 'meta_description', 'h1', 'content']);
    expect(Object.keys(r)).toEqual([
      ...HEAD_RULES,
      'title-duplicate',
      'title-missing-keyword',
      'title-missing',
      'title-same-as-h1',
      'title-too-long',
      'title-too-short',
      'title-too-wide',
    ]);
    expect(r['title-missing']).toBe('the CSV has no title column');
    expect(r['title-same-as-h1']).toBe('the CSV has no title column');
    // listed once, with the first reason
    expect(r['title-multiple']).toBe(NO_HEAD_REASON);
  });

  it('without a meta description column, the meta description rules', () => {
    const r = reasons(['url', 'title', 'h1', 'content']);
    expect(Object.keys(r).slice(HEAD_RULES.length)).toEqual([
      'meta-description-duplicate',
      'meta-description-missing-keyword',
      'meta-description-missing',
      'meta-description-too-long',
      'meta-description-too-short',
      'meta-description-too-wide',
    ]);
    expect(r['meta-description-duplicate']).toBe('the CSV has no meta description column');
  });

  it('without an h1 column, the H1 rules and title-same-as-h1', () => {
    const r = reasons(['url', 'title', 'meta_description', 'content']);
    expect(Object.keys(r).slice(HEAD_RULES.length)).toEqual(['title-same-as-h1', 'h1-duplicate', 'h1-missing', 'h1-multiple', 'h1-too-long']);
    expect(r['title-same-as-h1']).toBe('the CSV has no h1 column');
  });

  it('without a content column (and no product description), the content rules; a product description is content', () => {
    const r = reasons(['url', 'title', 'meta_description', 'h1']);
    expect(Object.keys(r).slice(HEAD_RULES.length)).toEqual([
      'heading-level-skipped',
      'headings-missing',
      'content-near-duplicate',
      'content-thin',
      'keyword-density',
      'image-alt-missing',
      'link-text-non-descriptive',
      'link-uncrawlable',
      'structured-data-invalid',
      'image-alt-too-long',
      'image-size-missing',
      'dom-too-large',
      'html-id-duplicate',
      'picture-img-missing',
      'form-insecure',
      'link-insecure',
      'link-internal-nofollow',
      'link-localhost',
      'links-too-many',
    ]);
    expect(r['content-thin']).toBe('the CSV has no content column');
    expect(rulesOf(['url', 'title', 'meta_description', 'h1', 'product description'])).toHaveLength(HEAD_RULES.length);
  });

  it('with only a url column, every field rule, each once', () => {
    const all = rulesOf(['url']);
    expect(all).toHaveLength(HEAD_RULES.length + 7 + 6 + 4 + 19);
    expect(new Set(all.map((n) => n.rule)).size).toBe(all.length);
  });
});

describe('seo-ai audit of a CSV (runAudit)', () => {
  // Four rows: one nearly fine, one without title and description, one with an over-long title,
  // no H1 and another row's description, one with a short title equal to its H1 and HTML content.
  const FOUR = [
    'URL,Title 1,Meta Description 1,H1,Body (HTML),Keywords',
    'https://shop.example/tents/trail-2,Trail 2 Backpacking Tent for Two | Northpine,"The Trail 2 backpacking tent sleeps two at 1.6 kg, pitches in three minutes and keeps you dry on windy ridges. Free US shipping.",Trail 2 Backpacking Tent,"A freestanding two-door tent.',
    'It weighs 1.6 kg.",backpacking tent; trail tent',
    'https://shop.example/tents/empty,,,Empty Tent,Nothing here.,',
    'https://shop.example/tents/long,"Ridgeback 3 Dome Tent with Two Doors, Two Vestibules and a Full-Coverage Fly | Northpine Outfitters","The Trail 2 backpacking tent sleeps two at 1.6 kg, pitches in three minutes and keeps you dry on windy ridges. Free US shipping.",,<p>A roomy dome.</p>,dome tent',
    'https://shop.example/tents/basecamp,Basecamp 6 Family Tent,A cabin tent.,Basecamp 6 Family Tent,"<h2>Specs</h2><p>Sleeps six.</p><img src=""/b.jpg"">",family tent|cabin tent',
    '',
  ].join('\r\n');

  it('gives exactly the findings the rows deserve, and lists what a CSV cannot hold as not applicable', async () => {
    const source = csvSource({ target: csvFile(FOUR), display: 'four.csv' });
    const result = await runAudit({ source, weights: DEFAULT_WEIGHTS });
    expect(result.errors).toEqual([]);
    const findings = Object.fromEntries(result.pages.map((p) => [p.url, p.findings.map((f) => `${f.rule}: ${f.message}`)]));
    expect(findings).toEqual({
      'https://shop.example/tents/trail-2': [
        'content-thin: Page has 13 words of body text (min 300).',
        'meta-description-duplicate: The same meta description is used by 1 other indexable page: https://shop.example/tents/long.',
        'keyword-density: Keyword density is 15.4% (max 3%): target keywords ("backpacking tent", "trail tent") make up 2 of 13 words.',
      ],
      'https://shop.example/tents/empty': ['meta-description-missing: Page has no meta description.', 'title-missing: Page has no <title>.', 'content-thin: Page has 4 words of body text (min 300).'],
      'https://shop.example/tents/long': [
        'content-thin: Page has 3 words of body text (min 300).',
        'h1-missing: Page has no H1.',
        'meta-description-duplicate: The same meta description is used by 1 other indexable page: https://shop.example/tents/trail-2.',
        'headings-missing: Page has no headings (h1–h6).',
        'keyword-density: Keyword density is 0.0% (min 0.5%): target keywords ("dome tent") make up 0 of 3 words.',
        'title-too-long: Title is 99 characters long (max 60).',
        'title-too-wide: Title is 914 px wide in Arial 20px (max 561); Google cuts it off.',
        'meta-description-missing-keyword: Meta description contains none of the target keywords ("dome tent").',
      ],
      'https://shop.example/tents/basecamp': [
        'content-thin: Page has 7 words of body text (min 300).',
        'title-too-short: Title is 22 characters long (min 30).',
        'image-alt-missing: Image /b.jpg has no alt attribute.',
        'keyword-density: Keyword density is 28.6% (max 3%): target keywords ("family tent", "cabin tent") make up 2 of 7 words.',
        'meta-description-too-short: Meta description is 13 characters long (min 120).',
        'image-size-missing: Image /b.jpg has no width and height attributes.',
        'title-same-as-h1: Title is the same as the H1.',
      ],
    });
    expect(result.pages.map((p) => p.score)).toEqual([60, 35, 10, 30]);
    expect(result.summary.score).toBe(33.8);

    // The <head> rules a row cannot feed fire on no page, and are listed with why.
    const fired = new Set(result.pages.flatMap((p) => p.findings.map((f) => f.rule)));
    for (const rule of ['canonical-missing', 'viewport-missing', 'og-missing', 'html-lang-missing']) {
      expect(fired.has(rule)).toBe(false);
      expect(result.notApplicable).toContainEqual({ rule, reason: NO_HEAD_REASON });
    }
    expect(result.notApplicable.filter((n) => n.reason === NO_HEAD_REASON).map((n) => n.rule)).toEqual(HEAD_RULES);
    // What needs HTTP is not applicable for its own reason; nothing else is (every field has a column, and keywords exist).
    expect(result.notApplicable.filter((n) => n.reason !== NO_HEAD_REASON).every((n) => n.reason === 'needs pages fetched over HTTP (audit a URL or sitemap)')).toBe(true);
  });

  it('audits a page once when two rows of an export name it in two spellings: the second is skipped, saying so', async () => {
    const text = 'Address,Content Type,Status Code,Title 1,Meta Description 1,H1-1\nhttps://a.example/x,text/html,200,Title one here,Desc,H\nhttps://A.example:443/x,text/html,200,Title two here,Desc2,H2\n';
    const source = csvSource({ target: csvFile(text), display: 'crawl.csv', profiles: true });
    const result = await runAudit({ source, weights: DEFAULT_WEIGHTS });
    expect(result.pages.map((p) => p.url)).toEqual(['https://a.example/x']);
    expect(result.errors).toEqual([{ origin: 'crawl.csv:3', line: 3, url: 'https://a.example/x', message: 'row skipped: https://a.example/x is also on line 2; one row per page' }]);
  });

  it('a rule the user turned off is not listed as not applicable', async () => {
    const source = csvSource({ target: csvFile(FOUR), display: 'four.csv' });
    const result = await runAudit({ source, weights: DEFAULT_WEIGHTS, ruleSettings: { 'og-missing': 'off' } });
    expect(result.notApplicable.map((n) => n.rule)).not.toContain('og-missing');
    expect(result.notApplicable.map((n) => n.rule)).toContain('canonical-missing');
  });

  it('without a title column, no title finding is reported and the title rules are listed', async () => {
    const text = 'url,h1,content\nhttps://shop.example/a,A heading,Some words.\nhttps://shop.example/b,B heading,Other words.\n';
    const source = csvSource({ target: csvFile(text), display: 'notitle.csv' });
    const result = await runAudit({ source, weights: DEFAULT_WEIGHTS });
    expect(result.pages.flatMap((p) => p.findings.map((f) => f.rule)).filter((r) => r.startsWith('title-') || r.startsWith('meta-description-'))).toEqual([]);
    const listed = (field: CsvField) => result.notApplicable.filter((n) => n.reason === `the CSV has no ${field === 'meta_description' ? 'meta description' : field} column`).map((n) => n.rule);
    expect(listed('title')).toContain('title-missing');
    expect(listed('meta_description')).toContain('meta-description-missing');
  });
});
