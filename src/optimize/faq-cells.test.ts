import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../csv/profiles/index.js';
import { faqBlock, faqCell, parseReadableFaq, readableFaq, withFaqBlock } from './faq-cells.js';
import { faqTarget } from './faq-target.js';

const ITEMS = [
  { question: 'Is the Alpine 2 waterproof?', answer: 'Yes: the fly has a 3,000 mm coating.' },
  { question: 'How much does it weigh?', answer: 'It weighs 1,200 g packed.' },
];

describe('the readable FAQ of a review cell', () => {
  it('round-trips, and reads a reviewer\'s CRLF, wrapped lines, blank lines and "q:" in any case', () => {
    expect(readableFaq(ITEMS)).toBe('Q: Is the Alpine 2 waterproof?\nA: Yes: the fly has a 3,000 mm coating.\n\nQ: How much does it weigh?\nA: It weighs 1,200 g packed.');
    expect(parseReadableFaq(readableFaq(ITEMS))).toEqual({ items: ITEMS });
    expect(parseReadableFaq('q: Is the Alpine 2\r\nwaterproof?\r\na:Yes: the fly has\r\n  a 3,000 mm coating.\r\n\r\n\r\nQ : How much does it weigh?\nA: It weighs 1,200 g packed.\n')).toEqual({ items: ITEMS });
  });

  it('refuses what is not Q:/A: pairs, naming the line', () => {
    expect(parseReadableFaq('')).toEqual({ problem: 'no "Q:" question in it: write each question as "Q: …" with its answer below as "A: …"' });
    expect(parseReadableFaq('Is it warm?\nA: Yes.')).toEqual({ problem: 'line 1 of the cell is neither "Q: question" nor "A: answer": start each question with "Q:" and each answer with "A:"' });
    expect(parseReadableFaq('Q: Warm?\nQ: Dry?\nA: Yes.')).toEqual({ problem: 'line 2 of the cell starts a question before the one above has its "A:" answer' });
    expect(parseReadableFaq('Q: Warm?\nA: Yes.\nA: Very.')).toEqual({ problem: 'line 3 of the cell is an "A:" answer without its "Q:" question above it' });
    expect(parseReadableFaq('Q: Warm?\nA: Yes.\n\nQ: Dry?')).toEqual({ problem: 'the last question ("Dry?") has no "A:" answer' });
  });
});

describe('an FAQ in the cells an export takes', () => {
  it('writes JSON items, FAQPage JSON-LD, or the HTML section with its JSON-LD', () => {
    expect(JSON.parse(faqCell(ITEMS, 'json'))).toEqual(ITEMS);
    expect(JSON.parse(faqCell(ITEMS, 'jsonld'))).toMatchObject({ '@type': 'FAQPage', mainEntity: [{ name: ITEMS[0]!.question, acceptedAnswer: { text: ITEMS[0]!.answer } }, { name: ITEMS[1]!.question }] });
    expect(faqCell(ITEMS, 'block')).toMatch(/^<section class="faq"><h2>Frequently asked questions<\/h2><details><summary>Is the Alpine 2 waterproof\?<\/summary>.*<\/section><script type="application\/ld\+json">\{"@context":"https:\/\/schema.org","@type":"FAQPage".*<\/script>$/);
    expect(faqCell(ITEMS, 'html')).toBe(faqCell(ITEMS, 'block').replace(/<script[\s\S]*$/, ''));
  });

  it("heads the section in the page's language, English where it has no heading of its own", () => {
    expect(faqCell(ITEMS, 'html', 'de')).toMatch(/^<section class="faq"><h2>Häufig gestellte Fragen<\/h2>/);
    expect(faqCell(ITEMS, 'html', 'ja')).toMatch(/^<section class="faq"><h2>よくある質問<\/h2>/);
    expect(faqCell(ITEMS, 'html', 'xx')).toMatch(/^<section class="faq"><h2>Frequently asked questions<\/h2>/);
    // Ours in any language is replaced, not doubled.
    expect(withFaqBlock(`<p>Eine Jacke.</p>${faqBlock(ITEMS, 'de')}`, ITEMS, 'de')).toBe(`<p>Eine Jacke.</p>${faqBlock(ITEMS, 'de')}`);
  });

  it('appends to a description, replacing the block an earlier apply wrote rather than adding a second', () => {
    const once = withFaqBlock('<p>A light tent.</p>', ITEMS);
    expect(once).toBe(`<p>A light tent.</p>${faqBlock(ITEMS)}`);
    const fewer = [ITEMS[1]!];
    expect(withFaqBlock(`${once}<p>Care notes.</p>`, fewer)).toBe(`<p>A light tent.</p>${faqBlock(fewer)}<p>Care notes.</p>`);
    // A shop's own FAQ section is not ours: left alone, ours goes at the end.
    const theirs = '<section class="faq"><h2>FAQ</h2><p>Q? A.</p></section>';
    expect(withFaqBlock(theirs, ITEMS)).toBe(theirs + faqBlock(ITEMS));
  });
});

describe('faqTarget: where an FAQ goes in each export, or why nowhere', () => {
  it('a plain CSV: its faq columns, each in its form; none, and it says what to add', () => {
    const header = ['url', 'title', 'faq_json', 'FAQ_HTML'];
    // Without a faq_jsonld column the FAQPage markup goes with the HTML; with one, there.
    expect(faqTarget('generic', fieldsOf('generic', header), header)).toEqual({ column: 3, cells: [{ column: 3, form: 'block' }, { column: 2, form: 'json' }], append: false });
    const all = ['url', 'faq_json', 'faq_jsonld', 'faq_html'];
    expect(faqTarget('generic', fieldsOf('generic', all), all)).toEqual({ column: 3, cells: [{ column: 3, form: 'html' }, { column: 2, form: 'jsonld' }, { column: 1, form: 'json' }], append: false });
    expect(faqTarget('generic', fieldsOf('generic', ['url', 'title']), ['url', 'title'])).toEqual({ reason: expect.stringMatching(/^the CSV has no FAQ column: add an empty faq_html column/) as unknown });
  });

  it('WooCommerce only with the flag, into Description; Screaming Frog never', () => {
    const woo = ['ID', 'Type', 'SKU', 'Name', 'Description'];
    expect(faqTarget('woocommerce', fieldsOf('woocommerce', woo), woo)).toEqual({ reason: expect.stringContaining('--faq-in-description') as unknown });
    expect(faqTarget('woocommerce', fieldsOf('woocommerce', woo), woo, { inDescription: true })).toEqual({ column: 4, cells: [{ column: 4, form: 'block' }], append: true });
    const frog = ['Address', 'Title 1'];
    expect(faqTarget('screaming-frog', fieldsOf('screaming-frog', frog), frog)).toEqual({ reason: expect.stringContaining('read-only') as unknown });
  });
});
