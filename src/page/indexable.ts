import { safeUrl } from './urls.js';
import type { Page } from './types.js';

/** The page's canonical target as an absolute URL (first declared), or undefined. */
export function canonicalTarget(page: Page): string | undefined {
  const href = page.canonicals[0];
  if (href === undefined || href === '') return undefined;
  const u = safeUrl(href, page.url);
  if (!u) return undefined;
  u.hash = '';
  return u.href;
}

export function sameUrl(a: string, b: string): boolean {
  const ua = safeUrl(a);
  const ub = safeUrl(b);
  if (!ua || !ub) return a === b;
  ua.hash = '';
  ub.hash = '';
  return ua.href === ub.href;
}

/**
 * A page search engines may index: answered 2xx (or came from a file), not noindex,
 * and canonical to itself or to nothing.
 */
export function isIndexable(page: Page): boolean {
  if (page.web?.blockedBy) return false;
  if (page.status !== undefined && (page.status < 200 || page.status > 299)) return false;
  if (page.robots.noindex) return false;
  const canonical = canonicalTarget(page);
  return canonical === undefined || sameUrl(canonical, page.url);
}
