import { testRule } from '../../src/testing/test-rule.js';
import rule from './page-not-https.js';

const expected = 'an https:// URL';

testRule(rule, {
  valid: [
    { html: '<title>x</title>', url: 'https://shop.example/' },
    { name: 'a file in a folder', html: '<title>x</title>', url: 'file:///srv/site/index.html' },
    { name: 'a local development server', html: '<title>x</title>', url: 'http://localhost:8080/' },
    { name: 'the loopback address', html: '<title>x</title>', url: 'http://127.0.0.1:4000/a' },
  ],
  invalid: [
    { html: '<title>x</title>', url: 'http://shop.example/products/red-widget', findings: [{ value: 'http://shop.example/products/red-widget', expected, message: 'The page is served over http:// (http://shop.example/products/red-widget), not https://.' }] },
  ],
});
