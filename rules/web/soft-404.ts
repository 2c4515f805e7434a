import { answeredOk, defineRule, homePage } from '../../src/engine/rule-api.js';
import type { IndexedPage, NotFoundProbe, SiteIndex } from '../../src/engine/rule-api.js';

/**
 * What error pages say in their title or H1, in the languages shops are most often written in:
 * "not found", a 404 named as an error or page, and the same in other words.
 */
const SAYS_NOT_FOUND = [
  /\bnot\s+found\b/i,
  /\b(?:page|file|product|post)\s+(?:does\s+not|doesn[’']t)\s+exist\b/i,
  /(?:^|[^\d.,])404(?:[^\d.,]|$)(?=.*\b(?:error|page|not|fehler|seite|erreur|página|pagina|errore)\b)|\b(?:error|fehler|erreur|errore|página|pagina|page|seite)\s*:?\s*404\b|^\W*404\W*$/i,
  /\bnicht\s+gefunden\b/i,
  /\bintrouvable\b/i,
  /\bno\s+encontrad[ao]\b/i,
  /\bnão\s+encontrad[ao]\b/i,
  /\bnon\s+trovat[ao]\b/i,
  /\bniet\s+gevonden\b/i,
  /не\s+найден/i,
  /見つかりません/,
  /找不到|页面不存在|頁面不存在/,
];

function saysNotFound(text: string | undefined): boolean {
  return text !== undefined && SAYS_NOT_FOUND.some((re) => re.test(text));
}

/** Pages whose texts are this alike are the same page with different chrome (near-duplicate's threshold is 0.85). */
const SAME_TEXT = 0.9;

function matchesErrorPage(index: SiteIndex, i: number, page: IndexedPage, probe: NotFoundProbe): boolean {
  if (probe.textHash !== undefined && page.textHash === probe.textHash) return true;
  return probe.signature !== undefined && index.similarityTo(i, probe.signature) >= SAME_TEXT;
}

export default defineRule({
  id: 'soft-404',
  category: 'web',
  scope: 'web',
  reads: ['http', 'title', 'h1', 'content'],
  site: true,
  severity: 'high',
  docs: {
    description: 'A page answers 200 but is an error page: its title or H1 says "not found", or its main text is the site’s 404 page. Also reported, on the home page, when a URL that cannot exist answers 200 or redirects instead of 404.',
    fix: 'Answer HTTP 404 (or 410) for pages that do not exist, and 301 for pages that moved; do not serve the error page with 200 or redirect missing pages to the home page.',
    why: 'Google reports soft 404s in Search Console and drops them from the index, but keeps crawling them, which wastes the crawl on pages with nothing to index; visitors get an error where the search result promised content.',
    examples: {
      fails: { pages: [{ url: 'https://shop.example/products/old-widget', html: '<title>Page not found – Shop</title><h1>Sorry, we couldn’t find that page</h1>', status: 200, web: { redirects: [], inSitemap: true } }] },
      passes: { pages: [{ url: 'https://shop.example/products/old-widget', html: '<title>Page not found – Shop</title><h1>Sorry, we couldn’t find that page</h1>', status: 404, web: { redirects: [], inSitemap: true } }] },
    },
  },
  options: {},
  check(index, { report }) {
    const probe = index.web?.notFound;
    index.pages.forEach((page, i) => {
      if (!answeredOk(page)) return;
      const reason = saysNotFound(page.title)
        ? `its title "${page.title!}" says the page was not found`
        : saysNotFound(page.h1)
          ? `its H1 "${page.h1!}" says the page was not found`
          : probe && probe.status >= 400 && matchesErrorPage(index, i, page, probe)
            ? `its main text is the site’s ${probe.status} page (what ${probe.url} answered)`
            : undefined;
      if (reason === undefined) return;
      report({ url: page.url, message: `The page answered HTTP ${page.status!}, but ${reason}.`, value: `HTTP ${page.status!}`, expected: 'HTTP 404 or 410 for a missing page' });
    });
    if (probe === undefined || probe.status >= 400) return;
    const home = homePage(index, probe.url);
    if (!home) return;
    const answered = probe.location !== undefined ? `redirects (HTTP ${probe.status}) to ${probe.location}` : `answers HTTP ${probe.status}`;
    report({
      url: home.url,
      message: `${probe.url}, a URL that cannot exist, ${answered}: the site answers missing pages with something other than 404.`,
      value: `HTTP ${probe.status}`,
      expected: 'HTTP 404 or 410 for a URL that does not exist',
      element: probe.url,
    });
  },
});
