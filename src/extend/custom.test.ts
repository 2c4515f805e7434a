import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../page/extract.js';
import { resolveRules } from '../engine/config.js';
import { PageChecker } from '../engine/run.js';
import { customRules, CustomCheckError, extractor, textMatcher, type CustomCheck } from './custom.js';

const page = (html: string, url = 'https://shop.example/products/tent') => extractFromHtml(html, url, {}, { dom: true });
const one = (check: CustomCheck) => customRules([check], new Set(['title-missing']))[0]!;
const findings = (check: CustomCheck, html: string, url?: string) =>
  new PageChecker({ rules: resolveRules([one(check)]), http: false })
    .findings(page(html, url))
    .findings.map((f) => ({ message: f.message, ...(f.value !== undefined ? { value: f.value } : {}), ...(f.expected !== undefined ? { expected: f.expected } : {}), ...(f.element !== undefined ? { element: f.element } : {}) }));

describe('textMatcher', () => {
  it('reads /pattern/flags as a regular expression, anything else as a case-insensitive substring', () => {
    expect(textMatcher('/lorem\\s+ipsum/i', [])('LOREM  IPSUM dolor')).toBe(true);
    expect(textMatcher('/^SKU-\\d+$/', [])('sku-1')).toBe(false);
    expect(textMatcher('Add to cart', [])('please ADD TO CART now')).toBe(true);
    expect(textMatcher('/g flag/g', [])('a g flag') && textMatcher('/g flag/g', [])('a g flag')).toBe(true);
  });
  it('names where a bad expression is', () => {
    expect(() => textMatcher('/(/', ['custom', 2, 'text'])).toThrow(CustomCheckError);
    expect(() => textMatcher('/(/', ['custom', 2, 'text'])).toThrow(/^custom\[2\]\.text: "\/\(\/" is not a valid regular expression/);
  });
});

describe('custom checks as rules', () => {
  const price: CustomCheck = { id: 'price-missing', selector: '[itemprop=price]', must: 'exist' };
  it('must exist: a finding when no element matches, none when one does', () => {
    expect(findings(price, '<main><span itemprop="price">9</span></main>')).toEqual([]);
    expect(findings(price, '<main><span>9</span></main>')).toEqual([
      { message: 'The page has no element matching [itemprop=price].', expected: 'an element matching [itemprop=price]', element: '[itemprop=price]' },
    ]);
  });
  it('a selector with a text: the matching elements whose text matches', () => {
    const check: CustomCheck = { id: 'in-stock', selector: '.stock', text: '/in stock/i', must: 'exist' };
    expect(findings(check, '<p class="stock">In stock</p>')).toEqual([]);
    expect(findings(check, '<p class="stock">Sold out</p>')).toEqual([
      { message: 'The page has no element matching .stock whose text matches /in stock/i.', expected: 'an element matching .stock whose text matches /in stock/i', element: '.stock' },
    ]);
  });
  it('must not exist: counts the matches; text alone reads the main text', () => {
    const iframes: CustomCheck = { id: 'no-iframes', selector: 'iframe', must: 'not-exist', severity: 'low' };
    expect(findings(iframes, '<iframe src="/a"></iframe><iframe src="/b"></iframe>')).toEqual([
      { message: 'The page has an element matching iframe (2 elements).', value: '2', expected: 'no element matching iframe', element: 'iframe' },
    ]);
    const lorem: CustomCheck = { id: 'lorem', text: 'lorem ipsum', must: 'not-exist' };
    expect(findings(lorem, '<nav>Lorem ipsum menu</nav><main>Real text.</main>')).toEqual([]);
    expect(findings(lorem, '<main>Lorem Ipsum dolor.</main>')).toEqual([
      { message: "The page's main text contains lorem ipsum.", value: 'lorem ipsum', expected: 'main text without lorem ipsum', element: 'lorem ipsum' },
    ]);
  });
  it('selectors reach the head; a check is kept to the pages its glob names; its own message, severity, docs', () => {
    const check: CustomCheck = { id: 'noindex-meta', selector: 'meta[name=robots][content*=noindex]', must: 'not-exist', pages: '/products/**', message: 'Product pages must be indexable.', severity: 'critical', fix: 'Remove the robots meta.' };
    const html = '<head><meta name="robots" content="noindex"></head>';
    expect(findings(check, html, 'https://shop.example/products/tent')).toEqual([{ message: 'Product pages must be indexable.', value: '1', expected: 'no element matching meta[name=robots][content*=noindex]', element: 'meta[name=robots][content*=noindex]' }]);
    expect(findings(check, html, 'https://shop.example/about')).toEqual([]);
    const rule = one(check);
    expect(rule).toMatchObject({ category: 'custom', scope: 'page', severity: 'critical', reads: ['head', 'content'], docs: { fix: 'Remove the robots meta.' } });
    expect(one({ id: 'lorem', text: 'x', must: 'exist' }).reads).toEqual(['content']);
  });
  it('refuses checks that cannot run, naming where', () => {
    const bad = (check: Partial<CustomCheck>, taken: string[] = []) => () => customRules([{ id: 'ok', must: 'exist', text: 'x' }, { ...check } as CustomCheck], new Set(taken));
    expect(bad({ id: 'Price', selector: 'p', must: 'exist' })).toThrow('custom[1].id: an id is lower-case words joined by "-", e.g. "price-missing"');
    expect(bad({ id: 'ok', selector: 'p', must: 'exist' })).toThrow('custom[1].id: "ok" is already a rule\'s id; give the check its own');
    expect(bad({ id: 'a', selector: 'p', must: 'present' as never })).toThrow('custom[1].must: must is "exist" or "not-exist"');
    expect(bad({ id: 'a', must: 'exist' })).toThrow('custom[1]: a check needs a "selector", a "text", or both');
    expect(bad({ id: 'a', selector: 'p:nth-child(', must: 'exist' })).toThrow(/^custom\[1\]\.selector: "p:nth-child\(" is not a CSS selector css-select reads/);
  });
});

describe('extractor', () => {
  it('keeps each match\'s text, white space collapsed, or the attribute named; empty values are left out', () => {
    const extract = extractor({ sku: '[itemprop=sku]', price: { selector: 'meta[itemprop=price]', attribute: 'CONTENT' }, none: '.nothing' });
    const p = page('<head><meta itemprop="price" content="19.90"></head><main><span itemprop="sku"> NP-1 \n A </span><span itemprop="sku"></span><span itemprop="sku">NP-2</span></main>');
    expect(extract(p)).toEqual({ sku: ['NP-1 A', 'NP-2'], price: ['19.90'], none: [] });
  });
  it('needs the page\'s tree, and refuses a spec it cannot use', () => {
    expect(() => extractor({ sku: '.sku' })(extractFromHtml('<p class="sku">1</p>', 'https://s.example/'))).toThrow(/parsed without its document tree/);
    expect(() => extractor({ sku: { selector: '.sku' } as never })).toThrow('extract.sku: a value is a CSS selector, or { "selector": "…", "attribute": "…" }');
  });
});
