// URLs of a page's links and base, resolved once per origin where every page repeats them.
import { detach } from './detach.js';
import type { HreflangLink, Link } from './types.js';

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

export function resolveLink(href: string, base: string | URL, baseOrigin: string | undefined): ResolvedLink | undefined {
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

export function resolveBase(url: string, baseHref: string | undefined): string | URL {
  if (baseHref) {
    const b = safeUrl(baseHref, url);
    if (b) return b;
  }
  return url;
}

/** A page's `<a href>`s with their URLs resolved against its base (`<base href>`, else its URL), internal when on the page's host. */
export function resolveLinks(raw: readonly ({ href: string; text: string; rel: string[] } & Pick<Link, 'role' | 'name'>)[], url: string, baseHref: string | undefined): Link[] {
  const base = resolveBase(url, baseHref);
  const pageHost = safeUrl(url)?.hostname;
  const baseOrigin = safeUrl(String(base))?.origin;
  return raw.map((l) => {
    const link: Link = { href: l.href, text: l.text, rel: l.rel, internal: false };
    if (l.role !== undefined) link.role = l.role;
    if (l.name !== undefined) link.name = l.name;
    const resolved = l.href === '' ? undefined : resolveLink(l.href, base, baseOrigin);
    if (resolved) {
      link.url = resolved.url;
      link.internal = resolved.web && resolved.host === pageHost;
    }
    return link;
  });
}

/** hreflang alternates, with their URL when the href is absolute (a relative one is what hreflang-invalid reports). */
export function resolveHreflang(raw: readonly { lang: string; href: string }[]): HreflangLink[] {
  return raw.map((h) => {
    const abs = isAbsoluteUrl(h.href) ? safeUrl(h.href) : undefined;
    return abs ? { ...h, url: abs.href } : h;
  });
}

/** A host that is the visitor's own machine, never a site: localhost (and *.localhost), 127.x.x.x, [::1], 0.0.0.0. */
export function isLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '0.0.0.0' || h === '::1';
}

/** A URL as the crawler serialises it, without fragment (what is not a URL is returned as it is). */
export function withoutFragment(url: string): string {
  const u = safeUrl(url);
  if (!u) return url;
  u.hash = '';
  return u.href;
}
