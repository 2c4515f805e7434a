import { testRule } from '../../src/testing/test-rule.js';
import rule from './title-same-as-h1.js';

const expected = 'a title worded differently from the H1';

testRule(rule, {
  valid: [
    '<title>Blue Widget – Fast Delivery | Shop</title><h1>Blue Widget</h1>',
    { name: 'no H1 is h1-missing’s case', html: '<title>Blue Widget</title><h2>Blue Widget</h2>' },
    { name: 'no title is title-missing’s case', html: '<h1>Blue Widget</h1>' },
    { name: 'empty title and empty H1', html: '<title>&nbsp;</title><h1></h1>' },
    { name: 'accents differ', html: '<title>Café</title><h1>Cafe</h1>' },
    { name: 'only the first H1 with text is compared', html: '<title>Blue Widget</title><h1>Shop</h1><h1>Blue Widget</h1>' },
    { name: 'svg title does not count', html: '<svg><title>Blue Widget</title></svg><title>Shop</title><h1>Blue Widget</h1>' },
  ],
  invalid: [
    {
      html: '<title>Blue Widget</title><h1>Blue Widget</h1>',
      findings: [{ value: 'Blue Widget', expected, message: 'Title is the same as the H1.' }],
    },
    { name: 'case-insensitive, Unicode-aware', html: '<title>CAFÉ CRÈME</title><h1>café crème</h1>', findings: [{ value: 'CAFÉ CRÈME', expected }] },
    { name: 'white space collapsed on both sides', html: '<title>  Blue\n Widget </title><h1>Blue   <b>Widget</b></h1>', findings: [{ value: 'Blue Widget', expected }] },
    { name: 'NBSP and entities', html: '<title>Salt&nbsp;&amp;&nbsp;Pepper</title><h1>Salt &amp; Pepper</h1>', findings: [{ value: 'Salt & Pepper', expected }] },
    { name: 'skips an empty first H1', html: '<title>Blue Widget</title><h1> </h1><H1>blue widget</H1>', findings: [{ value: 'Blue Widget', expected }] },
    { name: 'H1 made of an image alt text', html: '<title>Brand</title><h1><img src="/logo.png" alt="Brand"></h1>', findings: [{ value: 'Brand', expected }] },
    { name: 'CJK', html: '<title>青いウィジェット</title><h1>青いウィジェット</h1>', findings: [{ value: '青いウィジェット', expected }] },
  ],
});
