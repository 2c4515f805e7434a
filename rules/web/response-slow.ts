import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'response-slow',
  category: 'web',
  scope: 'web',
  reads: ['http'],
  severity: 'low',
  docs: {
    description: 'The server took longer than the limit to start answering (time to first byte), measured when seo-ai fetched the page.',
    fix: ({ maxMs }) => `Bring the time to first byte under ${String(maxMs)} ms: cache the page’s HTML (a CDN or full-page cache), speed up the database queries and templates that build it, and keep the server close to visitors.`,
    why: 'Everything else a page does waits for its first byte, so a slow server delays every visitor; Lighthouse flags a root document slower than 600 ms (server-response-time), and Google slows its crawl of a site that answers slowly.',
    examples: {
      fails: { html: '<title>Blue widget</title>', status: 200, web: { redirects: [], inSitemap: false, ttfbMs: 1450 } },
      passes: { html: '<title>Blue widget</title>', status: 200, web: { redirects: [], inSitemap: false, ttfbMs: 180 } },
    },
  },
  options: { maxMs: 600 },
  check(page, { options, report }) {
    const ttfb = page.web?.ttfbMs;
    if (ttfb === undefined || ttfb <= options.maxMs) return;
    report({
      message: `The server took ${ttfb} ms to start answering (time to first byte), over ${options.maxMs} ms.`,
      value: `${ttfb} ms`,
      expected: `at most ${options.maxMs} ms`,
    });
  },
});
