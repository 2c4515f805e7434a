import { testRule } from '../../src/testing/test-rule.js';
import rule from './url-multiple-slashes.js';

const expected = 'single slashes between path segments';

testRule(rule, {
  valid: [
    { html: '<title>x</title>', url: 'https://shop.example/products/red-widget' },
    { name: 'the slashes after the scheme are no path', html: '<title>x</title>', url: 'https://shop.example/' },
    { name: 'a URL in the query is a parameter', html: '<title>x</title>', url: 'https://shop.example/go?to=https://other.example/a' },
  ],
  invalid: [
    {
      html: '<title>x</title>',
      url: 'https://shop.example/products//red-widget',
      findings: [{ value: '/products//red-widget', expected, message: 'The URL path "/products//red-widget" has two slashes in a row.' }],
    },
    { name: 'a trailing double slash', html: '<title>x</title>', url: 'https://shop.example/products//', findings: [{ value: '/products//', expected }] },
  ],
});
