import type { Page } from '../page/types.js';
import type { IndexedPage, SiteIndex } from './site-index.js';

/**
 * What a page rule reads of a page, named as a user thinks of a page rather than by the model's
 * properties. Every page rule declares its facts (`reads`); a test runs each rule over real pages
 * with every property read recorded, and fails when a rule reads a fact it does not declare.
 *
 * - title: the <title> elements
 * - meta: the meta descriptions
 * - head: the rest of the head: lang, charset, canonicals, robots, hreflang, viewport, Open Graph, every meta tag;
 *   and the head's markup as such: a rule that judges how many <title> or description elements a
 *   page has declares it besides title or meta (a source with a title but no real head, a CSV row,
 *   cannot feed it)
 * - h1: the level-1 headings only (a rule that declares it reads the headings list, and a test
 *   checks its findings do not change when every other heading is taken away)
 * - headings: the headings of every level
 * - content: the main text and its word count, and the DOM's size and ids
 * - links, images, structured-data (JSON-LD blocks)
 * - http: status, headers, link target statuses, how the page was reached
 * - size: the page's size in bytes (a rewritten title changes it, nothing else of the body)
 * - keywords: the page's target keywords
 *
 * The URL is no fact: every page has one. The page's warnings are not for rules to read (the
 * engine reports them), and the recording below reports a read of them as unknown.
 */
/** Every fact a rule may declare it reads. */
export const FACTS = ['title', 'meta', 'head', 'h1', 'headings', 'content', 'links', 'images', 'structured-data', 'http', 'size', 'keywords'] as const;
export type Fact = (typeof FACTS)[number];

type MetaKey = keyof Page['meta'];
type TopKey = Exclude<keyof Page, 'url' | 'warnings' | 'meta'>;

/** The fact each property of the page model belongs to (the meta object by its own properties). */
export const FACT_OF_PROPERTY: Readonly<Record<TopKey, Fact>> = {
  titles: 'title',
  title: 'title',
  lang: 'head',
  charset: 'head',
  canonicals: 'head',
  robots: 'head',
  hreflang: 'head',
  headings: 'headings',
  text: 'content',
  wordCount: 'content',
  links: 'links',
  placeholderLinks: 'links',
  markup: 'content',
  snippetHidden: 'content',
  // The whole document: a rule reading it declares what its selectors reach (head, content).
  dom: 'content',
  // What the server sent before JavaScript ran: only a rendered page over HTTP has it.
  beforeJs: 'http',
  outsideHead: 'head',
  picturesWithoutImg: 'images',
  resources: 'content',
  forms: 'content',
  passwordFields: 'content',
  images: 'images',
  jsonLd: 'structured-data',
  status: 'http',
  headers: 'http',
  bytes: 'size',
  linkTargets: 'http',
  web: 'http',
  keywords: 'keywords',
};

export const FACT_OF_META: Readonly<Record<MetaKey, Fact>> = {
  descriptions: 'meta',
  description: 'meta',
  viewport: 'head',
  og: 'head',
  all: 'head',
};

/**
 * The fact each property of a site index entry (IndexedPage) comes from, for site rules. The URL
 * is no fact, and neither is `indexable`: a page with no head or headers to say otherwise is.
 */
export const FACT_OF_INDEXED: Readonly<Record<Exclude<keyof IndexedPage, 'url' | 'indexable'>, Fact>> = {
  title: 'title',
  description: 'meta',
  h1: 'h1',
  canonical: 'head',
  lang: 'head',
  alternates: 'head',
  wordCount: 'content',
  status: 'http',
  links: 'links',
  images: 'images',
  textHash: 'content',
};

/** Whether a rule that declares `declared` may read a property of fact `fact` (h1 may read the headings list). */
export function covers(declared: readonly Fact[], fact: Fact): boolean {
  return declared.includes(fact) || (fact === 'headings' && declared.includes('h1'));
}

/**
 * The page, wrapped so that every property read is recorded as its fact in `into`. Reads of
 * properties the maps above do not name are recorded as "unknown:<name>", so a property added to
 * the model cannot go unclassified.
 */
export function recordingPage(page: Page, into: Set<string>): Page {
  // The page's warnings are the engine's to report, not a rule's to read: a read is "unknown".
  const top = (key: string): void => void (key !== 'url' && key !== 'meta' && into.add(FACT_OF_PROPERTY[key as TopKey] ?? `unknown:${key}`));
  const meta = new Proxy(page.meta, {
    get(target, key, receiver) {
      if (typeof key === 'string') into.add(FACT_OF_META[key as MetaKey] ?? `unknown:meta.${key}`);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') into.add(FACT_OF_META[key as MetaKey] ?? `unknown:meta.${key}`);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      into.add('unknown:(every meta property)');
      return Reflect.ownKeys(target);
    },
  });
  return new Proxy(page, {
    get(target, key, receiver) {
      if (key === 'meta') return meta;
      if (typeof key === 'string') top(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') top(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      into.add('unknown:(every property)');
      return Reflect.ownKeys(target);
    },
  });
}

/** The site index's methods that read the pages' main text (their MinHash signatures). */
const CONTENT_METHODS = new Set(['similarity', 'similarityTo', 'hasSignature', 'bandHash']);
const FIELD_FACT: Readonly<Record<'title' | 'description' | 'h1', Fact>> = { title: 'title', description: 'meta', h1: 'h1' };

/**
 * The site index, wrapped as recordingPage wraps a page: each entry's properties are recorded as
 * their facts (FACT_OF_INDEXED), the signature methods as content, duplicatesBy as its field's
 * fact, and the web facts as http. Anything else is "unknown:<name>".
 */
export function recordingIndex(index: SiteIndex, into: Set<string>): SiteIndex {
  const entry = (page: IndexedPage): IndexedPage =>
    new Proxy(page, {
      get(target, key, receiver) {
        if (typeof key === 'string' && key !== 'url' && key !== 'indexable') into.add(FACT_OF_INDEXED[key as keyof typeof FACT_OF_INDEXED] ?? `unknown:index.${key}`);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  const pages = index.pages.map(entry);
  return new Proxy(index, {
    get(target, key) {
      if (key === 'pages') return pages;
      if (key === 'web') {
        into.add('http');
        return target.web;
      }
      if (typeof key === 'string' && CONTENT_METHODS.has(key)) {
        into.add('content');
        return (Reflect.get(target, key) as (...a: unknown[]) => unknown).bind(target);
      }
      if (key === 'duplicatesBy') {
        return (field: 'title' | 'description' | 'h1') => {
          into.add(FIELD_FACT[field]);
          // Which pages are each other's hreflang alternates is part of what a duplicate is (the
          // engine's decision, not the rule's): read unrecorded, as the index groups by the field.
          return target.duplicatesBy(field).map((group) => group.map(({ page, others }) => ({ page: entry(page), others: others.map(entry) })));
        };
      }
      into.add(`unknown:index.${String(key)}`);
      return Reflect.get(target, key) as unknown;
    },
  });
}
