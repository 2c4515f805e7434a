import { testRule } from '../../src/testing/test-rule.js';
import rule from './blocked-by-robots.js';

const url = 'https://shop.example/private/report';
const blockedBy = { robotsUrl: 'https://shop.example/robots.txt', line: 4, rule: 'Disallow: /private' };
const expected = 'allowed for crawlers, or removed from the sitemap';

testRule(rule, {
  valid: [
    { name: 'in the sitemap and allowed', html: '<title>Report</title>', url, status: 200, web: { redirects: [], inSitemap: true } },
    { name: 'blocked but only found by a link', html: '', url, web: { redirects: [], inSitemap: false, blockedBy } },
    { name: 'no web facts (a file)', html: '', url },
  ],
  invalid: [
    {
      name: 'a sitemap URL robots.txt disallows',
      html: '',
      url,
      web: { redirects: [], inSitemap: true, blockedBy },
      findings: [
        {
          value: 'Disallow: /private',
          expected,
          message: 'Listed in the sitemap, but robots.txt blocks it (https://shop.example/robots.txt line 4: Disallow: /private).',
        },
      ],
    },
    {
      name: 'the rule is quoted as written, wildcards and all',
      html: '',
      url: 'https://shop.example/search?q=widget',
      web: { redirects: [], inSitemap: true, blockedBy: { robotsUrl: 'https://shop.example/robots.txt', line: 12, rule: 'disallow: /*?q=' } },
      findings: [
        {
          value: 'disallow: /*?q=',
          expected,
          message: 'Listed in the sitemap, but robots.txt blocks it (https://shop.example/robots.txt line 12: disallow: /*?q=).',
        },
      ],
    },
    {
      name: 'the sitemap and line are named when known',
      html: '',
      url,
      web: { redirects: [], inSitemap: true, blockedBy, sitemap: { url: 'https://shop.example/sitemap-pages.xml', line: 31 } },
      findings: [
        {
          value: 'Disallow: /private',
          expected,
          message: 'Listed in the sitemap (https://shop.example/sitemap-pages.xml line 31), but robots.txt blocks it (https://shop.example/robots.txt line 4: Disallow: /private).',
        },
      ],
    },
  ],
});
