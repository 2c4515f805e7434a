import { describe, expect, it } from 'vitest';
import type { AfterFacts } from './after.js';
import { mergeWebFacts, type WebShardFacts } from './shard-facts.js';

const H = 'https://s.example';
const frontier: AfterFacts['frontier'] = {
  skipped: { maxPages: 0, maxDepth: 0, trap: 0, robots: 0, pattern: 0, nonHtml: 0, offHost: 0, redirectOut: 0, files: 0 },
  sitemapFiles: [],
  trapPaths: [],
  limits: { maxPages: 100, maxDepth: 10, maxQueryVariants: 10, maxPathSegments: 20 },
};

function shard(statuses: WebShardFacts['statuses'], after: Partial<AfterFacts>): WebShardFacts {
  return { statuses, aliases: [], robots: [], llms: [], sitemapUrls: [`${H}/a`, `${H}/b`], crawled: false, after: { frontier, ...after } };
}

describe('mergeWebFacts', () => {
  it('counts what the unsharded run would have: a target one shard fetched as a page is no link check; an image a fetch settled is not sized again', () => {
    const one = shard(
      [
        [`${H}/a`, { ok: true, status: 200, bytes: 10 }, 'page'],
        [`${H}/x`, { ok: true, status: 200 }, 'link'],
        [`${H}/b`, { ok: true, status: 200 }, 'link'],
        [`${H}/i.png`, { ok: true, status: 200, bytes: 5 }, 'link'],
      ],
      { links: { internal: [`${H}/x`, `${H}/b`, `${H}/i.png`], external: [] }, images: { internal: [], external: [], skipped: ['https://cdn.example/1.png'] } },
    );
    const two = shard(
      [
        [`${H}/b`, { ok: true, status: 200, bytes: 20 }, 'page'],
        [`${H}/x`, { ok: true, status: 200 }, 'link'],
        [`${H}/i.png`, { ok: true, status: 200, bytes: 5 }, 'image'],
        [`${H}/j.png`, { ok: false, status: 404 }, 'image'],
      ],
      {
        links: { internal: [`${H}/x`], external: [] },
        images: { internal: [`${H}/i.png`, `${H}/j.png`], external: [], skipped: ['https://cdn.example/1.png'] },
        frontier: { ...frontier, skipped: { ...frontier.skipped, nonHtml: 1 }, sitemapFiles: [{ position: 3, text: `${H}/z.pdf (application/pdf)` }] },
      },
    );
    // Shard one's frontier says no non-HTML answer and no file: its own fetches found none.
    const { site, notes } = mergeWebFacts([one, two]);
    expect(notes).toEqual([
      // x once (both shards checked it); b was shard two's page; i.png once.
      "checked 2 link targets outside the run's pages (0 on other hosts)",
      // i.png was settled by shard one's link check (its size known): only j.png is sized.
      'sized 1 image (0 on other hosts)',
      '1 image on other hosts not sized for image-too-large; --check-external sizes them',
      `1 sitemap URL not HTML, listed and not scored: ${H}/z.pdf (application/pdf)`,
      '1 URL answered with something other than HTML; not audited',
    ]);
    // A page fetch answers for its URL over a link check; the image check's reading stands over both.
    expect(site.status(`${H}/b`)).toEqual({ ok: true, status: 200, bytes: 20 });
    expect(site.status(`${H}/i.png`)).toEqual({ ok: true, status: 200, bytes: 5 });
    expect(site.status(`${H}/j.png`)).toEqual({ ok: false, status: 404 });
    expect(site.crawled).toBe(false);
  });

  it("keeps a link check's settled status over another shard's image check, which the unsharded run would not have made", () => {
    const moved = { ok: true, status: 301, location: `${H}/private/x.png` };
    const one = shard([[`${H}/img/x.png`, moved, 'link']], { links: { internal: [`${H}/img/x.png`], external: [] }, images: { internal: [], external: [], skipped: [] } });
    // The other shard met the image only in an <img>, and sized it by following the redirect.
    const two = shard([[`${H}/img/x.png`, { ok: true, status: 200, bytes: 300_000 }, 'image']], { links: { internal: [], external: [] }, images: { internal: [`${H}/img/x.png`], external: [], skipped: [] } });
    const { site, notes } = mergeWebFacts([one, two]);
    expect(site.status(`${H}/img/x.png`)).toEqual(moved);
    expect(notes).toEqual(["checked 1 link target outside the run's pages (0 on other hosts)"]);
    expect([...site.sitemapUrls]).toEqual([`${H}/a`, `${H}/b`]);
  });
});
