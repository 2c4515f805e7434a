import { defineRule } from '../../src/engine/rule-api.js';
import type { Link } from '../../src/page/types.js';

/** Why crawlers cannot follow a link, or undefined when they can. */
function uncrawlableReason(link: Link): string | undefined {
  if (link.href === '') return 'its href is empty';
  // The scheme as written, not as resolved: a file: page URL or <base> must not taint relative links.
  // Tabs and newlines are dropped first, as URL parsers do ("java\nscript:").
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(link.href.replace(/[\t\n\r]/g, ''))?.[1]?.toLowerCase();
  if (scheme === 'javascript') return 'it runs JavaScript instead of naming a URL';
  if (scheme === 'file') return 'it points to a local file';
  if (link.url === undefined) return 'its href is not a valid URL';
  return undefined;
}

export default defineRule({
  id: 'link-uncrawlable',
  category: 'links',
  scope: 'page',
  reads: ['links'],
  severity: 'medium',
  docs: {
    description: 'A link search engines cannot follow: empty, javascript:, file:, or not a valid URL.',
    fix: 'Give every <a> a real http(s) URL in href (use a <button> for actions that run JavaScript).',
    why: 'Google follows links only from <a> elements whose href is a URL it can resolve; a javascript: link or an empty href hides its target from crawlers, so the target cannot be found through it.',
    examples: {
      fails: { html: '<a href="javascript:void(0)" onclick="go(\'/products/red-widget\')">Red widget</a>' },
      passes: { html: '<a href="/products/red-widget">Red widget</a>' },
    },
  },
  options: {},
  check(page, { report }) {
    const seen = new Set<string>();
    for (const link of page.links) {
      const reason = uncrawlableReason(link);
      if (reason === undefined || seen.has(link.href)) continue;
      seen.add(link.href);
      report({
        message: `Link ${JSON.stringify(link.href)} cannot be crawled: ${reason}.`,
        value: link.href,
        expected: 'an http(s) URL',
        element: link.href,
      });
    }
  },
});
