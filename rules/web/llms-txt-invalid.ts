import { defineRule } from '../../src/engine/rule-api.js';
import { homePage } from '../../src/engine/rule-api.js';

const H1 = /^# +\S/m;
const MARKDOWN_LINK = /\[[^\]\n]+\]\([^)\s]+\)/;

/** What the llms.txt proposal (llmstxt.org) asks for and the text lacks; empty when it has it all. */
function problems(text: string, minChars: number): string[] {
  const out: string[] = [];
  if (!H1.test(text)) out.push('no H1 ("# Title" line)');
  if (!MARKDOWN_LINK.test(text)) out.push('no markdown link ("[name](url)")');
  // Characters are code points, as everywhere in the catalogue.
  const chars = [...text.trim()].length;
  if (chars < minChars) out.push(`${chars} character${chars === 1 ? '' : 's'} (min ${minChars})`);
  return out;
}

export default defineRule({
  id: 'llms-txt-invalid',
  category: 'web',
  scope: 'web',
  reads: ['http'],
  site: true,
  severity: 'low',
  docs: {
    description: '/llms.txt exists but lacks what the llms.txt format asks for: an H1 title, links to the site’s key pages, and some text.',
    fix: 'Start /llms.txt with "# Site name", add a short summary, and list key pages as markdown links ("- [Products](https://…): what they are").',
    why: 'llms.txt is a proposed convention (llmstxt.org) for telling AI tools what a site holds and where; a file without a title, links or text gives them nothing to use.',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/', html: '<title>Widget Shop</title>', status: 200, web: { redirects: [], inSitemap: false } },
        ],
        web: { llms: [{ url: 'https://shop.example/llms.txt', status: 200, text: 'Widget Shop' }] },
      },
      passes: {
        pages: [
          { url: 'https://shop.example/', html: '<title>Widget Shop</title>', status: 200, web: { redirects: [], inSitemap: false } },
        ],
        web: { llms: [{ url: 'https://shop.example/llms.txt', status: 200, text: '# Widget Shop\n\n> Widgets in every colour, shipped tomorrow.\n\n- [Products](https://shop.example/products): the catalogue\n' }] },
      },
    },
  },
  options: { minChars: 50 },
  check(index, { options, report }) {
    for (const llms of index.web?.llms ?? []) {
      if (llms.status !== 200 || llms.text === undefined) continue;
      const found = problems(llms.text, options.minChars);
      if (found.length === 0) continue;
      const home = homePage(index, llms.url);
      if (!home) continue;
      report({
        url: home.url,
        message: `${llms.url} has ${found.join(', ')}.`,
        value: found.join('; '),
        expected: `an H1, a markdown link and at least ${options.minChars} characters`,
        element: 'llms.txt',
      });
    }
  },
});
