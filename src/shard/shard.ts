// Sharded audits (issue 16): `audit --shard i/n` audits a stable part of a source's pages, chosen
// by a hash of each page's URL, so a page always falls in the same shard whatever the machine.
import { createHash } from 'node:crypto';
import type { Source, SourceItem } from '../sources/types.js';

export interface ShardSpec {
  /** 1-based, as the user writes it: 1/4 … 4/4. */
  index: number;
  count: number;
}

/** `i/n` as written on the command line; a string says what is wrong with it. */
export function parseShard(text: string): ShardSpec | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `write it as i/n, e.g. 1/4`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 1000) return 'n must be 1 to 1000';
  if (index < 1 || index > count) return `i must be 1 to ${count}`;
  return { index, count };
}

/** The shard (1-based) a key falls in: the first four bytes of its SHA-1, modulo the count. */
export function shardOf(key: string, count: number): number {
  return (createHash('sha1').update(key).digest().readUInt32BE(0) % count) + 1;
}

/** The key an item is sharded by: a page's URL, an error's URL or else its origin (a file, a row). */
export function itemKey(item: SourceItem): string {
  return 'page' in item ? item.page.url : (item.error.url ?? item.error.origin);
}

/** A source's items as one shard sees them, with the place of each in the whole source. */
export interface ShardedSource {
  source: Source;
  /** The place in the whole source (0-based) of the next item with this key this shard kept (a key may come twice: two rows of one URL). */
  takePlace(key: string): number | undefined;
  /** A digest of every item's key in source order: shards of one input agree on it. */
  inputDigest(): string;
  /** Items the whole source had (after items() is done). */
  total(): number;
}

/**
 * `source` narrowed to one shard: every item is still read (its key must be known to place it),
 * those of other shards are dropped before any check. Everything else is the source's own.
 */
export function shardedSource(source: Source, spec: ShardSpec): ShardedSource {
  const places = new Map<string, number[]>();
  const digest = createHash('sha256');
  let seen = 0;
  async function* items(): AsyncIterable<SourceItem> {
    for await (const item of source.items()) {
      const key = itemKey(item);
      digest.update(`${key}\n`);
      const place = seen++;
      if (shardOf(key, spec.count) !== spec.index) continue;
      const list = places.get(key);
      if (list) list.push(place);
      else places.set(key, [place]);
      yield item;
    }
  }
  let hex: string | undefined;
  const narrowed = new Proxy(source, {
    get(target, prop, receiver) {
      if (prop === 'items') return items;
      // How many pages this shard will have is not known before the source is read.
      if (prop === 'size') return undefined;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { source: narrowed, takePlace: (key) => places.get(key)?.shift(), inputDigest: () => (hex ??= digest.digest('hex')), total: () => seen };
}
