import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './html-lang-missing.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'a BCP 47 language tag';

testRule(rule, {
  valid: [
    '<html lang="en"><body>Hi</body></html>',
    { name: 'language and region', html: '<html lang="pt-BR"></html>' },
    { name: 'script subtag', html: '<html lang="zh-Hant-TW"></html>' },
    { name: 'three-letter language', html: '<html lang="fil"></html>' },
    { name: 'variant subtag', html: '<html lang="de-DE-1996">' },
    { name: 'a second <html> is ignored, as browsers do', html: '<html lang="en"><body><html lang="xx"></body></html>' },
    { name: 'UPPERCASE tag, attribute and value, surrounding spaces', html: '<HTML LANG=" EN-gb "></HTML>' },
    { name: 'Lighthouse seo-tester.html', html: lighthouse('seo-tester.html'), url: 'http://localhost:10200/seo/seo-tester.html' },
  ],
  invalid: [
    { html: '<html><body>Hi</body></html>', findings: [{ expected, message: '<html> has no lang attribute.' }] },
    { name: 'no <html> element at all', html: '<p>Hi</p>', findings: [{ expected }] },
    { name: 'empty lang', html: '<html lang="">', findings: [{ value: '', expected, message: '<html lang> is empty.' }] },
    { name: 'attribute without a value', html: '<html lang>', findings: [{ value: '', expected }] },
    { name: 'NBSP-only lang', html: '<html lang="&nbsp;">', findings: [{ value: '', expected }] },
    {
      name: 'underscore instead of hyphen',
      html: '<html lang="en_US">',
      findings: [{ value: 'en_US', expected, message: '<html lang="en_US"> is not a well-formed BCP 47 language tag (e.g. "en", "en-GB", "pt-BR").' }],
    },
    {
      name: 'a language name, not a code',
      html: '<html lang="english">',
      findings: [{ value: 'english', expected, message: '<html lang="english"> does not start with a known ISO 639 language code.' }],
    },
    { name: 'unknown two-letter code', html: '<html lang="xx">', findings: [{ value: 'xx', expected }] },
    { name: '"und" (undetermined) says nothing', html: '<html lang="und">', findings: [{ value: 'und', expected }] },
    { name: 'lang on another element does not count', html: '<html><body lang="en">Hi</body></html>', findings: [{ expected }] },
    { name: 'lang in an HTML comment does not count', html: '<!-- <html lang="en"> --><html><body>Hi</body></html>', findings: [{ expected }] },
    { name: 'emoji', html: '<html lang="😀">', findings: [{ value: '😀', expected }] },
    { name: 'Lighthouse seo-failure-cases.html', html: lighthouse('seo-failure-cases.html'), url: 'http://localhost:10200/seo/seo-failure-cases.html', findings: [{ expected }] },
  ],
});
