import { testRule } from '../../src/testing/test-rule.js';
import rule from './headings-missing.js';

const expected = 'at least one h1–h6 heading';

testRule(rule, {
  valid: [
    '<h1>Blue Widget</h1>',
    { name: 'any level counts', html: '<h6>Small print</h6>' },
    { name: 'UPPERCASE tag', html: '<H3>Specs</H3>' },
    { name: 'an empty heading is still a heading (h1-missing judges emptiness)', html: '<h2></h2>' },
    { name: 'heading with only an image', html: '<h2><img src="/x.png" alt="Specs"></h2>' },
  ],
  invalid: [
    { html: '<body><p>Blue widgets, shipped tomorrow.</p></body>', findings: [{ expected, message: 'Page has no headings (h1–h6).' }] },
    { name: 'empty document', html: '', findings: [{ expected }] },
    { name: 'headings only inside an HTML comment', html: '<!-- <h1>Blue Widget</h1> --><p>Text</p>', findings: [{ expected }] },
    { name: 'headings only inside <svg>', html: '<svg><h1>icon</h1></svg>', findings: [{ expected }] },
    { name: 'elements that only look like headings', html: '<header>Shop</header><hgroup></hgroup><h7>x</h7><div role="heading">Specs</div>', findings: [{ expected }] },
  ],
});
