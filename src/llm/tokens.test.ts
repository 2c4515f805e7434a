import { countTokens as bpeCount } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { countTokens } from './tokens.js';

describe('countTokens', () => {
  it('counts ordinary text exactly as the tokenizer does', () => {
    const text = 'The Alpine trail runner weighs 240 g and has a 4 mm drop. Free US shipping over $75.\nEasy returns.';
    expect(countTokens(text)).toBe(bpeCount(text));
  });

  it('counts long runs without spaces in linear time, close to the tokenizer', () => {
    // The tokenizer itself needs seconds for 40,000 characters in one run (its BPE is quadratic in a run's length).
    for (const run of ['a'.repeat(2_000_000), '漢'.repeat(2_000_000), ' '.repeat(2_000_000), '😀'.repeat(500_000)]) {
      const t0 = performance.now();
      const n = countTokens(run);
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(n).toBeGreaterThan(0);
    }
    const sample = '漢字'.repeat(600);
    expect(Math.abs(countTokens(sample) - bpeCount(sample))).toBeLessThanOrEqual(Math.ceil(sample.length / 256) + 1);
  });
});
