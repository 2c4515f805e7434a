// The --offline rewriter: deterministic, non-AI fixes behind the same interface as the LLM's.
import { collapse, extractFromHtml } from '../page/extract.js';
import { offlineDescription, offlineH1, offlineTitle, type OfflineInput } from './offline.js';
import type { Rewriter, RewriteRequest } from './run.js';

/**
 * The prose of a content cell, as the audit reads it: parsed by extract(), so navigation,
 * breadcrumbs, headers, footers, scripts and hidden text are left out and entities decoded.
 */
export function plainText(content: string): string {
  if (!/<[a-zA-Z]/.test(content)) return collapse(content);
  // The paragraphs when there are any: breadcrumbs, prices and buttons are not sentences.
  const paragraphs = content.match(/<p\b[^>]*>[\s\S]*?<\/p\s*>/gi);
  const prose = paragraphs && paragraphs.length > 0 ? paragraphs.join('\n') : content;
  return extractFromHtml(`<!doctype html><html><body><main>${prose}</main></body></html>`, 'https://offline.invalid/').text;
}

/** Rules an offline rewrite cannot honestly fix: working a keyword into good copy needs a writer. */
const WRITER_ONLY = new Set(['meta-description-missing-keyword', 'meta-description-duplicate']);

export function offlineRewriter(options: { brand?: string } = {}): Rewriter {
  return {
    name: 'offline',
    deterministic: true,
    async propose(request: RewriteRequest): Promise<string | undefined> {
      // Deterministic: a second attempt would propose the same text again.
      if (request.attempt > 1) return undefined;
      // A description that is fine but for its keyword (or being shared) is better left to a person
      // or an LLM than replaced by sentences lifted from the page.
      if (request.field === 'meta' && request.failing.every((r) => WRITER_ONLY.has(r))) return undefined;
      const { page } = request;
      const input: OfflineInput = {
        title: page.title,
        metaDescription: page.meta_description,
        h1: page.h1,
        content: plainText(page.content.trim() !== '' ? page.content : page.product_description),
        keywords: request.keywords,
      };
      if (options.brand) input.brand = options.brand;
      if (page.product_name.trim() !== '') input.productName = page.product_name.trim();
      switch (request.field) {
        case 'title':
          return offlineTitle(input);
        case 'meta':
          return offlineDescription(input);
        case 'h1':
          return offlineH1(input);
      }
    },
  };
}
