// What the parse makes of elements: which hide their text, which are page chrome, which join text
// inline, which may sit in the head, the heading levels, foreign content; the frame each open
// element gets; and the small readers of attribute tokens and JSON-LD.
import { MAX_JSON_LD_DEPTH, nestsDeeperThan } from './json-depth.js';
import type { Link, PlaceholderLink, Heading, JsonLdBlock } from './types.js';

/** Elements whose text is never visible. */
export const INVISIBLE = new Set(['script', 'style', 'noscript', 'template', 'head']);
/** Page chrome left out of the content when there is no main/article. */
export const CHROME = new Set(['nav', 'header', 'footer', 'aside']);
export const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary']);
/** Inline elements: text on either side of them joins without a space. */
export const INLINE = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i',
  'ins', 'kbd', 'label', 'mark', 'nobr', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup',
  'time', 'tt', 'u', 'var', 'wbr',
]);
/** Elements that may sit in `<head>`; any other element (or text) there starts the body, as in browsers. */
export const HEAD_CONTENT = new Set([
  'base', 'basefont', 'bgsound', 'link', 'meta', 'noframes', 'noscript', 'script', 'style', 'template', 'title',
]);
export const HEADING_LEVEL: Record<string, Heading['level']> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
/**
 * Elements open at once, at most. htmlparser2 keeps its open elements at the front of an array
 * (unshift/shift, and indexOf for an end tag), so each tag costs time in proportion to the depth:
 * 200,000 nested <div>s took 23 s, 800,000 never ended. Chromium's parser stops nesting at 512
 * (kMaximumHTMLParserDOMTreeDepth: deeper elements become siblings), and so do we.
 */
export const MAX_DEPTH = 512;
/** Elements htmlparser2 keeps a second stack for (foreign content and its HTML islands): never flattened. */
export const FOREIGN_CONTEXT = new Set(['svg', 'math', 'mi', 'mo', 'mn', 'ms', 'mtext', 'foreignobject', 'desc', 'title', 'annotation-xml']);
/** The HTML goes to the parser in pieces this long, so a time budget is checked between them. */
export const PARSE_CHUNK = 64 * 1024;

export interface Frame {
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
  /** A `<div>`, `<span>` or `<section>` with data-nosnippet (the elements Google honours it on). */
  nosnippet?: true;
  /**
   * Elements flattened away past MAX_DEPTH that sit just above this one, outermost first: still
   * open in the document, so their closing tags close them, not an element of the same name
   * further out (the page's wrapper <div>, and <main> with it).
   */
  phantoms?: string[];
  /** How many of each name `phantoms` holds. */
  phantomNames?: Map<string, number>;
}

export function splitTokens(value: string | undefined): string[] {
  if (!value) return [];
  // Google reads rel="ugc,nofollow" like rel="ugc nofollow".
  return value.toLowerCase().split(/[\s,]+/).filter(Boolean);
}

export function parseJsonLd(raw: string): JsonLdBlock {
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

/** The elements Google honours data-nosnippet on. */
export const NOSNIPPET_ELEMENTS: ReadonlySet<string> = new Set(['div', 'span', 'section']);

/** An `<a href>` as read, before its href is resolved against the page. */
export type RawLink = { href: string; text: string; rel: string[] } & Pick<Link, 'role' | 'name'>;

/** Attributes that belong to an href: an `<a>` with one of them but no href is a broken link, not a placeholder (HTML spec). */
const HREF_ATTRIBUTES = ['target', 'download', 'ping', 'rel', 'hreflang', 'type', 'referrerpolicy'];

/** What the parser keeps of an `<a>`: a link with its href, role and name, or a placeholder without href. */
export function anchorOf(attrs: Record<string, string>): RawLink & { placeholder?: Omit<PlaceholderLink, 'text'> } {
  const role = attrs.role?.trim() ?? '';
  const name = attrs.name?.trim() ?? '';
  const extra = { ...(role !== '' ? { role } : {}), ...(name !== '' ? { name } : {}) };
  if (attrs.href !== undefined) return { href: attrs.href.trim(), text: '', rel: splitTokens(attrs.rel), ...extra };
  const placeholder: Omit<PlaceholderLink, 'text'> = { ...extra, hrefAttributes: HREF_ATTRIBUTES.some((a) => attrs[a] !== undefined) };
  const id = attrs.id?.trim() ?? '';
  if (id !== '') placeholder.id = id;
  const current = attrs['aria-current']?.trim().toLowerCase() ?? '';
  if (current !== '') placeholder.ariaCurrent = current;
  return { href: '', text: '', rel: [], placeholder };
}

