import { defineRule } from '../../src/engine/rule-api.js';

/** The robots directive that keeps the page's text out of search snippets, if any. */
function blockingDirective(directives: readonly string[]): string | undefined {
  return directives.find((d) => d === 'nosnippet' || /^max-snippet\s*:\s*0+$/.test(d));
}

/** data-nosnippet around this share of the main text or more keeps the page from a snippet of its own. */
const HIDDEN_SHARE = 0.5;

export default defineRule({
  id: 'snippet-blocked',
  category: 'indexing',
  scope: 'page',
  // content: data-nosnippet is in the body. A CSV row has no head, so the rule does not run on rows
  // and optimize's head-only rechecks are unaffected.
  reads: ['head', 'content'],
  severity: 'medium',
  docs: {
    description: 'The page keeps its text out of search results: robots nosnippet or max-snippet:0, for all bots or Googlebot (SEOnaut\'s check), or data-nosnippet around half or more of its main content.',
    fix: 'Remove nosnippet and max-snippet:0 from meta robots and X-Robots-Tag, and keep data-nosnippet to the few passages that must not be quoted.',
    why: 'Google then shows the page with no description text under its title (and leaves it out of featured snippets and AI overviews), which makes it far less likely to be clicked.',
    examples: {
      fails: { html: '<head><meta name="robots" content="nosnippet"></head>' },
      passes: { html: '<head><meta name="robots" content="max-snippet:160"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    const directive = blockingDirective(page.robots.directives);
    if (directive !== undefined) {
      report({ message: `The robots directive "${directive}" keeps the page's text out of search snippets.`, value: directive, expected: 'snippets allowed', element: 'robots' });
    }
    // Google honours data-nosnippet on div, span and section: around most of the main text, the
    // snippet has little left to quote.
    if (page.snippetHidden >= HIDDEN_SHARE) {
      const share = `${Math.round(page.snippetHidden * 100)} %`;
      report({ message: `${share} of the page's main text is inside data-nosnippet elements, which search engines leave out of snippets.`, value: share, expected: `less than ${HIDDEN_SHARE * 100} % of the main text`, element: 'data-nosnippet' });
    }
  },
});
