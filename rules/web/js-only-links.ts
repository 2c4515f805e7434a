import { defineRule } from '../../src/engine/rule-api.js';

const fetched = (html: string, raw: string) => ({ html, raw, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });
const LISTED = 3;

export default defineRule({
  id: 'js-only-links',
  category: 'web',
  scope: 'web',
  reads: ['http', 'links'],
  severity: 'medium',
  docs: {
    description: 'Links to the site’s own pages that exist only once JavaScript has run (only with --render): crawlers without JavaScript never find those pages through this one.',
    fix: 'Put the links in the HTML the server sends (as <a href> elements), and let scripts enhance them rather than create them.',
    why: 'Google finds links in rendered pages only after a second, delayed rendering pass, and crawlers that run no JavaScript (most LLM crawlers among them) never see them: pages reached only through such links are found late or not at all.',
    examples: {
      fails: fetched('<a href="/">Home</a><a href="/products/red-widget">Red widget</a>', '<a href="/">Home</a>'),
      passes: fetched('<a href="/">Home</a><a href="/products/red-widget">Red widget</a>', '<a href="/">Home</a><a href="/products/red-widget">Red widget</a>'),
    },
  },
  options: {},
  check(page, { report }) {
    if (!page.beforeJs) return;
    const before = new Set(page.beforeJs.links);
    const only = [...new Set(page.links.flatMap((l) => (l.internal && l.url !== undefined && /^https?:/.test(l.url) ? [l.url.replace(/#.*$/, '')] : [])))].filter((u) => !before.has(u));
    if (only.length === 0) return;
    const listed = only.slice(0, LISTED).join(', ') + (only.length > LISTED ? ` and ${only.length - LISTED} more` : '');
    report({
      message: `${only.length === 1 ? '1 link' : `${only.length} links`} to the site's pages ${only.length === 1 ? 'exists' : 'exist'} only after JavaScript runs: ${listed}.`,
      value: String(only.length),
      expected: 'every internal link in the HTML the server sends',
    });
  },
});
