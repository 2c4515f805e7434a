// What a shard of a sharded audit over HTTP keeps beyond its pages, for `seo-ai merge`: every
// status it learnt (and in which part of the run), what it read of the site (robots.txt, llms.txt,
// the sitemaps' URLs, the 404 probe), and the facts its last notes are written from. The merge
// puts the shards' facts together as the unsharded run would have learnt them (mergeWebFacts).
import type { NotFoundProbe, WebSite } from '../../engine/site-index.js';
import type { LinkTargetStatus } from '../../page/types.js';
import { afterNotes, type AfterFacts } from './after.js';
import { LinkStatuses, type StatusPhase } from './links.js';

export interface WebShardFacts {
  /** [url, status, the part of the run that learnt it]. */
  statuses: [string, LinkTargetStatus, StatusPhase][];
  aliases: [string, string][];
  robots: WebSite['robots'];
  llms: WebSite['llms'];
  sitemapUrls: string[];
  /** A URL list of a complete crawl: judged as the crawl is (see WebSite.crawled), from its start. */
  crawled: boolean;
  start?: string;
  notFound?: Omit<NotFoundProbe, 'signature'> & { signature?: string };
  /** Absent when the shard was stopped before its pages were all fetched (a partial shard is refused anyway). */
  after?: AfterFacts;
}

export function webShardFacts(statuses: LinkStatuses, site: WebSite, after: AfterFacts | undefined): WebShardFacts {
  const phases = statuses.phases ?? new Map<string, StatusPhase>();
  const { signature, ...probe } = site.notFound ?? {};
  const notFound = site.notFound ? { ...(probe as Omit<NotFoundProbe, 'signature'>), ...(signature ? { signature: Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64') } : {}) } : undefined;
  return {
    statuses: [...statuses.byUrl].map(([url, status]) => [url, status, phases.get(url) ?? 'page']),
    aliases: statuses.aliasPairs(),
    robots: site.robots,
    llms: site.llms,
    sitemapUrls: [...site.sitemapUrls],
    crawled: site.crawled,
    ...(site.start !== undefined ? { start: site.start } : {}),
    ...(notFound ? { notFound } : {}),
    ...(after ? { after } : {}),
  };
}

/** A status that leaves nothing for the image check to learn (see checkImageSizes). */
const settled = (s: LinkTargetStatus): boolean => !s.ok || s.bytes !== undefined || s.location !== undefined;

/**
 * The shards' facts (in shard order) as one run's: the site the web rules read, and the notes and
 * losses of the run's last part, counted as the unsharded run counts them: a link target is
 * "checked" when no shard's page fetch answered for it, an image "sized" when no fetch or link
 * check settled it.
 */
export function mergeWebFacts(shards: readonly WebShardFacts[]): { site: WebSite; notes: string[]; lost: string[] } {
  const first = shards[0]!;
  // A URL's status as the unsharded run would have it: what a page fetch learnt, else a link check;
  // the image check's only where neither settled it (the one case it runs: see checkImageSizes).
  const statuses = new LinkStatuses();
  const byPage = new Set<string>();
  const settledBefore = new Set<string>();
  const sized = new Map<string, LinkTargetStatus>();
  for (const s of shards) {
    for (const [url, status, phase] of s.statuses) {
      if (phase === 'image') {
        if (!sized.has(url)) sized.set(url, status);
        continue;
      }
      if (settled(status)) settledBefore.add(url);
      if (phase === 'page' && !byPage.has(url)) {
        byPage.add(url);
        statuses.byUrl.set(url, status);
      } else if (!statuses.byUrl.has(url)) statuses.byUrl.set(url, status);
    }
    for (const [url, as] of s.aliases) statuses.alias(url, as);
  }
  for (const [url, status] of sized) if (!settledBefore.has(url)) statuses.byUrl.set(url, status);
  const union = (pick: (a: AfterFacts) => readonly string[] | undefined, drop: (url: string) => boolean): string[] => {
    const out = new Set<string>();
    for (const s of shards) for (const url of (s.after && pick(s.after)) ?? []) if (!drop(url)) out.add(url);
    return [...out];
  };
  const after0 = first.after!;
  const after: AfterFacts = {
    ...(after0.links ? { links: { internal: union((a) => a.links?.internal, (u) => byPage.has(u)), external: union((a) => a.links?.external, (u) => byPage.has(u)) } } : {}),
    ...(after0.images
      ? {
          images: {
            internal: union((a) => a.images?.internal, (u) => settledBefore.has(u)),
            external: union((a) => a.images?.external, (u) => settledBefore.has(u)),
            skipped: union((a) => a.images?.skipped, (u) => settledBefore.has(u)),
          },
        }
      : {}),
    ...(after0.render
      ? {
          render: {
            mode: after0.render.mode,
            // A page two shards reached (a redirect between their URLs) is rendered by both: counted once.
            rendered: shards.flatMap((s) => s.after?.render?.rendered ?? []),
            failed: shards.flatMap((s) => s.after?.render?.failed ?? []),
          },
        }
      : {}),
    frontier: {
      ...after0.frontier,
      // What was queued is every shard's; what a fetch found (not HTML, redirected away) is each one's own.
      skipped: {
        ...after0.frontier.skipped,
        nonHtml: shards.reduce((n, s) => n + (s.after?.frontier.skipped.nonHtml ?? 0), 0),
        redirectOut: shards.reduce((n, s) => n + (s.after?.frontier.skipped.redirectOut ?? 0), 0),
      },
      sitemapFiles: shards.flatMap((s) => s.after?.frontier.sitemapFiles ?? []),
    },
  };
  const { notes, lost } = afterNotes(after);
  const probe = first.notFound;
  const site: WebSite = {
    status: (url) => statuses.status(url),
    robots: first.robots,
    llms: first.llms,
    sitemapUrls: new Set(first.sitemapUrls),
    // Every shard's part of the list was fetched whole: only then is the run's.
    crawled: shards.every((s) => s.crawled),
    ...(first.start !== undefined ? { start: first.start } : {}),
    ...(probe ? { notFound: { ...probe, ...(probe.signature !== undefined ? { signature: new Uint32Array(new Uint8Array(Buffer.from(probe.signature, 'base64')).buffer) } : {}) } as NotFoundProbe } : {}),
  };
  return { site, notes, lost };
}
