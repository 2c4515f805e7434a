import { testRule } from '../../src/testing/test-rule.js';
import rule from './title-too-long.js';

const sixty = 'A'.repeat(60);
const sixtyOne = 'A'.repeat(61);

testRule(rule, {
  valid: [
    `<title>${sixty}</title>`,
    '<html><head></head><body>no title</body></html>',
    { name: 'counts code points, not UTF-16 units: 60 emoji', html: `<title>${'😀'.repeat(60)}</title>` },
    { name: 'white space collapsed before counting', html: `<title>  ${'A'.repeat(30)}\n\n   ${'B'.repeat(29)}  </title>` },
    { name: 'option max raised', html: `<title>${sixtyOne}</title>`, options: { max: 70 } },
  ],
  invalid: [
    { html: `<title>${sixtyOne}</title>`, findings: [{ value: sixtyOne, expected: '<= 60 characters', message: 'Title is 61 characters long (max 60).' }] },
    { name: 'entities decoded before counting', html: `<TITLE>${'A'.repeat(58)}&amp;&amp;&amp;</TITLE>`, findings: [{ value: `${'A'.repeat(58)}&&&`, expected: '<= 60 characters' }] },
  ],
});
