import { testRule } from '../../src/testing/test-rule.js';
import rule from './h1-too-long.js';

const expected = '<= 70 characters';
const long = 'A'.repeat(71);

testRule(rule, {
  valid: [
    `<h1>${'A'.repeat(70)}</h1>`,
    { name: 'no H1', html: '<h2>Specs</h2>' },
    { name: 'long H2 is not an H1', html: `<h2>${long}</h2>` },
    { name: 'counts code points: 70 emoji', html: `<h1>${'😀'.repeat(70)}</h1>` },
    { name: 'white space collapsed before counting', html: `<h1>  ${'A'.repeat(35)}\n\n  <span>${'B'.repeat(34)}</span>  </h1>` },
    { name: 'option max raised', html: `<h1>${long}</h1>`, options: { max: 80 } },
    { name: 'long H1 inside an HTML comment', html: `<!-- <h1>${long}</h1> --><h1>Blue Widget</h1>` },
  ],
  invalid: [
    { html: `<h1>${long}</h1>`, findings: [{ value: long, expected, element: long, message: 'H1 is 71 characters long (max 70).' }] },
    {
      name: 'UPPERCASE tag, entities decoded before counting',
      html: `<H1>${'A'.repeat(68)}&amp;&amp;&amp;</H1>`,
      findings: [{ value: `${'A'.repeat(68)}&&&`, expected, element: `${'A'.repeat(68)}&&&`, message: 'H1 is 71 characters long (max 70).' }],
    },
    {
      name: 'alt text of an image counts as H1 text',
      html: `<h1><img src="/banner.png" alt="${'B'.repeat(60)}"> ${'C'.repeat(10)}</h1>`,
      findings: [{ value: `${'B'.repeat(60)} ${'C'.repeat(10)}`, expected, element: `${'B'.repeat(60)} ${'C'.repeat(10)}` }],
    },
    {
      name: 'each long H1 once; a repeated one is reported once',
      html: `<h1>${long}</h1><h1>Short</h1><h1>${'語'.repeat(75)}</h1><h1>${long}</h1>`,
      findings: [
        { value: long, expected, element: long },
        { value: '語'.repeat(75), expected, element: '語'.repeat(75), message: 'H1 is 75 characters long (max 70).' },
      ],
    },
  ],
});
