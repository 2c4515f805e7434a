import { testRule } from '../../src/testing/test-rule.js';
import rule from './hreflang-x-default-missing.js';

const alt = (lang: string, href: string) => `<link rel="alternate" hreflang="${lang}" href="${href}">`;
const head = (...links: string[]) => `<html><head><title>t</title>${links.join('')}</head></html>`;
const EN = 'https://shop.example/en/tent';
const DE = 'https://shop.example/de/zelt';

// Google recommends "x-default" in every set: "the hreflang="x-default" value is used when no
// other language/region matches the user's browser setting".
testRule(rule, {
  valid: [
    { name: 'no hreflang', html: head() },
    { name: 'with x-default', html: head(alt('en', EN), alt('de', DE), alt('x-default', EN)) },
    { name: 'x-default in capitals', html: head(alt('en', EN), alt('X-Default', EN)) },
  ],
  invalid: [
    { name: 'two languages, no x-default', html: head(alt('en', EN), alt('de', DE)), findings: [{ value: 'en, de', expected: 'an hreflang="x-default" alternate', message: 'The page’s hreflang set (en, de) has no x-default.' }] },
    { name: 'a code listed twice is named once', html: head(alt('en', EN), alt('en', `${EN}/`)), findings: [{ value: 'en', expected: 'an hreflang="x-default" alternate' }] },
  ],
});
