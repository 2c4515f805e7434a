import { testRule } from '../../src/testing/test-rule.js';
import rule from './title-too-wide.js';

const expected = '<= 561 px';
// Liberation Sans advances at 20px: "A" 13.34 px, "W" 18.88 px, "i" 4.44 px, CJK ideographs 20 px.
const justFits = `${'A'.repeat(18)}${'W'.repeat(17)}`; // 561.03 px, shown as 561
const justOver = `${'A'.repeat(5)}${'W'.repeat(26)}i`; // 561.94 px, shown as 562

testRule(rule, {
  valid: [
    `<title>${'A'.repeat(42)}</title>`,
    { name: 'width rounds to the maximum', html: `<title>${justFits}</title>` },
    { name: 'narrow letters: 70 characters still fit', html: `<title>${'i'.repeat(70)}</title>` },
    { name: '28 CJK ideographs are 560 px', html: `<title>${'日'.repeat(28)}</title>` },
    { name: 'missing title is title-missing’s case', html: '<body></body>' },
    { name: 'NBSP-only title is title-missing’s case', html: '<title>&nbsp;</title>' },
    { name: 'option maxPixels raised', html: `<title>${'W'.repeat(30)}</title>`, options: { maxPixels: 600 } },
  ],
  invalid: [
    {
      html: `<title>${'W'.repeat(30)}</title>`,
      findings: [{ value: 'W'.repeat(30), expected, message: 'Title is 566 px wide in Arial 20px (max 561); Google cuts it off.' }],
    },
    { name: 'just over after rounding', html: `<title>${justOver}</title>`, findings: [{ value: justOver, expected, message: /^Title is 562 px wide/ }] },
    { name: '29 CJK ideographs: only 29 characters but 580 px', html: `<TITLE>${'日'.repeat(29)}</TITLE>`, findings: [{ value: '日'.repeat(29), expected, message: /^Title is 580 px wide/ }] },
    {
      name: 'option fontSize changes the measure',
      html: `<title>${'A'.repeat(42)}</title>`,
      options: { fontSize: 22 },
      findings: [{ value: 'A'.repeat(42), expected, message: 'Title is 616 px wide in Arial 22px (max 561); Google cuts it off.' }],
    },
  ],
});
