import { defineRule } from '../../src/engine/rule-api.js';
import { isAbsoluteUrl, safeUrl } from '../../src/page/urls.js';
import { answeredOk } from '../../src/engine/rule-api.js';
import { sameUrl } from '../../src/page/indexable.js';
import type { Page } from '../../src/page/types.js';

/**
 * Why an href that is no absolute URL is no URL at all, rather than a relative one: a browser
 * would resolve it to something under the page, which is never what was meant. Undefined for a
 * plausible relative reference ("/en/", "page.html", "../x").
 */
function notAUrl(href: string): string | undefined {
  if (isAbsoluteUrl(href)) return undefined;
  if (/\s/.test(href)) return 'it holds white space';
  if (/[<>"{}|\\^`]/.test(href)) return 'it holds characters no URL has (< > " { } | \\ ^ `)';
  if (/^[a-z][a-z0-9+.-]*\/\//i.test(href)) return `its scheme lacks the colon ("${href.slice(0, href.indexOf('//') + 2)}")`;
  // "www.shop.example/x" or "shop.example/x": a host, not a page beside this one ("page.html", "index.php?p=2").
  const host = /^([a-z0-9-]+(?:\.[a-z0-9-]+)+)(\/|$)/i.exec(href);
  if (host && (/^www\./i.test(host[1]!) || (host[2] === '/' && !/\.(?:s?html?|php\d?|aspx?|jsp|cgi|pl|xml|json|txt)$/i.test(host[1]!)))) return 'it names a host without http:// or https://';
  return undefined;
}

/** The canonical hrefs sorted by what is wrong with them; empty hrefs are canonical-missing's case. */
function classify(page: Page): { invalid?: { href: string; why?: string }; relative?: string; targets: string[] } {
  const out: { invalid?: { href: string; why?: string }; relative?: string; targets: string[] } = { targets: [] };
  for (const href of page.canonicals) {
    if (href === '') continue;
    const url = safeUrl(href, page.url);
    const why = notAUrl(href);
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || why !== undefined) {
      out.invalid ??= why === undefined ? { href } : { href, why };
      continue;
    }
    if (!isAbsoluteUrl(href)) out.relative ??= href;
    url.hash = '';
    if (!out.targets.includes(url.href)) out.targets.push(url.href);
  }
  return out;
}

/** The page lists itself among its hreflang alternates and the canonical names another of them. */
function pointsToOtherAlternate(page: Page, target: string): boolean {
  const alternates = page.hreflang.flatMap((h) => (h.url === undefined ? [] : [h.url]));
  return (
    alternates.some((a) => sameUrl(a, page.url)) &&
    alternates.some((a) => sameUrl(a, target)) &&
    !sameUrl(target, page.url)
  );
}

export default defineRule({
  id: 'canonical-invalid',
  category: 'indexing',
  scope: 'page',
  reads: ['head'],
  severity: 'high',
  docs: {
    description: 'The canonical link is relative, not a valid URL, conflicting, or points to the home page or another language version.',
    fix: 'Declare exactly one <link rel="canonical"> with this page’s own absolute URL (or the absolute URL of the page it duplicates).',
    why: 'Google ignores a canonical it cannot use, such as conflicting ones or one that does not resolve to the intended URL, and one aimed at the home page asks it to index the home page in place of this one.',
    examples: {
      fails: { html: '<head><link rel="canonical" href="/products/blue-widget"></head>' },
      passes: { html: '<head><link rel="canonical" href="https://shop.example/products/blue-widget"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    // Each reason is its own finding with the reason as element, so fixing one leaves the others' fingerprints.
    const { invalid, relative, targets } = classify(page);
    if (invalid !== undefined) {
      report({
        message: invalid.why === undefined ? `Canonical "${invalid.href}" is not a valid http(s) URL.` : `Canonical "${invalid.href}" is not a URL: ${invalid.why}.`,
        value: invalid.href,
        expected: 'an absolute http(s) URL',
        element: 'invalid-url',
      });
    }
    if (relative !== undefined) {
      report({
        message: `Canonical "${relative}" is a relative URL; search engines may resolve it differently than intended.`,
        value: relative,
        expected: 'an absolute http(s) URL',
        element: 'relative',
      });
    }
    if (targets.length > 1) {
      report({
        message: `Page declares ${targets.length} different canonical URLs (${targets.join(', ')}); search engines ignore them all.`,
        value: targets.join(', '),
        expected: 'one canonical URL',
        element: 'conflicting',
      });
      return; // with no single canonical, its target cannot be judged
    }
    const target = targets[0];
    if (target === undefined) return;
    const url = new URL(target);
    const self = safeUrl(page.url);
    if (self !== undefined && url.origin === self.origin && url.pathname === '/' && self.pathname !== '/') {
      report({
        message: `Canonical points to the site root (${target}) instead of this page or an equivalent one.`,
        value: target,
        expected: 'this page’s own URL or an equivalent page',
        element: 'root',
      });
    }
    if (pointsToOtherAlternate(page, target)) {
      report({
        message: `Canonical points to ${target}, another hreflang alternate of this page; each language version must be canonical to itself.`,
        value: target,
        expected: page.url,
        element: 'hreflang-alternate',
      });
    }
  },
  // Over HTTP the canonical target was fetched or checked: one that fails or redirects is no canonical.
  finish(index, { report }) {
    const web = index.web;
    if (!web) return;
    for (const page of index.pages) {
      if (page.canonical === undefined || !answeredOk(page)) continue;
      const status = web.status(page.canonical);
      if (status === undefined) continue;
      if (!status.ok) {
        const why = status.status !== undefined ? `answers HTTP ${status.status}` : `does not answer (${status.reason ?? 'no response'})`;
        report({
          url: page.url,
          message: `Canonical points to ${page.canonical}, which ${why}; search engines ignore a canonical that is not a live page.`,
          value: page.canonical,
          expected: 'a canonical URL that answers 200',
          element: 'target-fails',
        });
      } else if (status.location !== undefined) {
        report({
          url: page.url,
          message: `Canonical points to ${page.canonical}, which redirects to ${status.location}; name the final URL.`,
          value: page.canonical,
          expected: status.location,
          element: 'target-redirects',
        });
      }
    }
  },
});
