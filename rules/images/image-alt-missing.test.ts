import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './image-alt-missing.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'an alt attribute (alt="" if decorative)';

testRule(rule, {
  valid: [
    '<img src="widget.jpg" alt="Blue widget, side view">',
    { name: 'alt="" marks a decorative image', html: '<img src="divider.png" alt="">' },
    { name: 'alt with no value is an empty alt', html: '<img src="divider.png" alt>' },
    { name: 'NBSP-only alt is present', html: '<img src="divider.png" alt="&nbsp;">' },
    { name: 'role=presentation', html: '<img src="divider.png" role="presentation">' },
    { name: 'role=none, any case and spacing', html: '<img src="divider.png" role=" NONE ">' },
    { name: 'UPPERCASE tags and attributes', html: '<IMG SRC="widget.jpg" ALT="Blue widget">' },
    { name: 'img inside an HTML comment', html: '<!-- <img src="old.jpg"> --><p>text</p>' },
    { name: 'no images', html: '<p>Just text</p>' },
    { name: 'h1 with only an img alt', html: '<h1><img src="logo.svg" alt="Shop"></h1>' },
  ],
  invalid: [
    {
      html: '<img src="widget.jpg">',
      findings: [{ value: 'widget.jpg', expected, element: 'widget.jpg', message: 'Image widget.jpg has no alt attribute.' }],
    },
    {
      name: 'one finding per image source, in document order',
      html: '<img src="a.jpg"><img src="b.jpg" alt="B"><img src="c.jpg"><img src="a.jpg">',
      findings: [
        { value: 'a.jpg', expected, element: 'a.jpg' },
        { value: 'c.jpg', expected, element: 'c.jpg' },
      ],
    },
    {
      name: 'no src',
      html: '<img>',
      findings: [{ value: '', expected, element: '', message: 'An image without src has no alt attribute.' }],
    },
    { name: 'other roles do not exempt', html: '<img src="a.jpg" role="img">', findings: [{ value: 'a.jpg', expected, element: 'a.jpg' }] },
    { name: 'UPPERCASE, unclosed markup', html: '<DIV><IMG SRC="A.JPG"><p>text', findings: [{ value: 'A.JPG', expected, element: 'A.JPG' }] },
    { name: 'entities in src decoded', html: '<img src="/img?a=1&amp;b=2">', findings: [{ value: '/img?a=1&b=2', expected, element: '/img?a=1&b=2' }] },
    { name: 'Unicode src', html: '<img src="/bilder/blaues-gerät-😀.jpg">', findings: [{ value: '/bilder/blaues-gerät-😀.jpg', expected, element: '/bilder/blaues-gerät-😀.jpg' }] },
    {
      name: 'images inside links and headings count too',
      html: '<h1><img src="logo.svg"></h1><a href="/"><img src="home.svg"></a>',
      findings: [
        { value: 'logo.svg', expected, element: 'logo.svg' },
        { value: 'home.svg', expected, element: 'home.svg' },
      ],
    },
    {
      name: 'Lighthouse seo-mixed-language.html: the icon <img src=""> without alt',
      html: lighthouse('seo-mixed-language.html'),
      url: 'http://localhost:10200/seo/seo-mixed-language.html',
      findings: [{ value: '', expected, element: '' }],
    },
  ],
});
