import { collapse } from '../page/extract.js';
import { canonicalTarget, isIndexable } from '../page/indexable.js';
import { words } from '../page/text.js';
import type { Page } from '../page/types.js';
import { detach } from './detach.js';
import { minhash } from './minhash.js';

/** What site rules know of one page: short strings and a signature, never the HTML. */
export interface IndexedPage {
  url: string;
  indexable: boolean;
  title?: string;
  description?: string;
  h1?: string;
  canonical?: string;
  /** Absolute hreflang alternates (lang, url). */
  alternates: { lang: string; url: string }[];
  wordCount: number;
  /** MinHash of the main text's word shingles; absent for pages too short to compare. */
  signature?: Uint32Array;
}

/** Pages shorter than this are left to content-thin rather than compared for duplication. */
export const MIN_WORDS_FOR_SIGNATURE = 50;

/** The compact index site rules read, built while pages stream through the engine. */
export class SiteIndex {
  readonly pages: IndexedPage[] = [];

  add(page: Page): void {
    this.pages.push(indexEntry(page));
  }

  push(entry: IndexedPage): void {
    this.pages.push(entry);
  }

  /** Indexable pages grouped by a normalised field value; only groups of two or more. */
  duplicatesBy(field: 'title' | 'description' | 'h1'): IndexedPage[][] {
    const groups = new Map<string, IndexedPage[]>();
    for (const p of this.pages) {
      const value = p[field];
      if (!p.indexable || !value) continue;
      const key = value.toLowerCase();
      const g = groups.get(key);
      if (g) g.push(p);
      else groups.set(key, [p]);
    }
    return [...groups.values()].filter((g) => g.length > 1);
  }
}

/** The index entry of one page: a few detached short strings and a signature. */
export function indexEntry(page: Page): IndexedPage {
  const entry: IndexedPage = {
    url: detach(page.url),
    indexable: isIndexable(page),
    alternates: page.hreflang.flatMap((h) => (h.url ? [{ lang: detach(h.lang.trim().toLowerCase()), url: detach(h.url) }] : [])),
    wordCount: page.wordCount,
  };
  if (page.title) entry.title = detach(page.title);
  if (page.meta.description) entry.description = detach(page.meta.description);
  const h1 = page.headings.find((h) => h.level === 1 && h.text !== '');
  if (h1) entry.h1 = detach(collapse(h1.text));
  const canonical = canonicalTarget(page);
  if (canonical) entry.canonical = detach(canonical);
  if (entry.indexable && page.wordCount >= MIN_WORDS_FOR_SIGNATURE) entry.signature = minhash(words(page.text));
  return entry;
}
