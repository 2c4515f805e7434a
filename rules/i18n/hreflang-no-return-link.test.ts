import { testSiteRule, webSite } from '../../src/testing/test-rule.js';
import rule from './hreflang-no-return-link.js';

const EN = 'https://shop.example/en/tent';
const DE = 'https://shop.example/de/zelt';
const alt = (lang: string, href: string) => `<link rel="alternate" hreflang="${lang}" href="${href}">`;
const page = (url: string, ...links: string[]) => ({ url, html: `<html><head><title>t</title>${links.join('')}</head></html>` });

testSiteRule(rule, {
  valid: [
    { name: 'reciprocal pair', pages: [page(EN, alt('en', EN), alt('de', DE)), page(DE, alt('de', DE), alt('en', EN))] },
    { name: 'an alternate outside the run is not judged', pages: [page(EN, alt('de', DE))] },
    { name: 'a self reference alone needs no return', pages: [page(EN, alt('en', EN))] },
    { name: 'relative hrefs are hreflang-invalid’s business', pages: [page(EN, alt('de', '/de/zelt')), page(DE)] },
  ],
  invalid: [
    {
      name: 'the German page does not link back',
      pages: [page(EN, alt('en', EN), alt('de', DE)), page(DE, alt('de', DE))],
      findings: [
        {
          url: EN,
          value: DE,
          element: DE,
          expected: `${DE} lists ${EN} as an alternate`,
          message: `${DE} (hreflang "de") does not link back to this page with hreflang.`,
        },
      ],
    },
  ],
});

// Over HTTP, alternates outside the run were still fetched or checked.
const FR = 'https://shop.example/fr/tente';
const web = webSite({
  statuses: {
    [DE]: { ok: false, status: 404 },
    [FR]: { ok: true, status: 301, location: 'https://shop.example/fr/tente/' },
    'https://shop.example/it/tenda': { ok: true, status: 200 },
  },
});
const fetched = (url: string, status: number, ...links: string[]) => ({ ...page(url, ...links), status, web: { redirects: [], inSitemap: false } });

testSiteRule(rule, {
  valid: [
    { name: 'over HTTP: an alternate that answers 200 but is not in the run is not judged', pages: [fetched(EN, 200, alt('it', 'https://shop.example/it/tenda'))], web },
    { name: 'over HTTP: a 404 page\'s own alternates are not judged', pages: [fetched(EN, 404, alt('de', DE))], web },
  ],
  invalid: [
    {
      name: 'over HTTP: alternates that fail or redirect cannot link back',
      pages: [fetched(EN, 200, alt('en', EN), alt('de', DE), alt('fr', FR))],
      web,
      findings: [
        {
          url: EN,
          value: DE,
          expected: `${DE} answers 200 and lists ${EN} as an alternate`,
          element: DE,
          message: `${DE} (hreflang "de") answers HTTP 404, so it cannot link back; hreflang must name live, final URLs.`,
        },
        {
          url: EN,
          value: FR,
          expected: `${FR} answers 200 and lists ${EN} as an alternate`,
          element: FR,
          message: `${FR} (hreflang "fr") redirects to https://shop.example/fr/tente/, so it cannot link back; hreflang must name live, final URLs.`,
        },
      ],
    },
  ],
});
