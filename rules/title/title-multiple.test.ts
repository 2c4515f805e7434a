import { testRule } from '../../src/testing/test-rule.js';
import rule from './title-multiple.js';

const expected = 'exactly one <title>';

testRule(rule, {
  valid: [
    '<head><title>Blue Widget</title></head>',
    { name: 'no title is title-missing’s case', html: '<body></body>' },
    { name: 'a <title> inside <svg> is not a document title', html: '<title>Blue Widget</title><body><svg><title>icon</title></svg></body>' },
    { name: 'a title inside an HTML comment does not count', html: '<title>Blue Widget</title><!-- <title>old</title> -->' },
    { name: 'two empty titles are title-missing’s case', html: '<title></title><title>&nbsp;</title>' },
  ],
  invalid: [
    {
      name: 'a second <title> in the body counts',
      html: '<head><title>Blue Widget | Shop</title></head><body><title>Other</title></body>',
      findings: [{ value: '"Blue Widget | Shop", "Other"', expected, message: 'Page has 2 <title> elements (expected 1).' }],
    },
    {
      name: 'UPPERCASE tags, three titles, one empty',
      html: '<TITLE>A</TITLE><TITLE></TITLE><Title>B</Title>',
      findings: [{ value: '"A", "", "B"', expected, message: 'Page has 3 <title> elements (expected 1).' }],
    },
    { name: 'unclosed second title', html: '<title>A</title><title>B', findings: [{ value: '"A", "B"', expected }] },
    { name: 'same title twice', html: '<title>Café</title><title>Caf&eacute;</title>', findings: [{ value: '"Café", "Café"', expected }] },
  ],
});
