import { testRule } from '../../src/testing/test-rule.js';
import rule from './h1-missing.js';

const expected = 'an H1 with text';

testRule(rule, {
  valid: [
    '<body><h1>Blue Widget</h1></body>',
    { name: 'UPPERCASE tag', html: '<BODY><H1>Blue Widget</H1></BODY>' },
    { name: 'H1 with only an image has its alt text', html: '<h1><img src="/logo.png" alt="Brand"></h1>' },
    { name: 'H1 text in a nested element', html: '<h1><span><a href="/">Blue</a> Widget</span></h1>' },
    { name: 'one empty H1 and one with text', html: '<h1></h1><h1>Blue Widget</h1>' },
    { name: 'entity-only text', html: '<h1>&amp;</h1>' },
    { name: 'CJK', html: '<h1>青いウィジェット</h1>' },
    { name: 'emoji', html: '<h1>🔵</h1>' },
    // A new heading closes an unclosed one, as in browsers.
    { name: 'unclosed H1 followed by an H2', html: '<h1>Blue Widget<h2>Specs</h2>' },
  ],
  invalid: [
    { html: '<body><h2>Specs</h2><p>Text</p></body>', findings: [{ expected, message: 'Page has no H1.' }] },
    { name: 'no headings at all', html: '<body><p>Text</p></body>', findings: [{ expected, message: 'Page has no H1.' }] },
    { name: 'empty H1', html: '<h1></h1>', findings: [{ expected, message: 'The H1 is empty.' }] },
    { name: 'NBSP-only H1', html: '<h1>&nbsp;</h1>', findings: [{ expected, message: 'The H1 is empty.' }] },
    { name: 'H1 with an image without alt', html: '<h1><img src="/logo.png"></h1>', findings: [{ expected, message: 'The H1 is empty.' }] },
    { name: 'H1 with an image with an empty alt', html: '<h1><img src="/logo.png" alt=""></h1>', findings: [{ expected, message: 'The H1 is empty.' }] },
    { name: 'two empty H1s', html: '<h1> </h1><h1><img src="/a.png" alt=" "></h1>', findings: [{ expected, message: 'All 2 H1 headings are empty.' }] },
    { name: 'H1 inside an HTML comment does not count', html: '<!-- <h1>Blue Widget</h1> --><h2>Specs</h2>', findings: [{ expected, message: 'Page has no H1.' }] },
    { name: 'H1 inside <svg> does not count', html: '<svg><h1>Blue Widget</h1></svg>', findings: [{ expected, message: 'Page has no H1.' }] },
  ],
});
