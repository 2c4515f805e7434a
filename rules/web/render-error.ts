import { defineRule } from '../../src/engine/rule-api.js';

const rendered = (problems: string[]) => ({ html: '<title>Trail tent</title>', status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems } } });

export default defineRule({
  id: 'render-error',
  category: 'web',
  scope: 'web',
  reads: ['http'],
  severity: 'low',
  docs: {
    description: 'Rendering the page in Chromium met errors (only with --render): console errors, uncaught exceptions, or requests that failed or were refused. The first is named.',
    fix: 'Open the page in a browser with the developer tools: fix the script errors and the requests that fail, and allow in robots.txt the scripts and data the page needs to render.',
    why: 'A script error or a missing script can leave the rendered page without its content or links, and Google renders with the same engine: what breaks here may break there too.',
    examples: {
      fails: rendered(["uncaught TypeError: Cannot read properties of undefined (reading 'price')"]),
      passes: rendered([]),
    },
  },
  options: {},
  check(page, { report }) {
    const problems = page.web?.rendered?.problems ?? [];
    if (problems.length === 0) return;
    report({
      message: `Rendering met ${problems.length === 1 ? 'an error' : `${problems.length} errors`}; the first: ${problems[0]!}`,
      value: problems[0]!,
      expected: 'a page that renders without errors',
    });
  },
});
