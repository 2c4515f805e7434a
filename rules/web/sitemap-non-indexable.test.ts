import { testRule } from '../../src/testing/test-rule.js';
import rule from './sitemap-non-indexable.js';

const url = 'https://shop.example/products/blue-widget';
const listed = { redirects: [], inSitemap: true };
const expected = '200, indexable, self-canonical';
const head = (extra: string) => `<html><head><title>Blue widget</title>${extra}</head><body><h1>Blue widget</h1></body></html>`;

testRule(rule, {
  valid: [
    { name: '200, indexable, self-canonical', html: head(`<link rel="canonical" href="${url}">`), url, status: 200, web: listed },
    { name: 'no canonical at all', html: head(''), url, status: 200, web: listed },
    { name: 'canonical differs only by fragment', html: head(`<link rel="canonical" href="${url}#top">`), url, status: 200, web: listed },
    { name: 'not in the sitemap', html: head('<meta name="robots" content="noindex">'), url, status: 404, web: { redirects: [], inSitemap: false } },
    {
      name: 'blocked by robots.txt (after a redirect): blocked-by-robots reports it',
      html: '',
      url,
      web: {
        requested: 'https://shop.example/p/1',
        redirects: [{ url: 'https://shop.example/p/1', status: 301, location: url }],
        inSitemap: true,
        blockedBy: { robotsUrl: 'https://shop.example/robots.txt', line: 2, rule: 'Disallow: /products' },
      },
    },
    { name: 'no web facts (a file)', html: head('<meta name="robots" content="noindex">'), url },
  ],
  invalid: [
    {
      name: 'an error status',
      html: '<h1>Not found</h1>',
      url,
      status: 404,
      web: listed,
      findings: [{ value: 'HTTP 404', expected, message: 'Listed in the sitemap, but not indexable as listed: HTTP 404.' }],
    },
    {
      name: 'the sitemap and line are named when known',
      html: '<h1>Gone</h1>',
      url,
      status: 410,
      web: { ...listed, sitemap: { url: 'https://shop.example/sitemap.xml', line: 7, lastmod: '2025-01-02' } },
      findings: [{ value: 'HTTP 410', expected, message: 'Listed in the sitemap (https://shop.example/sitemap.xml line 7), but not indexable as listed: HTTP 410.' }],
    },
    {
      name: 'an error page is judged by its status alone, not by its body’s robots meta or canonical',
      html: head('<meta name="robots" content="noindex"><link rel="canonical" href="https://shop.example/">'),
      url,
      status: 500,
      web: listed,
      findings: [{ value: 'HTTP 500', expected }],
    },
    {
      name: '2xx but not 200',
      html: head(''),
      url,
      status: 203,
      web: listed,
      findings: [{ value: 'HTTP 203', expected }],
    },
    {
      name: 'the listed URL redirects: the final URL is named',
      html: head(''),
      url,
      status: 200,
      web: {
        requested: 'https://shop.example/p/1',
        redirects: [{ url: 'https://shop.example/p/1', status: 301, location: url }],
        inSitemap: true,
      },
      findings: [
        {
          value: `https://shop.example/p/1 redirects to ${url}`,
          expected,
          message: `Listed in the sitemap, but not indexable as listed: https://shop.example/p/1 redirects to ${url}.`,
        },
      ],
    },
    {
      name: 'noindex',
      html: head('<meta name="robots" content="noindex, follow">'),
      url,
      status: 200,
      web: listed,
      findings: [{ value: 'noindex', expected, message: 'Listed in the sitemap, but not indexable as listed: noindex.' }],
    },
    {
      name: 'noindex from the X-Robots-Tag header',
      html: head(''),
      url,
      status: 200,
      headers: { 'x-robots-tag': 'noindex' },
      web: listed,
      findings: [{ value: 'noindex', expected }],
    },
    {
      name: 'canonicalised to another URL (relative href resolved)',
      html: head('<link rel="canonical" href="/products/widget">'),
      url,
      status: 200,
      web: listed,
      findings: [{ value: 'canonical names https://shop.example/products/widget', expected }],
    },
    {
      name: 'every reason, joined',
      html: head('<meta name="robots" content="noindex"><link rel="canonical" href="https://shop.example/products/widget">'),
      url,
      status: 200,
      web: {
        requested: 'http://shop.example/old',
        redirects: [
          { url: 'http://shop.example/old', status: 301, location: 'https://shop.example/old' },
          { url: 'https://shop.example/old', status: 301, location: url },
        ],
        inSitemap: true,
      },
      findings: [
        {
          value: `http://shop.example/old redirects to ${url}; noindex; canonical names https://shop.example/products/widget`,
          expected,
          message: `Listed in the sitemap, but not indexable as listed: http://shop.example/old redirects to ${url}; noindex; canonical names https://shop.example/products/widget.`,
        },
      ],
    },
  ],
});
