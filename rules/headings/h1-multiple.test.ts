import { testRule } from '../../src/testing/test-rule.js';
import rule from './h1-multiple.js';

const expected = 'exactly one H1';

testRule(rule, {
  valid: [
    '<h1>Blue Widget</h1><h2>Specs</h2><h2>Reviews</h2>',
    { name: 'no H1 is h1-missing’s case', html: '<h2>Specs</h2>' },
    { name: 'two empty H1s are h1-missing’s case', html: '<h1></h1><h1>&nbsp;</h1>' },
    { name: 'second H1 inside an HTML comment', html: '<h1>Blue Widget</h1><!-- <h1>Old</h1> -->' },
    { name: 'second H1 inside <svg>', html: '<h1>Blue Widget</h1><svg><h1>icon</h1></svg>' },
    // Template content is inert: not part of the document browsers and crawlers see.
    { name: 'second H1 inside <template>', html: '<h1>Blue Widget</h1><template><h1>Card title</h1></template>' },
  ],
  invalid: [
    {
      html: '<header><h1><img src="/logo.png" alt="Shop | Brand"></h1></header><main><h1>Blue Widget</h1></main>',
      findings: [{ value: '"Shop | Brand", "Blue Widget"', expected, message: 'Page has 2 H1 headings (expected 1).' }],
    },
    {
      name: 'empty H1s count too once one has text',
      html: '<H1></H1><H1>Blue Widget</H1><h1>&nbsp;</h1>',
      findings: [{ value: '"", "Blue Widget", ""', expected, message: 'Page has 3 H1 headings (expected 1).' }],
    },
    { name: 'same text twice', html: '<h1>Café</h1><h1>Caf&eacute;</h1>', findings: [{ value: '"Café", "Café"', expected }] },
  ],
});
