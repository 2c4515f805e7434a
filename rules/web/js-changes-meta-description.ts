import { defineRule } from '../../src/engine/rule-api.js';
import { changed, changeSentence } from '../../src/page/before-js.js';

const fetched = (html: string) => ({ html, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });

export default defineRule({
  id: 'js-changes-meta-description',
  category: 'web',
  scope: 'web',
  reads: ['http', 'meta'],
  severity: 'medium',
  docs: {
    description: 'JavaScript adds, removes or changes the meta description: the HTML the server sends and the page Chromium renders disagree (only with --render).',
    fix: 'Put the meta description in the HTML the server sends, as the rendered page has it, and keep scripts from changing it.',
    why: 'Search snippets may come from either description, and crawlers without JavaScript only ever see the first.',
    examples: {
      fails: { ...fetched('<head><meta name="description" content="The Trail tent: freestanding, two doors, 1.3 kg."></head>'), raw: '<head><meta name="description" content="Shop"></head>' },
      passes: { ...fetched('<head><meta name="description" content="The Trail tent: freestanding, two doors, 1.3 kg."></head>'), raw: '<head><meta name="description" content="The Trail tent: freestanding, two doors, 1.3 kg."></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    if (!page.beforeJs) return;
    const change = changed(page.beforeJs.description, page.meta.description);
    if (!change) return;
    report({ message: changeSentence('the meta description', change), value: change.after ?? '', expected: change.before ?? '(the same in the HTML the server sends)' });
  },
});
