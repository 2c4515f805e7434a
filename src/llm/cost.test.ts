import { describe, expect, it } from 'vitest';
import { costUsd, priceOf, PRICES } from './cost.js';

describe('priceOf and costUsd', () => {
  it('prices a model, its dated snapshots, and what the config overrides', () => {
    expect(priceOf('gpt-4o-mini')).toEqual(PRICES['gpt-4o-mini']);
    expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual(PRICES['gpt-4o-mini']);
    expect(priceOf('gpt-4o-2024-08-06')).toEqual(PRICES['gpt-4o']);
    expect(priceOf('llama3.1:70b')).toBeUndefined();
    expect(priceOf('llama3.1:70b', { 'llama3.1:70b': { input: 0, output: 0 } })).toEqual({ input: 0, output: 0 });
    expect(priceOf('gpt-4o', { 'gpt-4o': { input: 1, output: 2 } })).toEqual({ input: 1, output: 2 });
  });

  it('costs tokens at the price per million', () => {
    expect(costUsd({ prompt: 1_000_000, completion: 500_000 }, { input: 0.15, output: 0.6 })).toBeCloseTo(0.45, 10);
    expect(costUsd({ prompt: 10, completion: 10 }, undefined)).toBe(0);
  });
});
