// One spelling per URL, so the crawler fetches each page once. Only changes that RFC 3986 §6.2.2
// calls equivalent are made (WHATWG parsing already lower-cases scheme and host and drops default
// ports); the query is never reordered and the path never case-folded or slash-trimmed, because
// servers may treat those as different pages.

const ESCAPE = /%([0-9A-Fa-f]{2})/g;
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** The URL's canonical spelling without fragment, or undefined when it is not an http(s) URL. */
export function normaliseUrl(text: string, base?: string | URL): string | undefined {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return normaliseEscapes(url.href);
}

/** normaliseUrl's percent-escape step alone, for an href WHATWG URL has already parsed. */
export function normaliseEscapes(href: string): string {
  return href.includes('%') ? href.replace(ESCAPE, normaliseEscape) : href;
}

/** %7e → ~ (an unreserved character means the same escaped or not); %2f → %2F. */
function normaliseEscape(_escape: string, hex: string): string {
  const char = String.fromCharCode(parseInt(hex, 16));
  return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
}
