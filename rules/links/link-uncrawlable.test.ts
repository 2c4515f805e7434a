import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './link-uncrawlable.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'an http(s) URL';

const placeholder = (text: string, withHrefAttributes = false) => ({
  value: '',
  expected,
  element: `<a>${text}</a>`,
  message: `Link ${JSON.stringify(text)} cannot be crawled: the <a> has no href${withHrefAttributes ? ' (yet attributes that belong to one)' : ''}.`,
});

// The cases of Lighthouse's own crawlable-anchors test (core/test/audits/seo/crawlable-anchors-test.js), as HTML.
testRule(rule, {
  valid: [
    '<a href="/products/red-widget">Red widget</a>',
    { name: 'absolute, relative, fragment, query, mailto and tel links', html: '<a href="https://other.example/">a</a><a href="../x">b</a><a href="#top">c</a><a href="?page=2">d</a><a href="mailto:a@b.example">e</a><a href="tel:+4930123">f</a>' },
    {
      name: 'Lighthouse: text fragment, ftp, IP address, protocol-relative, a lone hash, foo and /foo',
      html: '<a href="#:~:text=string">a</a><a href="ftp://myname@host.dom">b</a><a href="http://172.217.20.78">c</a><a href="//example.com">d</a><a href="#">e</a><a href="foo">f</a><a href="/foo">g</a>',
    },
    { name: 'Lighthouse: an empty or white-space href is the page itself', html: '<a href="">x</a><a href>y</a><a href="  ">z</a><a href=" " onclick=" ">w</a>' },
    { name: 'Lighthouse: a role makes it a control, whatever its href', html: '<a role="button" href="javascript:void(0)">Menu</a><a role="a">b</a>' },
    { name: 'Lighthouse: no href, as a fragment target (id or name)', html: '<a id="example">x</a><a name="top">anchor</a>' },
    { name: 'Lighthouse: no href, the current-page placeholder (aria-current page or location)', html: '<a aria-current="page">Home</a><a aria-current="location">Here</a>' },
    { name: 'Lighthouse: a valid href with any click handler', html: '<a href="/validPath" onclick="window.open(`http://example.com`)">x</a><a href="mailto:name@example.com" onclick="window.open()">y</a>' },
    { name: 'link inside an HTML comment', html: '<!-- <a href="javascript:void(0)">x</a><a>y</a> -->' },
    { name: 'spaces and Unicode in a path are valid', html: '<a href="/my page/ürün-😀">x</a>' },
    { name: 'relative links under a file: page URL are not file: links', html: '<a href="other.html">x</a>', url: 'file:///srv/site/index.html' },
  ],
  invalid: [
    {
      html: '<a href="javascript:void(0)">Buy</a>',
      findings: [{ value: 'javascript:void(0)', expected, element: 'javascript:void(0)', message: 'Link "javascript:void(0)" cannot be crawled: it runs JavaScript instead of naming a URL.' }],
    },
    {
      name: 'Lighthouse: white space inside javascript:void does not hide it',
      html: ['javascript: void(0)', 'javascript : void(0)', 'javascript : void ( 0 )', 'javascript: void 0', 'javascript:void0'].map((h, i) => `<a href="${h}">${i}</a>`).join(''),
      findings: ['javascript: void(0)', 'javascript : void(0)', 'javascript : void ( 0 )', 'javascript: void 0', 'javascript:void0'].map((h) => ({ value: h, expected, element: h })),
    },
    {
      name: 'Lighthouse: no href and nothing that makes it a fragment target, a control or a placeholder',
      html: '<a>Some link</a><a onclick="go()">JS</a><a aria-current="true">Current</a><a name=" " role=" ">Blank</a>',
      findings: [placeholder('Some link'), placeholder('JS'), placeholder('Current'), placeholder('Blank')],
    },
    {
      name: 'Lighthouse: no href but attributes that belong to one (target, rel), even with aria-current',
      html: '<a target="_blank">New tab</a><a rel="next" aria-current="page">Next</a>',
      findings: [placeholder('New tab', true), placeholder('Next', true)],
    },
    {
      name: 'file: link',
      html: '<a href="file:///C:/Users/me/catalog.pdf">Catalog</a><a name="x" href="file:///image.png">y</a>',
      findings: [
        { value: 'file:///C:/Users/me/catalog.pdf', expected, element: 'file:///C:/Users/me/catalog.pdf', message: 'Link "file:///C:/Users/me/catalog.pdf" cannot be crawled: it points to a local file.' },
        { value: 'file:///image.png', expected, element: 'file:///image.png' },
      ],
    },
    {
      name: 'not a valid URL (Lighthouse: ftp://); an <a name> is a fragment target and passes',
      html: '<a href="http://exa mple.com/">x</a><a href="https://">y</a><a href="ftp://">z</a><a name="top" href="https://">w</a>',
      findings: [
        { value: 'http://exa mple.com/', expected, element: 'http://exa mple.com/', message: 'Link "http://exa mple.com/" cannot be crawled: its href is not a valid URL.' },
        { value: 'https://', expected, element: 'https://' },
        { value: 'ftp://', expected, element: 'ftp://' },
      ],
    },
    {
      name: 'deliberately unlike Lighthouse: every javascript: href, as Google names them, even on an <a name>',
      html: '<a href="javascript:;">a</a><a href="javascript:goTo(\'products\')">b</a><a name="n" href="javascript:void(0)">c</a>',
      findings: [
        { value: 'javascript:;', expected, element: 'javascript:;' },
        { value: "javascript:goTo('products')", expected, element: "javascript:goTo('products')" },
        { value: 'javascript:void(0)', expected, element: 'javascript:void(0)' },
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
      name: 'one finding per href, and per placeholder text',
      html: '<a href="javascript:void(0)">a</a><a href="javascript:void(0)">b</a><a href="javascript:;">c</a><a>Menu</a><a>Menu</a>',
      findings: [{ value: 'javascript:void(0)', expected, element: 'javascript:void(0)' }, { value: 'javascript:;', expected, element: 'javascript:;' }, placeholder('Menu')],
    },
    {
      name: 'Lighthouse seo-failure-cases.html',
      html: lighthouse('seo-failure-cases.html'),
      url: 'http://localhost:10200/seo/seo-failure-cases.html',
      findings: [{ value: 'javascript:void(0)', expected, element: 'javascript:void(0)' }, placeholder('Some link')],
    },
    {
      name: 'Lighthouse seo-tester.html (its javascript:; is one only Google names)',
      html: lighthouse('seo-tester.html'),
      url: 'http://localhost:10200/seo/seo-tester.html',
      findings: [{ value: 'javascript:;', expected, element: 'javascript:;' }, placeholder('Some link')],
    },
  ],
});
