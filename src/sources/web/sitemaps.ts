// The sitemaps of a run: the one given (a sitemap URL), or those robots.txt names, or a guessed
// /sitemap.xml. What they list on the run's host becomes the first pages, with what each listing
// says of its URL (which sitemap, its line, lastmod, hreflang alternates) for the web rules.
import { normaliseUrl } from '../../page/normalise-url.js';
import type { WebFacts } from '../../page/types.js';
import { plural } from '../../words.js';
import { MAX_SITEMAP_BYTES, readSitemaps } from '../sitemap-fetch.js';
import { InputError, type SourceError } from '../types.js';
import type { Discovery } from './discovery.js';
import type { WebSession } from './session.js';

export interface RunSitemaps {
  /** Every URL the sitemaps list on the host, normalised. */
  urls: Set<string>;
  /** The same, in sitemap order: the first pages. */
  locs: string[];
  /** What the sitemaps say of each URL, until its page is handed on. */
  listings: Map<string, NonNullable<WebFacts['sitemap']>>;
  problems: SourceError[];
  /** Sitemaps or URLs a cap or a stop left unread: pages the run lost and cannot name. */
  losses: string[];
}

export interface SitemapOptions {
  ignoreRobots: boolean;
  /** --max-pages, when no include/exclude pattern may leave pages out (past it no URL could be fetched). */
  maxUrls?: number;
}

export async function readRunSitemaps(session: WebSession, found: Discovery, options: SitemapOptions, notes: string[]): Promise<RunSitemaps> {
  const { start, isSitemap, host, origin } = found;
  const robots = found.robots.robots;
  const guess = `${origin}/sitemap.xml`;
  const roots = isSitemap ? [start] : robots && robots.sitemaps.length > 0 ? robots.sitemaps : [guess];
  const read = await readSitemaps(roots, {
    // Sitemaps may be 50 MB uncompressed (sitemaps.org), more than a page's cap.
    fetch: (url) => session.fetch(url, { maxBytes: MAX_SITEMAP_BYTES }),
    ...(options.ignoreRobots || !robots ? {} : { allowed: (url: string) => found.blockedBy(url) === undefined }),
    // A sitemap robots.txt names may be kept elsewhere (a CDN) and list this site's pages.
    siteHosts: [host],
    ...(session.mirror ? { publicUrl: (url: string) => session.mirror!.publicUrl(url) } : {}),
    ...(options.maxUrls !== undefined ? { maxUrls: options.maxUrls, maxUrlsName: `--max-pages ${options.maxUrls}` } : {}),
    signal: session.stopSignal,
  });
  const out: RunSitemaps = { urls: new Set(), locs: [], listings: new Map(), problems: [], losses: [] };
  for (const p of read.problems) {
    // Guessing /sitemap.xml is not the user's mistake when it is not there, or is no sitemap
    // (single-page apps answer every path with their HTML).
    if (!isSitemap && roots[0] === guess && p.origin === guess) {
      notes.push(/HTTP 40[34]|HTTP 410/.test(p.message) ? `no sitemap found: robots.txt names none and ${guess} is not there` : `no sitemap found: robots.txt names none and ${guess} is not one (${p.message})`);
      continue;
    }
    out.problems.push(p);
  }
  if (isSitemap && read.urls.length === 0 && !session.isStopped()) {
    await session.close();
    const first = out.problems[0];
    const elsewhere = out.problems.map((p) => (/ on another host than the sitemap/.test(p.message) ? originOf(p.url) : undefined)).find((o) => o !== undefined);
    throw new InputError(`${start}: no page URLs could be read from this sitemap${first ? `; ${first.origin}: ${first.message}` : ''}${stagingHint(elsewhere)}`);
  }
  let offHost = 0;
  let elsewhere: string | undefined;
  for (const u of read.urls) {
    const url = normaliseUrl(u.loc);
    if (url === undefined || out.urls.has(url)) continue;
    if (new URL(url).host !== host) {
      offHost++;
      elsewhere ??= new URL(url).origin;
      continue;
    }
    out.urls.add(url);
    out.locs.push(url);
    out.listings.set(url, { url: u.sitemap, line: u.line, ...(u.lastmod ? { lastmod: u.lastmod } : {}), ...(u.alternates ? { alternates: u.alternates } : {}) });
  }
  if (read.sitemaps.length > 0) notes.push(`${plural(out.urls.size, 'URL')} read from ${read.sitemaps.length === 1 ? read.sitemaps[0] : `${read.sitemaps.length} sitemaps`}`);
  if (offHost > 0) notes.push(`${plural(offHost, 'URL')} of the sitemaps on other hosts than ${host} not audited`);
  notes.push(...read.losses);
  out.losses.push(...read.losses);
  if (isSitemap && out.urls.size === 0 && !session.isStopped()) {
    await session.close();
    throw new InputError(`${start}: the sitemap lists no URL on ${host}; audit the sitemap of the site its URLs are on${stagingHint(elsewhere)}`);
  }
  return out;
}

/** The usual reason a sitemap lists another host: a staging server or a local build of the site it names. */
function stagingHint(elsewhere: string | undefined): string {
  return elsewhere === undefined ? '' : `; if this server is a staging or local copy of ${elsewhere}, give its public address: --base-url ${elsewhere}/`;
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
