import { testRule } from '../../src/testing/test-rule.js';
import rule from './js-redirect.js';

const web = (rendered?: { redirect?: string }) => ({ html: '<title>Old tent page</title>', status: 200, web: { redirects: [], inSitemap: false, ...(rendered ? { rendered: { reason: '--render always', problems: [], ...rendered } } : {}) } });
const expected = 'a redirect on the server (301 or 308)';

testRule(rule, {
  valid: [
    { name: 'rendered, no redirect', ...web({}) },
    { name: 'not rendered', ...web() },
  ],
  invalid: [
    { name: 'location.href to another page', ...web({ redirect: 'https://shop.example/products/trail-tent' }), findings: [{ value: 'https://shop.example/products/trail-tent', expected, message: 'JavaScript redirects the page to https://shop.example/products/trail-tent; crawlers that run no JavaScript stay here.' }] },
  ],
});
