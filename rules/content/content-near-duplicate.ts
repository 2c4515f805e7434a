import { defineRule } from '../../src/engine/define-rule.js';
import { BANDS, bandHash, similarity } from '../../src/engine/minhash.js';

/** Members of one bucket are alike; comparing a newcomer with the first few is enough. */
const BUCKET_KEEP = 8;

export default defineRule({
  id: 'content-near-duplicate',
  category: 'content',
  scope: 'site',
  severity: 'medium',
  docs: {
    description: 'Two indexable pages whose main text is almost the same (word-shingle MinHash similarity).',
    fix: 'Merge the pages, point one at the other with a canonical link, or rewrite one so it says something the other does not.',
  },
  options: { threshold: 0.9 },
  check(index, { options, report }) {
    const pages: { url: string; signature: Uint32Array }[] = [];
    index.pages.forEach((p, i) => {
      const signature = index.signature(i);
      if (signature) pages.push({ url: p.url, signature });
    });
    // Locality-sensitive hashing, one band at a time so only one band's buckets are in memory:
    // pages sharing a band are compared, so the work stays near linear in the number of pages.
    const matches = new Map<number, Map<number, number>>();
    const match = (a: number, b: number, score: number): void => {
      let m = matches.get(a);
      if (!m) matches.set(a, (m = new Map()));
      m.set(b, score);
    };
    for (let band = 0; band < BANDS; band++) {
      const buckets = new Map<number, number[]>();
      pages.forEach((page, i) => {
        const key = bandHash(page.signature, band);
        const bucket = buckets.get(key);
        if (!bucket) {
          buckets.set(key, [i]);
          return;
        }
        for (const j of bucket) {
          if (matches.get(i)?.has(j)) continue;
          const score = similarity(page.signature, pages[j]!.signature);
          if (score < options.threshold) continue;
          match(i, j, score);
          match(j, i, score);
        }
        if (bucket.length < BUCKET_KEEP) bucket.push(i);
      });
    }
    for (const i of [...matches.keys()].sort((a, b) => a - b)) {
      // The most similar other page, the earliest one on a tie.
      let best = -1;
      let bestScore = -1;
      for (const [j, score] of [...matches.get(i)!].sort(([a], [b]) => a - b)) {
        if (score > bestScore) [best, bestScore] = [j, score];
      }
      const others = matches.get(i)!.size - 1;
      const percent = Math.round(bestScore * 100);
      const more = others > 0 ? ` (and ${others} more page${others > 1 ? 's' : ''})` : '';
      report({
        url: pages[i]!.url,
        message: `Main text is ${percent}% similar to ${pages[best]!.url}${more}.`,
        value: pages[best]!.url,
        expected: `< ${Math.round(options.threshold * 100)}% similar to any other indexable page`,
      });
    }
  },
});
