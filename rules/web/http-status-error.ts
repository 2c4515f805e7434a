import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'http-status-error',
  category: 'web',
  scope: 'web',
  reads: ['http'],
  severity: 'critical',
  docs: {
    description: 'The page answered with an HTTP error (4xx or 5xx), so visitors and search engines get no content.',
    fix: 'Restore the page or fix the server error; if the page is gone for good, redirect its URL (301) to the closest page and update links to it.',
  },
  options: {},
  check(page, { report }) {
    const status = page.status;
    if (status === undefined || status < 400) return;
    const kind = status >= 500 ? 'a server error' : 'a client error';
    report({
      message: `The page answered HTTP ${status}, ${kind}.`,
      value: `HTTP ${status}`,
      expected: 'a 2xx answer',
    });
  },
});
