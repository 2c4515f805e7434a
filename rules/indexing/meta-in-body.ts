import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'meta-in-body',
  category: 'indexing',
  scope: 'page',
  reads: ['head'],
  severity: 'medium',
  docs: {
    description: 'A <title>, meta description or robots meta tag sits in the body, after content began, where search engines ignore it (SEOnaut\'s check).',
    fix: 'Move the <title> and the meta tags into <head>, before any visible content (a stray element or text early in the page ends the head).',
    why: 'Browsers start the body at the first visible content and leave later head elements in it; Google reads meta tags only in the head, so a robots noindex or description there is lost, and a body <title> may be taken for none.',
    examples: {
      fails: { html: '<html><head></head><body><p>Blue widget</p><meta name="robots" content="noindex"></body></html>' },
      passes: { html: '<html><head><meta name="robots" content="noindex"></head><body><p>Blue widget</p></body></html>' },
    },
  },
  options: {},
  check(page, { report }) {
    for (const what of page.outsideHead) {
      report({ message: `The ${what} is in the body, where search engines ignore it.`, value: what, expected: 'in <head>', element: what });
    }
  },
});
