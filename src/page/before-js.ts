// Comparing a rendered page with its HTML before JavaScript ran (Page.beforeJs): shared by the
// js-* rules.
import { words } from './text.js';
import type { Page } from './types.js';

/** What a text field was before JavaScript and is after, when they differ (white space aside: a change of case is a change). */
export function changed(before: string | undefined, after: string | undefined): { before?: string; after?: string } | undefined {
  const norm = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
  if (norm(before) === norm(after)) return undefined;
  return { ...(before !== undefined && norm(before) !== '' ? { before: norm(before) } : {}), ...(after !== undefined && norm(after) !== '' ? { after: norm(after) } : {}) };
}

/**
 * The canonical before JavaScript and after, when they name different URLs: each resolved against
 * the page's URL (a relative "/a" and an absolute "https://site/a" are the same canonical), all of
 * them compared (JavaScript adding a second, different one is a change too). Shown as written.
 */
export function canonicalChange(page: Page): { before?: string; after?: string } | undefined {
  if (!page.beforeJs) return undefined;
  const resolved = (hrefs: string[]): string => [...new Set(hrefs.map((h) => resolveCanonical(h, page.url)))].sort().join(' ');
  if (resolved(page.beforeJs.canonicals) === resolved(page.canonicals)) return undefined;
  const shown = (hrefs: string[]): string | undefined => (hrefs.length === 0 ? undefined : hrefs.map((h) => h.trim()).join(', '));
  const before = shown(page.beforeJs.canonicals);
  const after = shown(page.canonicals);
  return { ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
}

function resolveCanonical(href: string, base: string): string {
  try {
    const url = new URL(href.trim(), base);
    url.hash = '';
    return url.href;
  } catch {
    return href.trim();
  }
}

/** The share (0 to 1) of the rendered main text's words that the HTML before JavaScript already has: what crawlers without JavaScript read. */
export function wordShareBeforeJs(page: Page): number | undefined {
  if (!page.beforeJs) return undefined;
  const after = words(page.text.toLowerCase());
  // A rendered page without text has no share to give (an app shell whose data failed to load).
  if (after.length === 0) return undefined;
  const before = new Map<string, number>();
  for (const w of words(page.beforeJs.text.toLowerCase())) before.set(w, (before.get(w) ?? 0) + 1);
  let seen = 0;
  for (const w of after) {
    const n = before.get(w) ?? 0;
    if (n > 0) {
      seen++;
      before.set(w, n - 1);
    }
  }
  return seen / after.length;
}

/** "the title" changed by JavaScript, as a sentence: added, removed or changed, with the values. */
export function changeSentence(what: string, change: { before?: string; after?: string }): string {
  if (change.before === undefined) return `JavaScript adds ${what} "${change.after!}"; the HTML the server sends has none.`;
  if (change.after === undefined) return `JavaScript removes ${what} "${change.before}" that the HTML the server sends has.`;
  return `JavaScript changes ${what} from "${change.before}" to "${change.after}".`;
}
