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
    why: 'A URL that answers with an error is not indexed (and one that was is dropped over time), and visitors who reach it find nothing; server errors also make Google crawl the site more slowly.',
    examples: {
      fails: { html: '<h1>Not found</h1>', status: 404, web: { redirects: [], inSitemap: false } },
      passes: { html: '<title>Blue widget</title>', status: 200, web: { redirects: [], inSitemap: false } },
    },
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
