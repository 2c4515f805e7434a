import { describe, expect, it } from 'vitest';
import type { Source, SourceItem } from '../sources/types.js';
import { parseShard, shardedSource, shardOf } from './shard.js';

describe('parseShard', () => {
  it.each([
    ['1/4', { index: 1, count: 4 }],
    [' 4 / 4 ', { index: 4, count: 4 }],
    ['1/1', { index: 1, count: 1 }],
  ])('%s', (text, spec) => expect(parseShard(text)).toEqual(spec));
  it.each([
    ['0/4', 'i must be 1 to 4'],
    ['5/4', 'i must be 1 to 4'],
    ['1/0', 'n must be 1 to 1000'],
    ['1', 'write it as i/n, e.g. 1/4'],
    ['a/b', 'write it as i/n, e.g. 1/4'],
  ])('%s: refused', (text, why) => expect(parseShard(text)).toBe(why));
});

describe('shardOf', () => {
  it('is stable: a URL falls in the same shard on every machine and run (SHA-1, not a seeded hash)', () => {
    expect(['https://shop.example/', 'https://shop.example/products/tent', 'https://shop.example/about'].map((u) => shardOf(u, 4))).toEqual([2, 2, 4]);
  });
  it('spreads 10,000 URLs evenly over 4 shards (each within 5 % of a quarter)', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[shardOf(`https://shop.example/p/${i}`, 4) - 1]!++;
    for (const c of counts) expect(Math.abs(c - 2500)).toBeLessThan(125);
  });
});

describe('shardedSource', () => {
  const source = (items: SourceItem[]): Source => ({ kind: 'folder', target: 'site', http: false, notes: ['a note'], size: items.length, items: async function* () { yield* items; } });
  const page = (url: string): SourceItem => ({ page: { url, body: new Uint8Array(0) } });
  it('keeps its own items with their places in the whole source; every shard sees the same digest', async () => {
    const items = [page('https://s.example/a'), { error: { origin: 'b.html', url: 'https://s.example/b', message: 'bad' } }, page('https://s.example/c'), page('https://s.example/a')];
    const all = [];
    const digests = new Set<string>();
    for (const index of [1, 2]) {
      const sharded = shardedSource(source(items), { index, count: 2 });
      // The whole source's size: the audit chooses worker threads as an unsharded run does.
      expect(sharded.source.size).toBe(4);
      expect(sharded.source.notes).toEqual(['a note']);
      for await (const item of sharded.source.items()) {
        const key = 'page' in item ? item.page.url : item.error.url!;
        all.push({ index, key, place: 'page' in item ? sharded.placeOf({ url: key }) : sharded.placeOfError(item.error) });
      }
      expect(sharded.total()).toBe(4);
      digests.add(sharded.inputDigest());
    }
    expect(all.map((a) => a.place).sort()).toEqual([0, 1, 2, 3]);
    // The same URL twice (two CSV rows): both in one shard, each with its own place.
    expect(all.filter((a) => a.key === 'https://s.example/a').map((a) => a.place)).toEqual([0, 3]);
    expect(digests.size).toBe(1);
  });
});
