/** Seeded randomness and made-up but varied prose, so every benchmark run sees the same shop. */

export { rng, type Rng } from '../src/testing/random.js';
import { rng, type Rng } from '../src/testing/random.js';

/** A seed for stream `salt` of item `i`: pages draw from independent streams so one can be rebuilt alone. */
export function seedOf(i: number, salt: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export function int(r: Rng, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

const SYLLABLES = [
  'ka', 'lo', 'mi', 'ren', 'tor', 'va', 'sel', 'dun', 'pra', 'quo', 'ber', 'lin', 'ost', 'gra', 'fel', 'nu', 'zi',
  'mar', 'tel', 'cor', 'ven', 'sa', 'pe', 'dra', 'wen', 'hol', 'bri', 'ta', 'mon', 'ges', 'ly', 'ric', 'fa', 'dor',
];
/** Real words that product copy leans on, so keyword-like repetition exists. */
const COMMON = [
  'the', 'and', 'with', 'for', 'your', 'this', 'is', 'a', 'of', 'to', 'in', 'it', 'on', 'that', 'you', 'our', 'made',
  'quality', 'design', 'comfort', 'easy', 'use', 'great', 'perfect', 'everyday', 'durable', 'light', 'soft', 'strong',
  'material', 'fit', 'size', 'colour', 'price', 'delivery', 'warranty', 'care', 'clean', 'water', 'home', 'outdoor',
  'café', 'größe', 'naïve', 'façade', 'très', 'über', 'señor', 'crème', 'jalapeño', 'smörgåsbord',
];

/** ~3,000 invented words plus common ones; drawn with a skew so some words repeat a lot, as in real text. */
const VOCABULARY: readonly string[] = (() => {
  const r = rng(424242);
  const out = new Set<string>(COMMON);
  while (out.size < 3000) {
    let w = '';
    const n = int(r, 1, 4);
    for (let k = 0; k < n; k++) w += pick(r, SYLLABLES);
    out.add(w);
  }
  return [...out];
})();

export function word(r: Rng): string {
  const x = r();
  return VOCABULARY[Math.floor(VOCABULARY.length * x * x * x)]!;
}

export function words(r: Rng, n: number): string[] {
  const out: string[] = new Array<string>(n);
  for (let k = 0; k < n; k++) out[k] = word(r);
  return out;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function sentence(r: Rng, min = 6, max = 18): string {
  const ws = words(r, int(r, min, max));
  // Entities and inline markup appear in real copy and cost the parser something.
  if (r() < 0.08) ws.splice(int(r, 1, ws.length - 1), 0, '&amp;');
  if (r() < 0.05) ws.splice(int(r, 1, ws.length - 1), 0, `<strong>${word(r)}</strong>`);
  return `${capitalise(ws.join(' '))}${pick(r, ['.', '.', '.', '!', '?'])}`;
}

export function paragraph(r: Rng, sentences: number): string {
  const out: string[] = [];
  for (let k = 0; k < sentences; k++) out.push(sentence(r));
  return out.join(' ');
}

/** Words joined until the text is between min and max characters (cut at a word boundary). */
export function textOfLength(r: Rng, start: string, min: number, max: number): string {
  let s = start;
  while (s.length < min) s += ` ${word(r)}`;
  if (s.length > max) {
    s = s.slice(0, max);
    const cut = s.lastIndexOf(' ');
    if (cut >= min) s = s.slice(0, cut);
  }
  return s.trim();
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
