import { testRule } from '../../src/testing/test-rule.js';
import rule from './snippet-blocked.js';

const expected = 'snippets allowed';

testRule(rule, {
  valid: [
    '<meta name="robots" content="index, follow">',
    { name: 'a snippet length that is not zero', html: '<meta name="robots" content="max-snippet:160, max-image-preview:large">', headers: { 'x-robots-tag': 'max-snippet: -1' } },
    { name: 'nosnippet for another bot', html: '<meta name="bingbot" content="nosnippet">' },
  ],
  invalid: [
    {
      html: '<meta name="robots" content="nosnippet">',
      findings: [{ value: 'nosnippet', expected, element: 'robots', message: 'The robots directive "nosnippet" keeps the page\'s text out of search snippets.' }],
    },
    { name: 'max-snippet:0 in X-Robots-Tag for googlebot', html: '<p>x</p>', headers: { 'x-robots-tag': 'googlebot: max-snippet:0' }, findings: [{ value: 'max-snippet:0', expected, element: 'robots' }] },
  ],
});
