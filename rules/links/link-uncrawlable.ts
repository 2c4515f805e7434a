import { defineRule } from '../../src/engine/rule-api.js';
import type { Link, PlaceholderLink } from '../../src/page/types.js';

/**
 * Why crawlers cannot follow a link, or undefined when they can, after Lighthouse's
 * crawlable-anchors audit. White space anywhere in the href is dropped first, as that audit does
 * ("javascript : void ( 0 )" hides nothing). One deliberate difference: Lighthouse fails only
 * `javascript:void(0)`; Google's guidance ("Make your links crawlable") names every javascript:
 * href as one it cannot follow, so every one is reported, even on an `<a name>`.
 */
function uncrawlableReason(link: Link): string | undefined {
  // A control (role="button", "tab", "menuitem"…) is no link, whatever its href.
  if (link.role !== undefined) return undefined;
  const raw = link.href.replace(/\s/g, '');
  // An empty href is the page itself.
  if (raw === '') return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === 'file') return 'it points to a local file';
  if (scheme === 'javascript') return 'it runs JavaScript instead of naming a URL';
  // An old-style fragment target (`<a name="top" href="…">`): Lighthouse passes it.
  if (link.name !== undefined) return undefined;
  if (link.url === undefined) return 'its href is not a valid URL';
  return undefined;
}

/**
 * An `<a>` without href that a crawler would take for a link it cannot follow: not a fragment
 * target (id or name), not a control (role), and not the HTML spec's placeholder (aria-current
 * page or location, with none of the attributes that belong to an href, such as target).
 */
function deadPlaceholder(a: PlaceholderLink): boolean {
  if (a.role !== undefined || a.id !== undefined || a.name !== undefined) return false;
  return a.hrefAttributes || (a.ariaCurrent !== 'page' && a.ariaCurrent !== 'location');
}

export default defineRule({
  id: 'link-uncrawlable',
  category: 'links',
  scope: 'page',
  reads: ['links'],
  severity: 'medium',
  docs: {
    description: 'A link search engines cannot follow: javascript:, file:, not a valid URL, or an <a> without href that is neither a fragment target nor a control.',
    fix: 'Give every <a> a real http(s) URL in href; use a <button> (or role="button") for actions that run JavaScript.',
    why:
      'Google follows links only from <a> elements whose href is a URL it can resolve; a javascript: link or an <a> with no href hides its target from crawlers, so the target cannot be found through it. ' +
      "This follows Lighthouse's crawlable-anchors audit: an <a> with a role is a control, an empty href is the page itself, mailto: is no page link, and an <a> without href passes only as a fragment target (id or name) or the current-page placeholder (aria-current). " +
      'One difference is deliberate: Lighthouse fails only javascript:void(0), while Google names every javascript: href as one it cannot follow, so all of them are reported.',
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
    const texts = new Set<string>();
    for (const a of page.placeholderLinks) {
      if (!deadPlaceholder(a) || texts.has(a.text)) continue;
      texts.add(a.text);
      report({
        message: `Link ${JSON.stringify(a.text)} cannot be crawled: the <a> has no href${a.hrefAttributes ? ' (yet attributes that belong to one)' : ''}.`,
        value: '',
        expected: 'an http(s) URL',
        element: `<a>${a.text}</a>`,
      });
    }
  },
});
