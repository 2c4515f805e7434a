import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './canonical-points-elsewhere.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const canonical = (href: string): string => `<link rel="canonical" href="${href}">`;
const self = 'https://shop.example/products/blue-widget';

testRule(rule, {
  valid: [
    canonical(self),
    { name: 'self with a fragment', html: canonical(`${self}#reviews`) },
    { name: 'self, host in another case, default port', html: canonical('HTTPS://SHOP.EXAMPLE:443/products/blue-widget') },
    { name: 'no canonical', html: '<p>x</p>' },
    { name: 'empty href', html: canonical('') },
    { name: 'relative canonical is canonical-invalid’s case', html: canonical('/products/widget') },
    { name: 'invalid URL is canonical-invalid’s case', html: canonical('http://exa mple.com/') },
    { name: 'non-http(s) canonical is canonical-invalid’s case', html: canonical('mailto:shop@example.com') },
    { name: 'canonical inside an HTML comment', html: `<!-- ${canonical('https://shop.example/other')} -->` },
  ],
  invalid: [
    {
      html: canonical('https://shop.example/products/widget'),
      findings: [{
        value: 'https://shop.example/products/widget',
        expected: self,
        message: 'Canonical names another URL (https://shop.example/products/widget), so this page is not the one search engines index.',
      }],
    },
    { name: 'trailing slash makes another URL', html: canonical(`${self}/`), findings: [{ value: `${self}/`, expected: self }] },
    { name: 'page URL with tracking parameters', html: canonical(self), url: `${self}?utm_source=mail`, findings: [{ value: self, expected: `${self}?utm_source=mail` }] },
    { name: 'the first canonical counts', html: canonical('https://shop.example/a') + canonical(self), findings: [{ value: 'https://shop.example/a', expected: self }] },
    { name: 'UPPERCASE tags, entities, Unicode', html: '<LINK REL="CANONICAL" HREF="https://shop.example/gr&uuml;n">', findings: [{ value: 'https://shop.example/gr%C3%BCn', expected: self }] },
    {
      name: 'Lighthouse seo-tester.html',
      html: lighthouse('seo-tester.html'),
      url: 'http://localhost:10200/seo/seo-tester.html',
      findings: [{ value: 'http://localhost:10200/seo/', expected: 'http://localhost:10200/seo/seo-tester.html' }],
    },
    {
      name: 'Lighthouse seo-failure-cases.html',
      html: lighthouse('seo-failure-cases.html'),
      url: 'http://localhost:10200/seo/seo-failure-cases.html',
      findings: [{ value: 'https://example.com/other', expected: 'http://localhost:10200/seo/seo-failure-cases.html' }],
    },
  ],
});
