import { defineRule } from '../../src/engine/rule-api.js';
import { listedIn } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'blocked-by-robots',
  category: 'web',
  scope: 'web',
  reads: ['http'],
  severity: 'high',
  docs: {
    description: 'A URL listed in the sitemap is disallowed by robots.txt, so search engines are asked to index a page they may not crawl.',
    fix: 'Allow the URL in robots.txt if it should be found, or remove it from the sitemap if it should not.',
    why: 'The sitemap asks search engines to crawl the URL while robots.txt forbids it, so they cannot read the page: its content is not indexed, though Google may still list the bare URL.',
    examples: {
      fails: { url: 'https://shop.example/private/report', html: '', web: { redirects: [], inSitemap: true, blockedBy: { robotsUrl: 'https://shop.example/robots.txt', line: 4, rule: 'Disallow: /private' } } },
      passes: { url: 'https://shop.example/reports/2026', html: '<title>Report</title>', status: 200, web: { redirects: [], inSitemap: true } },
    },
  },
  options: {},
  check(page, { report }) {
    const web = page.web;
    if (!web?.blockedBy || !web.inSitemap) return;
    const { robotsUrl, line, rule } = web.blockedBy;
    report({
      message: `Listed in ${listedIn(page)}, but robots.txt blocks it (${robotsUrl} line ${line}: ${rule}).`,
      value: rule,
      expected: 'allowed for crawlers, or removed from the sitemap',
    });
  },
});
