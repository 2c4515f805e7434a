import { testRule } from '../../src/testing/test-rule.js';
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
