/**
 * A site fetched from another address than its public one: a staging server or a local build
 * (`seo-ai audit http://127.0.0.1:8080/sitemap.xml --base-url https://shop.example/`). The run
 * works in public URLs throughout (scope, robots.txt, canonicals, the report); only the request on
 * the wire goes to the fetch address, and what that server says of its own address (an absolute
 * redirect to http://127.0.0.1:8080/…, a sitemap listing such URLs) reads as the public URL.
 *
 * Nothing on the public host goes to production. The public root (--base-url) may have a path
 * (a site published at https://x.example/docs/): its pages are fetched under the fetch root, and
 * the rest of the public host (robots.txt, which only ever sits at a host's root, a link to
 * https://x.example/blog/) at the same path on the fetch host. When staging serves the same paths
 * as production, the fetch root has the public root's path, and every path maps to itself.
 */
export class Mirror {
  private readonly publicOrigin: string;
  private readonly fetchOrigin: string;

  /** Both end in `/`: the public root (--base-url) and where its pages are fetched from. */
  constructor(
    readonly publicRoot: string,
    readonly fetchRoot: string,
  ) {
    this.publicOrigin = new URL(publicRoot).origin;
    this.fetchOrigin = new URL(fetchRoot).origin;
  }

  /**
   * Where a request for a URL is sent: a URL on the public host (of either scheme: the crawl does
   * not compare schemes, and an http:// link to the public host is a page of the site too) goes to
   * the fetch host; other hosts' URLs are sent as they are.
   */
  toWire(url: URL): URL {
    if (url.host !== new URL(this.publicOrigin).host || (url.protocol !== 'http:' && url.protocol !== 'https:')) return url;
    const rest = `${url.pathname}${url.search}`;
    const under = new URL(this.publicRoot).pathname;
    return rest.startsWith(under) ? new URL(this.fetchRoot + rest.slice(under.length)) : new URL(this.fetchOrigin + rest);
  }

  /** A URL on the fetch host, as the public URL it stands for; other URLs as they are. */
  fromWire(url: URL): URL {
    if (url.href.startsWith(this.fetchRoot)) return new URL(this.publicRoot + url.href.slice(this.fetchRoot.length));
    if (url.origin === this.fetchOrigin) return new URL(this.publicOrigin + url.pathname + url.search);
    return url;
  }

  /**
   * A URL on the public host written with the other scheme (http:// on an https site), in the
   * public root's scheme: a staging server answers both alike, so it cannot show the redirect
   * production makes between them, and the crawl would fetch the whole site twice. Other URLs as they are.
   */
  inPublicScheme(text: string): string {
    const scheme = new URL(this.publicRoot).protocol;
    if (!text.startsWith(scheme === 'https:' ? 'http:' : 'https:')) return text;
    try {
      const url = new URL(text);
      if (url.host !== new URL(this.publicOrigin).host) return text;
      url.protocol = scheme;
      return url.href;
    } catch {
      return text;
    }
  }

  /** The same for a URL as text; text that is no URL is returned as it is. */
  publicUrl(text: string): string {
    try {
      return this.fromWire(new URL(text)).href;
    } catch {
      return text;
    }
  }
}

/**
 * Where the public root is served on the fetch host: at the same path when the address given
 * (the audit's target, a page of the other run) is under that path (staging serves production's
 * paths), else at the host's root (a local build of the site's folder).
 */
export function fetchRootFor(publicRoot: string, asked: URL): string {
  const path = new URL(publicRoot).pathname;
  return `${asked.origin}${asked.pathname.startsWith(path) ? path : '/'}`;
}
