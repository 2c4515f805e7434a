import { defineRule } from '../../src/engine/rule-api.js';
import { answeredOk } from '../../src/engine/rule-api.js';
import type { LinkTargetStatus } from '../../src/page/types.js';

function whyBroken(status: LinkTargetStatus): string {
  const parts: string[] = [];
  if (status.status !== undefined) parts.push(`HTTP ${status.status}`);
  if (status.reason) parts.push(status.reason);
  return parts.join(', ') || 'target not found';
}

export default defineRule({
  id: 'link-broken',
  category: 'links',
  scope: 'page',
  reads: ['http', 'links'],
  severity: 'high',
  docs: {
    description: 'An internal link points to a page that does not exist or does not answer.',
    fix: 'Point the link at the page’s current URL, or restore the missing page (or redirect its old URL).',
    why: 'A broken link leads visitors to an error page, and links are how search engines discover pages, so a link to a missing page is a dead end for both.',
    examples: {
      fails: { html: '<a href="/products/old-widget">Old widget</a>', linkTargets: { 'https://shop.example/products/old-widget': { ok: false, status: 404 } } },
      passes: { html: '<a href="/products/red-widget">Red widget</a>', linkTargets: { 'https://shop.example/products/red-widget': { ok: true, status: 200 } } },
    },
  },
  options: {},
  check(page, { report }) {
    const targets = page.linkTargets;
    if (targets === undefined) return; // the source did not check link targets
    const seen = new Set<string>();
    for (const link of page.links) {
      if (!link.internal || link.url === undefined) continue;
      const target = link.url.replace(/#.*$/, '');
      const status = targets[target];
      if (status === undefined || status.ok || seen.has(target)) continue;
      seen.add(target);
      report({
        message: `Link to ${target} is broken (${whyBroken(status)}).`,
        value: link.href,
        expected: 'a page that exists',
        element: target,
      });
    }
  },
  // Over HTTP, targets are fetched after the page was checked: judge them once the run is done.
  finish(index, { report }) {
    const web = index.web;
    if (!web) return;
    for (const page of index.pages) {
      if (!page.links || !answeredOk(page)) continue;
      for (const target of page.links) {
        // External targets have a status only when the user asked for --check-external.
        const status = web.status(target);
        if (status === undefined || status.ok) continue;
        report({
          url: page.url,
          message: `Link to ${target} is broken (${whyBroken(status)}).`,
          value: target,
          expected: 'a page that exists',
          element: target,
        });
      }
    }
  },
});
