import { defineRule } from '../../src/engine/rule-api.js';
import type { Report } from '../../src/engine/rule-api.js';
import { hreflangProblem } from '../../src/page/language-tag.js';
import type { HreflangLink } from '../../src/page/types.js';

/** Search engines take hreflang targets only as absolute http(s) URLs. */
function fullyQualified(link: HreflangLink): boolean {
  return link.url !== undefined && /^https?:$/.test(new URL(link.url).protocol);
}

export default defineRule({
  id: 'hreflang-invalid',
  category: 'i18n',
  scope: 'page',
  reads: ['head'],
  severity: 'medium',
  docs: {
    description: 'An hreflang link has an invalid language code or a relative href, so search engines ignore it.',
    fix: 'Use "x-default" or an ISO 639 language code with an optional ISO 3166-1 region (en, en-GB, pt-BR), and an absolute URL in href.',
    why: 'Google ignores hreflang annotations with a language code it does not know or a URL that is not fully qualified, so searchers may be shown the wrong language or country version of the page.',
    examples: {
      fails: { html: '<head><link rel="alternate" hreflang="en-UK" href="https://shop.example/uk/products/blue-widget"><link rel="alternate" hreflang="de" href="/de/produkte/blaues-geraet"></head>' },
      passes: { html: '<head><link rel="alternate" hreflang="en-GB" href="https://shop.example/uk/products/blue-widget"><link rel="alternate" hreflang="de" href="https://shop.example/de/produkte/blaues-geraet"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    // A bad code and a bad href are separate fixes, so each is its own finding, named by the value at fault.
    const findings = new Map<string, Report>();
    for (const link of page.hreflang) {
      const problem = hreflangProblem(link.lang);
      const langElement = `hreflang:${link.lang}`;
      if (problem !== undefined && !findings.has(langElement)) {
        findings.set(langElement, {
          message: `hreflang "${link.lang}" ${problem}.`,
          value: link.lang,
          expected: 'x-default or language[-Script][-REGION], e.g. en, en-GB, zh-Hant-TW',
          element: langElement,
        });
      }
      const hrefElement = `href:${link.href}`;
      if (!fullyQualified(link) && !findings.has(hrefElement)) {
        findings.set(hrefElement, {
          message:
            link.href === ''
              ? `hreflang "${link.lang}" link has no href.`
              : `hreflang "${link.lang}" link points to "${link.href}", which is not an absolute http(s) URL.`,
          value: link.href,
          expected: 'an absolute http(s) URL',
          element: hrefElement,
        });
      }
    }
    for (const finding of findings.values()) report(finding);
  },
});
