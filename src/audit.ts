import type { ResolvedRule } from './engine/config.js';
import { Engine, type EngineResult } from './engine/run.js';
import type { Weights } from './engine/types.js';
import { extractPage } from './page/extract.js';
import type { Source, SourceError } from './sources/types.js';

export interface AuditProgress {
  done: number;
  errors: number;
  url: string;
}

export interface AuditOptions {
  source: Source;
  rules: readonly ResolvedRule[];
  weights: Weights;
  onProgress?: (p: AuditProgress) => void;
  /** Stop early (Ctrl-C, a time budget): the result is marked partial. */
  signal?: AbortSignal;
}

export interface AuditResult extends EngineResult {
  source: { kind: Source['kind']; target: string; baseUrl?: string };
  /** Pages that could not be audited, and why. */
  errors: SourceError[];
  notes: string[];
  partial: boolean;
}

/** Streams a source through extract() and the engine: one page's HTML in memory at a time. */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const { source } = options;
  const engine = new Engine({ rules: options.rules, weights: options.weights, http: source.http });
  const errors: SourceError[] = [];
  let done = 0;
  let partial = false;
  for await (const item of source.items()) {
    if (options.signal?.aborted) {
      partial = true;
      break;
    }
    if ('error' in item) {
      errors.push(item.error);
      options.onProgress?.({ done, errors: errors.length, url: item.error.url ?? item.error.origin });
      continue;
    }
    try {
      const page = extractPage(item.page);
      if (source.checkLinks) await source.checkLinks(page);
      engine.addPage(page);
    } catch (err) {
      // One page that breaks the parser or a rule must not cost the user the rest of the run.
      const origin = item.page.origin ?? item.page.url;
      errors.push({ origin, url: item.page.url, message: `could not be audited (internal error: ${(err as Error).message}); please report this page` });
      continue;
    }
    done++;
    options.onProgress?.({ done, errors: errors.length, url: item.page.url });
  }
  const result = engine.finish();
  const src: AuditResult['source'] = { kind: source.kind, target: source.target };
  if (source.baseUrl) src.baseUrl = source.baseUrl;
  return { ...result, source: src, errors, notes: source.notes, partial };
}
