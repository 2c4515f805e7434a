import { testRule } from '../../src/testing/test-rule.js';
import rule from './title-too-short.js';

const thirty = 'A'.repeat(30);
const expected = '>= 30 characters';

testRule(rule, {
  valid: [
    `<title>${thirty}</title>`,
    { name: 'missing title is title-missing’s case', html: '<head></head><body>no title</body>' },
    { name: 'empty title is title-missing’s case', html: '<title></title>' },
    { name: 'NBSP-only title is title-missing’s case', html: '<title>&nbsp;</title>' },
    { name: 'option min lowered', html: '<title>Blue Widget</title>', options: { min: 10 } },
    { name: '30 accented letters', html: `<TITLE>${'é'.repeat(30)}</TITLE>` },
  ],
  invalid: [
    { html: `<title>${'A'.repeat(29)}</title>`, findings: [{ value: 'A'.repeat(29), expected, message: 'Title is 29 characters long (min 30).' }] },
    { name: 'one character', html: '<title>A</title>', findings: [{ value: 'A', expected, message: 'Title is 1 character long (min 30).' }] },
    {
      name: 'white space collapsed before counting',
      html: `<title>  ${'A'.repeat(14)}\n\n\t${'B'.repeat(14)}  </title>`,
      findings: [{ value: `${'A'.repeat(14)} ${'B'.repeat(14)}`, expected, message: 'Title is 29 characters long (min 30).' }],
    },
    {
      name: 'counts code points: 15 emoji are 15 characters, not 30 UTF-16 units',
      html: `<title>${'😀'.repeat(15)}</title>`,
      findings: [{ value: '😀'.repeat(15), expected, message: 'Title is 15 characters long (min 30).' }],
    },
    { name: 'CJK title', html: '<title>青いウィジェット｜ショップ</title>', findings: [{ value: '青いウィジェット｜ショップ', expected, message: 'Title is 13 characters long (min 30).' }] },
    { name: 'entities decoded', html: '<title>Caf&eacute; &amp; Bar</title>', findings: [{ value: 'Café & Bar', expected, message: 'Title is 10 characters long (min 30).' }] },
    {
      name: 'only the first title is measured; an <svg> title is ignored',
      html: `<svg><title>${thirty}</title></svg><title>Short</title>`,
      findings: [{ value: 'Short', expected }],
    },
  ],
});
