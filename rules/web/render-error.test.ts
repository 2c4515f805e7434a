import { testRule } from '../../src/testing/test-rule.js';
import rule from './render-error.js';

const rendered = (problems: string[]) => ({ html: '<title>t</title>', status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems } } });
const expected = 'a page that renders without errors';

testRule(rule, {
  valid: [{ name: 'no problems', ...rendered([]) }, { name: 'not rendered', html: '<title>t</title>', status: 200, web: { redirects: [], inSitemap: false } }],
  invalid: [
    { name: 'one', ...rendered(['console error: boom']), findings: [{ value: 'console error: boom', expected, message: 'Rendering met an error; the first: console error: boom' }] },
    { name: 'several: the first named', ...rendered(['refused https://shop.example/private/a.js: robots.txt disallows it', 'uncaught ReferenceError: a is not defined']), findings: [{ value: 'refused https://shop.example/private/a.js: robots.txt disallows it', expected, message: 'Rendering met 2 errors; the first: refused https://shop.example/private/a.js: robots.txt disallows it' }] },
  ],
});
