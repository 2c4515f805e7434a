import { testRule } from '../../src/testing/test-rule.js';
import rule from './url-space.js';

const expected = 'no spaces (hyphens between words)';

testRule(rule, {
  valid: [
    { html: '<title>x</title>', url: 'https://shop.example/products/red-widget' },
    { name: 'a plus in the path is a plus', html: '<title>x</title>', url: 'https://shop.example/products/c++-guide' },
    { name: 'an encoded plus (%2B) in the query is no space', html: '<title>x</title>', url: 'https://shop.example/search?q=c%2B%2B' },
  ],
  invalid: [
    {
      html: '<title>x</title>',
      url: 'https://shop.example/products/red%20widget',
      findings: [{ value: '/products/red%20widget', expected, message: 'The URL has a space in its path ("/products/red%20widget").' }],
    },
    { name: 'a raw space, as a link wrote it', html: '<title>x</title>', url: 'https://shop.example/products/red widget', findings: [{ value: '/products/red%20widget', expected }] },
    { name: 'a space in the query, as + or %20', html: '<title>x</title>', url: 'https://shop.example/search?q=red+widget', findings: [{ value: '?q=red+widget', expected, message: 'The URL has a space in its query ("?q=red+widget").' }] },
  ],
});
