import { testSiteRule, webSite } from '../../src/testing/test-rule.js';
import rule from './orphan-page.js';

const S = 'https://shop.example';
const page = (path: string, hrefs: string[] = [], status = 200) => ({
  url: `${S}${path}`,
  status,
  html: `<body>${hrefs.map((h) => `<a href="${h}">link</a>`).join('')}</body>`,
  web: { redirects: [], inSitemap: true },
});
const sitemap = (...paths: string[]) => webSite({ sitemapUrls: paths.map((p) => `${S}${p}`) });
const expected = 'a link from at least one other page';
const orphan = (path: string) => ({ url: `${S}${path}`, value: `${S}${path}`, expected, message: 'No crawled page links to this sitemap URL.' });

testSiteRule(rule, {
  valid: [
    { name: 'every sitemap page is linked', pages: [page('/', ['/a']), page('/a', ['/b#top']), page('/b')], web: sitemap('/', '/a', '/b') },
    { name: 'the site root needs no link', pages: [page('/')], web: sitemap('/') },
    { name: 'pages not in the sitemap are not judged', pages: [page('/'), page('/hidden')], web: sitemap('/') },
    { name: 'error pages are http-status-error’s', pages: [page('/'), page('/gone', [], 404)], web: sitemap('/', '/gone') },
    {
      name: 'a link to a URL that redirects to the page counts',
      pages: [page('/', ['/old']), page('/new')],
      web: webSite({ sitemapUrls: [`${S}/`, `${S}/new`], statuses: { [`${S}/old`]: { ok: true, status: 301, location: `${S}/new` } } }),
    },
    { name: 'without a crawl, the run holds only sitemap pages: nothing is judged', pages: [page('/'), page('/a')], web: webSite({ sitemapUrls: [`${S}/a`], crawled: false }) },
    { name: 'no web facts (a folder)', pages: [{ url: `${S}/a`, html: '' }] },
  ],
  invalid: [
    { name: 'nothing links to it', pages: [page('/', ['/a']), page('/a'), page('/b')], web: sitemap('/', '/a', '/b'), findings: [orphan('/b')] },
    { name: 'a self-link does not count', pages: [page('/'), page('/a', ['/a', '/a#top'])], web: sitemap('/a'), findings: [orphan('/a')] },
    { name: 'a link from an error page does not count', pages: [page('/gone', ['/a'], 404), page('/a')], web: sitemap('/a'), findings: [orphan('/a')] },
    { name: 'sitemap spellings are normalised (default port, fragment)', pages: [page('/'), page('/a')], web: webSite({ sitemapUrls: ['https://SHOP.example:443/a#x'] }), findings: [orphan('/a')] },
    { name: 'a page under the root path with a query is not the root', pages: [page('/?page=2')], web: sitemap('/?page=2'), findings: [orphan('/?page=2')] },
  ],
});
