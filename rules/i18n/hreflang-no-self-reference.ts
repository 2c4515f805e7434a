import { defineRule } from '../../src/engine/rule-api.js';
import { canonicalTarget, sameUrl } from '../../src/page/indexable.js';

export default defineRule({
  id: 'hreflang-no-self-reference',
  category: 'i18n',
  scope: 'page',
  reads: ['head'],
  severity: 'low',
  docs: {
    description: 'The page lists hreflang alternates but not itself, so its own language version is missing from the set.',
    fix: 'Add a <link rel="alternate" hreflang="…"> for the page itself, with its own language code and its own absolute URL, beside the other versions.',
    why: 'Google’s guidance is that each language version lists itself as well as every other version; a set without the page leaves its own language unannotated, and tools that build the set from each page (Ahrefs, Screaming Frog, SEOnaut) report it.',
    examples: {
      fails: { url: 'https://shop.example/en/tent', html: '<head><link rel="alternate" hreflang="de" href="https://shop.example/de/zelt"></head>' },
      passes: { url: 'https://shop.example/en/tent', html: '<head><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"><link rel="alternate" hreflang="de" href="https://shop.example/de/zelt"></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    // Only absolute alternates count: relative and empty ones are hreflang-invalid's.
    const alternates = page.hreflang.filter((h) => h.url !== undefined);
    if (alternates.length === 0) return;
    // A page with a canonical elsewhere (a tracking-parameter URL) is named in the set by its canonical.
    const canonical = canonicalTarget(page);
    const self = (url: string): boolean => sameUrl(url, page.url) || (canonical !== undefined && sameUrl(url, canonical));
    if (alternates.some((h) => self(h.url!))) return;
    const langs = [...new Set(alternates.map((h) => h.lang.trim()))];
    report({
      message: `The page lists ${alternates.length === 1 ? 'an hreflang alternate' : `${alternates.length} hreflang alternates`} (${langs.join(', ')}) but none for itself.`,
      value: langs.join(', '),
      expected: `an hreflang link to ${canonical ?? page.url}`,
    });
  },
});
