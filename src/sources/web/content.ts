// What an answer is, by its Content-Type and first bytes, and what a URL names: small pure helpers
// of the crawler.
import picomatch from 'picomatch';

/** A sitemap by its name: .xml, .xml.gz, .gz, or a last path segment that says "sitemap". */
export function looksLikeSitemap(url: URL): boolean {
  const last = url.pathname.split('/').pop() ?? '';
  return /\.(xml|gz)$/i.test(last) || /sitemap/i.test(last);
}

/**
 * File types a URL names by its extension that are never an HTML page: documents, archives,
 * images, media, fonts, code and data. Crawled links to them are link targets, not pages.
 */
const FILE_EXTENSIONS = new Set(
  ('pdf zip gz tgz tar rar 7z bz2 xz zst psd ai eps indd sketch fig png jpg jpeg gif webp avif svg ico bmp tif tiff heic ' +
    'mp3 mp4 m4a m4v webm ogg oga ogv wav flac mov avi mkv wmv flv woff woff2 ttf otf eot css js mjs map json csv tsv ' +
    'doc docx xls xlsx ppt pptx odt ods odp rtf exe dmg msi pkg deb rpm apk jar war iso img bin sig asc sha1 sha256 sha512 md5 ' +
    'epub mobi ics vcf wasm').split(' '),
);

/** A URL whose path ends in a file extension that is never an HTML page (.pdf, .zip, .psd, .png…). */
export function namesFile(url: string): boolean {
  const path = url.replace(/[?#].*$/, '');
  const dot = path.lastIndexOf('.');
  if (dot === -1 || dot < path.lastIndexOf('/')) return false;
  return FILE_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
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
