import { defineRule } from '../../src/engine/rule-api.js';
import { BANDS } from '../../src/engine/rule-api.js';

/** Members of one bucket are alike; comparing a newcomer with the first few is enough. */
const BUCKET_KEEP = 8;

export default defineRule({
  id: 'content-near-duplicate',
  category: 'content',
  scope: 'site',
  reads: ['content'],
  site: true,
  severity: 'medium',
  docs: {
    description: 'Two indexable pages whose main text is almost the same (word-shingle MinHash similarity).',
    fix: 'Merge the pages, point one at the other with a canonical link, or rewrite one so it says something the other does not.',
    why: 'When pages say almost the same thing, search engines choose one to show and leave the others out of results, which may not be the one you would pick; the copies also split links between them.',
    examples: {
      fails: {
        pages: [
          { url: 'https://shop.example/products/blue-widget', html: '<title>Blue widget</title><main><p>The blue widget is made of brushed stainless steel and fits every standard socket in the kitchen or the workshop. It is dishwasher safe, does not rust, and comes with a ten-year guarantee. Order before noon and it ships the same day, with free delivery on orders over thirty euros and free returns within a month of delivery.</p></main>' },
          { url: 'https://shop.example/products/blue-widget-2', html: '<title>Blue widget (copy)</title><main><p>The blue widget is made of brushed stainless steel and fits every standard socket in the kitchen or the workshop. It is dishwasher safe, does not rust, and comes with a ten-year guarantee. Order before noon and it ships the same day, with free delivery on orders over thirty euros and free returns within a month of delivery.</p></main>' },
        ],
      },
      passes: {
        pages: [
          { url: 'https://shop.example/products/blue-widget', html: '<title>Blue widget</title><main><p>The blue widget is made of brushed stainless steel and fits every standard socket in the kitchen or the workshop. It is dishwasher safe, does not rust, and comes with a ten-year guarantee. Order before noon and it ships the same day, with free delivery on orders over thirty euros and free returns within a month of delivery.</p></main>' },
          { url: 'https://shop.example/products/red-gadget', html: '<title>Red gadget</title><main><p>Our red gadget clips onto any shelf and holds up to five kilograms of tools, jars or books. The frame is powder-coated aluminium, light enough to move with one hand and strong enough for a garage. Each gadget ships flat with two screws, a spare clip and a printed guide that shows the three ways to mount it.</p></main>' },
        ],
      },
    },
  },
  options: { threshold: 0.9 },
  check(index, { options, report }) {
    const ids: number[] = [];
    for (let i = 0; i < index.pages.length; i++) if (index.hasSignature(i)) ids.push(i);
    // Locality-sensitive hashing, one band at a time so only one band's buckets are in memory:
    // pages sharing a band are compared, so the work stays near linear in the number of pages.
    const matches = new Map<number, Map<number, number>>();
    const match = (a: number, b: number, score: number): void => {
      let m = matches.get(a);
      if (!m) matches.set(a, (m = new Map()));
      m.set(b, score);
    };
    const compare = (i: number, j: number): void => {
      if (matches.get(i)?.has(j)) return;
      const score = index.similarity(i, j);
      if (score < options.threshold) return;
      match(i, j, score);
      match(j, i, score);
    };
    for (let band = 0; band < BANDS; band++) {
      // A bucket of one page is the page's number; most buckets never get a second page.
      const buckets = new Map<number, number | number[]>();
      for (const i of ids) {
        const key = index.bandHash(i, band);
        const bucket = buckets.get(key);
        if (bucket === undefined) {
          buckets.set(key, i);
        } else if (typeof bucket === 'number') {
          compare(i, bucket);
          buckets.set(key, [bucket, i]);
        } else {
          for (const j of bucket) compare(i, j);
          if (bucket.length < BUCKET_KEEP) bucket.push(i);
        }
      }
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
        url: index.pages[i]!.url,
        message: `Main text is ${percent}% similar to ${index.pages[best]!.url}${more}.`,
        value: index.pages[best]!.url,
        expected: `< ${Math.round(options.threshold * 100)}% similar to any other indexable page`,
      });
    }
  },
});
