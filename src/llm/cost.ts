// What a run costs: tokens × price. Prices are per million tokens, dated, and overridable in the
// config (`llm.prices`) because they change and local models cost nothing.

export interface Price {
  /** USD per million prompt tokens. */
  input: number;
  /** USD per million completion tokens. */
  output: number;
}

/** List prices on the date below; a model not listed costs what `llm.prices` says, else 0 (with a note). */
export const PRICES_AS_OF = '2026-11-01';
export const PRICES: Readonly<Record<string, Price>> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
};

export const DEFAULT_MODEL = 'gpt-4o-mini';

/**
 * The price of a model: the config's first, then the table's; a dated snapshot
 * ("gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18") costs what its base model costs.
 */
export function priceOf(model: string, overrides: Record<string, Price> = {}): Price | undefined {
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return overrides[model] ?? PRICES[model] ?? overrides[base] ?? PRICES[base];
}

export function costUsd(usage: { prompt: number; completion: number }, price: Price | undefined): number {
  if (!price) return 0;
  return (usage.prompt * price.input + usage.completion * price.output) / 1_000_000;
}
