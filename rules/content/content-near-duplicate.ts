import { defineRule } from '../../src/engine/define-rule.js';
import { bandKeys, similarity } from '../../src/engine/minhash.js';
import type { IndexedPage } from '../../src/engine/site-index.js';

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
    const pages = index.pages.filter((p): p is IndexedPage & { signature: Uint32Array } => p.signature !== undefined);
    // Locality-sensitive hashing: only pages sharing a band are compared, so the work stays near linear.
    const buckets = new Map<string, number[]>();
    const best = new Map<number, { other: number; score: number; count: number }>();
    pages.forEach((page, i) => {
      const compared = new Set<number>();
      for (const key of bandKeys(page.signature)) {
        const bucket = buckets.get(key);
        if (!bucket) {
          buckets.set(key, [i]);
          continue;
        }
        for (const j of bucket) {
          if (compared.has(j)) continue;
          compared.add(j);
          const score = similarity(page.signature, pages[j]!.signature);
          if (score < options.threshold) continue;
          for (const [a, b] of [[i, j], [j, i]] as const) {
            const prev = best.get(a);
            if (!prev || score > prev.score) best.set(a, { other: b, score, count: (prev?.count ?? 0) + 1 });
            else prev.count++;
          }
        }
        // Members of one bucket are alike; comparing a newcomer with the first few is enough.
        if (bucket.length < 8) bucket.push(i);
      }
    });
    for (const [i, match] of [...best.entries()].sort(([a], [b]) => a - b)) {
      const percent = Math.round(match.score * 100);
      const more = match.count > 1 ? ` (and ${match.count - 1} more page${match.count > 2 ? 's' : ''})` : '';
      report({
        url: pages[i]!.url,
        message: `Main text is ${percent}% similar to ${pages[match.other]!.url}${more}.`,
        value: pages[match.other]!.url,
        expected: `< ${Math.round(options.threshold * 100)}% similar to any other indexable page`,
      });
    }
  },
});
