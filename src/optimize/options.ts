// What an optimize run is given.
import type { Config } from '../engine/config.js';
import type { Weights } from '../engine/types.js';
import type { CsvSourceExtras } from '../sources/csv.js';
import type { Source } from '../sources/types.js';
import type { OptimizeField } from './plan.js';
import type { Rewriter } from './rewriter.js';

export interface OptimizeOptions {
  source: Source & CsvSourceExtras;
  ruleSettings?: Config['rules'];
  weights: Weights;
  fields: readonly OptimizeField[];
  rewriter: Rewriter;
  /** Candidates asked for per field before the original is kept (default 3). */
  attempts?: number;
  /** The rewriter writes FAQs (offline does not). */
  writesFaq?: boolean;
  keywordsFor?: (url: string) => string[] | undefined;
  onProgress?: (done: number, total: number) => void;
  /**
   * Stops the run when aborted: no request is sent after it, and rows not finished are
   * not_processed. Its reason (a string: "interrupted (Ctrl-C)", "--timeout 30 s reached") is what
   * the notes and rows say the run stopped for.
   */
  signal?: AbortSignal;
  /**
   * Rewriter calls at once (default 1). Rows start up to AHEAD times this many ahead of the one
   * whose turn it is to take candidates; they take them in row order.
   */
  concurrency?: number;
}
