import { testSiteRule, webSite } from '../../src/testing/test-rule.js';
import rule from './image-too-large.js';

const O = 'https://shop.example';
const page = (path: string, status: number, ...srcs: string[]) => ({
  url: `${O}${path}`,
  html: srcs.map((src) => `<img src="${src}" alt="x">`).join(''),
  status,
  web: { redirects: [], inSitemap: false },
});
const sized = (entries: Record<string, number | undefined>) =>
  webSite({ statuses: Object.fromEntries(Object.entries(entries).map(([url, bytes]) => [url, { ok: true, status: 200, ...(bytes === undefined ? {} : { bytes }) }])) });

// Screaming Frog's "Images Over 100 KB"; a KB is 1,024 bytes.
testSiteRule(rule, {
  valid: [
    { name: 'exactly 100 KB', pages: [page('/', 200, '/a.jpg')], web: sized({ [`${O}/a.jpg`]: 102_400 }) },
    { name: 'size unknown (not checked, or no length and nothing read)', pages: [page('/', 200, '/a.jpg', 'https://cdn.example/b.jpg')], web: sized({ [`${O}/a.jpg`]: undefined }) },
    { name: 'an error page’s images are not judged', pages: [page('/gone', 404, '/a.jpg')], web: sized({ [`${O}/a.jpg`]: 900_000 }) },
    { name: 'a higher limit', pages: [page('/', 200, '/a.jpg')], web: sized({ [`${O}/a.jpg`]: 300_000 }), options: { maxKb: 300 } },
  ],
  invalid: [
    {
      name: 'one byte over, a CDN image, and the same image on two pages',
      pages: [page('/', 200, '/a.jpg', 'https://cdn.example/b.png#x'), page('/p', 200, '/a.jpg')],
      web: sized({ [`${O}/a.jpg`]: 102_401, 'https://cdn.example/b.png': 2_500_000 }),
      findings: [
        { url: `${O}/`, element: `${O}/a.jpg`, value: '100.0 KB', expected: 'at most 100 KB', message: `The image ${O}/a.jpg is 100.0 KB, over 100 KB.` },
        { url: `${O}/`, element: 'https://cdn.example/b.png', value: '2441.4 KB', expected: 'at most 100 KB' },
        { url: `${O}/p`, element: `${O}/a.jpg`, value: '100.0 KB', expected: 'at most 100 KB' },
      ],
    },
    { name: 'a lower limit', pages: [page('/', 200, '/a.jpg')], web: sized({ [`${O}/a.jpg`]: 60_000 }), options: { maxKb: 50 }, findings: [{ url: `${O}/`, element: `${O}/a.jpg`, value: '58.6 KB', expected: 'at most 50 KB' }] },
  ],
});
