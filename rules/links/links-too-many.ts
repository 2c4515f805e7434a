import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'links-too-many',
  category: 'links',
  scope: 'page',
  reads: ['links'],
  severity: 'low',
  docs: {
    description: "The page has more than 3,000 links (SEOnaut's \"too many links\").",
    fix: 'Link to the pages that matter here; move long lists (every product, every tag) into paginated or filtered pages of their own.',
    why: 'Google asks to keep the links on a page to a reasonable number: a page with thousands spreads its credit thin, may not have every link followed, and is hard to use.',
    examples: {
      fails: { html: Array.from({ length: 3001 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('') },
      passes: { html: Array.from({ length: 50 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('') },
    },
  },
  options: { max: 3000 },
  check(page, { options, report }) {
    const n = page.links.length;
    if (n <= options.max) return;
    report({ message: `The page has ${n} links; at most ${options.max}.`, value: String(n), expected: `at most ${options.max} links` });
  },
});
