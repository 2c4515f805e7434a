import { defineRule } from '../../src/engine/rule-api.js';

/** What link previews (Facebook, LinkedIn, Slack, …) need to show a card. */
const REQUIRED = ['og:title', 'og:description', 'og:image'] as const;

export default defineRule({
  id: 'og-missing',
  category: 'social',
  scope: 'page',
  reads: ['head'],
  severity: 'low',
  docs: {
    description: 'Open Graph title, description or image is missing, so shared links show a poor or empty preview.',
    fix: 'Add <meta property="og:title">, <meta property="og:description"> and <meta property="og:image"> (an absolute URL, at least 1200×630) to the <head>.',
    why: 'Social networks and chat apps build a shared link’s preview card from the Open Graph tags; without them the preview may have no image, or text the app picked from the page.',
    examples: {
      fails: { html: '<html><head><title>Blue widget</title></head></html>' },
      passes: { html: '<head><meta property="og:title" content="Blue widget"><meta property="og:description" content="Stainless steel, dishwasher safe."><meta property="og:image" content="https://shop.example/img/blue-widget.jpg"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    // extract collapses white space, so an NBSP-only content is empty and counts as missing.
    const missing = REQUIRED.filter((p) => !page.meta.og[p]);
    if (missing.length === 0) return;
    report({
      message: `Open Graph ${missing.length === 1 ? 'tag' : 'tags'} missing: ${missing.join(', ')}.`,
      value: missing.join(', '),
      expected: REQUIRED.join(', '),
    });
  },
});
