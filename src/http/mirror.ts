/**
 * A site fetched from another address than its public one: a staging server or a local build
 * (`seo-ai audit http://127.0.0.1:8080/sitemap.xml --base-url https://shop.example/`). The run
 * works in public URLs throughout (scope, robots.txt, canonicals, the report); only the request on
 * the wire goes to the fetch address, and what that server says of its own address (an absolute
 * redirect to http://127.0.0.1:8080/…, a sitemap listing such URLs) reads as the public URL.
 */
export class Mirror {
  /** Both end in `/`: the public root (--base-url) and the root requests are sent to (the target's origin). */
  constructor(
    readonly publicRoot: string,
    readonly fetchRoot: string,
  ) {}

  /**
   * Where a request for a public URL is sent; other URLs are sent as they are. The scheme is not
   * compared, as the crawl does not compare it: an http:// link to the public host is a page of
   * the site served by staging too, never a request to production.
   */
  toWire(url: URL): URL {
    const root = withoutScheme(this.publicRoot);
    const rest = withoutScheme(url.href);
    return rest.startsWith(root) ? new URL(this.fetchRoot + rest.slice(root.length)) : url;
  }

  /** A URL on the fetch address, as the public URL it stands for. */
  fromWire(url: URL): URL {
    return url.href.startsWith(this.fetchRoot) ? new URL(this.publicRoot + url.href.slice(this.fetchRoot.length)) : url;
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

/** `//host/path…` of an http(s) URL (scheme-relative), anything else unchanged. */
function withoutScheme(href: string): string {
  return href.replace(/^https?:/i, '');
}
