import { testRule } from '../../src/testing/test-rule.js';
import rule from './http-status-error.js';

const web = { redirects: [], inSitemap: false };
const expected = 'a 2xx answer';

testRule(rule, {
  valid: [
    { name: '200', html: '<title>Blue widget</title>', status: 200, web },
    { name: '204 no content', html: '', status: 204, web },
    { name: '304 not modified is not an error', html: '', status: 304, web },
    { name: 'no status (a file)', html: '<title>Blue widget</title>' },
  ],
  invalid: [
    { name: '404', html: '<h1>Not found</h1>', status: 404, web, findings: [{ value: 'HTTP 404', expected, message: 'The page answered HTTP 404, a client error.' }] },
    { name: '400, the first client error', html: '', status: 400, web, findings: [{ value: 'HTTP 400', expected, message: 'The page answered HTTP 400, a client error.' }] },
    { name: '410 gone', html: '', status: 410, web, findings: [{ value: 'HTTP 410', expected }] },
    { name: '500', html: '<h1>Oops</h1>', status: 500, web, findings: [{ value: 'HTTP 500', expected, message: 'The page answered HTTP 500, a server error.' }] },
    { name: '503 unavailable', html: '', status: 503, web, findings: [{ value: 'HTTP 503', expected, message: 'The page answered HTTP 503, a server error.' }] },
  ],
});
