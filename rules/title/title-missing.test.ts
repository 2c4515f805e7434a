import { testRule } from '../../src/testing/test-rule.js';
import rule from './title-missing.js';

const expected = 'a non-empty <title>';

testRule(rule, {
  valid: [
    '<html><head><title>Blue Widget – Shop</title></head><body></body></html>',
    { name: 'UPPERCASE tag', html: '<HTML><HEAD><TITLE>Blue Widget</TITLE></HEAD></HTML>' },
    { name: 'entity-only title still has text', html: '<title>&amp;</title>' },
    { name: 'CJK title', html: '<title>青いウィジェット</title>' },
    { name: 'emoji title', html: '<title>🔵</title>' },
    { name: 'unclosed title runs to the end of the document', html: '<head><title>Blue Widget' },
    { name: 'first title has text, a later one is empty', html: '<title>Blue Widget</title><body><title></title></body>' },
  ],
  invalid: [
    { html: '<html><head></head><body><h1>Blue Widget</h1></body></html>', findings: [{ expected, message: 'Page has no <title>.' }] },
    { name: 'empty title', html: '<title></title>', findings: [{ expected, message: 'Title is empty.' }] },
    { name: 'white space only', html: '<title> \n\t </title>', findings: [{ expected, message: 'Title is empty.' }] },
    { name: 'NBSP only counts as empty', html: '<title>&nbsp;&nbsp;</title>', findings: [{ expected, message: 'Title is empty.' }] },
    { name: 'literal NBSP only counts as empty', html: '<title>\u00a0</title>', findings: [{ expected, message: 'Title is empty.' }] },
    { name: 'a <title> inside <svg> is not a document title', html: '<body><svg><title>Blue icon</title></svg></body>', findings: [{ expected, message: 'Page has no <title>.' }] },
    { name: 'a title inside an HTML comment does not count', html: '<head><!-- <title>Blue Widget</title> --></head>', findings: [{ expected, message: 'Page has no <title>.' }] },
    {
      name: 'first title empty, second in the body has text: browsers use the first',
      html: '<head><title> </title></head><body><title>Blue Widget</title></body>',
      findings: [{ expected, message: 'The first <title> is empty; browsers and search engines use the first one.' }],
    },
  ],
});
