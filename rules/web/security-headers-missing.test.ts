import { testRule } from '../../src/testing/test-rule.js';
import rule from './security-headers-missing.js';

const HTTPS = 'https://shop.example/products/blue-widget';
const ALL = { 'strict-transport-security': 'max-age=31536000; includeSubDomains', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'self'" };
const fetched = (url: string, headers: Record<string, string>, html = '<title>t</title>') => ({ url, html, status: 200, headers, web: { redirects: [], inSitemap: false } });
const without = (name: keyof typeof ALL, extra: Record<string, string> = {}) => {
  const headers: Record<string, string> = { ...ALL, ...extra };
  delete headers[name];
  return headers;
};

testRule(rule, {
  valid: [
    { name: 'all three on https', ...fetched(HTTPS, ALL) },
    { name: 'http needs no HSTS (browsers ignore it there)', ...fetched('http://shop.example/', without('strict-transport-security')) },
    { name: 'HSTS max-age quoted, other directives first, and NOSNIFF in capitals', ...fetched(HTTPS, { ...ALL, 'strict-transport-security': 'includeSubDomains; max-age="600"', 'x-content-type-options': ' NOSNIFF ' }) },
    { name: 'a CSP in a meta element counts', ...fetched(HTTPS, without('content-security-policy'), `<head><meta http-equiv="Content-Security-Policy" content="default-src 'self'"></head>`) },
    { name: 'a file has no headers to judge', html: '<title>t</title>' },
    { name: 'an error page is http-status-error\'s', url: HTTPS, html: '<title>t</title>', status: 404, headers: {}, web: { redirects: [], inSitemap: false } },
    {
      name: 'a staging copy served over http, audited under its https address, is not asked for HSTS',
      url: HTTPS,
      html: '<title>t</title>',
      status: 200,
      headers: without('strict-transport-security'),
      web: { redirects: [], inSitemap: false, servedFrom: 'http://127.0.0.1:8080/products/blue-widget' },
    },
  ],
  invalid: [
    {
      name: 'none of them: one finding per header',
      ...fetched(HTTPS, { 'content-type': 'text/html' }),
      findings: [
        { element: 'Strict-Transport-Security', value: '', expected: 'Strict-Transport-Security: max-age=31536000', message: 'No Strict-Transport-Security header on an https page.' },
        { element: 'X-Content-Type-Options', value: '', expected: 'X-Content-Type-Options: nosniff', message: 'No X-Content-Type-Options header.' },
        { element: 'Content-Security-Policy', value: '', expected: 'a Content-Security-Policy header', message: 'No Content-Security-Policy header (or <meta http-equiv> in the head).' },
      ],
    },
    {
      name: 'HSTS with max-age=0 turns HSTS off',
      ...fetched(HTTPS, { ...ALL, 'strict-transport-security': 'max-age=0' }),
      findings: [{ element: 'Strict-Transport-Security', value: 'max-age=0', expected: 'Strict-Transport-Security: max-age=31536000', message: 'Strict-Transport-Security "max-age=0" has no positive max-age, so browsers do not keep to https.' }],
    },
    {
      name: 'a wrong nosniff value',
      ...fetched(HTTPS, { ...ALL, 'x-content-type-options': 'sniff' }),
      findings: [{ element: 'X-Content-Type-Options', value: 'sniff', expected: 'X-Content-Type-Options: nosniff', message: 'X-Content-Type-Options is "sniff", which browsers ignore; only "nosniff" counts.' }],
    },
    {
      name: 'report-only enforces nothing',
      ...fetched(HTTPS, without('content-security-policy', { 'content-security-policy-report-only': "default-src 'self'" })),
      findings: [{ element: 'Content-Security-Policy', value: '', expected: 'a Content-Security-Policy header', message: 'Only a Content-Security-Policy-Report-Only header, which enforces nothing.' }],
    },
  ],
});
