import { testRule } from '../../src/testing/test-rule.js';
import rule from './js-changes-canonical.js';

const rendered = (html: string, raw: string) => ({ html, raw, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });
const c = (href: string) => `<link rel="canonical" href="${href}">`;

testRule(rule, {
  valid: [
    { name: 'the same', ...rendered(c('https://shop.example/a'), c('https://shop.example/a')) },
    { name: 'none in either', ...rendered('<p>x</p>', '<p>y</p>') },
    // Written relative in the HTML, made absolute by a script: the same URL.
    { name: 'relative and absolute', url: 'https://shop.example/p/a', ...rendered(c('https://shop.example/a#top'), c('/a')) },
  ],
  invalid: [
    { name: 'pointed elsewhere by JavaScript', ...rendered(c('https://shop.example/b'), c('https://shop.example/a')), findings: [{ value: 'https://shop.example/b', expected: 'https://shop.example/a', message: 'JavaScript changes the canonical from "https://shop.example/a" to "https://shop.example/b".' }] },
    { name: 'added', ...rendered(c('https://shop.example/a'), '<p>x</p>'), findings: [{ value: 'https://shop.example/a', expected: '(the same in the HTML the server sends)' }] },
    {
      name: 'a second, different one added',
      ...rendered(c('https://shop.example/a') + c('https://shop.example/b'), c('https://shop.example/a')),
      findings: [{ value: 'https://shop.example/a, https://shop.example/b', expected: 'https://shop.example/a', message: 'JavaScript changes the canonical from "https://shop.example/a" to "https://shop.example/a, https://shop.example/b".' }],
    },
  ],
});
