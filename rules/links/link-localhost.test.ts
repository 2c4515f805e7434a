import { testRule } from '../../src/testing/test-rule.js';
import rule from './link-localhost.js';

const expected = 'a live or relative URL';

testRule(rule, {
  valid: [
    '<a href="/products/red-widget">x</a>',
    { name: 'hosts that only look local', html: '<a href="https://localhost.example/">a</a><a href="https://127.example/">b</a><a href="https://mylocalhost.com/">c</a>' },
    { name: 'a page served from localhost links to itself (a staging audit)', html: '<a href="http://localhost:8080/a">x</a>', url: 'http://localhost:8080/' },
  ],
  invalid: [
    {
      html: '<a href="http://localhost:3000/products/red-widget">x</a>',
      findings: [{ value: 'http://localhost:3000/products/red-widget', expected, element: 'http://localhost:3000/products/red-widget', message: 'Link "http://localhost:3000/products/red-widget" points to the local machine, not the site.' }],
    },
    {
      name: '127.x.x.x, [::1], 0.0.0.0, *.localhost and file:',
      html: '<a href="http://127.0.0.1/a">a</a><a href="https://[::1]:8443/b">b</a><a href="http://0.0.0.0/c">c</a><a href="http://app.localhost/d">d</a><a href="file:///C:/site/e.html">e</a>',
      findings: [
        { value: 'http://127.0.0.1/a', expected, element: 'http://127.0.0.1/a' },
        { value: 'https://[::1]:8443/b', expected, element: 'https://[::1]:8443/b' },
        { value: 'http://0.0.0.0/c', expected, element: 'http://0.0.0.0/c' },
        { value: 'http://app.localhost/d', expected, element: 'http://app.localhost/d' },
        { value: 'file:///C:/site/e.html', expected, element: 'file:///C:/site/e.html', message: 'Link "file:///C:/site/e.html" points to a local file, not the site.' },
      ],
    },
  ],
});
