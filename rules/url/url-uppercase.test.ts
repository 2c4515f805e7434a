import { testRule } from '../../src/testing/test-rule.js';
import rule from './url-uppercase.js';

const expected = 'a lower-case path';

testRule(rule, {
  valid: [
    { html: '<title>x</title>', url: 'https://shop.example/products/red-widget' },
    { name: 'a capital host is lower-cased by every parser', html: '<title>x</title>', url: 'https://SHOP.example/products/red-widget' },
    { name: 'capitals in the query are parameters', html: '<title>x</title>', url: 'https://shop.example/search?q=Red+Widget&utm_source=News' },
    { name: 'percent-escapes are written in capitals (%C3%BC)', html: '<title>x</title>', url: 'https://shop.example/produkte/gr%C3%BCn' },
  ],
  invalid: [
    {
      html: '<title>x</title>',
      url: 'https://shop.example/products/Red-Widget',
      findings: [{ value: '/products/Red-Widget', expected, message: 'The URL path "/products/Red-Widget" has capital letters; URL paths are case-sensitive.' }],
    },
    { name: 'a capital letter beside an escape', html: '<title>x</title>', url: 'https://shop.example/Produkte/gr%C3%BCn', findings: [{ value: '/Produkte/gr%C3%BCn', expected }] },
  ],
});
