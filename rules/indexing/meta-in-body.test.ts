import { testRule } from '../../src/testing/test-rule.js';
import rule from './meta-in-body.js';

const expected = 'in <head>';

testRule(rule, {
  valid: [
    '<html><head><title>Blue widget</title><meta name="description" content="d"><meta name="robots" content="index"></head><body><p>x</p></body></html>',
    { name: 'no <head> tag, but nothing visible before them', html: '<title>Blue widget</title><meta name="robots" content="noindex"><p>x</p>' },
    { name: 'after </head>, before the body: browsers put them back in the head', html: '<html><head></head><meta name="description" content="d"><body><p>x</p></body></html>' },
    { name: 'an SVG <title> in the body is the drawing’s', html: '<html><head><title>t</title></head><body><svg><title>Logo</title></svg></body></html>' },
    { name: 'other meta tags in the body (itemprop)', html: '<html><head></head><body><div itemscope><meta itemprop="price" content="10"></div></body></html>' },
  ],
  invalid: [
    {
      html: '<html><head></head><body><p>Blue widget</p><meta name="robots" content="noindex"></body></html>',
      findings: [{ value: 'meta robots', expected, element: 'meta robots', message: 'The meta robots is in the body, where search engines ignore it.' }],
    },
    {
      name: 'text early in the page ends the head: everything after it is body',
      html: '<html><head>Sale!<title>Blue widget</title><meta name="description" content="d"><meta name="googlebot" content="noindex"></head><body></body></html>',
      findings: [
        { value: 'title', expected, element: 'title' },
        { value: 'meta description', expected, element: 'meta description' },
        { value: 'meta robots', expected, element: 'meta robots' },
      ],
    },
  ],
});
