import { testRule } from '../../src/testing/test-rule.js';
import rule from './meta-description-too-long.js';

const expected = '<= 160 characters';
const meta = (content: string): string => `<meta name="description" content="${content}">`;

testRule(rule, {
  valid: [
    meta('A'.repeat(160)),
    { name: 'missing is meta-description-missing’s case', html: '<head></head>' },
    { name: 'empty is meta-description-missing’s case', html: meta('') },
    { name: 'NBSP-only is meta-description-missing’s case', html: meta('&nbsp;') },
    { name: 'counts code points: 160 emoji', html: meta('😀'.repeat(160)) },
    { name: 'white space collapsed before counting', html: meta(`  ${'A'.repeat(80)}\n\n   ${'B'.repeat(79)}  `) },
    { name: 'option max raised', html: meta('A'.repeat(161)), options: { max: 200 } },
  ],
  invalid: [
    { html: meta('A'.repeat(161)), findings: [{ value: 'A'.repeat(161), expected, message: 'Meta description is 161 characters long (max 160).' }] },
    {
      name: 'UPPERCASE tag, entities decoded before counting',
      html: `<META NAME="Description" CONTENT="${'A'.repeat(158)}&amp;&amp;&amp;">`,
      findings: [{ value: `${'A'.repeat(158)}&&&`, expected, message: 'Meta description is 161 characters long (max 160).' }],
    },
    { name: 'CJK', html: meta('語'.repeat(170)), findings: [{ value: '語'.repeat(170), expected, message: 'Meta description is 170 characters long (max 160).' }] },
    { name: 'only the first description is measured', html: meta('A'.repeat(161)) + meta('short'), findings: [{ value: 'A'.repeat(161), expected }] },
  ],
});
