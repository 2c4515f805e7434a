import { defineRule } from '../../src/engine/rule-api.js';
import { sameUrl } from '../../src/page/indexable.js';
import phrasesByLanguage from '../../src/page/non-descriptive-link-texts.json' with { type: 'json' };
import type { Link } from '../../src/page/types.js';

/**
 * Lighthouse checks only the list of the link's language; the Page has no per-link language,
 * so a text generic in any listed language counts (German "Start" is flagged like English "start").
 */
const GENERIC = new Set(Object.values(phrasesByLanguage).flat());
const LONGEST = Math.max(...[...GENERIC].map((p) => p.length));

/** Links Lighthouse leaves out: not followed, not a page, or a jump within this page. */
function skipped(link: Link, pageUrl: string): boolean {
  if (link.url === undefined || link.rel.includes('nofollow')) return true;
  const scheme = new URL(link.url).protocol;
  if (scheme === 'javascript:' || scheme === 'mailto:') return true;
  return sameUrl(link.url, pageUrl);
}

export default defineRule({
  id: 'link-text-non-descriptive',
  category: 'links',
  scope: 'page',
  reads: ['links'],
  severity: 'low',
  docs: {
    description: 'A link’s text is a generic phrase ("click here", "read more", …) that says nothing about where it leads.',
    fix: 'Use link text that names the target, e.g. "blue widget size guide" instead of "read more".',
    why: 'Link text tells readers and search engines what the target is about; “click here” tells neither, and screen reader users listing a page’s links hear only a row of “click here”.',
    examples: {
      fails: { html: '<p>Not sure of the size? <a href="/guides/widget-sizes">Click here</a>.</p>' },
      passes: { html: '<p>Not sure of the size? Read the <a href="/guides/widget-sizes">widget size guide</a>.</p>' },
    },
  },
  options: {},
  check(page, { report }) {
    // One finding per href: links to one target share the fix, and href is their stable identity.
    const seen = new Set<string>();
    for (const link of page.links) {
      if (link.text.length > LONGEST || !GENERIC.has(link.text.toLowerCase()) || seen.has(link.href) || skipped(link, page.url)) continue;
      seen.add(link.href);
      report({
        message: `Link text "${link.text}" does not say where the link leads.`,
        value: link.text,
        expected: 'text that describes the target',
        element: link.href,
      });
    }
  },
});
