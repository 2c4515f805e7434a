import { describe, expect, it } from 'vitest';
import { Frontier, frontierNotes, type FrontierOptions } from './frontier.js';

const H = 'https://s.example';
const frontier = (extra: Partial<FrontierOptions> = {}): Frontier =>
  new Frontier({ host: 's.example', start: `${H}/`, maxPages: 100, maxDepth: Infinity, maxQueryVariants: 3, maxPathSegments: 5, inScope: () => true, blockedBy: () => undefined, ...extra });
const drain = (f: Frontier): string[] => {
  const out: string[] = [];
  for (let e = f.take(); e; e = f.take()) out.push(e.url);
  return out;
};

describe('Frontier', () => {
  it('queues each URL on the host once, in the order met, on http and https alike', () => {
    const f = frontier();
    for (const url of [`${H}/a`, `${H}/b`, `${H}/a`, `http://s.example/c`, 'https://other.example/d', 'https://s.example.evil/e']) f.plan(url, 1, false);
    expect(drain(f)).toEqual([`${H}/a`, `${H}/b`, 'http://s.example/c']);
    expect(f.skipped.offHost).toBe(2);
    expect(f.waiting).toBe(0);
  });

  it('leaves out URLs outside the patterns, but never the start URL', () => {
    const f = frontier({ inScope: (url) => url.includes('/blog/') });
    f.plan(`${H}/`, 0, false);
    f.plan(`${H}/shop/x`, 1, false);
    f.plan(`${H}/blog/y`, 1, false);
    expect(drain(f)).toEqual([`${H}/`, `${H}/blog/y`]);
    expect(f.skipped.pattern).toBe(1);
    expect(f.complete).toBe(false);
  });

  it('counts what --max-depth and --max-pages leave, as losses, and does not link-check them', () => {
    const f = frontier({ maxDepth: 1, maxPages: 2 });
    f.plan(`${H}/a`, 0, true);
    f.plan(`${H}/b`, 2, false);
    f.plan(`${H}/c`, 1, false);
    f.plan(`${H}/d`, 1, false);
    expect(drain(f)).toEqual([`${H}/a`, `${H}/c`]);
    expect([...f.notFollowed]).toEqual([`${H}/b`, `${H}/d`]);
    expect(frontierNotes(f.facts())).toEqual({
      said: ['1 URL not fetched: --max-pages 2 reached', '1 URL deeper than --max-depth 1 not fetched'],
      lost: ['1 URL not fetched: --max-pages 2 reached', '1 URL deeper than --max-depth 1 not fetched'],
    });
  });

  it('guards against traps: too many query variants of a path, too many segments, a repeated segment', () => {
    const f = frontier();
    for (let i = 0; i < 5; i++) f.plan(`${H}/list?page=${i}`, 1, false);
    f.plan(`${H}/1/2/3/4/5/6`, 1, false);
    f.plan(`${H}/a/x/x/x/x`, 1, false);
    f.plan(`${H}/${'y'.repeat(2100)}`, 1, false);
    expect(drain(f)).toEqual([`${H}/list?page=0`, `${H}/list?page=1`, `${H}/list?page=2`]);
    expect(f.skipped.trap).toBe(5);
    expect(frontierNotes(f.facts()).said).toEqual([
      '5 URLs skipped as a likely crawler trap (more than 3 query strings on one path, over 5 path segments, or a segment repeated): /list, /1/2/3/4/5/6, /a/x/x/x/x',
    ]);
  });

  it('queues a sitemap URL robots.txt disallows, to report it as blocked, and leaves a linked one', () => {
    const blocked = { robotsUrl: `${H}/robots.txt`, line: 2, rule: 'Disallow: /private' };
    const f = frontier({ blockedBy: (url) => (url.includes('/private') ? blocked : undefined) });
    f.plan(`${H}/private/a`, 0, true);
    f.plan(`${H}/private/b`, 1, false);
    expect([f.take(), f.take()]).toEqual([{ url: `${H}/private/a`, depth: 0, inSitemap: true, blockedBy: blocked, position: 0 }, undefined]);
    expect(frontierNotes(f.facts()).said).toEqual(['1 linked URL disallowed by robots.txt not fetched']);
    expect(f.complete).toBe(true);
  });

  it('keeps its order over many takes (the taken part is let go of)', () => {
    const f = frontier({ maxPages: 20_000 });
    for (let i = 0; i < 10_000; i++) f.plan(`${H}/p${i}`, 1, false);
    const taken = drain(f);
    expect(taken).toHaveLength(10_000);
    expect(taken[9_999]).toBe(`${H}/p9999`);
    expect(f.size).toBeLessThan(10_000);
  });
});
