import type { Document } from 'domhandler';
/** What a source hands to extract(): the raw bytes of one page and where they came from. */
export interface PageInput {
  url: string;
  body: Uint8Array;
  /** HTTP status, when the page came over HTTP. */
  status?: number;
  /** Response headers, lower-case names. */
  headers?: Record<string, string>;
  /** Where the bytes were read from (a file path or the fetched URL), for messages. */
  origin?: string;
  /** When `body` is the page as Chromium rendered it: the HTML the server sent, to compare, and its Content-Type. */
  raw?: Uint8Array;
  rawContentType?: string;
  /** True when the source stopped reading at its byte cap. */
  truncated?: boolean;
  /** Target keywords known for this page (config, --keywords, a CSV column). */
  keywords?: string[];
  /** What the HTTP source knows of how the page was reached; absent for files. */
  web?: WebFacts;
}

/** One redirect followed on the way to a page or link target. */
export interface RedirectHop {
  url: string;
  status: number;
  location: string;
  /** Set when the hop is a `<meta http-equiv="refresh">` in a page that answered `status`, not a Location header. */
  via?: 'meta refresh';
}

/** How a page was reached over HTTP. */
export interface WebFacts {
  /** The URL asked for (from a sitemap or a link), when redirects led elsewhere. */
  requested?: string;
  /** Redirect hops followed from `requested` to the page; empty when it answered directly. */
  redirects: RedirectHop[];
  /** The page's URL, or the URL requested, is listed in a sitemap. */
  inSitemap: boolean;
  /**
   * robots.txt disallows the URL for our user agent, so it was not fetched (the page has no
   * body): where, and the matching rule as written.
   */
  blockedBy?: { robotsUrl: string; line: number; rule: string };
  /** Links followed from the start URL to reach the page; 0 for start and sitemap URLs. */
  depth?: number;
  /**
   * The staging or local address the page was fetched from (--base-url), when it is not the page's
   * public URL: the headers and timings are that server's.
   */
  servedFrom?: string;
  /**
   * Rendered in Chromium (--render): why, and what went wrong in it (console errors, refused or
   * failed requests). `failed`: rendering did not finish (timeout, crash), and the page is the HTML
   * the server sent, its first problem saying why. `redirect`: the page's script sent the browser
   * there (a redirect by JavaScript); the page is the HTML the server sent.
   */
  rendered?: { reason: string; problems: string[]; failed?: true; redirect?: string };
  /** Time to first byte of the page's answer, in milliseconds (the final request of a redirect chain). */
  ttfbMs?: number;
  /** Where a sitemap lists the page, and what it says of it (`lastmod`, `xhtml:link` alternates). */
  sitemap?: { url: string; line: number; lastmod?: string; alternates?: { hreflang: string; href: string }[] };
}

export interface MetaTag {
  name?: string;
  property?: string;
  httpEquiv?: string;
  content: string;
}

export interface Heading {
  level: 1 | 2 | 3 | 4 | 5 | 6;
  /** Text content with white space collapsed; images count by their alt text. */
  text: string;
}

export interface Link {
  /** The href exactly as written (trimmed). */
  href: string;
  /** Absolute URL, resolved against the base; undefined when href is not a valid URL. */
  url?: string;
  text: string;
  rel: string[];
  /** Same origin as the page. */
  internal: boolean;
  /** Its role attribute, when it has one: an `<a role="button">` is a control, not a link. */
  role?: string;
  /** Its name attribute, when it has one (an old-style fragment target). */
  name?: string;
}

/**
 * An `<a>` without an href. With an id or name it is a fragment target, with a role a control,
 * and with aria-current a placeholder for the current page; otherwise a link no crawler can follow.
 */
export interface PlaceholderLink {
  text: string;
  id?: string;
  name?: string;
  role?: string;
  /** aria-current, lower-cased. */
  ariaCurrent?: string;
  /** It carries an attribute that belongs to an href (target, rel, download…). */
  hrefAttributes: boolean;
}

export interface Image {
  src: string;
  /** undefined when the attribute is absent; '' when present and empty. */
  alt?: string;
  role?: string;
  /** Set when it has width and height attributes (or both, or an aspect ratio, in its style): its space is kept before it loads. */
  sized?: true;
}

export interface HreflangLink {
  /** The hreflang attribute exactly as written (not trimmed: a stray space makes it invalid). */
  lang: string;
  href: string;
  /** Absolute URL when href is absolute and valid. */
  url?: string;
}

export interface JsonLdBlock {
  raw: string;
  /** Parsed value, or undefined when the block does not parse. */
  value?: unknown;
  error?: string;
  /** It parses, but arrays and objects nest deeper than MAX_JSON_LD_DEPTH: `value` is left out, `error` says so. */
  tooDeep?: true;
}

export interface Robots {
  /** Directives that apply to all bots or to Googlebot, from meta tags and X-Robots-Tag. */
  directives: string[];
  /** noindex, none, or an unavailable_after date that has passed. */
  noindex: boolean;
  nofollow: boolean;
  /** The unavailable_after date that has passed, as written (it makes the page noindex). */
  unavailableAfter?: string;
}

/** The single parse of one page: plain data every rule reads. */
export interface Page {
  url: string;
  status?: number;
  headers: Record<string, string>;
  /** The character encoding the bytes were decoded with. */
  charset: string;
  /** Problems met while reading the page (truncation, undecodable bytes). */
  warnings: string[];
  /** `<html lang>` as written, undefined when absent. */
  lang?: string;
  /** Every document `<title>` (not those inside `<svg>`), white space collapsed. */
  titles: string[];
  /** The first title, as browsers and search engines use it. */
  title?: string;
  meta: {
    /** Every `<meta name="description">` content, white space collapsed. */
    descriptions: string[];
    description?: string;
    viewport?: string;
    /** og:* properties, first value wins. */
    og: Record<string, string>;
    all: MetaTag[];
  };
  /** `<link rel="canonical">` hrefs as written, in document order. */
  canonicals: string[];
  robots: Robots;
  hreflang: HreflangLink[];
  headings: Heading[];
  links: Link[];
  /** `<a>` elements without an href. */
  placeholderLinks: PlaceholderLink[];
  /** The DOM as a browser builds it: how many elements, and the ids more than one element has. */
  markup: { elements: number; duplicateIds: string[] };
  /** Head elements met in the body, where search engines ignore them: "title", "meta description", "meta robots". */
  outsideHead: string[];
  /** `<picture>` elements without the `<img>` they need to show anything. */
  picturesWithoutImg: number;
  /** The src of every `<script>` and `<iframe>`, as written. */
  resources: { tag: 'script' | 'iframe'; src: string }[];
  /** Every `<form>`'s action as written ('' when absent: the form posts to the page itself). */
  forms: { action: string }[];
  /** `<input type="password">` fields on the page. */
  passwordFields: number;
  images: Image[];
  jsonLd: JsonLdBlock[];
  /** Visible text of the main content (main/article, else body minus nav/header/footer/aside). */
  text: string;
  /** The share (0 to 1) of `text`'s characters inside data-nosnippet elements, which Google keeps out of snippets. */
  snippetHidden: number;
  /** Words in `text`, counted with Intl.Segmenter. */
  wordCount: number;
  /** Target keywords for this page, when known. */
  keywords?: string[];
  /** Size of the body in bytes as read. */
  bytes: number;
  /**
   * Status of internal link targets, filled by the source (a folder source checks files,
   * the crawler fetches); keyed by absolute URL without fragment. Absent when not checked.
   */
  linkTargets?: Record<string, LinkTargetStatus>;
  /** How the page was reached, when it came over HTTP. */
  web?: WebFacts;
  /**
   * A rendered page (--render) as the server sent it, before JavaScript ran: what crawlers that run
   * no JavaScript (and LLMs) read. The js-* rules compare it with the rendered page.
   */
  beforeJs?: BeforeJs;
  /** The document tree from the same parse, only when asked for (a config's selector checks or extraction). */
  dom?: Document;
}

export interface LinkTargetStatus {
  ok: boolean;
  /** HTTP status when known. */
  status?: number;
  /** Where the target redirects to, when it does. */
  location?: string;
  /** Why it failed, for messages. */
  reason?: string;
  /** Its size in bytes as served: the answer's Content-Length, or the bytes a GET read. */
  bytes?: number;
}

/** The facts of a page's HTML before JavaScript ran, beside the rendered page's. */
export interface BeforeJs {
  title?: string;
  description?: string;
  canonicals: string[];
  /** Robots directives (meta robots and X-Robots-Tag), as the rendered page's are read. */
  robots: string[];
  /** Internal link targets, absolute, without fragment. */
  links: string[];
  /** The main text. */
  text: string;
}
