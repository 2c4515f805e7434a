import { testRule } from '../../src/testing/test-rule.js';
import rule from './hreflang-no-self-reference.js';

const URL_ = 'https://shop.example/en/tent';
const alt = (lang: string, href: string) => `<link rel="alternate" hreflang="${lang}" href="${href}">`;
const head = (...links: string[]) => `<html><head><title>t</title>${links.join('')}</head></html>`;

// Google, "Tell Google about localized versions of your page": "Each language version must list
// itself as well as all other language versions."
testRule(rule, {
  valid: [
    { name: 'no hreflang at all', html: head(), url: URL_ },
    { name: 'lists itself and the German version', html: head(alt('en', URL_), alt('de', 'https://shop.example/de/zelt')), url: URL_ },
    { name: 'itself under x-default only', html: head(alt('x-default', URL_), alt('de', 'https://shop.example/de/zelt')), url: URL_ },
    { name: 'a fragment does not make another URL', html: head(alt('en', `${URL_}#top`), alt('de', 'https://shop.example/de/zelt')), url: URL_ },
    {
      name: 'a parameter URL named by its canonical',
      html: head('<link rel="canonical" href="https://shop.example/en/tent">', alt('en', URL_), alt('de', 'https://shop.example/de/zelt')),
      url: `${URL_}?utm_source=mail`,
    },
    { name: 'only relative alternates: hreflang-invalid’s case', html: head(alt('de', '/de/zelt')), url: URL_ },
  ],
  invalid: [
    {
      name: 'only the other versions',
      html: head(alt('de', 'https://shop.example/de/zelt'), alt('fr', 'https://shop.example/fr/tente')),
      url: URL_,
      findings: [{ value: 'de, fr', expected: `an hreflang link to ${URL_}`, message: 'The page lists 2 hreflang alternates (de, fr) but none for itself.' }],
    },
    {
      name: 'a self reference to the http address of an https page is another URL',
      html: head(alt('en', 'http://shop.example/en/tent'), alt('de', 'https://shop.example/de/zelt')),
      url: URL_,
      findings: [{ value: 'en, de', expected: `an hreflang link to ${URL_}`, message: 'The page lists 2 hreflang alternates (en, de) but none for itself.' }],
    },
    {
      name: 'one alternate',
      html: head(alt('de', 'https://shop.example/de/zelt')),
      url: URL_,
      findings: [{ value: 'de', expected: `an hreflang link to ${URL_}`, message: 'The page lists an hreflang alternate (de) but none for itself.' }],
    },
  ],
});
