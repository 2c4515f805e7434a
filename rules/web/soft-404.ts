import { answeredOk, defineRule, homePage } from '../../src/engine/rule-api.js';
import type { IndexedPage, NotFoundProbe, SiteIndex } from '../../src/engine/rule-api.js';

/**
 * What an error page's title or H1 is, once the site's name and the words around the phrase are
 * set aside: "Page not found", "404", "Error 404 – Shop", "Seite nicht gefunden". A title that only
 * mentions a 404 ("How to fix 404 Not Found errors in Nginx", "FLINK-404: rendering fixed") is an
 * article about one, not an error page.
 */
const NOT_FOUND_PHRASES = new Set([
  '', 'not found', 'page not found', 'file not found', 'product not found', 'post not found', 'article not found', 'url not found', 'object not found',
  'this page does not exist', 'page does not exist', 'this page doesn t exist', 'page doesn t exist', 'page missing',
  'seite nicht gefunden', 'seite wurde nicht gefunden', 'datei nicht gefunden', 'nicht gefunden', 'page introuvable', 'page non trouvée',
  'pagina no encontrada', 'página no encontrada', 'página não encontrada', 'pagina non trovata', 'pagina niet gevonden', 'niet gevonden',
  'страница не найдена', 'ページが見つかりません', 'ページが見つかりませんでした', 'お探しのページは見つかりませんでした', 'お探しのページが見つかりません',
  '页面不存在', '页面未找到', '找不到页面', '您访问的页面不存在', '頁面不存在', '找不到網頁', '找不到页面',
]);
/** Words that go around the phrase on error pages ("Oops!", "Error", "Sorry", in the same languages). */
const FILLER = /(?<![\p{L}\p{N}])(?:error|fehler|erreur|errore|erro|fout|ошибка|oops|whoops|oeps|ops|sorry|lo sentimos|desculpe|uh oh|http)(?![\p{L}\p{N}])|抱歉|对不起|申し訳ありません/giu;
/** Separators between a title's parts: "Page not found | Shop", "404 – Shop", "Shop » Not found", "Shop: Not found". */
const SEPARATORS = /\s+[|–—·•»«~/-]\s+|\s*[|–—·•»«]\s*|:\s+/u;

function saysNotFound(text: string | undefined): boolean {
  if (text === undefined) return false;
  return text.split(SEPARATORS).some((part) => {
    const had404 = /(?:^|[^\d.,])404(?:[^\d.,]|$)/.test(part);
    // Numbers alone ("404", Google's "Error 404 (Not Found)!!1") are no words of the phrase.
    const rest = part.toLowerCase().replace(FILLER, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').replace(/(?<![\p{L}\p{N}])\p{N}+(?![\p{L}\p{N}])/gu, ' ').replace(/\s+/g, ' ').trim();
    // Only the phrase itself, or nothing but "404" and the words around it.
    return NOT_FOUND_PHRASES.has(rest) && (rest !== '' || had404);
  });
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
