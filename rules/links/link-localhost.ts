import { defineRule } from '../../src/engine/rule-api.js';
import { isLocalHost, safeUrl } from '../../src/page/urls.js';

/** An href that names its scheme (white space inside a scheme is dropped by URL parsers, so allowed here). */
const ABSOLUTE = /^[\s]*[a-z][a-z0-9+.\-\t\n\r]*:/i;

export default defineRule({
  id: 'link-localhost',
  category: 'links',
  scope: 'page',
  reads: ['links'],
  severity: 'medium',
  docs: {
    description: "A link points to localhost, 127.0.0.1 or a file: URL: the developer's machine, not the site (SEOnaut's check).",
    fix: 'Replace the development address with the live URL (or a relative one), and check the build that wrote it.',
    why: "localhost and 127.0.0.1 are each visitor's own computer: the link goes nowhere for them and for search engines, and it usually means a development address leaked into the live site.",
    examples: {
      fails: { html: '<a href="http://localhost:3000/products/red-widget">Red widget</a>' },
      passes: { html: '<a href="/products/red-widget">Red widget</a>' },
    },
  },
  options: {},
  check(page, { report }) {
    // A page served from localhost links to its own host: only a live page's links are judged.
    const pageHost = safeUrl(page.url)?.hostname;
    if (pageHost !== undefined && isLocalHost(pageHost)) return;
    const seen = new Set<string>();
    for (const link of page.links) {
      // Only a written scheme can leave the page's own host (a relative href stays on it): most links
      // are decided by their first letters, without parsing a URL.
      if (!ABSOLUTE.test(link.href)) continue;
      const url = safeUrl(link.href.replace(/[\t\n\r]/g, ''));
      const local = url !== undefined && (url.protocol === 'file:' || ((url.protocol === 'http:' || url.protocol === 'https:') && isLocalHost(url.hostname)));
      if (!local || seen.has(link.href)) continue;
      seen.add(link.href);
      report({ message: `Link ${JSON.stringify(link.href)} points to ${url.protocol === 'file:' ? 'a local file' : 'the local machine'}, not the site.`, value: link.href, expected: 'a live or relative URL', element: link.href });
    }
  },
});
