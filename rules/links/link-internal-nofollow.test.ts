import { testRule } from '../../src/testing/test-rule.js';
import rule from './link-internal-nofollow.js';

const expected = 'a followed link';

testRule(rule, {
  valid: [
    '<a href="/products/red-widget">Red widget</a>',
    { name: 'nofollow on an external link', html: '<a href="https://other.example/" rel="nofollow">x</a>' },
    { name: 'ugc and sponsored are not nofollow', html: '<a href="/forum/1" rel="ugc">x</a><a href="/deal" rel="sponsored">y</a>' },
  ],
  invalid: [
    {
      html: '<a href="/products/red-widget" rel="nofollow">Red widget</a>',
      findings: [{ value: '/products/red-widget', expected, element: 'https://shop.example/products/red-widget', message: 'The link to https://shop.example/products/red-widget on this site has rel="nofollow".' }],
    },
    {
      name: 'UPPERCASE, among other rel tokens, once per target URL',
      html: '<a href="/cart" REL="noopener NOFOLLOW">a</a><a href="https://shop.example/cart" rel="nofollow">b</a>',
      findings: [{ value: '/cart', expected, element: 'https://shop.example/cart' }],
    },
  ],
});
