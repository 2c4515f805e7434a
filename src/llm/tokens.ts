// Token counts for the limiter, the budget and usage a server did not report. gpt-tokenizer's BPE
// is quadratic in the length of one pre-token, and a pre-token is a run without spaces: 40,000
// CJK characters, or "aaaa…", take seconds, a 5 MB answer hours, all of it synchronous, so no
// timer (not even --timeout) fires meanwhile. Long runs are counted in slices instead: linear,
// and off by at most a token per slice, which an estimate can afford.
import { createRequire } from 'node:module';

// Loaded on first use, not at start-up: its BPE tables take a third of a second to load, which
// every command paid (an audit, `--version`) though only runs that ask a model count tokens.
const load = createRequire(import.meta.url);
let bpe: ((text: string) => number) | undefined;
const bpeCount = (text: string): number => (bpe ??= (load('gpt-tokenizer') as typeof import('gpt-tokenizer')).countTokens)(text);

/** Runs of non-space (or of space) longer than this are counted in slices of this many characters. */
export const TOKEN_RUN_SLICE = 256;

const LONG_RUN = new RegExp(`\\S{${TOKEN_RUN_SLICE + 1},}|\\s{${TOKEN_RUN_SLICE + 1},}`, 'g');

/** The tokens of `text` by the tokenizer, in time linear in its length. */
export function countTokens(text: string): number {
  let sliced = 0;
  const rest = text.replace(LONG_RUN, (run) => {
    for (let i = 0; i < run.length; ) {
      let end = Math.min(run.length, i + TOKEN_RUN_SLICE);
      // Never split a surrogate pair: half a character would count as a replacement character.
      if (end < run.length && /[\uD800-\uDBFF]/.test(run[end - 1]!)) end--;
      sliced += bpeCount(run.slice(i, end));
      i = end;
    }
    return ' ';
  });
  return sliced + bpeCount(rest);
}
