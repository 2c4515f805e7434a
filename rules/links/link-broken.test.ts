import { testFinish, testRule, webSite } from '../../src/testing/test-rule.js';
import rule from './link-broken.js';

const expected = 'a page that exists';
const ok = { ok: true, status: 200 };

testRule(rule, {
  valid: [
    { html: '<a href="/products/red-widget">Red</a>', linkTargets: { 'https://shop.example/products/red-widget': ok } },
    { name: 'link targets not checked by the source', html: '<a href="/gone">Gone</a>' },
    { name: 'target not in the map (not checked)', html: '<a href="/unknown">?</a>', linkTargets: {} },
    {
      name: 'external links are not checked',
      html: '<a href="https://other.example/gone">Gone</a>',
      linkTargets: { 'https://other.example/gone': { ok: false, status: 404 } },
    },
    {
      name: 'link inside an HTML comment',
      html: '<!-- <a href="/gone">Gone</a> -->',
      linkTargets: { 'https://shop.example/gone': { ok: false, status: 404 } },
    },
  ],
  invalid: [
    {
      html: '<a href="/gone">Gone</a>',
      linkTargets: { 'https://shop.example/gone': { ok: false, status: 404, reason: 'Not Found' } },
      findings: [{ value: '/gone', expected, element: 'https://shop.example/gone', message: 'Link to https://shop.example/gone is broken (HTTP 404, Not Found).' }],
    },
    {
      name: 'once per target, fragments and spellings folded together',
      html: '<a href="/gone#a">1</a><A HREF="https://shop.example/gone#b">2</A><a href="../gone">3</a><a href="/also-gone">4</a>',
      linkTargets: {
        'https://shop.example/gone': { ok: false, status: 410 },
        'https://shop.example/also-gone': { ok: false, reason: 'no such file: also-gone.html' },
      },
      findings: [
        { value: '/gone#a', expected, element: 'https://shop.example/gone', message: 'Link to https://shop.example/gone is broken (HTTP 410).' },
        { value: '/also-gone', expected, element: 'https://shop.example/also-gone', message: 'Link to https://shop.example/also-gone is broken (no such file: also-gone.html).' },
      ],
    },
    {
      name: 'no connection, no details',
      html: '<a href="/down">Down</a>',
      linkTargets: { 'https://shop.example/down': { ok: false } },
      findings: [{ value: '/down', expected, element: 'https://shop.example/down', message: 'Link to https://shop.example/down is broken (target not found).' }],
    },
    {
      name: 'entities and Unicode in the href',
      html: '<a href="/s?q=grün&amp;p=2">grün</a>',
      linkTargets: { 'https://shop.example/s?q=gr%C3%BCn&p=2': { ok: false, status: 500 } },
      findings: [{ value: '/s?q=grün&p=2', expected, element: 'https://shop.example/s?q=gr%C3%BCn&p=2' }],
    },
  ],
});

// Over HTTP: targets are fetched during the run, and finish() reports them from the index.
const S = 'https://shop.example';
const page = (path: string, hrefs: string[], status = 200) => ({
  url: `${S}${path}`,
  status,
  html: `<body>${hrefs.map((h) => `<a href="${h}">link</a>`).join('')}</body>`,
  web: { redirects: [], inSitemap: false },
});
const web = webSite({
  statuses: {
    [`${S}/a`]: ok,
    [`${S}/gone`]: { ok: false, status: 404, reason: 'Not Found' },
    [`${S}/down`]: { ok: false, reason: 'connection refused' },
    [`${S}/moved`]: { ok: false, status: 404, location: `${S}/lost` },
    'https://other.example/gone': { ok: false, status: 410 },
    'https://other.example/fine': ok,
  },
});

testFinish(rule, {
  valid: [
    { name: 'every target answers', pages: [page('/', ['/a', 'https://other.example/fine'])], web },
    { name: 'targets not checked (external without --check-external)', pages: [page('/', ['/unchecked', 'https://other.example/unchecked'])], web },
    { name: 'links on an error page are not judged', pages: [page('/missing', ['/gone'], 404)], web },
    { name: 'no web facts (a folder)', pages: [{ url: `${S}/`, html: '<a href="/gone">x</a>' }] },
    { name: 'non-http links', pages: [page('/', ['mailto:shop@shop.example', 'ftp://shop.example/gone'])], web },
  ],
  invalid: [
    {
      name: 'once per page and target, fragments folded, external targets with a status too',
      pages: [page('/', ['/gone', '/gone#specs', '/a', '/down', 'https://other.example/gone']), page('/about', ['/moved'])],
      web,
      findings: [
        { url: `${S}/`, value: `${S}/gone`, expected, element: `${S}/gone`, message: `Link to ${S}/gone is broken (HTTP 404, Not Found).` },
        { url: `${S}/`, value: `${S}/down`, expected, element: `${S}/down`, message: `Link to ${S}/down is broken (connection refused).` },
        { url: `${S}/`, value: 'https://other.example/gone', expected, element: 'https://other.example/gone', message: 'Link to https://other.example/gone is broken (HTTP 410).' },
        { url: `${S}/about`, value: `${S}/moved`, expected, element: `${S}/moved`, message: `Link to ${S}/moved is broken (HTTP 404).` },
      ],
    },
  ],
});
