import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './hreflang-invalid.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const alt = (hreflang: string, href = 'https://shop.example/x/'): string => `<link rel="alternate" hreflang="${hreflang}" href="${href}">`;
const code = 'x-default or language[-Script][-REGION], e.g. en, en-GB, zh-Hant-TW';
const absolute = 'an absolute http(s) URL';

testRule(rule, {
  valid: [
    alt('en-GB'),
    { name: 'x-default, any case', html: alt('x-default') + alt('X-Default', 'https://shop.example/y/') },
    { name: 'language only, three-letter language', html: alt('de') + alt('fil') },
    { name: 'script and region, UN M.49 area', html: alt('zh-Hant-TW') + alt('zh-Hans') + alt('es-419') },
    { name: 'UPPERCASE tags, attributes and codes', html: '<LINK REL="ALTERNATE" HREFLANG="EN-us" HREF="HTTPS://SHOP.EXAMPLE/US/">' },
    { name: 'rel=alternate without hreflang is not an hreflang link', html: '<link rel="alternate" type="application/rss+xml" href="/feed.xml">' },
    { name: 'hreflang link inside an HTML comment', html: `<!-- ${alt('xx', '/x')} -->` },
    { name: 'Lighthouse seo-tester.html: the invalid hreflang link in <body> is ignored', html: lighthouse('seo-tester.html'), url: 'http://localhost:10200/seo/seo-tester.html' },
  ],
  invalid: [
    {
      html: alt('xx'),
      findings: [{ value: 'xx', expected: code, element: 'hreflang:xx', message: 'hreflang "xx" names an unknown language "xx" (ISO 639).' }],
    },
    {
      name: 'UK is not an ISO 3166-1 code',
      html: alt('en-UK'),
      findings: [{ value: 'en-UK', expected: code, element: 'hreflang:en-UK', message: 'hreflang "en-UK" names region "UK", which is not an ISO 3166-1 code (use "GB").' }],
    },
    {
      name: 'regions ICU knows but ISO 3166-1 does not assign, and unknown M.49 areas',
      html: alt('en-EU') + alt('sq-XK') + alt('es-999'),
      findings: [
        { value: 'en-EU', expected: code, element: 'hreflang:en-EU', message: 'hreflang "en-EU" names region "EU", which is neither an ISO 3166-1 alpha-2 code nor a UN M.49 area code.' },
        { value: 'sq-XK', expected: code, element: 'hreflang:sq-XK' },
        { value: 'es-999', expected: code, element: 'hreflang:es-999' },
      ],
    },
    {
      name: 'underscore',
      html: alt('en_GB'),
      findings: [{ value: 'en_GB', expected: code, element: 'hreflang:en_GB', message: 'hreflang "en_GB" uses "_" where language codes use "-" (e.g. "en-GB").' }],
    },
    {
      name: 'more than language, script and region',
      html: alt('de-DE-1996') + alt('en-US-u-ca-gregory'),
      findings: [
        { value: 'de-DE-1996', expected: code, element: 'hreflang:de-DE-1996', message: 'hreflang "de-DE-1996" is not a language code with an optional script and region (e.g. "de", "en-GB", "zh-Hant-TW").' },
        { value: 'en-US-u-ca-gregory', expected: code, element: 'hreflang:en-US-u-ca-gregory' },
      ],
    },
    { name: 'region alone', html: alt('GB'), findings: [{ value: 'GB', expected: code, element: 'hreflang:GB' }] },
    { name: 'unknown script', html: alt('zh-Hanz'), findings: [{ value: 'zh-Hanz', expected: code, element: 'hreflang:zh-Hanz', message: 'hreflang "zh-Hanz" names an unknown script "Hanz" (ISO 15924).' }] },
    { name: 'not well-formed', html: alt('english!'), findings: [{ value: 'english!', expected: code, element: 'hreflang:english!', message: 'hreflang "english!" is not a well-formed language code.' }] },
    {
      name: 'white space kept as written: a leading space is invalid',
      html: alt(' x-default'),
      findings: [{ value: ' x-default', expected: code, element: 'hreflang: x-default', message: 'hreflang " x-default" has white space around the code, which search engines do not strip.' }],
    },
    { name: 'NBSP-only code', html: alt('&nbsp;'), findings: [{ value: '\u00a0', expected: code, element: 'hreflang:\u00a0' }] },
    { name: 'empty code', html: alt(''), findings: [{ value: '', expected: code, element: 'hreflang:' }] },
    {
      name: 'relative and protocol-relative hrefs',
      html: alt('de', '/de/') + alt('fr', '//shop.example/fr/'),
      findings: [
        { value: '/de/', expected: absolute, element: 'href:/de/', message: 'hreflang "de" link points to "/de/", which is not an absolute http(s) URL.' },
        { value: '//shop.example/fr/', expected: absolute, element: 'href://shop.example/fr/' },
      ],
    },
    { name: 'non-http(s) href', html: alt('de', 'ftp://shop.example/de/'), findings: [{ value: 'ftp://shop.example/de/', expected: absolute, element: 'href:ftp://shop.example/de/' }] },
    { name: 'empty href', html: alt('de', ''), findings: [{ value: '', expected: absolute, element: 'href:', message: 'hreflang "de" link has no href.' }] },
    { name: 'missing href', html: '<link rel="alternate" hreflang="de">', findings: [{ value: '', expected: absolute, element: 'href:', message: 'hreflang "de" link has no href.' }] },
    {
      name: 'bad code and bad href on one link are two findings; repeats are one',
      html: alt('xx', '/x/') + alt('xx', '/x/'),
      findings: [
        { value: 'xx', expected: code, element: 'hreflang:xx' },
        { value: '/x/', expected: absolute, element: 'href:/x/' },
      ],
    },
    {
      name: 'Lighthouse seo-failure-cases.html',
      html: lighthouse('seo-failure-cases.html'),
      url: 'http://localhost:10200/seo/seo-failure-cases.html',
      findings: [
        { value: 'xx', expected: code, element: 'hreflang:xx' },
        { value: '', expected: absolute, element: 'href:' },
        { value: '/example.html', expected: absolute, element: 'href:/example.html' },
        { value: ' x-default', expected: code, element: 'hreflang: x-default' },
      ],
    },
  ],
});
