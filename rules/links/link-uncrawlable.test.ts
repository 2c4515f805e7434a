import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './link-uncrawlable.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'an http(s) URL';

testRule(rule, {
  valid: [
    '<a href="/products/red-widget">Red widget</a>',
    { name: 'absolute, relative, fragment, query, mailto and tel links', html: '<a href="https://other.example/">a</a><a href="../x">b</a><a href="#top">c</a><a href="?page=2">d</a><a href="mailto:a@b.example">e</a><a href="tel:+4930123">f</a>' },
    { name: 'no href is not a link', html: '<a name="top">anchor</a><a onclick="go()">JS</a>' },
    { name: 'link inside an HTML comment', html: '<!-- <a href="javascript:void(0)">x</a> -->' },
    { name: 'spaces and Unicode in a path are valid', html: '<a href="/my page/ürün-😀">x</a>' },
    { name: 'relative links under a file: page URL are not file: links', html: '<a href="other.html">x</a>', url: 'file:///srv/site/index.html' },
  ],
  invalid: [
    {
      html: '<a href="javascript:void(0)">Buy</a>',
      findings: [{ value: 'javascript:void(0)', expected, element: 'javascript:void(0)', message: 'Link "javascript:void(0)" cannot be crawled: it runs JavaScript instead of naming a URL.' }],
    },
    {
      name: 'empty href, with or without a value',
      html: '<a href="">x</a><a href>y</a><a href="  ">z</a>',
      findings: [{ value: '', expected, element: '', message: 'Link "" cannot be crawled: its href is empty.' }],
    },
    {
      name: 'file: link',
      html: '<a href="file:///C:/Users/me/catalog.pdf">Catalog</a>',
      findings: [{ value: 'file:///C:/Users/me/catalog.pdf', expected, element: 'file:///C:/Users/me/catalog.pdf', message: 'Link "file:///C:/Users/me/catalog.pdf" cannot be crawled: it points to a local file.' }],
    },
    {
      name: 'not a valid URL',
      html: '<a href="http://exa mple.com/">x</a><a href="https://">y</a>',
      findings: [
        { value: 'http://exa mple.com/', expected, element: 'http://exa mple.com/', message: 'Link "http://exa mple.com/" cannot be crawled: its href is not a valid URL.' },
        { value: 'https://', expected, element: 'https://' },
      ],
    },
    {
      name: 'UPPERCASE scheme and tags, entity-encoded newline inside the scheme',
      html: '<A HREF="JavaScript:go()">x</A><a href="java&#10;script:go()">y</a>',
      findings: [
        { value: 'JavaScript:go()', expected, element: 'JavaScript:go()' },
        { value: 'java\nscript:go()', expected, element: 'java\nscript:go()' },
      ],
    },
    {
      name: 'one finding per href',
      html: '<a href="javascript:void(0)">a</a><a href="javascript:void(0)">b</a><a href="javascript:;">c</a>',
      findings: [
        { value: 'javascript:void(0)', expected, element: 'javascript:void(0)' },
        { value: 'javascript:;', expected, element: 'javascript:;' },
      ],
    },
    {
      name: 'Lighthouse seo-failure-cases.html (href-less onclick links are not links for us)',
      html: lighthouse('seo-failure-cases.html'),
      url: 'http://localhost:10200/seo/seo-failure-cases.html',
      findings: [{ value: 'javascript:void(0)', expected, element: 'javascript:void(0)' }],
    },
    {
      name: 'Lighthouse seo-tester.html',
      html: lighthouse('seo-tester.html'),
      url: 'http://localhost:10200/seo/seo-tester.html',
      findings: [{ value: 'javascript:;', expected, element: 'javascript:;' }],
    },
  ],
});
