// <meta http-equiv="refresh" content="0; url=…">: a redirect made in HTML. Crawlers and browsers
// follow it as a redirect (Google reads an instant one as a permanent redirect), so a page that
// refreshes to another URL is a redirect stub, not a page. Read from the bytes with a light scan,
// as the Location header is read from the headers: sources decide with it what is a page.
import { safeUrl } from './urls.js';

/** How far into a page a refresh is looked for: it belongs in the head, and a stub is small. */
const SCAN_BYTES = 32 * 1024;
/**
 * A refresh this many seconds away or sooner is a redirect (Google reads an instant one as
 * permanent, a short delay as temporary); a longer one (a session timeout's "900; url=/login", a
 * news page reloading itself) leaves the page a page.
 */
export const MAX_REDIRECT_DELAY_S = 5;

/** The delay of a refresh's content, in seconds ("0; url=…" → 0), or undefined when it starts with none. */
export function refreshDelay(content: string): number | undefined {
  const m = /^\s*(\d+)(?:\.\d*)?/.exec(content);
  return m ? Number(m[1]) : undefined;
}

/**
 * The URL of a refresh's content, as the HTML standard parses it ("5; url='x'", "0;URL=x", "0, x");
 * undefined when it names none (a plain reload).
 */
export function refreshUrl(content: string): string | undefined {
  const m = /^\s*\d*(?:\.[\d.]*)?\s*[;,]?\s*(?:url\s*=\s*)?(.*)$/is.exec(content);
  let url = (m?.[1] ?? '').trim();
  if (url === '') return undefined;
  const quote = url[0];
  if (quote === '"' || quote === "'") {
    const end = url.indexOf(quote, 1);
    url = url.slice(1, end === -1 ? undefined : end);
  }
  return url.trim() || undefined;
}

/** The absolute URL a page's bytes refresh to, when it is another page's (not itself, not a non-http URL). */
export function metaRefresh(body: Uint8Array, pageUrl: string): string | undefined {
  // Most pages have no refresh at all: a byte search decides that without decoding the page.
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, SCAN_BYTES));
  if (head.indexOf('efresh') === -1 && head.indexOf('EFRESH') === -1) return undefined;
  // A refresh in a comment, or in <noscript> (for browsers without scripts only), is no redirect for a crawler.
  const text = new TextDecoder('utf-8').decode(head).replace(/<!--[\s\S]*?-->/g, '').replace(/<noscript\b[\s\S]*?(?:<\/noscript\s*>|$)/gi, '');
  for (const tag of text.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = tag[0];
    if (!/\bhttp-equiv\s*=\s*(["']?)\s*refresh\s*\1/i.test(attrs)) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
    const value = content?.[1] ?? content?.[2] ?? content?.[3] ?? '';
    // Content that starts with neither a number nor "." is no refresh at all (browsers ignore it).
    const delay = refreshDelay(value);
    if (delay === undefined && !/^\s*\./.test(value)) return undefined;
    if (delay !== undefined && delay > MAX_REDIRECT_DELAY_S) return undefined;
    const written = refreshUrl(value);
    if (written === undefined) return undefined;
    const target = safeUrl(written, pageUrl);
    if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:')) return undefined;
    target.hash = '';
    const self = safeUrl(pageUrl);
    if (self) self.hash = '';
    return target.href === self?.href ? undefined : target.href;
  }
  return undefined;
}
