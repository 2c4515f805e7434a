import { answeredOk, defineRule } from '../../src/engine/rule-api.js';

/** Norwegian Bokmål and Nynorsk are both "no" to search engines. */
const SAME_LANGUAGE: Record<string, string> = { nb: 'no', nn: 'no' };

/** Language and region of a tag, canonicalized (iw is he, en-us is en-US); undefined when it is no tag. */
function parts(tag: string): { language: string; region?: string } | undefined {
  try {
    const locale = new Intl.Locale(tag.trim());
    const language = SAME_LANGUAGE[locale.language] ?? locale.language;
    return locale.region ? { language, region: locale.region } : { language };
  } catch {
    return undefined; // hreflang-invalid and html-lang-missing report malformed tags
  }
}

/** A tag as it is usually written (the index keeps hreflang codes lower-cased). */
function written(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? tag;
  } catch {
    return tag;
  }
}

/** Whether two tags name different audiences: another language, or both name a region and they differ. */
function disagree(hreflang: string, lang: string): boolean {
  const a = parts(hreflang);
  const b = parts(lang);
  if (!a || !b) return false;
  if (a.language !== b.language) return true;
  return a.region !== undefined && b.region !== undefined && a.region !== b.region;
}

export default defineRule({
  id: 'hreflang-lang-mismatch',
  category: 'i18n',
  scope: 'site',
  reads: ['head', 'http'],
  site: true,
  severity: 'medium',
  docs: {
    description: 'An hreflang link names a language (or region) that the target page’s own <html lang> contradicts: the annotation most likely points at the wrong version.',
    fix: 'Point each hreflang code at the page written in that language, or correct the target’s <html lang> if it is the one that is wrong.',
    why: 'hreflang tells Google which URL to show to speakers of each language; when the code and the page disagree, searchers are sent to a version they cannot read. Ahrefs and Screaming Frog report the same conflict.',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/en/tent', html: '<html lang="en"><head><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"><link rel="alternate" hreflang="de" href="https://shop.example/fr/tente"></head></html>' },
          { url: 'https://shop.example/fr/tente', html: '<html lang="fr"><head><link rel="alternate" hreflang="de" href="https://shop.example/fr/tente"><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"></head></html>' },
        ],
      },
      passes: {
        pages: [
          { url: 'https://shop.example/en/tent', html: '<html lang="en"><head><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"><link rel="alternate" hreflang="fr" href="https://shop.example/fr/tente"></head></html>' },
          { url: 'https://shop.example/fr/tente', html: '<html lang="fr"><head><link rel="alternate" hreflang="fr" href="https://shop.example/fr/tente"><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"></head></html>' },
        ],
      },
    },
  },
  options: {},
  check(index, { report }) {
    const langOf = new Map<string, string>();
    for (const page of index.pages) if (page.lang !== undefined && (page.status === undefined || answeredOk(page))) langOf.set(page.url, page.lang);
    for (const page of index.pages) {
      if (page.status !== undefined && !answeredOk(page)) continue;
      const reported = new Set<string>();
      for (const alt of page.alternates) {
        if (alt.lang === 'x-default' || reported.has(alt.url)) continue;
        const lang = langOf.get(alt.url);
        if (lang === undefined || !disagree(alt.lang, lang)) continue;
        reported.add(alt.url);
        report({
          url: page.url,
          message: `hreflang "${written(alt.lang)}" points to ${alt.url}, whose <html lang> is "${lang}".`,
          value: lang,
          expected: `a page in "${written(alt.lang)}"`,
          element: alt.url,
        });
      }
    }
  },
});
