/**
 * MinHash signatures of word shingles, for near-duplicate detection in O(pages) memory:
 * a page's body text becomes NUM_HASHES 32-bit minima whose agreement estimates Jaccard similarity.
 */
export const NUM_HASHES = 64;
export const SHINGLE_WORDS = 3;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A strong 32-bit mixer (murmur3 finalizer), seeded per hash function. */
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEED = 0x9e3779b9;
const EMPTY = 0xffffffff;

/**
 * One-permutation hashing with rotation densification (Shrivastava & Li, 2014): one hash per
 * shingle picks a bin (its top 6 bits) and competes for that bin's minimum; an empty bin borrows
 * the next non-empty bin's value. Equal bins estimate Jaccard similarity as 64 MinHashes do, at
 * one hash per shingle instead of 64.
 */
export function minhash(words: readonly string[]): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(EMPTY);
  const hashes = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) hashes[i] = fnv1a(words[i]!);
  const n = Math.max(1, words.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < n; i++) {
    // A shingle's hash from its words' hashes: no joined strings on this hot path.
    let base = 0x811c9dc5;
    for (let j = i; j < i + SHINGLE_WORDS && j < hashes.length; j++) base = Math.imul(base ^ hashes[j]!, 0x01000193);
    const h = mix(base >>> 0, SEED);
    const bin = h >>> 26;
    const value = h & 0x03ffffff;
    if (value < sig[bin]!) sig[bin] = value;
  }
  for (let k = 0; k < NUM_HASHES; k++) {
    if (sig[k] !== EMPTY) continue;
    // Rotation: the first non-empty bin to the right, plus a per-step offset so borrowed values
    // are not mistaken for the same bin's own value on another page.
    for (let step = 1; step < NUM_HASHES; step++) {
      const v = sig[(k + step) % NUM_HASHES]!;
      if (v !== EMPTY && v < 0x04000000) {
        sig[k] = v + step * 0x04000000;
        break;
      }
    }
  }
  return sig;
}

/** LSH bands: pages agreeing on all rows of any band become candidate pairs. */
export const BANDS = 16;
export const BAND_ROWS = NUM_HASHES / BANDS;
