import { Parser } from 'htmlparser2';
import { decodeHtml } from './decode.js';
import { detach } from './detach.js';
import { MAX_JSON_LD_DEPTH, nestsDeeperThan } from './json-depth.js';
import { robotsFrom } from './robots.js';
import { countWords } from './text.js';
import type { Heading, HreflangLink, Image, JsonLdBlock, Link, MetaTag, Page, PageInput } from './types.js';

/** Elements whose text is never visible. */
const INVISIBLE = new Set(['script', 'style', 'noscript', 'template', 'head']);
/** Page chrome left out of the content when there is no main/article. */
const CHROME = new Set(['nav', 'header', 'footer', 'aside']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary']);
/** Inline elements: text on either side of them joins without a space. */
const INLINE = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i',
  'ins', 'kbd', 'label', 'mark', 'nobr', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup',
  'time', 'tt', 'u', 'var', 'wbr',
]);
/** Elements that may sit in `<head>`; any other element (or text) there starts the body, as in browsers. */
const HEAD_CONTENT = new Set([
  'base', 'basefont', 'bgsound', 'link', 'meta', 'noframes', 'noscript', 'script', 'style', 'template', 'title',
]);
const HEADING_LEVEL: Record<string, Heading['level']> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
/**
 * Elements open at once, at most. htmlparser2 keeps its open elements at the front of an array
 * (unshift/shift, and indexOf for an end tag), so each tag costs time in proportion to the depth:
 * 200,000 nested <div>s took 23 s, 800,000 never ended. Chromium's parser stops nesting at 512
 * (kMaximumHTMLParserDOMTreeDepth: deeper elements become siblings), and so do we.
 */
export const MAX_DEPTH = 512;
/** Elements htmlparser2 keeps a second stack for (foreign content and its HTML islands): never flattened. */
const FOREIGN_CONTEXT = new Set(['svg', 'math', 'mi', 'mo', 'mn', 'ms', 'mtext', 'foreignobject', 'desc', 'title', 'annotation-xml']);
/** The HTML goes to the parser in pieces this long, so a time budget is checked between them. */
const PARSE_CHUNK = 64 * 1024;

/** Thrown by extractPage when its deadline passes mid-page: the page is not audited (a timer cannot fire while it parses). */
export class ParseStopped extends Error {
  constructor(readonly url: string) {
    super(`${url}: the time budget ran out while this page was parsed`);
    this.name = 'ParseStopped';
  }
}

export interface ExtractOptions {
  /** A Date.now() time: past it, parsing stops with ParseStopped. */
  deadline?: number;
  /** False: wordCount is left 0, for a caller that wants only the text (segmenting it costs more than parsing it). */
  countWords?: boolean;
}

/** White space as `\s` knows it (JavaScript's definition, NBSP included). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** White space runs become one space, ends trimmed. Most short texts are clean already: a scan, no copy. */
export function collapse(s: string): string {
  let previousSpace = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return collapseSlow(s);
      previousSpace = true;
    } else if (c < 33 ? c >= 9 && c <= 13 : c >= 0xa0 && isSpace(c)) {
      return collapseSlow(s);
    } else {
      previousSpace = false;
    }
  }
  return previousSpace && s.length > 0 ? collapseSlow(s) : s;
}

function collapseSlow(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

interface Frame {
  name: string;
  /** What closing this element undoes. */
  invisible: boolean;
  chrome: boolean;
  main: boolean;
  article: boolean;
  foreign: boolean;
  /** The open `<head>`, until it closes or body content ends it. */
  head: boolean;
  /** `<template>`: its content is inert, not part of the document browsers and crawlers see. */
  inert: boolean;
  /**
   * Elements flattened away past MAX_DEPTH that sit just above this one, outermost first: still
   * open in the document, so their closing tags close them, not an element of the same name
   * further out (the page's wrapper <div>, and <main> with it).
   */
  phantoms?: string[];
  /** How many of each name `phantoms` holds. */
  phantomNames?: Map<string, number>;
}

/**
 * Parses one page once, in a single streaming pass (htmlparser2's tokenizer, no DOM),
 * and returns the plain-data Page every rule reads.
 */
export function extractPage(input: PageInput, options: ExtractOptions = {}): Page {
  const headers = input.headers ?? {};
  const decoded = decodeHtml(input.body, headers['content-type']);
  const warnings: string[] = [];
  if (decoded.warning) warnings.push(decoded.warning);
  if (input.truncated) warnings.push(`page truncated at ${input.body.length} bytes; findings describe the part read`);
  const page = extractFromHtml(decoded.text, input.url, headers, options);
  page.charset = decoded.charset;
  page.bytes = input.body.length;
  page.warnings = [...warnings, ...page.warnings];
  if (input.status !== undefined) page.status = input.status;
  if (input.keywords && input.keywords.length > 0) page.keywords = input.keywords;
  if (input.web) page.web = input.web;
  return page;
}

/** The parse itself, from already-decoded text (also used by tests and the CSV source). */
export function extractFromHtml(html: string, url: string, headers: Record<string, string> = {}, options: ExtractOptions = {}): Page {
  const stack: Frame[] = [];
  let invisible = 0;
  let chrome = 0;
  let main = 0;
  let article = 0;
  let foreign = 0;
  let inHead = 0;
  let inert = 0;
  /** Body content has begun: `<link>`s from here on are not in the head, and search engines ignore their canonical and hreflang. */
  let inBody = false;

  let lang: string | undefined;
  let baseHref: string | undefined;
  const titles: string[] = [];
  let titleBuf: string | undefined;
  const metaAll: MetaTag[] = [];
  const descriptions: string[] = [];
  let viewport: string | undefined;
  const og: Record<string, string> = {};
  const canonicals: string[] = [];
  const robotsValues: string[] = [];
  const hreflangRaw: { lang: string; href: string }[] = [];
  const headings: Heading[] = [];
  let headingBuf: string | undefined;
  let headingLevel: Heading['level'] = 1;
  const rawLinks: { href: string; text: string; rel: string[] }[] = [];
  /** The open `<a href>`: links never nest, a new `<a>` closes the open one as browsers do. */
  let openLink: { href: string; text: string; rel: string[] } | undefined;
  const images: Image[] = [];
  const jsonLd: JsonLdBlock[] = [];
  let jsonLdBuf: string | undefined;

  let mainText = '';
  let articleText = '';
  let bodyText = '';

  /** A block boundary was passed: the next visible text starts with a space (added once, not per tag). */
  let pendingSpace = false;
  const appendVisible = (text: string): void => {
    const s = pendingSpace ? ` ${text}` : text;
    pendingSpace = false;
    if (main > 0) mainText += s;
    if (article > 0) articleText += s;
    if (chrome === 0) bodyText += s;
  };

  /** Where the page nested past MAX_DEPTH (a character offset), once it has. */
  let cutAt: number | undefined;

  const handlers = {
    /**
     * Called as the parser puts a tag on its stack, before onopentag. Past MAX_DEPTH the element
     * before it is closed, so the new one becomes its sibling, as Chromium does: the parser's
     * stack (and each tag's cost) stays bounded, and a page that nests only as htmlparser2 reads it
     * (600 unclosed <p><font> pairs, table rows of <td><div> never closed) is read to its end.
     * Foreign content (svg, math) is not flattened: there the parse stops, as before, with a warning.
     */
    onopentagname(): void {
      if (cutAt !== undefined) return;
      const open = (parser as unknown as { stack?: unknown }).stack;
      if (!Array.isArray(open) || open.length <= MAX_DEPTH) return;
      const deepest = open[1] as string;
      if (FOREIGN_CONTEXT.has(deepest)) return;
      open.splice(1, 1);
      // Closed for what the rules see (the new element is its sibling), but still open in the
      // document: a phantom above the element below it, with the phantoms it had above itself.
      const closed = stack[stack.length - 1]!;
      const moved = closed.phantoms;
      closed.phantoms = undefined;
      closeTag(deepest);
      const below = stack[stack.length - 1];
      if (below) {
        addPhantom(below, deepest);
        for (const name of moved ?? []) addPhantom(below, name);
      }
    },
    onopentag(name: string, attrs: Record<string, string>): void {
      if (cutAt !== undefined) return;
      if (stack.length >= MAX_DEPTH) {
        // Stop at once, before this element: what is open is closed below, as at the end of a page.
        cutAt = parser.startIndex;
        parser.pause();
        return;
      }
      if (!HEAD_CONTENT.has(name)) {
        endOpenHead();
        // Markup inside a head <noscript> (a GTM iframe, say) is raw text to a scripting browser: the head goes on.
        const parent = stack[stack.length - 1];
        if (name !== 'html' && name !== 'head' && !(parent && HEAD_CONTENT.has(parent.name))) inBody = true;
      }
      const frame: Frame = { name, invisible: false, chrome: false, main: false, article: false, foreign: false, head: false, inert: false };
      if (name === 'svg' || name === 'math') frame.foreign = true;
      if (INVISIBLE.has(name) || attrs.hidden !== undefined) frame.invisible = true;
      const role = attrs.role?.toLowerCase();
      if (CHROME.has(name) || (role !== undefined && CHROME_ROLES.has(role))) frame.chrome = true;
      if (name === 'main' || role === 'main') frame.main = true;
      if (name === 'article') frame.article = true;
      if (name === 'template') frame.inert = true;
      stack.push(frame);
      if (frame.foreign) foreign++;
      if (frame.invisible) invisible++;
      if (frame.chrome) chrome++;
      if (frame.main) main++;
      if (frame.article) article++;
      if (frame.inert) inert++;
      if (name === 'head') {
        frame.head = true;
        inHead++;
      }
      if (!INLINE.has(name)) separate();
      if (inert > 0) return;

      switch (name) {
        case 'html':
          if (attrs.lang !== undefined && lang === undefined) lang = attrs.lang.trim();
          break;
        case 'base':
          if (attrs.href !== undefined && baseHref === undefined) baseHref = attrs.href.trim();
          break;
        case 'title':
          if (foreign === 0) titleBuf = '';
          break;
        case 'meta':
          onMeta(attrs);
          break;
        case 'link':
          onLink(attrs);
          break;
        case 'a':
          closeLink();
          if (attrs.href !== undefined) {
            openLink = { href: attrs.href.trim(), text: '', rel: splitTokens(attrs.rel) };
          }
          break;
        case 'img': {
          const img: Image = { src: (attrs.src ?? '').trim() };
          if (attrs.alt !== undefined) img.alt = attrs.alt;
          if (attrs.role !== undefined) img.role = attrs.role.trim().toLowerCase();
          images.push(img);
          const alt = attrs.alt?.trim();
          if (alt) {
            if (headingBuf !== undefined) headingBuf += ` ${alt} `;
            if (openLink) openLink.text += ` ${alt} `;
          }
          break;
        }
        case 'script':
          if ((attrs.type ?? '').trim().toLowerCase() === 'application/ld+json') jsonLdBuf = '';
          break;
        default: {
          const level = HEADING_LEVEL[name];
          if (level !== undefined && foreign === 0) {
            // A heading opened inside another ends it, as in browsers (`<h1>A<h2>B</h2>` is two headings).
            closeHeading();
            headingBuf = '';
            headingLevel = level;
          }
        }
      }
    },
    ontext(text: string): void {
      if (titleBuf !== undefined) {
        titleBuf += text;
        return;
      }
      if (jsonLdBuf !== undefined) {
        jsonLdBuf += text;
        return;
      }
      if ((!inBody || inHead > 0) && /\S/.test(text)) {
        const top = stack[stack.length - 1];
        if (top === undefined || top.name === 'html' || top.head) inBody = true;
        endOpenHead();
      }
      if (invisible > 0 || foreign > 0) return;
      if (headingBuf !== undefined) headingBuf += text;
      if (openLink) openLink.text += text;
      appendVisible(text);
    },
    onclosetag(name: string): void {
      // After a cut, the parser closes the element it was opening (a void one): it was never pushed.
      if (cutAt === undefined) closeTag(name);
    },
  };

  /** An element ends: what it started stops, and what it held (a title, a link, a heading) is taken. */
  /** Phantoms open in all: while there are none, closing tags go straight to the parser. */
  let phantomCount = 0;

  function addPhantom(frame: Frame, name: string): void {
    (frame.phantoms ??= []).push(name);
    (frame.phantomNames ??= new Map()).set(name, (frame.phantomNames.get(name) ?? 0) + 1);
    phantomCount++;
  }

  /**
   * A closing tag whose innermost open element of that name is a phantom closes the phantom (and
   * the phantoms inside it) and nothing else: true. False: the parser closes a real element.
   */
  function closesPhantom(name: string): boolean {
    for (let f = stack.length - 1; f >= 0; f--) {
      const frame = stack[f]!;
      if (frame.phantomNames?.has(name)) {
        // The real elements above this frame opened inside the phantom: they close with it, in
        // the parser's stack too (its top is its first entry). Foreign content is left to the parser.
        const inside = stack.length - 1 - f;
        const open = (parser as unknown as { stack?: unknown }).stack;
        if (inside > 0) {
          if (!Array.isArray(open) || stack.slice(f + 1).some((fr) => FOREIGN_CONTEXT.has(fr.name))) return false;
          open.splice(0, inside);
          for (let k = 0; k < inside; k++) closeTag(stack[stack.length - 1]!.name);
        }
        const phantoms = frame.phantoms!;
        let j = phantoms.length - 1;
        while (phantoms[j] !== name) j--;
        for (let k = j; k < phantoms.length; k++) {
          const left = frame.phantomNames.get(phantoms[k]!)! - 1;
          if (left === 0) frame.phantomNames.delete(phantoms[k]!);
          else frame.phantomNames.set(phantoms[k]!, left);
        }
        phantomCount -= phantoms.length - j;
        phantoms.length = j;
        return true;
      }
      if (frame.name === name) return false;
    }
    return false;
  }

  function closeTag(name: string): void {
    const frame = stack.pop();
    if (frame?.phantoms) phantomCount -= frame.phantoms.length;
    if (frame) {
      if (frame.foreign) foreign--;
      if (frame.invisible) invisible--;
      if (frame.chrome) chrome--;
      if (frame.main) main--;
      if (frame.article) article--;
      if (frame.head) inHead--;
      if (frame.inert) inert--;
    }
    if (inert > 0) return;
    if (!INLINE.has(name)) separate();
    if (name === 'title' && titleBuf !== undefined) {
      titles.push(collapse(titleBuf));
      titleBuf = undefined;
    } else if (name === 'a') {
      closeLink();
    } else if (name === 'script' && jsonLdBuf !== undefined) {
      jsonLd.push(parseJsonLd(jsonLdBuf));
      jsonLdBuf = undefined;
    } else if (HEADING_LEVEL[name] !== undefined && foreign === 0) {
      closeHeading();
    }
  }

  const parser = new Parser(handlers, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  // Closing tags pass by the phantoms first (see Frame.phantoms). The tokenizer calls the
  // parser's own onclosetag for each closing tag it reads; this stands in front of it.
  const internals = parser as unknown as { onclosetag(start: number, end: number): void; getSlice(start: number, end: number): string; startIndex: number; endIndex: number };
  const parserClose = internals.onclosetag.bind(parser);
  internals.onclosetag = (start: number, end: number): void => {
    if (phantomCount > 0 && closesPhantom(internals.getSlice(start, end).toLowerCase())) {
      // What the parser does after a closing tag: the next node starts after it.
      internals.endIndex = end;
      internals.startIndex = end + 1;
      return;
    }
    parserClose(start, end);
  };

  function separate(): void {
    if (invisible > 0 || foreign > 0 || inHead > 0) return;
    if (headingBuf !== undefined) headingBuf += ' ';
    if (openLink) openLink.text += ' ';
    pendingSpace = true;
  }

  /**
   * `</head>` and `<body>` are optional: body content met directly in the head ends it. htmlparser2
   * keeps the head open until its end tag, so the frame stops counting as head and invisible here.
   */
  function endOpenHead(): void {
    const top = stack[stack.length - 1];
    if (!top?.head) return;
    top.head = false;
    top.invisible = false;
    inHead--;
    invisible--;
  }

  function closeLink(): void {
    if (openLink) rawLinks.push({ ...openLink, text: collapse(openLink.text) });
    openLink = undefined;
  }

  function closeHeading(): void {
    if (headingBuf !== undefined) headings.push({ level: headingLevel, text: collapse(headingBuf) });
    headingBuf = undefined;
  }

  function onMeta(attrs: Record<string, string>): void {
    const tag: MetaTag = { content: attrs.content ?? '' };
    if (attrs.name !== undefined) tag.name = attrs.name.trim().toLowerCase();
    if (attrs.property !== undefined) tag.property = attrs.property.trim().toLowerCase();
    if (attrs['http-equiv'] !== undefined) tag.httpEquiv = attrs['http-equiv'].trim().toLowerCase();
    metaAll.push(tag);
    const content = collapse(tag.content);
    if (tag.name === 'description') descriptions.push(content);
    else if (tag.name === 'viewport' && viewport === undefined) viewport = content;
    else if (tag.name === 'robots' || tag.name === 'googlebot') robotsValues.push(content);
    const prop = tag.property ?? (tag.name?.startsWith('og:') ? tag.name : undefined);
    if (prop?.startsWith('og:') && og[prop] === undefined) og[prop] = content;
  }

  function onLink(attrs: Record<string, string>): void {
    if (inBody) return;
    const rel = splitTokens(attrs.rel);
    const href = attrs.href?.trim();
    if (rel.includes('canonical') && href !== undefined) canonicals.push(href);
    // An hreflang link without href is still a (broken) hreflang declaration; hreflang-invalid reports it.
    if (rel.includes('alternate') && attrs.hreflang !== undefined) hreflangRaw.push({ lang: attrs.hreflang, href: href ?? '' });
  }

  const { deadline } = options;
  for (let at = 0; at < html.length && cutAt === undefined; at += PARSE_CHUNK) {
    if (deadline !== undefined && at > 0 && Date.now() >= deadline) throw new ParseStopped(url);
    parser.write(html.length <= PARSE_CHUNK ? html : html.slice(at, at + PARSE_CHUNK));
  }
  if (cutAt === undefined) parser.end();
  const warnings: string[] = [];
  if (cutAt !== undefined) {
    // What the parser does at the end of a page: every element still open is closed there.
    for (let i = stack.length - 1; i >= 0; i--) closeTag(stack[i]!.name);
    warnings.push(`elements nest more than ${MAX_DEPTH} deep at character ${cutAt}: the rest of the page (${html.length - cutAt} characters) was not parsed; findings describe the part before it`);
  }

  const base = resolveBase(url, baseHref);
  const pageHost = safeUrl(url)?.hostname;
  const baseOrigin = safeUrl(String(base))?.origin;
  const links: Link[] = rawLinks.map((l) => {
    const link: Link = { href: l.href, text: l.text, rel: l.rel, internal: false };
    const resolved = l.href === '' ? undefined : resolveLink(l.href, base, baseOrigin);
    if (resolved) {
      link.url = resolved.url;
      link.internal = resolved.web && resolved.host === pageHost;
    }
    return link;
  });
  const hreflang: HreflangLink[] = hreflangRaw.map((h) => {
    const abs = isAbsoluteUrl(h.href) ? safeUrl(h.href) : undefined;
    return abs ? { ...h, url: abs.href } : h;
  });

  const text = collapse(mainText.trim() ? mainText : articleText.trim() ? articleText : bodyText);
  const page: Page = {
    url,
    headers,
    charset: 'utf-8',
    warnings,
    titles,
    meta: { descriptions, og, all: metaAll },
    canonicals,
    robots: robotsFrom(robotsValues, headers['x-robots-tag']),
    hreflang,
    headings,
    links,
    images,
    jsonLd,
    text,
    wordCount: options.countWords === false ? 0 : countWords(text),
    bytes: html.length,
  };
  if (lang !== undefined) page.lang = lang;
  if (titles[0] !== undefined) page.title = titles[0];
  if (descriptions[0] !== undefined) page.meta.description = descriptions[0];
  if (viewport !== undefined) page.meta.viewport = viewport;
  return page;
}

function splitTokens(value: string | undefined): string[] {
  if (!value) return [];
  // Google reads rel="ugc,nofollow" like rel="ugc nofollow".
  return value.toLowerCase().split(/[\s,]+/).filter(Boolean);
}

function parseJsonLd(raw: string): JsonLdBlock {
  const text = raw.trim();
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    return { raw: text, error: (err as Error).message };
  }
  // Left out: whatever walks the value next (a rule, a report, a worker's structured clone) would overflow its stack.
  if (nestsDeeperThan(value, MAX_JSON_LD_DEPTH)) return { raw: text, error: `nests deeper than ${MAX_JSON_LD_DEPTH} levels`, tooDeep: true };
  return { raw: text, value };
}

export function isAbsoluteUrl(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href);
}

export function safeUrl(href: string, base?: string | URL): URL | undefined {
  try {
    return new URL(href, base);
  } catch {
    return undefined;
  }
}

interface ResolvedLink {
  url: string;
  host: string;
  /** http or https. */
  web: boolean;
}

/** Resolved root-relative and absolute hrefs by origin, which every page of a site repeats in its menus. */
const resolvedLinks = new Map<string, Map<string, ResolvedLink | null>>();
const RESOLVED_LINKS_LIMIT = 20_000;

/** Starts with "http:" or "https:", any case; a char test, not a regex, as it runs for every link. */
function isHttpHref(href: string): boolean {
  const h = href.charCodeAt(0) | 0x20;
  if (h !== 0x68 || (href.charCodeAt(1) | 0x20) !== 0x74 || (href.charCodeAt(2) | 0x20) !== 0x74 || (href.charCodeAt(3) | 0x20) !== 0x70) return false;
  const c = href.charCodeAt(4);
  return c === 0x3a || ((c | 0x20) === 0x73 && href.charCodeAt(5) === 0x3a);
}

function resolveLink(href: string, base: string | URL, baseOrigin: string | undefined): ResolvedLink | undefined {
  // Only these two kinds resolve the same on every page of an origin; relative hrefs depend on the path.
  const cacheable = baseOrigin !== undefined && baseOrigin !== 'null' && ((href[0] === '/' && href[1] !== '/') || isHttpHref(href));
  let cache: Map<string, ResolvedLink | null> | undefined;
  if (cacheable) {
    cache = resolvedLinks.get(baseOrigin);
    if (!cache) resolvedLinks.set(baseOrigin, (cache = new Map()));
    const hit = cache.get(href);
    if (hit !== undefined) return hit ?? undefined;
  }
  const u = safeUrl(href, base);
  const resolved = u ? { url: u.href, host: u.hostname, web: u.protocol === 'http:' || u.protocol === 'https:' } : null;
  if (cache) {
    if (cache.size >= RESOLVED_LINKS_LIMIT) cache.clear();
    if (resolvedLinks.size > 100) resolvedLinks.clear();
    // The key is copied: the href is a view into this page's HTML, which the cache must not keep alive.
    cache.set(detach(href), resolved);
  }
  return resolved ?? undefined;
}

function resolveBase(url: string, baseHref: string | undefined): string | URL {
  if (baseHref) {
    const b = safeUrl(baseHref, url);
    if (b) return b;
  }
  return url;
}
