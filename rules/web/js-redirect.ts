import { defineRule } from '../../src/engine/rule-api.js';

const rendered = (redirect?: string) => ({ html: '<title>Old tent page</title>', status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [], ...(redirect ? { redirect } : {}) } } });

export default defineRule({
  id: 'js-redirect',
  category: 'web',
  scope: 'web',
  reads: ['http'],
  severity: 'medium',
  docs: {
    description: 'The page sends the browser to another URL with JavaScript (location.href = …) once it loads (only with --render). The page is audited as the server sent it, and the target is crawled.',
    fix: 'Redirect on the server (301 or 308) to the target, and link to the target directly.',
    why: 'Google follows a JavaScript redirect only when it renders the page, later and not always; crawlers that run no JavaScript (most LLM crawlers) stay on this page and never reach the target.',
    examples: {
      fails: rendered('https://shop.example/products/trail-tent'),
      passes: rendered(),
    },
  },
  options: {},
  check(page, { report }) {
    const target = page.web?.rendered?.redirect;
    if (target === undefined) return;
    report({
      message: `JavaScript redirects the page to ${target}; crawlers that run no JavaScript stay here.`,
      value: target,
      expected: 'a redirect on the server (301 or 308)',
    });
  },
});
