// A page's bytes to its facts: decoded (charset from BOM, header or meta), then parsed once
// (src/page/html-parse.ts) into the plain-data Page every rule reads.
import { decodeHtml } from './decode.js';
import { HtmlParse, type ParseOptions } from './html-parse.js';
import type { BeforeJs, Page, PageInput } from './types.js';

export { collapse } from './collapse.js';
export { MAX_DEPTH, ParseStopped } from './html-parse.js';
export { isAbsoluteUrl, safeUrl } from './urls.js';

export type ExtractOptions = ParseOptions;

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
  // A rendered page is compared with the HTML the server sent: parsed too, and kept as a few facts.
  if (input.raw) {
    const raw = extractFromHtml(decodeHtml(input.raw, input.rawContentType ?? headers['content-type']).text, input.url, headers, { countWords: false });
    page.beforeJs = beforeJs(raw);
    // Google does not render a page whose HTML says noindex, so a script removing it changes nothing:
    // the page stays noindex (js-changes-robots says a script tried).
    if (raw.robots.noindex && !page.robots.noindex) page.robots = { ...page.robots, noindex: true, ...(raw.robots.unavailableAfter !== undefined ? { unavailableAfter: raw.robots.unavailableAfter } : {}) };
  }
  return page;
}

/** The parse itself, from already-decoded text (also used by tests and the CSV source). */
export function extractFromHtml(html: string, url: string, headers: Record<string, string> = {}, options: ExtractOptions = {}): Page {
  return new HtmlParse(url, headers, options).run(html);
}

function beforeJs(raw: Page): BeforeJs {
  const out: BeforeJs = {
    canonicals: raw.canonicals,
    robots: raw.robots.directives,
    links: [...new Set(raw.links.flatMap((l) => (l.internal && l.url !== undefined ? [l.url.replace(/#.*$/, '')] : [])))],
    text: raw.text,
  };
  if (raw.title !== undefined) out.title = raw.title;
  if (raw.meta.description !== undefined) out.description = raw.meta.description;
  return out;
}
