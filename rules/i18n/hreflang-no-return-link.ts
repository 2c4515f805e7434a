import { defineRule } from '../../src/engine/rule-api.js';
import { answeredOk } from '../../src/engine/rule-api.js';
import { sameUrl } from '../../src/page/indexable.js';

export default defineRule({
  id: 'hreflang-no-return-link',
  category: 'i18n',
  scope: 'site',
  reads: ['head', 'http'],
  site: true,
  severity: 'medium',
  docs: {
    description: 'A page names another as its hreflang alternate, but that page does not name it back, so search engines ignore the pair.',
    fix: 'Add the matching <link rel="alternate" hreflang="…"> on the alternate page, pointing back to this one (hreflang links must be reciprocal).',
    why: 'Google uses an hreflang pair only when both pages name each other, so without the return link the annotation is ignored and searchers may land on the wrong language version.',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/en/tent', html: '<head><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"><link rel="alternate" hreflang="de" href="https://shop.example/de/zelt"></head>' },
          { url: 'https://shop.example/de/zelt', html: '<head><link rel="alternate" hreflang="de" href="https://shop.example/de/zelt"></head>' },
        ],
      },
      passes: {
        pages: [
          { url: 'https://shop.example/en/tent', html: '<head><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"><link rel="alternate" hreflang="de" href="https://shop.example/de/zelt"></head>' },
          { url: 'https://shop.example/de/zelt', html: '<head><link rel="alternate" hreflang="de" href="https://shop.example/de/zelt"><link rel="alternate" hreflang="en" href="https://shop.example/en/tent"></head>' },
        ],
      },
    },
  },
  options: {},
  check(index, { report }) {
    const byUrl = new Map(index.pages.map((p) => [p.url, p]));
    for (const page of index.pages) {
      // An error page's alternates describe nothing (its content is not judged).
      if (page.status !== undefined && !answeredOk(page)) continue;
      const reported = new Set<string>();
      for (const alt of page.alternates) {
        if (sameUrl(alt.url, page.url) || reported.has(alt.url)) continue;
        const target = byUrl.get(alt.url);
        if (!target) {
          // Over HTTP an alternate that was fetched or checked and fails or redirects cannot link back.
          // Otherwise only pages this run saw can be judged: an alternate outside it is no evidence.
          const status = index.web?.status(alt.url);
          if (status && (!status.ok || status.location !== undefined)) {
            reported.add(alt.url);
            const why = !status.ok
              ? status.status !== undefined ? `answers HTTP ${status.status}` : `does not answer (${status.reason ?? 'no response'})`
              : `redirects to ${status.location}`;
            report({
              url: page.url,
              message: `${alt.url} (hreflang "${alt.lang}") ${why}, so it cannot link back; hreflang must name live, final URLs.`,
              value: alt.url,
              expected: `${alt.url} answers 200 and lists ${page.url} as an alternate`,
              element: alt.url,
            });
          }
          continue;
        }
        if (target.alternates.some((back) => sameUrl(back.url, page.url))) continue;
        reported.add(alt.url);
        report({
          url: page.url,
          message: `${alt.url} (hreflang "${alt.lang}") does not link back to this page with hreflang.`,
          value: alt.url,
          expected: `${alt.url} lists ${page.url} as an alternate`,
          element: alt.url,
        });
      }
    }
  },
});
