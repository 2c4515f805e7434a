import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './og-missing.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'og:title, og:description, og:image';
const og = (property: string, content: string): string => `<meta property="${property}" content="${content}">`;
const all = og('og:title', 'Blue widget') + og('og:description', 'A widget that is blue.') + og('og:image', 'https://shop.example/w.jpg');

testRule(rule, {
  valid: [
    all,
    { name: 'UPPERCASE tag, attribute and property', html: '<META PROPERTY="OG:TITLE" CONTENT="Blue widget"><meta property="og:description" content="Blue."><meta property="og:image" content="/w.jpg">' },
    { name: 'name= instead of property=, as many sites write it', html: '<meta name="og:title" content="T"><meta name="og:description" content="D"><meta name="og:image" content="/i.jpg">' },
    { name: 'Unicode and entities', html: og('og:title', '青いウィジェット 😀') + og('og:description', 'Caf&eacute; &amp; cr&egrave;me') + og('og:image', '/bild-grün.jpg') },
  ],
  invalid: [
    {
      html: '<html><head><title>Blue widget</title></head></html>',
      findings: [{ value: 'og:title, og:description, og:image', expected, message: 'Open Graph tags missing: og:title, og:description, og:image.' }],
    },
    {
      name: 'one missing',
      html: og('og:title', 'Blue widget') + og('og:description', 'A widget.'),
      findings: [{ value: 'og:image', expected, message: 'Open Graph tag missing: og:image.' }],
    },
    { name: 'empty and NBSP-only contents count as missing', html: og('og:title', '') + og('og:description', '&nbsp;') + og('og:image', '/w.jpg'), findings: [{ value: 'og:title, og:description', expected }] },
    { name: 'tags inside an HTML comment do not count', html: `<!-- ${all} -->`, findings: [{ value: 'og:title, og:description, og:image', expected }] },
    { name: 'twitter: tags are not Open Graph', html: '<meta name="twitter:title" content="T"><meta name="twitter:description" content="D"><meta name="twitter:image" content="/i.jpg">', findings: [{ value: 'og:title, og:description, og:image', expected }] },
    { name: 'Lighthouse seo-tester.html', html: lighthouse('seo-tester.html'), url: 'http://localhost:10200/seo/seo-tester.html', findings: [{ value: 'og:title, og:description, og:image', expected }] },
  ],
});
