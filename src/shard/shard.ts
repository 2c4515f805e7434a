// Sharded audits (issue 16): `audit --shard i/n` audits a stable part of a source's pages, chosen
// by a hash of each page's URL, so a page always falls in the same shard whatever the machine.
import { createHash } from 'node:crypto';
import type { Source, SourceError, SourceItem } from '../sources/types.js';
import type { WebShardFacts } from '../sources/web/shard-facts.js';
import type { FolderShardFacts } from '../sources/folder.js';

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
function itemKey(item: SourceItem): string {
  return 'page' in item ? item.page.url : (item.error.url ?? item.error.origin);
}

/** A source's items as one shard sees them, with the place of each in the whole source. */
export interface ShardView {
  source: Source;
  /** The place (0-based) in the whole source of a page this shard kept: the input the audit hands back. */
  placeOf(input: { url: string; origin?: string }): number | undefined;
  /** The place of an error this shard kept (the very object the source yielded). */
  placeOfError(error: SourceError): number | undefined;
  /** A digest of the whole input in source order: shards of one input agree on it. */
  inputDigest(): string;
  /** Places in the whole source (after items() is done). */
  total(): number;
  /**
   * Not every place holds an item (a web run: a sitemap URL that is a PDF yields none, two that
   * redirect to one page yield it once): the merge checks each shard is whole, not each place.
   */
  sparse?: boolean;
  /** What else the merge needs of this shard: a web run's link statuses, robots.txt and notes' counts; a folder's redirect stubs. */
  facts?(): { web?: WebShardFacts; folder?: FolderShardFacts };
  /** A sparse view: the places that fall in this shard (those that hold no item are declared so, for the merge to check each place once). */
  owned?(): number[];
}

/**
 * `source` narrowed to one shard: every item is still read (its place, and the input's digest,
 * need it), those of other shards are dropped before any check. Everything else is the source's
 * own, its size too (the audit chooses worker threads for the whole source, as an unsharded run does).
 */
export function shardedSource(source: Source, spec: ShardSpec): ShardView {
  // A URL may come twice (two rows of one CSV, index.html and INDEX.HTML): each keeps its place, in order.
  const pagePlaces = new Map<string, number[]>();
  const errorPlaces = new WeakMap<SourceError, number>();
  // md5 for speed: this is a check that the input did not change, not a security boundary.
  const digest = createHash('md5');
  let seen = 0;
  async function* items(): AsyncIterable<SourceItem> {
    for await (const item of source.items()) {
      const key = itemKey(item);
      digest.update(`${key}\n`);
      if ('page' in item) digest.update(item.page.body);
      else digest.update(`${item.error.message}\n`);
      const place = seen++;
      if (shardOf(key, spec.count) !== spec.index) continue;
      if ('page' in item) {
        const list = pagePlaces.get(key);
        if (list) list.push(place);
        else pagePlaces.set(key, [place]);
      } else {
        errorPlaces.set(item.error, place);
      }
      yield item;
    }
  }
  let hex: string | undefined;
  const narrowed = new Proxy(source, {
    get(target, prop, receiver) {
      if (prop === 'items') return items;
      return Reflect.get(target, prop, receiver);
    },
  });
  return {
    source: narrowed,
    placeOf: (input) => pagePlaces.get(input.url)?.shift(),
    placeOfError: (error) => errorPlaces.get(error),
    inputDigest: () => (hex ??= digest.digest('hex')),
    total: () => seen,
  };
}
