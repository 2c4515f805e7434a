// HTML to text, the one way: through extract(), the parser every page goes through, so entities,
// comments, inline and block elements come out as the rules and a browser read them. For a content
// cell's prose (plainText) and for a field that may hold markup left in an export (markupText).
import { collapse, extractFromHtml } from './extract.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values alike: after this no value can open a tag, close an attribute or end the style. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Characters of a content cell the offline rewriter reads: a description comes from the opening
 * sentences, and the rest of a 500 KB cell would only cost time (see MAX_CONTENT_CHARS).
 */
export const MAX_CONTENT_READ = 100_000;

const P_OPEN_ANYWHERE = /<p\b/gi;
const P_CLOSE = /<\/p\s*>/gi;

/**
 * The <p>…</p> elements of HTML, as /<p\b[^>]*>[\s\S]*?<\/p\s*>/gi finds them, in one pass:
 * that expression scans to the end for every <p> left open, quadratic in a cell of open <p>s.
 */
function paragraphsOf(html: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    P_OPEN_ANYWHERE.lastIndex = from;
    const open = P_OPEN_ANYWHERE.exec(html);
    if (!open) break;
    const gt = html.indexOf('>', open.index);
    if (gt < 0) break; // no tag is closed after here
    P_CLOSE.lastIndex = gt + 1;
    const close = P_CLOSE.exec(html);
    if (!close) break; // no paragraph ends after here
    out.push(html.slice(open.index, close.index + close[0].length));
    from = close.index + close[0].length;
  }
  return out;
}

/**
 * The prose of a content cell, as the audit reads it: parsed by extract(), so navigation,
 * breadcrumbs, headers, footers, scripts and hidden text are left out and entities decoded.
 * Only the cell's first MAX_CONTENT_READ characters are read.
 */
export function plainText(cell: string): string {
  const content = cell.length > MAX_CONTENT_READ ? cell.slice(0, MAX_CONTENT_READ) : cell;
  if (!/<[a-zA-Z]/.test(content)) return collapse(content);
  // The paragraphs when there are any: breadcrumbs, prices and buttons are not sentences.
  const paragraphs = paragraphsOf(content);
  const prose = paragraphs.length > 0 ? paragraphs.join('\n') : content;
  return extractFromHtml(`<!doctype html><html><body><main>${prose}</main></body></html>`, 'https://offline.invalid/', {}, { countWords: false }).text;
}

/** The text of a short field that may hold markup (a title with "&amp;" or "<sup>®</sup>" left in an export), white space collapsed. */
export function markupText(text: string): string {
  if (!/[<&]/.test(text)) return collapse(text);
  return extractFromHtml(`<!doctype html><html><body><main>${text}</main></body></html>`, 'https://offline.invalid/', {}, { countWords: false }).text;
}
