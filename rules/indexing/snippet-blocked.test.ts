import { testRule } from '../../src/testing/test-rule.js';
import rule from './snippet-blocked.js';

const expected = 'snippets allowed';
const LONG = 'The blue widget is made of recycled aluminium and weighs 120 grams, with a lifetime warranty.';

testRule(rule, {
  valid: [
    '<meta name="robots" content="index, follow">',
    { name: 'a snippet length that is not zero', html: '<meta name="robots" content="max-snippet:160, max-image-preview:large">', headers: { 'x-robots-tag': 'max-snippet: -1' } },
    { name: 'nosnippet for another bot', html: '<meta name="bingbot" content="nosnippet">' },
    // Google: data-nosnippet on span, div and section; a passage or two kept out is what it is for.
    { name: 'data-nosnippet on a passage', html: `<main><p>${LONG}</p><div data-nosnippet>Price valid today only.</div></main>` },
    { name: 'data-nosnippet on the navigation, outside the main text', html: `<nav data-nosnippet><div data-nosnippet>${LONG}</div></nav><main><p>Short page text about the widget.</p></main>` },
    { name: 'data-nosnippet on an element Google ignores it on (<p>, <main>)', html: `<main data-nosnippet><p data-nosnippet>${LONG}</p></main>` },
    { name: 'just under half', html: `<main><div data-nosnippet>${'a'.repeat(49)}</div><p>${'b'.repeat(51)}</p></main>` },
  ],
  invalid: [
    {
      html: '<meta name="robots" content="nosnippet">',
      findings: [{ value: 'nosnippet', expected, element: 'robots', message: 'The robots directive "nosnippet" keeps the page\'s text out of search snippets.' }],
    },
    {
      name: 'a data-nosnippet div around the main content',
      html: `<header>Shop</header><main><div data-nosnippet><h1>Blue widget</h1><p>${LONG}</p></div></main>`,
      findings: [{ value: '100 %', expected: 'less than 50 % of the main text', element: 'data-nosnippet', message: "100 % of the page's main text is inside data-nosnippet elements, which search engines leave out of snippets." }],
    },
    { name: 'exactly half, in spans, white space not counted', html: `<main><span data-nosnippet>${'a'.repeat(50)}</span>   <p>${'b'.repeat(50)}</p></main>`, findings: [{ value: '50 %', element: 'data-nosnippet', expected: 'less than 50 % of the main text' }] },
    { name: 'no <main>: the body without its chrome', html: `<nav>Menu</nav><section data-nosnippet><p>${LONG}</p></section><p>More.</p>`, findings: [{ value: '94 %', element: 'data-nosnippet', expected: 'less than 50 % of the main text' }] },
    { name: 'max-snippet:0 in X-Robots-Tag for googlebot', html: '<p>x</p>', headers: { 'x-robots-tag': 'googlebot: max-snippet:0' }, findings: [{ value: 'max-snippet:0', expected, element: 'robots' }] },
  ],
});
