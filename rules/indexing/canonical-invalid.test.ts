import { readFileSync } from 'node:fs';
import { testFinish, testRule, webSite } from '../../src/testing/test-rule.js';
import rule from './canonical-invalid.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const canonical = (href: string): string => `<link rel="canonical" href="${href}">`;
const absolute = 'an absolute http(s) URL';
const self = 'https://shop.example/products/blue-widget';
const de = 'https://shop.example/de/produkte/blaues-geraet';

testRule(rule, {
  valid: [
    canonical(self),
    { name: 'another page, absolute (canonical-points-elsewhere’s case)', html: canonical('https://shop.example/products/widget') },
    { name: 'root canonical on the root page', html: canonical('https://shop.example/'), url: 'https://shop.example/' },
    { name: 'root of another site', html: canonical('https://other.example/') },
    { name: 'the same URL twice, fragments aside', html: canonical(self) + canonical(`${self}#top`) },
    { name: 'empty href is canonical-missing’s case', html: canonical('') },
    { name: 'UPPERCASE tags and attributes', html: `<LINK REL="CANONICAL" HREF="${self}">` },
    { name: 'canonical inside an HTML comment', html: `<!-- ${canonical('/relative')} -->` },
    {
      name: 'canonical to an hreflang alternate when this page is not in the set (a duplicate URL)',
      html: canonical(de) + `<link rel="alternate" hreflang="de" href="${de}">`,
      url: 'https://shop.example/products/blue-widget?colour=blue',
    },
    {
      name: 'a canonical <link> in <body> is ignored, as search engines do',
      html: `<html><head>${canonical(self)}</head><body><p>x</p>${canonical('https://shop.example/other')}</body></html>`,
    },
    { name: 'Lighthouse seo-tester.html (same canonical in head and body)', html: lighthouse('seo-tester.html'), url: 'http://localhost:10200/seo/seo-tester.html' },
    { name: 'Lighthouse seo-failure-cases.html (its conflicting canonical is in an HTTP Link header)', html: lighthouse('seo-failure-cases.html'), url: 'http://localhost:10200/seo/seo-failure-cases.html' },
  ],
  invalid: [
    {
      html: canonical('/products/blue-widget'),
      findings: [{
        value: '/products/blue-widget',
        expected: absolute,
        element: 'relative',
        message: 'Canonical "/products/blue-widget" is a relative URL; search engines may resolve it differently than intended.',
      }],
    },
    { name: 'protocol-relative', html: canonical('//shop.example/products/blue-widget'), findings: [{ value: '//shop.example/products/blue-widget', expected: absolute, element: 'relative' }] },
    {
      name: 'not a valid URL',
      html: canonical('http://exa mple.com/'),
      findings: [{ value: 'http://exa mple.com/', expected: absolute, element: 'invalid-url', message: 'Canonical "http://exa mple.com/" is not a valid http(s) URL.' }],
    },
    { name: 'not http(s)', html: canonical('javascript:void(0)'), findings: [{ value: 'javascript:void(0)', expected: absolute, element: 'invalid-url' }] },
    // Lighthouse's canonical audit: an href no URL parser takes is "Invalid URL", not a relative one.
    {
      name: 'a page beside this one is a relative URL, not a host: page.html, index.php?p=2, ../x',
      html: canonical('blue-widget.html') + canonical('index.php?p=2') + canonical('../x'),
      findings: [
        { value: 'blue-widget.html', expected: absolute, element: 'relative' },
        { value: 'https://shop.example/products/blue-widget.html, https://shop.example/products/index.php?p=2, https://shop.example/x', expected: 'one canonical URL', element: 'conflicting' },
      ],
    },
    { name: 'not a URL at all: words', html: canonical('not a url'), findings: [{ value: 'not a url', expected: absolute, element: 'invalid-url', message: 'Canonical "not a url" is not a URL: it holds white space.' }] },
    { name: 'not a URL at all: a scheme without its colon', html: canonical('https//shop.example/products/blue-widget'), findings: [{ value: 'https//shop.example/products/blue-widget', expected: absolute, element: 'invalid-url', message: 'Canonical "https//shop.example/products/blue-widget" is not a URL: its scheme lacks the colon ("https//").' }] },
    { name: 'not a URL at all: a host without a scheme', html: canonical('www.shop.example/products/blue-widget'), findings: [{ value: 'www.shop.example/products/blue-widget', expected: absolute, element: 'invalid-url', message: 'Canonical "www.shop.example/products/blue-widget" is not a URL: it names a host without http:// or https://.' }] },
    { name: 'not a URL at all: a template left unfilled', html: canonical('{{ canonical_url }}'), findings: [{ value: '{{ canonical_url }}', expected: absolute, element: 'invalid-url', message: 'Canonical "{{ canonical_url }}" is not a URL: it holds white space.' }] },
    {
      name: 'conflicting',
      html: canonical(self) + canonical('https://shop.example/products/widget'),
      findings: [{
        value: `${self}, https://shop.example/products/widget`,
        expected: 'one canonical URL',
        element: 'conflicting',
        message: `Page declares 2 different canonical URLs (${self}, https://shop.example/products/widget); search engines ignore them all.`,
      }],
    },
    {
      name: 'site root from a non-root page',
      html: canonical('https://shop.example/'),
      findings: [{
        value: 'https://shop.example/',
        expected: 'this page’s own URL or an equivalent page',
        element: 'root',
        message: 'Canonical points to the site root (https://shop.example/) instead of this page or an equivalent one.',
      }],
    },
    { name: 'site root with a query', html: canonical('https://shop.example/?ref=nav'), findings: [{ value: 'https://shop.example/?ref=nav', expected: 'this page’s own URL or an equivalent page', element: 'root' }] },
    {
      name: 'another hreflang alternate of this page',
      html: canonical(de) + `<link rel="alternate" hreflang="en" href="${self}"><link rel="alternate" hreflang="de" href="${de}">`,
      findings: [{
        value: de,
        expected: self,
        element: 'hreflang-alternate',
        message: `Canonical points to ${de}, another hreflang alternate of this page; each language version must be canonical to itself.`,
      }],
    },
    {
      name: 'every reason is its own finding: relative root',
      html: canonical('/'),
      findings: [
        { value: '/', expected: absolute, element: 'relative' },
        { value: 'https://shop.example/', expected: 'this page’s own URL or an equivalent page', element: 'root' },
      ],
    },
    {
      name: 'every reason is its own finding: invalid, relative and conflicting',
      html: canonical('https://') + canonical('/a') + canonical('/b') + canonical('/a'),
      findings: [
        { value: 'https://', expected: absolute, element: 'invalid-url' },
        { value: '/a', expected: absolute, element: 'relative' },
        { value: 'https://shop.example/a, https://shop.example/b', expected: 'one canonical URL', element: 'conflicting' },
      ],
    },
    {
      name: 'a relative and an absolute spelling of one URL only lack absoluteness',
      html: canonical(self) + canonical('/products/blue-widget'),
      findings: [{ value: '/products/blue-widget', expected: absolute, element: 'relative' }],
    },
    {
      name: 'Unicode and entities',
      html: canonical('/produkte/gr&uuml;n-😀'),
      findings: [{ value: '/produkte/grün-😀', expected: absolute, element: 'relative' }],
    },
  ],
});

const S = 'https://shop.example';
const fetchedPage = (path: string, canonicalHref: string, status = 200) => ({
  url: `${S}${path}`,
  status,
  html: `<html><head><title>t</title><link rel="canonical" href="${canonicalHref}"></head></html>`,
  web: { redirects: [], inSitemap: false },
});
const web = webSite({
  statuses: {
    [`${S}/a`]: { ok: true, status: 200 },
    [`${S}/gone`]: { ok: false, status: 404 },
    [`${S}/down`]: { ok: false, reason: 'connection reset (ECONNRESET) after 3 attempts' },
    [`${S}/old`]: { ok: true, status: 301, location: `${S}/new` },
  },
});

testFinish(rule, {
  valid: [
    { name: 'canonical target answers 200', pages: [fetchedPage('/b', `${S}/a`)], web },
    { name: 'self-canonical', pages: [fetchedPage('/gone-page', `${S}/gone-page`)], web },
    { name: 'target not checked', pages: [fetchedPage('/b', `${S}/unknown`)], web },
    { name: 'an error page is not judged', pages: [fetchedPage('/b', `${S}/gone`, 404)], web },
    { name: 'no web facts (a folder)', pages: [{ url: `${S}/b`, html: `<link rel="canonical" href="${S}/gone">` }] },
  ],
  invalid: [
    {
      name: 'canonical targets that fail or redirect',
      pages: [fetchedPage('/b', `${S}/gone`), fetchedPage('/c', `${S}/down`), fetchedPage('/d', `${S}/old`)],
      web,
      findings: [
        {
          url: `${S}/b`,
          value: `${S}/gone`,
          expected: 'a canonical URL that answers 200',
          element: 'target-fails',
          message: `Canonical points to ${S}/gone, which answers HTTP 404; search engines ignore a canonical that is not a live page.`,
        },
        {
          url: `${S}/c`,
          value: `${S}/down`,
          expected: 'a canonical URL that answers 200',
          element: 'target-fails',
          message: `Canonical points to ${S}/down, which does not answer (connection reset (ECONNRESET) after 3 attempts); search engines ignore a canonical that is not a live page.`,
        },
        {
          url: `${S}/d`,
          value: `${S}/old`,
          expected: `${S}/new`,
          element: 'target-redirects',
          message: `Canonical points to ${S}/old, which redirects to ${S}/new; name the final URL.`,
        },
      ],
    },
  ],
});
