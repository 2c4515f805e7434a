import { testRule } from '../../src/testing/test-rule.js';
import rule from './js-only-links.js';

const rendered = (html: string, raw: string) => ({ html, raw, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });
const a = (...hrefs: string[]) => hrefs.map((h) => `<a href="${h}">${h}</a>`).join('');
const expected = 'every internal link in the HTML the server sends';

testRule(rule, {
  valid: [
    { name: 'the same links, fragments aside', ...rendered(a('/a#top', '/b'), a('/a', '/b')) },
    { name: 'JavaScript adds only links to other sites', ...rendered(a('/a', 'https://maker.example/'), a('/a')) },
  ],
  invalid: [
    { name: 'one', ...rendered(a('/', '/products/red'), a('/')), findings: [{ value: '1', expected, message: "1 link to the site's pages exists only after JavaScript runs: https://shop.example/products/red." }] },
    { name: 'many: three named', ...rendered(a('/1', '/2', '/3', '/4', '/5'), ''), findings: [{ value: '5', expected, message: "5 links to the site's pages exist only after JavaScript runs: https://shop.example/1, https://shop.example/2, https://shop.example/3 and 2 more." }] },
  ],
});
