import { testSiteRule, webSite } from '../../src/testing/test-rule.js';
import rule from './page-too-deep.js';

const O = 'https://shop.example';
const page = (path: string, ...links: string[]) => ({ url: `${O}${path}`, html: links.map((l) => `<a href="${l}">${l}</a>`).join(''), status: 200, web: { redirects: [], inSitemap: false } });
const crawl = (extra: Parameters<typeof webSite>[0] = {}) => webSite({ start: `${O}/`, ...extra });
/** home → /1 → /2 → … → /n */
const chain = (n: number, ...homeLinks: string[]) => [page('/', '/1', ...homeLinks), ...Array.from({ length: n }, (_, i) => page(`/${i + 1}`, `/${i + 2}`))];

testSiteRule(rule, {
  valid: [
    { name: '4 clicks deep is the limit', pages: chain(4).slice(0, 5), web: crawl() },
    { name: 'the shortest path counts, not the first found', pages: chain(6, '/5'), web: crawl() },
    { name: 'a sitemap audit has no start page', pages: chain(6), web: webSite({ crawled: false }) },
    { name: 'a crawl cut short does not know the shortest paths', pages: chain(6), web: crawl({ crawled: false }) },
    { name: 'an unreachable page is orphan-page’s case', pages: [page('/'), page('/lost')], web: crawl() },
    { name: 'a higher limit', pages: chain(6), web: crawl(), options: { maxClicks: 7 } },
  ],
  invalid: [
    {
      name: 'pages 5 and 6 clicks deep',
      pages: chain(6),
      web: crawl(),
      findings: [
        { url: `${O}/5`, value: '5 clicks', expected: 'at most 4 clicks', message: `The page is 5 clicks from the start page ${O}/, more than 4.` },
        { url: `${O}/6`, value: '6 clicks', expected: 'at most 4 clicks' },
      ],
    },
    {
      name: 'a link to a redirect leads to where it ends',
      pages: [page('/', '/old'), page('/new', '/deep'), page('/deep')],
      web: crawl({ statuses: { [`${O}/old`]: { ok: true, status: 301, location: `${O}/new` } } }),
      options: { maxClicks: 1 },
      findings: [{ url: `${O}/deep`, value: '2 clicks', expected: 'at most 1 click', message: `The page is 2 clicks from the start page ${O}/, more than 1.` }],
    },
    {
      name: 'a lower limit',
      pages: chain(3),
      web: crawl(),
      options: { maxClicks: 2 },
      findings: [{ url: `${O}/3`, value: '3 clicks', expected: 'at most 2 clicks', message: `The page is 3 clicks from the start page ${O}/, more than 2.` }],
    },
  ],
});
