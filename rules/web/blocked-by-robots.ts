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
