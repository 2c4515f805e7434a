import { testSiteRule, webSite } from '../../src/testing/test-rule.js';
import rule from './robots-txt-invalid.js';

const S = 'https://shop.example';
const ROBOTS = `${S}/robots.txt`;
const expected = 'a valid robots.txt line';
const page = (url: string) => ({ url, status: 200, html: '<title>x</title>', web: { redirects: [], inSitemap: false } });
const robots = (url: string, problems: { line: number; text: string; message: string }[]) => webSite({ robots: [{ url, status: 200, problems }] });
const unknown = { line: 3, text: 'Nofollow: /cart', message: 'unknown directive "Nofollow"' };

testSiteRule(rule, {
  valid: [
    { name: 'no problems', pages: [page(`${S}/`)], web: robots(ROBOTS, []) },
    { name: 'no robots.txt answer', pages: [page(`${S}/`)], web: webSite({ robots: [{ url: ROBOTS, status: 0, problems: [] }] }) },
    { name: 'no page of that origin in the run', pages: [page('https://blog.example/')], web: robots(ROBOTS, [unknown]) },
    { name: 'no web facts (a folder)', pages: [page(`${S}/`)] },
  ],
  invalid: [
    {
      name: 'reported against the home page, named by line text',
      pages: [page(`${S}/products/a`), page(`${S}/`)],
      web: robots(ROBOTS, [unknown, { line: 7, text: 'Disallow: cart', message: 'pattern "cart" must start with "/" or "*"' }]),
      findings: [
        { url: `${S}/`, element: 'robots.txt: Nofollow: /cart', value: 'Nofollow: /cart', expected, message: `${ROBOTS} line 3: unknown directive "Nofollow".` },
        { url: `${S}/`, element: 'robots.txt: Disallow: cart', value: 'Disallow: cart', expected, message: `${ROBOTS} line 7: pattern "cart" must start with "/" or "*".` },
      ],
    },
    {
      name: 'without the home page, the first page of the origin',
      pages: [page('https://blog.example/post'), page(`${S}/products/a?x=1`), page(`${S}/products/b`)],
      web: robots(ROBOTS, [unknown]),
      findings: [{ url: `${S}/products/a?x=1`, element: 'robots.txt: Nofollow: /cart', value: 'Nofollow: /cart', expected }],
    },
    {
      name: 'a home page with a query string is not the home page',
      pages: [page(`${S}/?utm=x`), page(`${S}/`)],
      web: robots(ROBOTS, [unknown]),
      findings: [{ url: `${S}/`, element: 'robots.txt: Nofollow: /cart', value: 'Nofollow: /cart', expected }],
    },
    {
      name: 'problems of one line text share a finding, so fingerprints stay distinct',
      pages: [page(`${S}/`)],
      web: robots(ROBOTS, [
        { line: 1, text: 'Useragent *', message: '"Useragent" is a misspelling of "user-agent"' },
        { line: 1, text: 'Useragent *', message: 'missing ":" after "Useragent"' },
        { line: 9, text: 'Useragent *', message: '"Useragent" is a misspelling of "user-agent"' },
      ]),
      findings: [
        {
          url: `${S}/`,
          element: 'robots.txt: Useragent *',
          value: 'Useragent *',
          expected,
          message: `${ROBOTS} line 1: "Useragent" is a misspelling of "user-agent"; line 1: missing ":" after "Useragent"; line 9: "Useragent" is a misspelling of "user-agent".`,
        },
      ],
    },
    {
      name: 'each host’s robots.txt against its own home page',
      pages: [page(`${S}/`), page('https://blog.example/')],
      web: webSite({
        robots: [
          { url: ROBOTS, status: 200, problems: [unknown] },
          { url: 'https://blog.example/robots.txt', status: 200, problems: [{ line: 2, text: 'Crawl-delay: soon', message: 'crawl-delay "soon" is not a number of seconds' }] },
        ],
      }),
      findings: [
        { url: `${S}/`, element: 'robots.txt: Nofollow: /cart', value: 'Nofollow: /cart', expected },
        {
          url: 'https://blog.example/',
          element: 'robots.txt: Crawl-delay: soon',
          value: 'Crawl-delay: soon',
          expected,
          message: 'https://blog.example/robots.txt line 2: crawl-delay "soon" is not a number of seconds.',
        },
      ],
    },
  ],
});
