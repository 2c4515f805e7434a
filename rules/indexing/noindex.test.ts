import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './noindex.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'no noindex or none directive';

testRule(rule, {
  valid: [
    '<meta name="robots" content="index, follow">',
    { name: 'no robots directives', html: '<p>x</p>' },
    { name: 'nofollow alone', html: '<meta name="robots" content="nofollow">' },
    { name: 'noindex for another bot', html: '<meta name="bingbot" content="noindex">', headers: { 'x-robots-tag': 'bingbot: noindex' } },
    { name: 'robots meta inside an HTML comment', html: '<!-- <meta name="robots" content="noindex"> -->' },
    { name: 'noindex in visible text', html: '<p>noindex</p>' },
    { name: 'Lighthouse seo-tester.html', html: lighthouse('seo-tester.html'), url: 'http://localhost:10200/seo/seo-tester.html' },
  ],
  invalid: [
    {
      html: '<meta name="robots" content="noindex, follow">',
      findings: [{ value: 'noindex, follow', expected, message: 'Page tells search engines not to index it (robots: noindex, follow).' }],
    },
    { name: 'none', html: '<meta name="robots" content="none">', findings: [{ value: 'none', expected }] },
    { name: 'googlebot meta', html: '<meta name="googlebot" content="noindex">', findings: [{ value: 'noindex', expected }] },
    { name: 'UPPERCASE tag, name and value', html: '<META NAME="ROBOTS" CONTENT="NOINDEX">', findings: [{ value: 'noindex', expected }] },
    { name: 'X-Robots-Tag header', html: '<p>x</p>', headers: { 'x-robots-tag': 'noindex' }, findings: [{ value: 'noindex', expected }] },
    { name: 'X-Robots-Tag for googlebot', html: '<p>x</p>', headers: { 'x-robots-tag': 'googlebot: noindex, nofollow' }, findings: [{ value: 'noindex, nofollow', expected }] },
    {
      name: 'meta and header together',
      html: '<meta name="robots" content="max-snippet:50, noindex">',
      headers: { 'x-robots-tag': 'noarchive' },
      findings: [{ value: 'max-snippet:50, noindex, noarchive', expected }],
    },
    {
      name: 'Lighthouse seo-failure-cases.html with its X-Robots-Tag: none',
      html: lighthouse('seo-failure-cases.html'),
      url: 'http://localhost:10200/seo/seo-failure-cases.html',
      headers: { 'x-robots-tag': 'none' },
      findings: [{ value: 'nofollow, noindex, all, none', expected }],
    },
  ],
});
