import { testSiteRule, webSite } from '../../src/testing/test-rule.js';
import rule from './link-to-redirect.js';

const S = 'https://shop.example';
const page = (path: string, hrefs: string[], status = 200) => ({
  url: `${S}${path}`,
  status,
  html: `<body>${hrefs.map((h) => `<a href="${h}">link</a>`).join('')}</body>`,
  web: { redirects: [], inSitemap: false },
});
const redirects = (location: string) => ({ ok: true, status: 301, location });
const web = webSite({
  statuses: {
    [`${S}/old`]: redirects(`${S}/new`),
    [`${S}/dir`]: redirects(`${S}/dir/`),
    [`${S}/new`]: { ok: true, status: 200 },
    [`${S}/gone`]: { ok: false, status: 404, location: `${S}/missing` },
    'https://other.example/old': redirects('https://other.example/new'),
    'http://shop.example/': redirects(`${S}/`),
  },
});

testSiteRule(rule, {
  valid: [
    { name: 'links to final URLs', pages: [page('/', ['/new'])], web },
    { name: 'external redirects are not ours to fix', pages: [page('/', ['https://other.example/old'])], web },
    { name: 'a redirect ending broken is link-broken’s', pages: [page('/', ['/gone'])], web },
    { name: 'links on an error page are not judged', pages: [page('/missing', ['/old'], 404)], web },
    { name: 'target status unknown', pages: [page('/', ['/unchecked'])], web },
    { name: 'no web facts (a folder)', pages: [{ url: `${S}/`, html: '<a href="/old">x</a>' }] },
    { name: 'a self-link is skipped even if the status says it redirects', pages: [page('/old', ['/old'])], web },
  ],
  invalid: [
    {
      name: 'one finding per page and target, fragments folded',
      pages: [page('/', ['/old', '/old#specs', '/dir', '/new']), page('/about', ['/old'])],
      web,
      findings: [
        {
          url: `${S}/`,
          element: `${S}/old`,
          value: `${S}/old`,
          expected: `${S}/new`,
          message: `Link to ${S}/old redirects to ${S}/new; link to ${S}/new directly.`,
        },
        { url: `${S}/`, element: `${S}/dir`, value: `${S}/dir`, expected: `${S}/dir/` },
        { url: `${S}/about`, element: `${S}/old`, value: `${S}/old`, expected: `${S}/new` },
      ],
    },
    {
      name: 'an http:// link on an https site: same host, the classic redirecting link',
      pages: [page('/', ['http://shop.example/'])],
      web,
      findings: [
        {
          url: `${S}/`,
          element: 'http://shop.example/',
          value: 'http://shop.example/',
          expected: `${S}/`,
          message: `Link to http://shop.example/ redirects to ${S}/; link to ${S}/ directly.`,
        },
      ],
    },
  ],
});
