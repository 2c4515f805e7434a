import { defineRule } from '../../src/engine/rule-api.js';
import { sameUrl } from '../../src/page/indexable.js';

export default defineRule({
  id: 'page-dead-end',
  category: 'links',
  // Over HTTP: a dead end is judged on the whole page as served, template and navigation included;
  // a CSV row's content is a fragment of a page, with no navigation to judge.
  scope: 'web',
  reads: ['http', 'links'],
  severity: 'low',
  docs: {
    description: 'The page links to no other page of the site: visitors and crawlers that arrive there can go no further.',
    fix: 'Link from the page to related pages of the site: its category, similar products or articles, and the main navigation.',
    why: 'Links carry visitors and search engines from page to page and share a page’s standing with the pages it links to; a dead end keeps both from the rest of the site (Screaming Frog and SEOnaut report pages without internal outlinks).',
    examples: {
      fails: { status: 200, web: { redirects: [], inSitemap: false }, html: '<body><h1>Blue widget</h1><p>The blue widget.</p><a href="https://maker.example/">Maker</a><a href="#reviews">Reviews</a></body>' },
      passes: { status: 200, web: { redirects: [], inSitemap: false }, html: '<body><h1>Blue widget</h1><p>The blue widget.</p><a href="/collections/widgets">More widgets</a></body>' },
    },
  },
  options: {},
  check(page, { report }) {
    // An error page's links are not followed (and its template is judged by http-status-error).
    if (page.status === undefined || page.status < 200 || page.status > 299) return;
    // A link to the page itself (a fragment, a language switch to the same URL) leads nowhere new;
    // an <a role="button"> is a control.
    const out = page.links.some((link) => link.internal && link.url !== undefined && /^https?:/.test(link.url) && (link.role === undefined || link.role === 'link') && !sameUrl(link.url, page.url));
    if (out) return;
    const elsewhere = page.links.filter((link) => link.url !== undefined && !link.internal).length;
    report({
      message: elsewhere === 0 ? 'The page has no links to other pages of the site.' : `The page has no links to other pages of the site (only ${elsewhere === 1 ? '1 link' : `${elsewhere} links`} to other sites).`,
      value: '0 internal links',
      expected: 'at least one link to another page of the site',
    });
  },
});
