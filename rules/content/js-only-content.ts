import { defineRule } from '../../src/engine/rule-api.js';
import { wordShareBeforeJs } from '../../src/page/before-js.js';

const fetched = (html: string, raw: string) => ({ html, raw, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });
const TEXT = '<p>The Trail tent is a freestanding two-person tent with two doors, two vestibules and a packed weight of 1.3 kg.</p>';

export default defineRule({
  id: 'js-only-content',
  category: 'content',
  scope: 'web',
  reads: ['http', 'content'],
  severity: 'medium',
  docs: {
    description: 'Most of the page’s main text exists only once JavaScript has run (only with --render): crawlers and LLMs that run no JavaScript see a nearly empty page.',
    fix: ({ minShare }) => `Render the main content on the server (server-side rendering or pre-rendering), so that at least ${Math.round(Number(minShare) * 100)} % of it is in the HTML the server sends.`,
    why: 'Google renders pages, later and not always; ChatGPT, Claude, Perplexity and most other crawlers read only the HTML the server sends. Content that needs JavaScript is invisible to them, so the page cannot be quoted, summarised or ranked for it.',
    examples: {
      fails: fetched(`<main><h1>Trail tent</h1>${TEXT}</main>`, '<main><div id="root"></div></main>'),
      passes: fetched(`<main><h1>Trail tent</h1>${TEXT}</main>`, `<main><h1>Trail tent</h1>${TEXT}</main>`),
    },
  },
  options: { minShare: 0.5 },
  check(page, { options, report }) {
    const share = wordShareBeforeJs(page);
    if (share === undefined || share >= options.minShare) return;
    const percent = `${Math.round(share * 100)} %`;
    report({
      message: `Only ${percent} of the main text's words are in the HTML the server sends; the rest appears only after JavaScript runs.`,
      value: percent,
      expected: `at least ${Math.round(options.minShare * 100)} % without JavaScript`,
    });
  },
});
