import { safeUrl } from '../page/urls.js';
import type { Page } from '../page/types.js';
import type { IndexedPage, SiteIndex } from './site-index.js';

/**
 * The page a finding about a host-wide file (robots.txt, llms.txt) is reported against: the
 * home page `origin/` when the run has it, else the first page of that origin; undefined when
 * the run has no page of that origin (nothing to report against).
 */
export function homePage(index: SiteIndex, fileUrl: string): IndexedPage | undefined {
  const origin = safeUrl(fileUrl)?.origin;
  if (origin === undefined || origin === 'null') return undefined;
  let first: IndexedPage | undefined;
  for (const page of index.pages) {
    const u = safeUrl(page.url);
    if (u?.origin !== origin) continue;
    if (u.pathname === '/' && u.search === '') return page;
    first ??= page;
  }
  return first;
}

/**
 * The page answered 2xx over HTTP. Only such pages' links count: an error page's content is not
 * judged (the engine runs no content rules on it) and search engines do not follow its links.
 */
export function answeredOk(page: IndexedPage): boolean {
  return page.status !== undefined && page.status >= 200 && page.status <= 299;
}

/** "the sitemap", or, when the source knows, which sitemap and line: for messages. */
export function listedIn(page: Page): string {
  const where = page.web?.sitemap;
  return where ? `the sitemap (${where.url} line ${where.line})` : 'the sitemap';
}
