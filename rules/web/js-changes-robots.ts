import { defineRule } from '../../src/engine/rule-api.js';
import { changed, changeSentence } from '../../src/page/before-js.js';

const fetched = (html: string) => ({ html, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });

export default defineRule({
  id: 'js-changes-robots',
  category: 'web',
  scope: 'web',
  reads: ['http', 'head'],
  severity: 'high',
  docs: {
    description: 'JavaScript adds, removes or changes the robots directives: the HTML the server sends and the page Chromium renders disagree (only with --render).',
    fix: 'Put the robots directives in the HTML the server sends, as the rendered page has it, and keep scripts from changing it.',
    why: 'A noindex the server sends keeps Google from rendering the page at all, so JavaScript that removes it does not help; one that JavaScript adds may or may not be seen: indexing becomes a gamble.',
    examples: {
      fails: { ...fetched('<head></head>'), raw: '<head><meta name="robots" content="noindex"></head>' },
      passes: { ...fetched('<head></head>'), raw: '<head></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    if (!page.beforeJs) return;
    const change = changed(page.beforeJs.robots.join(', '), page.robots.directives.join(', '));
    if (!change) return;
    report({ message: changeSentence('the robots directives', change), value: change.after ?? '', expected: change.before ?? '(the same in the HTML the server sends)' });
  },
});
