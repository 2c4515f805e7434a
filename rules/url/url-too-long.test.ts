import { testRule } from '../../src/testing/test-rule.js';
import rule from './url-too-long.js';

const base = 'https://shop.example/search?q=';
const long = (n: number): string => base + 'a'.repeat(n - base.length);

testRule(rule, {
  valid: [
    { html: '<title>x</title>', url: 'https://shop.example/products/red-widget' },
    { name: 'exactly 2,048 characters', html: '<title>x</title>', url: long(2048) },
    { name: 'a higher limit from the config', html: '<title>x</title>', url: long(3000), options: { maxChars: 4096 } },
  ],
  invalid: [
    {
      name: '2,049 characters',
      html: '<title>x</title>',
      url: long(2049),
      findings: [{ value: '2049', expected: 'at most 2048 characters', message: 'The URL is 2049 characters long; at most 2048.' }],
    },
    { name: 'a lower limit from the config', html: '<title>x</title>', url: 'https://shop.example/products/red-widget', options: { maxChars: 30 }, findings: [{ value: '40', expected: 'at most 30 characters' }] },
  ],
});
