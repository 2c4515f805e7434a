// The --offline rewriter: deterministic, non-AI fixes behind the same interface as the LLM's.
import { rules as registry } from '../../rules/index.js';
import { isSiteRule } from '../engine/types.js';
import { plainText } from '../page/html-text.js';
import { contentCell } from '../sources/csv.js';
import { DEFAULT_LIMITS, offlineDescription, offlineH1, offlineTitle, type Limits, type OfflineInput } from './offline.js';
import type { Rewriter, RewriteRequest } from './rewriter.js';

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
