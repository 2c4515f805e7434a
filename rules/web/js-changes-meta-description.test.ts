import { testRule } from '../../src/testing/test-rule.js';
import rule from './js-changes-meta-description.js';

const rendered = (html: string, raw: string) => ({ html, raw, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });
const d = (text: string) => `<meta name="description" content="${text}">`;

testRule(rule, {
  valid: [{ name: 'the same', ...rendered(d('Two doors.'), d('Two doors.')) }],
  invalid: [
    { name: 'changed', ...rendered(d('Two doors, 1.3 kg.'), d('Shop')), findings: [{ value: 'Two doors, 1.3 kg.', expected: 'Shop', message: 'JavaScript changes the meta description from "Shop" to "Two doors, 1.3 kg.".' }] },
    { name: 'added', ...rendered(d('Two doors.'), '<title>x</title>'), findings: [{ value: 'Two doors.', expected: '(the same in the HTML the server sends)' }] },
  ],
});
