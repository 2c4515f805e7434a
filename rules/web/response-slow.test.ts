import { testRule } from '../../src/testing/test-rule.js';
import rule from './response-slow.js';

const fetched = (ttfbMs: number | undefined) => ({ html: '<title>t</title>', status: 200, web: { redirects: [], inSitemap: false, ...(ttfbMs === undefined ? {} : { ttfbMs }) } });

// Lighthouse's server-response-time fails a root document over 600 ms.
testRule(rule, {
  valid: [
    { name: 'fast', ...fetched(120) },
    { name: 'exactly at the limit', ...fetched(600) },
    { name: 'not measured', ...fetched(undefined) },
    { name: 'a higher limit from the config', ...fetched(900), options: { maxMs: 1000 } },
  ],
  invalid: [
    { name: 'over 600 ms', ...fetched(601), findings: [{ value: '601 ms', expected: 'at most 600 ms', message: 'The server took 601 ms to start answering (time to first byte), over 600 ms.' }] },
    { name: 'a lower limit from the config', ...fetched(250), options: { maxMs: 200 }, findings: [{ value: '250 ms', expected: 'at most 200 ms' }] },
  ],
});
