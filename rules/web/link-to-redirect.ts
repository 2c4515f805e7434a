import { defineRule } from '../../src/engine/rule-api.js';
import { answeredOk } from '../../src/engine/rule-api.js';
import { safeUrl } from '../../src/page/urls.js';

export default defineRule({
  id: 'link-to-redirect',
  category: 'web',
  scope: 'web',
  reads: ['http', 'links'],
  site: true,
  severity: 'low',
  docs: {
    description: 'An internal link points at a URL that redirects, costing visitors and crawlers an extra request.',
    fix: 'Change the link to point at the final URL the redirect leads to.',
    why: 'Every visit through the link costs an extra request before the page loads, for visitors and crawlers alike; linking to the final URL is faster and tells search engines which URL you mean.',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/', html: '<a href="/products/blue-widget-old">Blue widget</a>', status: 200, web: { redirects: [], inSitemap: false } },
        ],
        web: { statuses: { 'https://shop.example/products/blue-widget-old': { ok: true, status: 301, location: 'https://shop.example/products/blue-widget' } } },
      },
      passes: {
        pages: [
          { url: 'https://shop.example/', html: '<a href="/products/blue-widget">Blue widget</a>', status: 200, web: { redirects: [], inSitemap: false } },
        ],
        web: { statuses: { 'https://shop.example/products/blue-widget': { ok: true, status: 200 } } },
      },
    },
  },
  options: {},
  check(index, { report }) {
    const web = index.web;
    if (!web) return;
    for (const page of index.pages) {
      if (!page.links || !answeredOk(page)) continue;
      const self = safeUrl(page.url);
      if (!self) continue;
      self.hash = '';
      // Link targets are serialised URLs, so a prefix test decides "same host" without parsing each;
      // either scheme counts: an http:// link on an https site is the classic redirecting link.
      const onHost = [`http://${self.host}/`, `https://${self.host}/`];
      for (const target of page.links) {
        if (!(target.startsWith(onHost[0]!) || target.startsWith(onHost[1]!)) || target === self.href) continue;
        const status = web.status(target);
        // A redirect that ends broken is link-broken's finding; pointing at its end would not help.
        if (status?.location === undefined || !status.ok) continue;
        report({
          url: page.url,
          message: `Link to ${target} redirects to ${status.location}; link to ${status.location} directly.`,
          value: target,
          expected: status.location,
          element: target,
        });
      }
    }
  },
});
