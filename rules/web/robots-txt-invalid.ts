import { defineRule } from '../../src/engine/rule-api.js';
import { homePage } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'robots-txt-invalid',
  category: 'web',
  scope: 'web',
  reads: ['http'],
  site: true,
  severity: 'medium',
  docs: {
    description: 'robots.txt has lines that fail validation (unknown directive, bad pattern, rule before any user-agent), which crawlers may read differently or ignore.',
    fix: 'Rewrite the line as "<directive>: <value>" with a directive RFC 9309 knows (User-agent, Allow, Disallow, Sitemap), patterns starting with "/" or "*", and rules after a User-agent line.',
    why: 'Crawlers skip robots.txt lines they do not understand, so a misspelt directive or a misplaced rule does not block or allow what you meant (Lighthouse fails an invalid robots.txt for this reason).',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/', html: '<title>Widget Shop</title>', status: 200, web: { redirects: [], inSitemap: false } },
        ],
        web: { robots: [{ url: 'https://shop.example/robots.txt', status: 200, problems: [{ line: 3, text: 'Dissalow: /cart', message: 'unknown directive "Dissalow"' }] }] },
      },
      passes: {
        pages: [
          { url: 'https://shop.example/', html: '<title>Widget Shop</title>', status: 200, web: { redirects: [], inSitemap: false } },
        ],
        web: { robots: [{ url: 'https://shop.example/robots.txt', status: 200, problems: [] }] },
      },
    },
  },
  options: {},
  check(index, { report }) {
    for (const robots of index.web?.robots ?? []) {
      if (robots.problems.length === 0) continue;
      const home = homePage(index, robots.url);
      if (!home) continue;
      // One finding per distinct line text: the element names the line by its text, never its number
      // (a baseline must survive edits elsewhere in the file), so problems of one text share a finding.
      const byText = new Map<string, string[]>();
      for (const problem of robots.problems) {
        const where = `line ${problem.line}: ${problem.message}`;
        const seen = byText.get(problem.text);
        if (seen) seen.push(where);
        else byText.set(problem.text, [where]);
      }
      for (const [text, problems] of byText) {
        report({
          url: home.url,
          message: `${robots.url} ${problems.join('; ')}.`,
          value: text,
          expected: 'a valid robots.txt line',
          element: `robots.txt: ${text}`,
        });
      }
    }
  },
});
