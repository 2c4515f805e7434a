import { collapse } from '../page/extract.js';
import { canonicalTarget, isIndexable, sameUrl } from '../page/indexable.js';
import { words } from '../page/text.js';
import type { LinkTargetStatus, Page } from '../page/types.js';
import { detach, intern } from '../page/detach.js';
import { normaliseEscapes } from '../page/normalise-url.js';
import { safeUrl } from '../page/urls.js';
import { BAND_ROWS, minhash, NUM_HASHES } from './minhash.js';

/** What site rules know of one page: short strings and a signature, never the HTML. */
export interface IndexedPage {
  url: string;
  indexable: boolean;
  title?: string;
  description?: string;
  h1?: string;
  /** The canonical URL, only when it names another page (self-canonical pages are the norm). */
  canonical?: string;
  /** `<html lang>`, trimmed, when the page has one. */
  lang?: string;
  /** Absolute hreflang alternates (lang, url). */
  alternates: { lang: string; url: string }[];
  wordCount: number;
  /** Over HTTP: the page's HTTP status (absent when robots.txt kept us from fetching it). */
  status?: number;
  /**
   * Over HTTP: every distinct http(s) link target of the page's `<a href>`s, without fragment,
   * in document order; the crawler follows them and web rules check them.
   */
  links?: string[];
  /** Over HTTP: every distinct http(s) image of the page's `<img src>`, absolute, without fragment. */
  images?: string[];
  /** Over HTTP: a hash of the main text, lower-cased and white space collapsed (soft-404 compares it with the site's 404 page). */
  textHash?: number;
}

/** What an HTTP source learned of the site beyond its pages; plain data for the web rules. */
export interface WebSite {
  /** Status of a URL fetched or checked in the run (pages and link targets), without fragment. */
  status(url: string): LinkTargetStatus | undefined;
  /** robots.txt of each host visited. `status` 0: no answer. */
  robots: { url: string; status: number; problems: { line: number; text: string; message: string }[] }[];
  /** /llms.txt of each host visited; `text` when it answered 200. */
  llms: { url: string; status: number; text?: string }[];
  /** Every URL listed in the sitemaps read. */
  sitemapUrls: ReadonlySet<string>;
  /**
   * Links were followed from pages (a crawl) to the end: no page limit, pattern or trap cut the
   * crawl short and it was not stopped, so a page no crawled page links to is really unlinked.
   */
  crawled: boolean;
  /** The crawl's start URL (absent for a sitemap's pages): where click depth counts from. */
  start?: string;
  /** What the site answered for a URL that cannot exist, when it was asked (soft-404). */
  notFound?: NotFoundProbe;
}

/** The answer to a URL no site has: its status, where it redirected, and its text's fingerprints when it was an error page. */
export interface NotFoundProbe {
  url: string;
  status: number;
  /** Where a redirect pointed (it was not followed). */
  location?: string;
  /** textHash of the error page's main text, when it has words. */
  textHash?: number;
  /** MinHash of the error page's text, when it is long enough to compare. */
  signature?: Uint32Array;
}

/** One page as a page checker hands it over: the entry, and its MinHash signature if it has one. */
export interface IndexEntry {
  page: IndexedPage;
  /** MinHash of the main text's word shingles; absent for pages too short to compare. */
  signature?: Uint32Array;
}

/** Pages shorter than this are left to content-thin rather than compared for duplication. */
export const MIN_WORDS_FOR_SIGNATURE = 50;

/** The compact index site rules read, built while pages stream through the engine. */
export class SiteIndex {
  readonly pages: IndexedPage[] = [];
  /** Facts about the site as fetched, when pages came over HTTP; set before site rules run. */
  web?: WebSite;
  /** Every signature in one array: a typed array per page would cost more than its 256 bytes. */
  private signatures = new Uint32Array(NUM_HASHES * 1024);
  private slots: number[] = [];
  private used = 0;

  add(page: Page): void {
    this.push(indexEntry(page));
  }

  push({ page, signature }: IndexEntry): void {
    // Every page repeats the site's menu links, and pages checked in worker threads arrive with
    // their own copies of each string: one copy per URL keeps a 100-link page at ~1 KB, not ~10.
    if (page.links) page.links = page.links.map((url) => this.oneCopy(url));
    this.pages.push(page);
    if (!signature) {
      this.slots.push(-1);
      return;
    }
    if ((this.used + 1) * NUM_HASHES > this.signatures.length) {
      const grown = new Uint32Array(this.signatures.length * 2);
      grown.set(this.signatures);
      this.signatures = grown;
    }
    this.signatures.set(signature, this.used * NUM_HASHES);
    this.slots.push(this.used++);
  }

  private readonly urls = new Map<string, string>();

  private oneCopy(url: string): string {
    const kept = this.urls.get(url);
    if (kept !== undefined) return kept;
    this.urls.set(url, url);
    return url;
  }

  hasSignature(i: number): boolean {
    return (this.slots[i] ?? -1) >= 0;
  }

  /** Estimated Jaccard similarity of two pages' texts, read in place (no views: site rules call this a lot). */
  similarity(i: number, j: number): number {
    const a = this.slots[i]! * NUM_HASHES;
    const b = this.slots[j]! * NUM_HASHES;
    const sig = this.signatures;
    let same = 0;
    for (let k = 0; k < NUM_HASHES; k++) if (sig[a + k] === sig[b + k]) same++;
    return same / NUM_HASHES;
  }

  /** Estimated Jaccard similarity of the i-th page's text and another signature; 0 when the page has none. */
  similarityTo(i: number, signature: Uint32Array): number {
    if (!this.hasSignature(i)) return 0;
    const a = this.slots[i]! * NUM_HASHES;
    let same = 0;
    for (let k = 0; k < NUM_HASHES; k++) if (this.signatures[a + k] === signature[k]) same++;
    return same / NUM_HASHES;
  }

  /** The LSH key of one band of the i-th page's signature. */
  bandHash(i: number, band: number): number {
    const start = this.slots[i]! * NUM_HASHES + band * BAND_ROWS;
    let h = 0x811c9dc5;
    for (let r = 0; r < BAND_ROWS; r++) h = Math.imul(h ^ this.signatures[start + r]!, 0x01000193);
    return h >>> 0;
  }

  /**
   * Each page's hreflang set, as the pages of the run link them (one naming another is enough, and
   * a version linked through a third is in the same set): a function giving a page its set's key.
   */
  private hreflangSets(): (page: IndexedPage) => IndexedPage | undefined {
    const parent = new Map<IndexedPage, IndexedPage>();
    const root = (p: IndexedPage): IndexedPage => {
      let r = p;
      while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
      parent.set(p, r);
      return r;
    };
    const byUrl = new Map(this.pages.map((p) => [p.url, p]));
    for (const page of this.pages) {
      for (const alt of page.alternates) {
        const other = byUrl.get(alt.url);
        if (other === undefined || other === page) continue;
        parent.set(root(page), root(other));
      }
    }
    return (page) => (parent.has(page) ? root(page) : undefined);
  }

  /**
   * Indexable pages grouped by a normalised field value; only groups of two or more. Pages that
   * name each other as hreflang alternates are localized versions of one page, not duplicates
   * (Google: content for different languages or regions is no duplicate when hreflang declares it):
   * each page's `others` leaves them out, and a page whose group holds only its own versions is in none.
   */
  duplicatesBy(field: 'title' | 'description' | 'h1'): { page: IndexedPage; others: IndexedPage[] }[][] {
    const groups = new Map<string, IndexedPage[]>();
    for (const p of this.pages) {
      const value = p[field];
      if (!p.indexable || !value) continue;
      const key = value.toLowerCase();
      const g = groups.get(key);
      if (g) g.push(p);
      else groups.set(key, [p]);
    }
    const out: { page: IndexedPage; others: IndexedPage[] }[][] = [];
    const set = this.hreflangSets();
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const members = group.flatMap((page) => {
        const own = set(page);
        const others = group.filter((o) => o !== page && (own === undefined || set(o) !== own));
        return others.length > 0 ? [{ page, others }] : [];
      });
      if (members.length > 0) out.push(members);
    }
    return out;
  }
}

/** The index entry of one page: a few detached short strings and a signature. */
export function indexEntry(page: Page): IndexEntry {
  const entry: IndexedPage = {
    url: detach(page.url),
    indexable: isIndexable(page),
    alternates: page.hreflang.flatMap((h) => (h.url ? [{ lang: detach(h.lang.trim().toLowerCase()), url: detach(h.url) }] : [])),
    wordCount: page.wordCount,
  };
  const lang = page.lang?.trim();
  if (lang) entry.lang = detach(lang);
  if (page.title) entry.title = detach(page.title);
  if (page.meta.description) entry.description = detach(page.meta.description);
  const h1 = page.headings.find((h) => h.level === 1 && h.text !== '');
  if (h1) entry.h1 = detach(collapse(h1.text));
  const canonical = canonicalTarget(page);
  if (canonical && !sameUrl(canonical, page.url)) entry.canonical = detach(canonical);
  if (page.web) {
    if (page.status !== undefined) entry.status = page.status;
    entry.links = linkTargets(page);
    entry.images = imageUrls(page);
    entry.textHash = textHash(page.text);
  }
  if (entry.indexable && page.wordCount >= MIN_WORDS_FOR_SIGNATURE) return { page: entry, signature: minhash(words(page.text)) };
  return { page: entry };
}

/** Distinct http(s) image URLs of a page's `<img src>`, each string kept once. */
function imageUrls(page: Page): string[] {
  const out = new Set<string>();
  for (const image of page.images) {
    const u = safeUrl(image.src.replace(/[\t\n\r]/g, ''), page.url);
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) continue;
    u.hash = '';
    out.add(intern(normaliseEscapes(u.href)));
  }
  return [...out];
}

/** FNV-1a of the text as a reader sees it: case and runs of white space do not count. */
export function textHash(text: string): number {
  const normal = collapse(text).toLowerCase();
  let h = 0x811c9dc5;
  for (let i = 0; i < normal.length; i++) h = Math.imul(h ^ normal.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Distinct http(s) targets of a page's links, fragment removed, each string kept once site-wide. */
function linkTargets(page: Page): string[] {
  const out = new Set<string>();
  for (const link of page.links) {
    const url = link.url;
    if (url === undefined || !(url.startsWith('http://') || url.startsWith('https://'))) continue;
    const hash = url.indexOf('#');
    out.add(intern(normaliseEscapes(hash === -1 ? url : url.slice(0, hash))));
  }
  return [...out];
}
