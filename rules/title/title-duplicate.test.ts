import { testSiteRule } from '../../src/testing/test-rule.js';
import rule from './title-duplicate.js';

const page = (path: string, title: string, extra = '') => ({
  url: `https://shop.example${path}`,
  html: `<html><head><title>${title}</title>${extra}</head><body><h1>x</h1></body></html>`,
});

const alt = (lang: string, path: string) => `<link rel="alternate" hreflang="${lang}" href="https://shop.example${path}">`;

testSiteRule(rule, {
  valid: [
    { name: 'distinct titles', pages: [page('/a', 'Blue widget'), page('/b', 'Red widget')] },
    { name: 'a duplicate on a noindex page does not count', pages: [page('/a', 'Widget'), page('/b', 'Widget', '<meta name="robots" content="noindex">')] },
    {
      name: 'a duplicate on a page canonicalised elsewhere does not count',
      pages: [page('/a', 'Widget'), page('/b', 'Widget', '<link rel="canonical" href="https://shop.example/a">')],
    },
    { name: 'missing titles are not duplicates', pages: [page('/a', ''), page('/b', '  ')] },
    // Google: versions of a page for other languages or regions, declared with hreflang, are not
    // duplicate content; flink.apache.org's en and zh pages share their English titles.
    {
      name: 'hreflang alternates share a title: localized versions, not duplicates (one declaring the other is enough, and a version linked through a third is in the set)',
      pages: [page('/en/a', 'Apache Flink', alt('zh', '/zh/a')), page('/zh/a', 'Apache Flink'), page('/de/a', 'apache flink', alt('en', '/en/a'))],
    },
  ],
  invalid: [
    {
      name: 'a page outside the hreflang set with the same title is a duplicate of each version',
      pages: [page('/en/a', 'Apache Flink', alt('zh', '/zh/a')), page('/zh/a', 'Apache Flink'), page('/other', 'Apache Flink')],
      findings: [
        { url: 'https://shop.example/en/a', value: 'Apache Flink', expected: 'a title no other page uses', message: 'The same title is used by 1 other indexable page: https://shop.example/other.' },
        { url: 'https://shop.example/zh/a', value: 'Apache Flink', expected: 'a title no other page uses', message: 'The same title is used by 1 other indexable page: https://shop.example/other.' },
        { url: 'https://shop.example/other', value: 'Apache Flink', expected: 'a title no other page uses', message: 'The same title is used by 2 other indexable pages: https://shop.example/en/a, https://shop.example/zh/a.' },
      ],
    },
    {
      name: 'every page of the group is reported, case and white space ignored',
      pages: [page('/a', 'Blue  Widget'), page('/b', 'blue widget'), page('/c', 'Other')],
      findings: [
        {
          url: 'https://shop.example/a',
          value: 'Blue Widget',
          expected: 'a title no other page uses',
          message: 'The same title is used by 1 other indexable page: https://shop.example/b.',
        },
        { url: 'https://shop.example/b', value: 'blue widget', expected: 'a title no other page uses' },
      ],
    },
    {
      name: 'long groups list three pages and count the rest',
      pages: ['/1', '/2', '/3', '/4', '/5'].map((p) => page(p, 'Same')),
      findings: ['/1', '/2', '/3', '/4', '/5'].map((p, i) => ({
        url: `https://shop.example${p}`,
        value: 'Same',
        expected: 'a title no other page uses',
        ...(i === 0 ? { message: 'The same title is used by 4 other indexable pages: https://shop.example/2, https://shop.example/3, https://shop.example/4 and 1 more.' } : {}),
      })),
    },
  ],
});
