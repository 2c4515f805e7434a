import type { Page, PageInput } from '../page/types.js';
import type { MissingFacts } from '../engine/applicability.js';
import type { IndexedPage, WebSite } from '../engine/site-index.js';
import type { LinkCheckSpec } from './link-check.js';

/** A page that could not be read or used; the run goes on without it. */
export interface SourceError {
  /** The file or URL the problem is in (a file's line after a colon, as `file:line`, when at one). */
  origin: string;
  /** The physical line of the file the problem is on (a CSV row, a sitemap entry), as a number: never parsed back out of `origin`. */
  line?: number;
  url?: string;
  message: string;
}

export type SourceItem = { page: PageInput } | { error: SourceError };

/** Where pages come from: a stream of inputs, never all pages' HTML at once. */
export interface Source {
  kind: 'folder' | 'file' | 'sitemap' | 'crawl' | 'csv';
  /** The folder, file or URL the user named. */
  target: string;
  /** Pages came over HTTP (status, headers, link checks are facts). */
  http: boolean;
  /** The URL pages are resolved against, when the source has one. */
  baseUrl?: string;
  items(): AsyncIterable<SourceItem>;
  /** Fills page.linkTargets for the page's internal links. */
  checkLinks?(page: Page): void | Promise<void>;
  /** The same link check as data, for worker threads; absent when links are checked otherwise. */
  linkCheck?: LinkCheckSpec;
  /** The files on disk the source reads (pages, sitemaps), as planned before any page is read; absent over HTTP. */
  files?: readonly string[];
  /** How many pages the source will yield, when it knows. */
  size?: number;
  /** Things the user should know about the run as a whole (e.g. a guessed base URL). */
  notes: string[];
  /**
   * Why pages may be missing from the run though the site has them (a limit cut the crawl, a
   * sitemap could not be read), filled while items() runs. A baseline page missing from a run
   * with losses is not known to be removed, so the gate does not pass it as removed.
   */
  losses?: string[];
  /**
   * The page facts this source's pages cannot carry (a CSV row has no <head>), with why; absent
   * when they carry every fact. The rules that read one are left out and reported as not applicable.
   */
  lacks?: readonly MissingFacts[];
  /**
   * Told each page as it is checked, in source order: a crawler learns the page's links here
   * (pages are parsed once, by the audit, never by the source). Undefined when checking failed.
   */
  pageChecked?(url: string, page: IndexedPage | undefined): void;
  /** What was learned of the site beyond its pages, once items() is done (HTTP sources). */
  webSite?(): WebSite;
  /** Stop early (the audit's signal fired): items() ends soon, requests in flight are abandoned. */
  abort?(): void;
  /** Releases what the source holds (HTTP connections); the audit calls it when done with the source. */
  close?(): Promise<void>;
}

/** Input that cannot be used at all: the CLI prints the message and exits 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
