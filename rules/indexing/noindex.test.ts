import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './noindex.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'no noindex or none directive, and no unavailable_after date in the past';

testRule(rule, {
  valid: [
    '<meta name="robots" content="index, follow">',
    { name: 'no robots directives', html: '<p>x</p>' },
    { name: 'nofollow alone', html: '<meta name="robots" content="nofollow">' },
    { name: 'noindex for another bot', html: '<meta name="bingbot" content="noindex">', headers: { 'x-robots-tag': 'bingbot: noindex' } },
    { name: 'robots meta inside an HTML comment', html: '<!-- <meta name="robots" content="noindex"> -->' },
    { name: 'noindex in visible text', html: '<p>noindex</p>' },
    { name: 'Lighthouse seo-tester.html', html: lighthouse('seo-tester.html'), url: 'http://localhost:10200/seo/seo-tester.html' },
    // Lighthouse is-crawlable: a date to come, or one no parser reads, blocks nothing.
    { name: 'unavailable_after a date to come (RFC 850, ISO 8601)', html: '<meta name="robots" content="unavailable_after: Wednesday, 25-Jun-2099 15:00:00 GMT">', headers: { 'x-robots-tag': 'unavailable_after: 2999-01-01' } },
    { name: 'unavailable_after with no readable date', html: '<meta name="robots" content="unavailable_after: soon">' },
    { name: 'unavailable_after in the past, for another bot', html: '<meta name="bingbot" content="unavailable_after: 2010-06-25">', headers: { 'x-robots-tag': 'bingbot: unavailable_after: 25 Jun 2010 15:00:00 PST' } },
  ],
  invalid: [
    {
      html: '<meta name="robots" content="noindex, follow">',
      findings: [{ value: 'noindex, follow', expected, message: 'Page tells search engines not to index it (robots: noindex, follow).' }],
    },
    { name: 'none', html: '<meta name="robots" content="none">', findings: [{ value: 'none', expected }] },
    {
      name: 'unavailable_after a date that has passed, in meta robots (RFC 850, with its comma)',
      html: '<meta name="robots" content="unavailable_after: Friday, 25-Jun-10 15:00:00 PST">',
      findings: [{ value: 'unavailable_after: friday, 25-jun-10 15:00:00 pst', expected, message: 'Page tells search engines to drop it from results after friday, 25-jun-10 15:00:00 pst, which has passed (robots: unavailable_after: friday, 25-jun-10 15:00:00 pst).' }],
    },
    { name: 'unavailable_after in the past for googlebot (meta name and header prefix)', html: '<meta name="googlebot" content="unavailable_after: 2010-06-25">', headers: { 'x-robots-tag': 'googlebot: unavailable_after: 25 Jun 2010 15:00:00 PST' }, findings: [{ value: 'unavailable_after: 2010-06-25, unavailable_after: 25 jun 2010 15:00:00 pst', expected }] },
    { name: 'unavailable_after in the past in X-Robots-Tag, ISO 8601', html: '<p>x</p>', headers: { 'x-robots-tag': 'unavailable_after: 2020-01-01T00:00:00Z' }, findings: [{ value: 'unavailable_after: 2020-01-01t00:00:00z', expected }] },
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
