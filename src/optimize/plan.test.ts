import { describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import type { CsvPage } from '../sources/csv.js';
import { fieldRules } from './fields.js';
import { hasFaq, isProduct, OPTIMIZE_FIELDS, parseFields, planRow, type OptimizeField } from './plan.js';

function page(fields: Partial<CsvPage> = {}): CsvPage {
  return {
    line: 2,
    url: 'https://shop.example/p',
    title: '',
    meta_description: '',
    h1: '',
    content: '',
    keywords: '',
    page_type: '',
    product_name: '',
    product_description: '',
    has_faq: '',
    lang: '',
    ...fields,
  };
}

const ALL: readonly OptimizeField[] = OPTIMIZE_FIELDS;

describe('parseFields', () => {
  it('defaults to every field, in order', () => {
    expect(parseFields(undefined)).toEqual(['title', 'meta', 'h1', 'faq']);
  });

  it('reads a list in the order given, ignoring case, spaces, empty items and repeats', () => {
    expect(parseFields('h1,title')).toEqual(['h1', 'title']);
    expect(parseFields(' TITLE , Meta,,title ')).toEqual(['title', 'meta']);
    expect(parseFields('faq')).toEqual(['faq']);
  });

  it('takes "description" and "meta_description" for meta', () => {
    expect(parseFields('description')).toEqual(['meta']);
    expect(parseFields('meta_description,meta,description')).toEqual(['meta']);
  });

  it('names an unknown field, and asks for at least one', () => {
    expect(parseFields('title,bogus')).toBe('--fields: unknown field "bogus"; use title, meta, h1, faq');
    expect(parseFields('Titles')).toBe('--fields: unknown field "titles"; use title, meta, h1, faq');
    expect(parseFields('')).toBe('--fields: name at least one of title, meta, h1, faq');
    expect(parseFields(' , ,')).toBe('--fields: name at least one of title, meta, h1, faq');
  });
});

describe('hasFaq', () => {
  it('believes the has_faq column when it says yes', () => {
    for (const yes of ['1', 'true', 'TRUE', 'yes', 'Yes', 'y', 'x', ' x ']) expect(hasFaq(page({ has_faq: yes })), yes).toBe(true);
    for (const no of ['', '0', 'false', 'FALSE', 'no', 'n', 'none', ' - ', 'N/A', 'null', 'nein', 'non', '[]', 'No FAQ']) expect(hasFaq(page({ has_faq: no })), no).toBe(false);
  });

  it('takes anything else in the cell (a filled faq column, a Shopify FAQ metafield) as the FAQ the page has: never written over', () => {
    for (const faq of ['Q: Is it warm?\nA: Yes.', '[{"question":"Warm","answer":"Yes"}]', '{"@context":"https://schema.org","@type":"FAQPage","mainEntity":[]}', 'Sizing: runs small, order one size up', 'maybe']) {
      expect(hasFaq(page({ has_faq: faq })), faq).toBe(true);
    }
  });

  it('finds FAQPage JSON-LD in the content, however its type is written', () => {
    const jsonld = (type: string) => `<p>Tent.</p><script type="application/ld+json">{"@context":"https://schema.org","@type": ${type},"mainEntity":[]}</script>`;
    expect(hasFaq(page({ content: jsonld('"FAQPage"') }))).toBe(true);
    expect(hasFaq(page({ content: jsonld('"https://schema.org/FAQPage"') }))).toBe(true);
    expect(hasFaq(page({ content: jsonld('["WebPage", "FAQPage"]') }))).toBe(true);
    expect(hasFaq(page({ content: jsonld('"Product"') }))).toBe(false);
    expect(hasFaq(page({ content: jsonld('["Product", "Offer"]') }))).toBe(false);
  });

  it('finds an FAQ heading, in English and the other shop languages, not FAQ in running text', () => {
    for (const heading of ['<h2>FAQ</h2>', '<h2 class="x">FAQs</h2>', '<h3>Tent FAQ</h3>', '<h2>Frequently Asked Questions</h2>', '<h2>Häufig gestellte Fragen</h2>', '<h4>Questions fréquentes</h4>', '<h2>Preguntas frecuentes</h2>']) {
      expect(hasFaq(page({ content: `<p>Intro.</p>${heading}<p>Q and A.</p>` })), heading).toBe(true);
    }
    expect(hasFaq(page({ content: '<p>See our FAQ for more.</p>' }))).toBe(false);
    expect(hasFaq(page({ content: '<h2>Faqir stoves</h2>' }))).toBe(false);
    expect(hasFaq(page({ content: 'FAQ' }))).toBe(false);
  });

  it('looks in the product description too (the page HTML when content is empty)', () => {
    expect(hasFaq(page({ product_description: '<h2>FAQ</h2><p>Q?</p>' }))).toBe(true);
    expect(hasFaq({ has_faq: '', content: '<h2>FAQ</h2>' })).toBe(true);
    expect(hasFaq({ has_faq: '', content: '' })).toBe(false);
  });
});

describe('isProduct', () => {
  it('is a product page when page_type says product(s), in any case', () => {
    for (const t of ['product', 'Product', ' PRODUCTS ']) expect(isProduct({ page_type: t }), t).toBe(true);
    for (const t of ['', 'page', 'category', 'product page', 'product_variant']) expect(isProduct({ page_type: t }), t).toBe(false);
  });
});

describe('planRow', () => {
  const FIELDS = fieldRules();
  const FIELD_RULES = { title: FIELDS.title.triggers, meta: FIELDS.meta.triggers, h1: FIELDS.h1.triggers };
  it('names only rules the registry has, each judging its field', () => {
    for (const [field, ids] of Object.entries(FIELD_RULES)) {
      for (const id of ids) expect(registry.find((r) => r.id === id)?.judges?.field, id).toBe(field);
    }
  });

  it('rewrites the title when any title rule fails', () => {
    for (const rule of FIELD_RULES.title) expect(planRow(page(), new Set([rule]), ALL, FIELDS), rule).toEqual(['title']);
    expect(FIELD_RULES.title).toEqual(['title-duplicate', 'title-missing-keyword', 'title-missing', 'title-multiple', 'title-same-as-h1', 'title-too-long', 'title-too-short', 'title-too-wide']);
  });

  it('rewrites the meta description when any meta-description rule fails', () => {
    for (const rule of FIELD_RULES.meta) expect(planRow(page(), new Set([rule]), ALL, FIELDS), rule).toEqual(['meta']);
    expect(FIELD_RULES.meta).toEqual([
      'meta-description-duplicate',
      'meta-description-missing-keyword',
      'meta-description-missing',
      'meta-description-multiple',
      'meta-description-too-long',
      'meta-description-too-short',
      'meta-description-too-wide',
    ]);
  });

  it('rewrites the H1 only when it is missing or too long', () => {
    expect(FIELD_RULES.h1).toEqual(['h1-missing', 'h1-too-long']);
    expect(planRow(page(), new Set(['h1-missing']), ALL, FIELDS)).toEqual(['h1']);
    expect(planRow(page(), new Set(['h1-too-long']), ALL, FIELDS)).toEqual(['h1']);
    // A second H1 or one shared with another page is a template matter, not a rewrite.
    expect(planRow(page(), new Set(['h1-multiple', 'h1-duplicate']), ALL, FIELDS)).toEqual([]);
  });

  it('plans nothing for rules no rewrite fixes', () => {
    expect(planRow(page(), new Set(['content-thin', 'keyword-density', 'image-alt-missing', 'headings-missing']), ALL, FIELDS)).toEqual([]);
    expect(planRow(page(), new Set(), ALL, FIELDS)).toEqual([]);
  });

  it('adds an FAQ for a product page without one, whatever else fails', () => {
    const product = page({ page_type: 'product', content: '<p>A tent.</p>' });
    expect(planRow(product, new Set(), ALL, FIELDS)).toEqual(['faq']);
    expect(planRow(page({ page_type: 'page' }), new Set(), ALL, FIELDS)).toEqual([]);
    expect(planRow({ ...product, has_faq: 'yes' }, new Set(), ALL, FIELDS)).toEqual([]);
    expect(planRow({ ...product, content: '<h2>FAQ</h2>' }, new Set(), ALL, FIELDS)).toEqual([]);
  });

  it('lists fields in a fixed order: title, meta, h1, faq', () => {
    const product = page({ page_type: 'product' });
    const failing = new Set(['h1-missing', 'meta-description-too-short', 'title-too-long']);
    expect(planRow(product, failing, ALL, FIELDS)).toEqual(['title', 'meta', 'h1', 'faq']);
    expect(planRow(product, failing, ['faq', 'h1', 'title'], FIELDS)).toEqual(['title', 'h1', 'faq']);
  });

  it('--fields narrows the plan to the fields named', () => {
    const product = page({ page_type: 'product' });
    const failing = new Set(['h1-missing', 'meta-description-too-short', 'title-too-long']);
    expect(planRow(product, failing, ['title'], FIELDS)).toEqual(['title']);
    expect(planRow(product, failing, ['meta'], FIELDS)).toEqual(['meta']);
    expect(planRow(product, failing, ['h1', 'faq'], FIELDS)).toEqual(['h1', 'faq']);
    expect(planRow(product, new Set(['title-too-long']), ['meta', 'h1'], FIELDS)).toEqual([]);
    expect(planRow(product, failing, [], FIELDS)).toEqual([]);
  });
});
