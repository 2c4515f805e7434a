import { existsSync, statSync } from 'node:fs';
import type { LinkTargetStatus, Page } from '../page/types.js';
import { fileForUrl } from './folder-urls.js';

/** How a source checks link targets, as plain data, so a worker thread can build the same checker. */
export type LinkCheckSpec = { kind: 'folder'; root: string; baseUrl: string };

/** Link targets remembered across pages; the cache starts over when it is full. */
const LINK_CACHE_SIZE = 20_000;

/**
 * A checker that fills page.linkTargets for internal links on the base URL's host, asking
 * `status` once per target (no fragment, no query) and remembering the answer across pages,
 * since every page repeats the site's navigation.
 */
export function cachedLinkChecker(baseUrl: string, status: (target: URL) => LinkTargetStatus): (page: Page) => void {
  // host, not hostname: another port is another site.
  const baseHost = new URL(baseUrl).host;
  const checked = new Map<string, { key: string; status: LinkTargetStatus } | null>();
  const checkTarget = (url: string): { key: string; status: LinkTargetStatus } | null => {
    const u = new URL(url);
    if (u.host !== baseHost) return null;
    u.hash = '';
    u.search = '';
    return { key: u.href, status: status(u) };
  };
  return (page) => {
    const targets: NonNullable<Page['linkTargets']> = {};
    for (const link of page.links) {
      if (!link.internal || !link.url) continue;
      let entry = checked.get(link.url);
      if (entry === undefined) {
        entry = checkTarget(link.url);
        if (checked.size >= LINK_CACHE_SIZE) checked.clear();
        checked.set(link.url, entry);
      }
      if (entry) targets[entry.key] = entry.status;
    }
    page.linkTargets = targets;
  };
}

/** Fills page.linkTargets for the page's internal links, from the spec. */
export function linkChecker(spec: LinkCheckSpec): (page: Page) => void {
  const { root, baseUrl } = spec;
  const exists = new Map<string, boolean>();
  const fileExists = (file: string): boolean => {
    let e = exists.get(file);
    if (e === undefined) {
      e = existsSync(file) && statSync(file).isFile();
      if (exists.size >= LINK_CACHE_SIZE) exists.clear();
      exists.set(file, e);
    }
    return e;
  };
  return cachedLinkChecker(baseUrl, (u) =>
    fileForUrl(root, baseUrl, u.href, fileExists) ? { ok: true } : { ok: false, reason: `no file for ${u.pathname} in the folder` },
  );
}
