import { minhash } from '../../src/engine/minhash.js';
import { textHash } from '../../src/engine/site-index.js';
import { words } from '../../src/page/text.js';
import { testSiteRule, webSite } from '../../src/testing/test-rule.js';
import rule from './soft-404.js';

const O = 'https://shop.example';
const PROBE = `${O}/seo-ai-not-found-probe-4d9b2f6a`;
const fetched = (path: string, html: string, status = 200) => ({ url: `${O}${path}`, html, status, web: { redirects: [], inSitemap: false } });
const titled = (title: string, h1 = 'Widgets') => `<title>${title}</title><h1>${h1}</h1><p>Some text.</p>`;
const expected = 'HTTP 404 or 410 for a missing page';

const ERROR_TEXT = 'Oops! We looked everywhere but this page has gone walkabout. Try the search, or head back home.';
const LONG_ERROR =
  'Sorry, the page you asked for is not here any more. It may have moved to a new address, or the link you followed may be old. ' +
  'Our shop has changed a lot over the years: products come and go with the seasons, and some of them were never restocked. ' +
  'You can search the whole catalogue from the box at the top of every page, browse our categories of tents, backpacks, jackets, ' +
  'sleeping bags and stoves, or write to our support team, who answer every message within one working day.';
const probe404 = (text: string) => ({ url: PROBE, status: 404, textHash: textHash(text), ...(words(text).length >= 50 ? { signature: minhash(words(text)) } : {}) });

testSiteRule(rule, {
  valid: [
    { name: 'a product page', pages: [fetched('/p', titled('Blue widget – Shop', 'Blue widget'))], web: webSite() },
    { name: 'an error page that answers 404', pages: [fetched('/gone', titled('Page not found', 'Not found'), 404)], web: webSite() },
    { name: 'a 404 model number is not an error', pages: [fetched('/p', titled('Peugeot 404 for sale – Classic cars', 'Peugeot 404 (1960–1975)'))], web: webSite() },
    { name: '“found” without “not”', pages: [fetched('/p', titled('Lost and found: what we found on the trail'))], web: webSite() },
    {
      name: 'titles that mention a 404 are articles about one, not error pages',
      pages: [
        fetched('/a', titled('How to fix 404 Not Found errors in Nginx')),
        fetched('/b', titled('Handling Class Not Found exceptions')),
        fetched('/c', titled('FLINK-404: page rendering fixed')),
        fetched('/d', titled('Blog', 'Error 404 handling in Spring Boot')),
        fetched('/e', titled('Widgets: 404 in stock')),
        fetched('/f', titled('Nothing found for “tents”')),
        fetched('/g', titled('Model 404 / 500 comparison')),
      ],
      web: webSite(),
    },
    { name: 'the probe answered 404 and no page shares its text', pages: [fetched('/p', titled('Tent'))], web: webSite({ notFound: probe404(ERROR_TEXT) }) },
    { name: 'a 410 probe is right too', pages: [fetched('/', titled('Home'))], web: webSite({ notFound: { url: PROBE, status: 410 } }) },
  ],
  invalid: [
    {
      name: 'title or H1 says so, in several languages',
      pages: [
        fetched('/a', titled('404 Not Found')),
        fetched('/b', titled('Shop', 'Error 404')),
        fetched('/c', titled('Seite nicht gefunden')),
        fetched('/d', titled('Página no encontrada')),
        fetched('/e', titled('Page introuvable')),
        fetched('/f', titled('404')),
        fetched('/g', titled('Oops! Page not found | Northpine')),
        fetched('/h', titled('Northpine', 'Error 404 – Not Found')),
        fetched('/i', titled('Shop » Page not found')),
        fetched('/j', titled('Error 404 (Not Found)!!1')),
        fetched('/k', titled('Ошибка 404')),
        fetched('/l', titled('お探しのページは見つかりませんでした')),
        fetched('/m', titled('抱歉，您访问的页面不存在')),
        fetched('/n', titled('Lo sentimos, página no encontrada')),
      ],
      web: webSite(),
      findings: [
        { url: `${O}/a`, value: 'HTTP 200', expected, message: 'The page answered HTTP 200, but its title "404 Not Found" says the page was not found.' },
        { url: `${O}/b`, value: 'HTTP 200', expected, message: 'The page answered HTTP 200, but its H1 "Error 404" says the page was not found.' },
        { url: `${O}/c`, value: 'HTTP 200', expected },
        { url: `${O}/d`, value: 'HTTP 200', expected },
        { url: `${O}/e`, value: 'HTTP 200', expected },
        { url: `${O}/f`, value: 'HTTP 200', expected },
        { url: `${O}/g`, value: 'HTTP 200', expected },
        { url: `${O}/h`, value: 'HTTP 200', expected, message: 'The page answered HTTP 200, but its H1 "Error 404 – Not Found" says the page was not found.' },
        ...['/i', '/j', '/k', '/l', '/m', '/n'].map((p) => ({ url: `${O}${p}`, value: 'HTTP 200', expected })),
      ],
    },
    {
      name: 'a page with the 404 page’s text (short: the same text)',
      pages: [fetched('/old', `<title>Shop</title><main><p>${ERROR_TEXT}</p></main>`), fetched('/p', titled('Tent'))],
      web: webSite({ notFound: probe404(` ${ERROR_TEXT.toUpperCase()} `) }),
      findings: [{ url: `${O}/old`, value: 'HTTP 200', expected, message: `The page answered HTTP 200, but its main text is the site’s 404 page (what ${PROBE} answered).` }],
    },
    {
      name: 'a page with the 404 page’s text (long: near the same)',
      pages: [fetched('/old', `<title>Shop</title><main><p>${LONG_ERROR}</p></main>`)],
      web: webSite({ notFound: probe404(`${LONG_ERROR} Or call us.`) }),
      findings: [{ url: `${O}/old`, value: 'HTTP 200', expected }],
    },
    {
      name: 'the site answers a URL that cannot exist with 200',
      pages: [fetched('/', titled('Home')), fetched('/p', titled('Tent'))],
      web: webSite({ notFound: { url: PROBE, status: 200 } }),
      findings: [{ url: `${O}/`, element: PROBE, value: 'HTTP 200', expected: 'HTTP 404 or 410 for a URL that does not exist', message: `${PROBE}, a URL that cannot exist, answers HTTP 200: the site answers missing pages with something other than 404.` }],
    },
    {
      name: 'or redirects it to the home page',
      pages: [fetched('/', titled('Home'))],
      web: webSite({ notFound: { url: PROBE, status: 302, location: `${O}/` } }),
      findings: [{ url: `${O}/`, element: PROBE, value: 'HTTP 302', expected: 'HTTP 404 or 410 for a URL that does not exist', message: `${PROBE}, a URL that cannot exist, redirects (HTTP 302) to ${O}/: the site answers missing pages with something other than 404.` }],
    },
  ],
});
