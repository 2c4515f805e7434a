// Comparing a rendered page with its HTML before JavaScript ran (Page.beforeJs): shared by the
// js-* rules.
import { words } from './text.js';
import type { Page } from './types.js';

/** What a text field was before JavaScript and is after, when they differ (white space and case aside for "same"). */
export function changed(before: string | undefined, after: string | undefined): { before?: string; after?: string } | undefined {
  const norm = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
  if (norm(before) === norm(after)) return undefined;
  return { ...(before !== undefined && norm(before) !== '' ? { before: norm(before) } : {}), ...(after !== undefined && norm(after) !== '' ? { after: norm(after) } : {}) };
}

/** The share (0 to 1) of the rendered main text's words that the HTML before JavaScript already has: what crawlers without JavaScript read. */
export function wordShareBeforeJs(page: Page): number | undefined {
  if (!page.beforeJs) return undefined;
  const after = words(page.text.toLowerCase());
  if (after.length === 0) return 1;
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
  if (change.after === undefined) return `JavaScript removes ${what} "${change.before}" the HTML the server sends has.`;
  return `JavaScript changes ${what} from "${change.before}" to "${change.after}".`;
}
