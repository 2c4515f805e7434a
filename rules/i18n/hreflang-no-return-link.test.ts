import { testSiteRule } from '../../src/testing/test-rule.js';
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
