import { defineRule } from '../../src/engine/rule-api.js';
import { changed, changeSentence } from '../../src/page/before-js.js';

const fetched = (html: string) => ({ html, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });

export default defineRule({
  id: 'js-changes-title',
  category: 'web',
  scope: 'web',
  reads: ['http', 'title'],
  severity: 'medium',
  docs: {
    description: 'JavaScript adds, removes or changes the title: the HTML the server sends and the page Chromium renders disagree (only with --render).',
    fix: 'Put the title in the HTML the server sends, as the rendered page has it, and keep scripts from changing it.',
    why: 'Google indexes the rendered title, but crawlers that run no JavaScript (most LLM crawlers among them) read the one the server sends, and Google may show either: two titles means the page is known by two names.',
    examples: {
      fails: { ...fetched('<head><title>Trail tent, two doors | Northpine</title></head>'), raw: '<head><title>Loading…</title></head>' },
      passes: { ...fetched('<head><title>Trail tent, two doors | Northpine</title></head>'), raw: '<head><title>Trail tent, two doors | Northpine</title></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    if (!page.beforeJs) return;
    const change = changed(page.beforeJs.title, page.title);
    if (!change) return;
    report({ message: changeSentence('the title', change), value: change.after ?? '', expected: change.before ?? '(the same in the HTML the server sends)' });
  },
});
