import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'hreflang-x-default-missing',
  category: 'i18n',
  scope: 'page',
  reads: ['head'],
  severity: 'low',
  docs: {
    description: 'The page has hreflang alternates but no x-default, so searchers whose language matches none of them get no chosen fallback.',
    fix: 'Add <link rel="alternate" hreflang="x-default" href="…"> to every version, pointing at the page for everyone else (a language picker or the main version).',
    why: 'Google recommends an x-default in every hreflang set: it is the version shown when no listed language or region matches the searcher, otherwise Google picks one itself.',
    examples: {
      fails: { html: '<head><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"><link rel="alternate" hreflang="de" href="https://shop.example/de/zelt"></head>' },
      passes: { html: '<head><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"><link rel="alternate" hreflang="de" href="https://shop.example/de/zelt"><link rel="alternate" hreflang="x-default" href="https://shop.example/en/tent"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    const langs = page.hreflang.map((h) => h.lang.trim().toLowerCase());
    if (langs.length === 0 || langs.includes('x-default')) return;
    const distinct = [...new Set(page.hreflang.map((h) => h.lang.trim()))];
    report({
      message: `The page’s hreflang set (${distinct.join(', ')}) has no x-default.`,
      value: distinct.join(', '),
      expected: 'an hreflang="x-default" alternate',
    });
  },
});
