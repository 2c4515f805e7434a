// The --offline rewriter: deterministic, non-AI fixes behind the same interface as the LLM's.
import { rules as registry } from '../../rules/index.js';
import { isSiteRule } from '../engine/types.js';
import { collapse, extractFromHtml } from '../page/extract.js';
import { contentCell } from '../sources/csv.js';
import { DEFAULT_LIMITS, offlineDescription, offlineH1, offlineTitle, type Limits, type OfflineInput } from './offline.js';
import type { Rewriter, RewriteRequest } from './run.js';

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

/**
 * Description rules an offline rewrite cannot honestly fix: working a keyword into good copy, or
 * writing a description no other page has, needs a writer (the rules judging the description that
 * read keywords or the whole site).
 */
const WRITER_ONLY: ReadonlySet<string> = new Set(registry.filter((r) => r.judges?.field === 'meta' && (isSiteRule(r) || r.reads.includes('keywords'))).map((r) => r.id));

/** The cells of a row the offline rewriter reads: all a worker thread needs of the row to propose what this thread would. */
export const OFFLINE_CELLS = ['title', 'meta_description', 'h1', 'content', 'product_description', 'product_name'] as const;
export type OfflineCell = (typeof OFFLINE_CELLS)[number];

/** A request with only what the offline rewriter reads of it. */
export type OfflineRequest = Omit<RewriteRequest, 'page'> & { page: Pick<RewriteRequest['page'], OfflineCell> };

export interface OfflineRewriter extends Rewriter {
  propose(request: OfflineRequest): Promise<string | undefined>;
  /** The proposal, computed now. */
  proposeNow(request: OfflineRequest): string | undefined;
}

export function offlineRewriter(options: { brand?: string; limits?: Limits } = {}): OfflineRewriter {
  const limits = options.limits ?? DEFAULT_LIMITS;
  // A row's fields are asked for one after the other: its content is read once, not once a field.
  let last: { cell: string; text: string } | undefined;
  const contentText = (cell: string): string => {
    if (last?.cell !== cell) last = { cell, text: plainText(cell) };
    return last.text;
  };
  const proposeNow = (request: OfflineRequest): string | undefined => {
    // Deterministic: a second attempt would propose the same text again.
    if (request.attempt > 1) return undefined;
    // A description that is fine but for its keyword (or being shared) is better left to a person
    // or an LLM than replaced by sentences lifted from the page.
    if (request.field === 'meta' && request.failing.every((r) => WRITER_ONLY.has(r))) return undefined;
    const { page } = request;
    const cell = contentCell(page);
    const input: OfflineInput = {
      title: page.title,
      metaDescription: page.meta_description,
      h1: page.h1,
      // Read when a proposal needs the page's sentences (a description, a title for a row without one), not for every field.
      get content() {
        return contentText(cell);
      },
      keywords: request.keywords,
    };
    if (options.brand) input.brand = options.brand;
    if (page.product_name.trim() !== '') input.productName = page.product_name.trim();
    switch (request.field) {
      case 'title':
        return offlineTitle(input, limits);
      case 'meta':
        return offlineDescription(input, limits);
      case 'h1':
        return offlineH1(input, limits);
    }
  };
  return {
    name: 'offline',
    deterministic: true,
    proposeNow,
    propose: async (request) => proposeNow(request),
  };
}
