import { testRule } from '../../src/testing/test-rule.js';
import rule from './meta-description-too-short.js';

const expected = '>= 120 characters';
const meta = (content: string): string => `<meta name="description" content="${content}">`;

testRule(rule, {
  valid: [
    meta('A'.repeat(120)),
    { name: 'missing is meta-description-missing’s case', html: '<head></head>' },
    { name: 'empty is meta-description-missing’s case', html: meta('') },
    { name: 'NBSP-only is meta-description-missing’s case', html: meta('&nbsp;&nbsp;') },
    { name: 'white space only is meta-description-missing’s case', html: meta(' \n ') },
    { name: 'option min lowered', html: meta('Blue widgets.'), options: { min: 10 } },
    { name: '120 accented letters', html: `<META NAME="DESCRIPTION" CONTENT="${'é'.repeat(120)}">` },
  ],
  invalid: [
    { html: meta('A'.repeat(119)), findings: [{ value: 'A'.repeat(119), expected, message: 'Meta description is 119 characters long (min 120).' }] },
    { name: 'one character', html: meta('A'), findings: [{ value: 'A', expected, message: 'Meta description is 1 character long (min 120).' }] },
    {
      name: 'counts code points: 60 emoji are 60 characters, not 120 UTF-16 units',
      html: meta('😀'.repeat(60)),
      findings: [{ value: '😀'.repeat(60), expected, message: 'Meta description is 60 characters long (min 120).' }],
    },
    {
      name: 'white space and NBSP collapsed before counting',
      html: meta(`  ${'A'.repeat(59)}&nbsp;\n\t${'B'.repeat(59)}  `),
      findings: [{ value: `${'A'.repeat(59)} ${'B'.repeat(59)}`, expected, message: 'Meta description is 119 characters long (min 120).' }],
    },
    { name: 'entities decoded', html: meta('Caf&eacute; &amp; Bar'), findings: [{ value: 'Café & Bar', expected }] },
  ],
});
