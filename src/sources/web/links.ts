// What each URL answered, as the web rules read it (a link target's status, where a redirect
// leads), and the link check at the end of a run: every target of a page's links that no page
// fetch answered for, asked with HEAD, then GET when HEAD is refused or fails.
import type { LinkTargetStatus } from '../../page/types.js';
import type { FetchResult } from '../../http/fetch.js';
import { normaliseUrl } from '../../page/normalise-url.js';
import type { WebFacts } from '../../page/types.js';
import type { WebSession } from './session.js';

/** Which part of a run learnt a URL's status: a page's fetch, the link check, or the image check. */
export type StatusPhase = 'page' | 'link' | 'image';

export class LinkStatuses {
  readonly byUrl = new Map<string, LinkTargetStatus>();
  /** A sharded audit: the part of the run each status was learnt in, for the merge (see mergeWebFacts). */
  phases: Map<string, StatusPhase> | undefined;
  /** The part of the run now going on. */
  phase: StatusPhase = 'page';
  private readonly spellings = new Map<string, string>();
  /** URLs that stand for another (an http:// link to a staging copy's https site): looked up as it. */
  private readonly aliases = new Map<string, string>();

  alias(url: string, as: string): void {
    this.aliases.set(url, as);
  }

  /** The URLs that stand for another, as [url, as] pairs. */
  aliasPairs(): [string, string][] {
    return [...this.aliases];
  }

  private set(url: string, status: LinkTargetStatus): void {
    this.byUrl.set(url, status);
    this.phases?.set(url, this.phase);
  }

  /** What a fetch says about the URL asked for, and about where it led. */
  record(url: string, res: FetchResult): void {
    if (res.notFollowed) {
      // Where it leads was not fetched: the link is known to redirect, not whether the end is live.
      this.set(url, { ok: true, status: res.redirects[0]?.status ?? res.status, location: res.notFollowed.location });
      return;
    }
    const final = normaliseUrl(res.finalUrl) ?? res.finalUrl;
    const ok = res.error === undefined && res.status >= 200 && res.status < 400;
    const bytes = ok ? sizeOf(res) : undefined;
    const end: LinkTargetStatus = { ok, ...(res.status ? { status: res.status } : {}), ...(res.error ? { reason: res.error } : {}), ...(bytes === undefined ? {} : { bytes }) };
    if (res.redirects.length === 0) {
      this.set(url, end);
      return;
    }
    const first = res.redirects[0]!;
    const hop: LinkTargetStatus = { ...end, status: first.status, location: res.error ? first.location : res.finalUrl };
    // A chain that ends in an error answer: say so, or the link would read as broken by its 301.
    if (!ok && !res.error) hop.reason = `redirects to ${final}, which answered HTTP ${res.status}`;
    this.set(url, hop);
    if (!res.error) this.set(final, end);
  }

  /** A page that answered `status` and refreshes to `to` by `<meta http-equiv="refresh">`: a redirect to it. */
  refreshes(from: string, to: string, status: number): void {
    this.set(from, { ok: true, status, location: to, reason: 'meta refresh' });
  }

  /**
   * A URL's status as web rules ask for it, for every link of every page: link targets in the
   * index are already in normal form, so they are looked up as they are; only other spellings
   * are parsed (once each).
   */
  status(url: string): LinkTargetStatus | undefined {
    const direct = this.byUrl.get(url);
    if (direct !== undefined) return direct;
    const alias = this.aliases.get(url);
    if (alias !== undefined) return this.byUrl.get(alias);
    let normal = this.spellings.get(url);
    if (normal === undefined) {
      normal = normaliseUrl(url) ?? '';
      if (this.spellings.size >= 100_000) this.spellings.clear();
      this.spellings.set(url, normal);
    }
    return normal === url ? undefined : this.byUrl.get(normal);
  }
}

/** The size an answer says it has (Content-Length), else what a GET read of it; undefined for a HEAD without one. */
function sizeOf(res: FetchResult): number | undefined {
  const length = res.headers['content-length'];
  if (length !== undefined && /^\s*\d+\s*$/.test(length)) return Number(length);
  return res.body.length > 0 ? res.body.length : undefined;
}

export interface LinkCheckOptions {
  host: string;
  /** Check targets on other hosts too (their robots.txt is not read: one HEAD each). */
  checkExternal: boolean;
  concurrency: number;
  externalConcurrency: number;
  /** Targets dropped from the crawl on purpose (too deep, a trap, over the limit): not checked either. */
  notFollowed: ReadonlySet<string>;
  /** Pages another shard of a sharded audit fetches (its status comes from there): not checked here. */
  elsewhere?: (url: string) => boolean;
  blockedBy(url: string): WebFacts['blockedBy'] | undefined;
}

/** Checks the link targets no page fetch answered for; the targets it checked, on the site's host and on others. */
export async function checkLinkTargets(session: WebSession, links: Iterable<string>, statuses: LinkStatuses, options: LinkCheckOptions): Promise<{ internal: string[]; external: string[] }> {
  const internal: string[] = [];
  const external: string[] = [];
  for (const link of links) {
    const url = normaliseUrl(link);
    if (url === undefined || statuses.byUrl.has(url) || options.notFollowed.has(url) || options.elsewhere?.(url)) continue;
    if (new URL(url).host === options.host) {
      if (options.blockedBy(url) === undefined) internal.push(url);
    } else if (options.checkExternal) {
      external.push(url);
    }
  }
  // Internal targets are not followed into what robots.txt disallows.
  const followInternal = (next: string): string | undefined => {
    const u = normaliseUrl(next);
    const blocked = u === undefined ? undefined : options.blockedBy(u);
    return blocked ? `robots.txt disallows it (${blocked.robotsUrl} line ${blocked.line}: ${blocked.rule})` : undefined;
  };
  const check = async (url: string): Promise<void> => {
    if (session.isStopped()) return;
    const follow = new URL(url).host === options.host ? followInternal : undefined;
    let res = await session.fetch(url, { method: 'HEAD', ...(follow ? { follow } : {}) });
    // Some servers answer HEAD wrongly (405, 501, even 404): any failure is asked again with GET,
    // so a link is called broken only on what a browser would get.
    if (!session.isStopped() && !res.notFollowed && (res.status === 0 || res.status >= 400)) res = await session.fetch(url, { ...(follow ? { follow } : {}) });
    if (!session.isStopped()) statuses.record(url, res);
  };
  await Promise.all([runAll(internal, options.concurrency, check), runAll(external, Math.max(1, options.externalConcurrency), check)]);
  return { internal, external };
}

export async function runAll<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
