import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { extractPage } from '../page/extract.js';
import { DEFAULT_WEIGHTS, resolveRules } from './config.js';
import { Engine } from './run.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * V8 makes substrings as views into their parent, so anything kept after a page is done (a
 * finding's href, a title in the site index, a cache key) can pin the whole page's HTML. 1,000
 * pages of 100 KB would hold 100 MB if one such view survived per page.
 */
describe('what a run keeps', () => {
  it('holds no view into any page’s HTML', () => {
    const engine = new Engine({ rules: resolveRules(rules), weights: DEFAULT_WEIGHTS });
    const filler = `<p>${'lorem ipsum dolor sit amet consectetur '.repeat(2500)}</p>`;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1000; i++) {
      const html =
        `<html><head><title>Product-number-${i}-of-the-shop</title><meta name="description" content="Description-${i}-long-enough">` +
        `<link rel="canonical" href="https://s.example/elsewhere-${i}"></head><body><h1>Heading-${i}-long</h1>` +
        `<a href="/products/item-${i}-long-name">Read more</a><a href="https://s.example/abs-${i}">click here</a>` +
        `<a href="javascript:void(${i})">x</a><img src="/images/product-image-${i}.jpg">${filler}</body></html>`;
      engine.addPage(extractPage({ url: `https://s.example/p/${i}`, body: Buffer.from(html) }));
    }
    gc();
    const grownMB = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    expect(grownMB).toBeLessThan(20);
    expect(engine.finish().pages.length).toBe(1000);
  });
});
