import { defineRule } from '../../src/engine/rule-api.js';
import { answeredOk } from '../../src/engine/rule-api.js';
import { safeUrl } from '../../src/page/extract.js';

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
