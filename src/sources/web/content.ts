// What an answer is, by its Content-Type and first bytes, and what a URL names: small pure helpers
// of the crawler.
import picomatch from 'picomatch';

/** A sitemap by its name: .xml, .xml.gz, .gz, or a last path segment that says "sitemap". */
export function looksLikeSitemap(url: URL): boolean {
  const last = url.pathname.split('/').pop() ?? '';
  return /\.(xml|gz)$/i.test(last) || /sitemap/i.test(last);
}

const HTML_TYPE = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

/** A text file (robots.txt, llms.txt) that is really a web page: single-page apps answer every path with theirs. */
export function isHtmlDocument(contentType: string | undefined, body: Uint8Array): boolean {
  if (contentType !== undefined && /html/i.test(contentType)) return true;
  const head = Buffer.from(body.subarray(0, 256)).toString('latin1').trimStart().toLowerCase();
  return /^<(!doctype html|html|head|body)\b/.test(head);
}

/** HTML by its Content-Type, or, when there is none, by a body that starts with markup. */
export function isHtml(contentType: string | undefined, body: Uint8Array): boolean {
  if (contentType !== undefined && contentType.trim() !== '') return HTML_TYPE.test(contentType);
  const head = Buffer.from(body.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<');
}

/** A glob on the path (decoded), or on the whole URL when the pattern has "://". */
export function globMatcher(pattern: string): (url: string) => boolean {
  const test = picomatch(pattern, { dot: true });
  const whole = pattern.includes('://');
  return (url) => {
    if (whole) return test(url);
    const u = new URL(url);
    let pathname = u.pathname;
    try {
      pathname = decodeURIComponent(pathname);
    } catch {
      // keep it encoded
    }
    return test(pathname) || (u.search !== '' && test(pathname + u.search));
  };
}
