/** A seeded random number in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a tiny seeded PRNG, so generated test data and benchmark shops are the same on every
 * run and a failing case reproduces from its seed.
 */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
