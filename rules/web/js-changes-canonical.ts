import { defineRule } from '../../src/engine/rule-api.js';
import { canonicalChange, changeSentence } from '../../src/page/before-js.js';

const fetched = (html: string) => ({ html, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });

export default defineRule({
  id: 'js-changes-canonical',
  category: 'web',
  scope: 'web',
  reads: ['http', 'head'],
  severity: 'high',
  docs: {
    description: 'JavaScript adds, removes or changes the canonical: the HTML the server sends and the page Chromium renders disagree (only with --render).',
    fix: 'Put the canonical in the HTML the server sends, as the rendered page has it, and keep scripts from changing it.',
    why: 'Google reads the canonical in the HTML first and may or may not see the one JavaScript sets; a canonical that changes can make Google index the wrong URL or none.',
    examples: {
      fails: { ...fetched('<head><link rel="canonical" href="https://shop.example/products/blue-widget"></head>'), raw: '<head></head>' },
      passes: { ...fetched('<head><link rel="canonical" href="https://shop.example/products/blue-widget"></head>'), raw: '<head><link rel="canonical" href="https://shop.example/products/blue-widget"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    const change = canonicalChange(page);
    if (!change) return;
    report({ message: changeSentence('the canonical', change), value: change.after ?? '', expected: change.before ?? '(the same in the HTML the server sends)' });
  },
});
