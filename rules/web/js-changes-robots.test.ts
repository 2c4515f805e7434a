import { testRule } from '../../src/testing/test-rule.js';
import rule from './js-changes-robots.js';

const rendered = (html: string, raw: string) => ({ html, raw, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });
const r = (content: string) => `<meta name="robots" content="${content}">`;

testRule(rule, {
  valid: [{ name: 'the same', ...rendered(r('noindex'), r('noindex')) }],
  invalid: [
    { name: 'JavaScript removes a noindex (Google never renders a noindex page)', ...rendered('<p>x</p>', r('noindex')), findings: [{ value: '', expected: 'noindex', message: 'JavaScript removes the robots directives "noindex" that the HTML the server sends has.' }] },
    { name: 'JavaScript adds one', ...rendered(r('noindex, nofollow'), '<p>x</p>'), findings: [{ value: 'noindex, nofollow', expected: '(the same in the HTML the server sends)' }] },
  ],
});
