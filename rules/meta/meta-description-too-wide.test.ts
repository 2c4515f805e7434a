import { testRule } from '../../src/testing/test-rule.js';
import rule from './meta-description-too-wide.js';

const expected = '<= 985 px';
const meta = (content: string): string => `<meta name="description" content="${content}">`;
// Liberation Sans advances at 14px: "e" 7.79 px, "i" 3.11 px, CJK ideographs 14 px.
const justOver = `${'e'.repeat(125)}iiii`; // 985.71 px, shown as 986

testRule(rule, {
  valid: [
    meta('e'.repeat(126)),
    { name: 'narrow letters: 300 characters of "i" still fit', html: meta('i'.repeat(300)) },
    { name: '70 CJK ideographs are 980 px', html: meta('語'.repeat(70)) },
    { name: 'missing is meta-description-missing’s case', html: '<head></head>' },
    { name: 'NBSP-only is meta-description-missing’s case', html: meta('&nbsp;') },
    { name: 'option maxPixels raised', html: meta('e'.repeat(127)), options: { maxPixels: 1000 } },
  ],
  invalid: [
    {
      html: meta('e'.repeat(127)),
      findings: [{ value: 'e'.repeat(127), expected, message: 'Meta description is 989 px wide in Arial 14px (max 985); Google cuts it off.' }],
    },
    { name: 'just over after rounding', html: meta(justOver), findings: [{ value: justOver, expected, message: /^Meta description is 986 px wide/ }] },
    { name: '71 CJK ideographs: 994 px', html: `<META NAME="description" CONTENT="${'語'.repeat(71)}">`, findings: [{ value: '語'.repeat(71), expected, message: /^Meta description is 994 px wide/ }] },
    {
      name: 'option fontSize changes the measure',
      html: meta('e'.repeat(120)),
      options: { fontSize: 16 },
      findings: [{ value: 'e'.repeat(120), expected, message: 'Meta description is 1068 px wide in Arial 16px (max 985); Google cuts it off.' }],
    },
  ],
});
