import { testRule } from '../../src/testing/test-rule.js';
import rule from './html-id-duplicate.js';

const expected = 'unique ids';

testRule(rule, {
  valid: [
    '<div id="a">x</div><div id="b">y</div>',
    { name: 'ids differ in case', html: '<div id="Reviews"></div><div id="reviews"></div>' },
    { name: 'an empty id is no id', html: '<div id=""></div><div id=" "></div>' },
    { name: 'inside a template (not in the DOM) or a comment', html: '<div id="a"></div><template><div id="a"></div></template><!-- <div id="a"></div> -->' },
  ],
  invalid: [
    { html: '<div id="reviews">A</div><section id="reviews">B</section>', findings: [{ value: 'reviews', expected, element: 'reviews', message: 'More than one element has id="reviews".' }] },
    {
      name: 'each duplicated id once, in document order, spaces trimmed',
      html: '<p id="b"></p><p id=" a "></p><p id="a"></p><p id="b"></p><p id="a"></p>',
      findings: [{ value: 'b', expected, element: 'b' }, { value: 'a', expected, element: 'a' }],
    },
  ],
});
