import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { csvSource, rowPage } from '../sources/csv.js';
import { productPage } from '../../bench/synthetic-shop.js';
import { DEFAULT_LIMITS } from './offline.js';
import { offlineRewriter, type OfflineRequest } from './offline-rewriter.js';
import { OPTIMIZE_FIELDS } from './plan.js';
import type { TextField } from './run.js';

// The built code: worker threads run only there.
const built = {
  pool: (await import(String(new URL('../../dist/src/optimize/offline-pool.js', import.meta.url)))) as typeof import('./offline-pool.js'),
  run: (await import(String(new URL('../../dist/src/optimize/run.js', import.meta.url)))) as typeof import('./run.js'),
  csv: (await import(String(new URL('../../dist/src/sources/csv.js', import.meta.url)))) as typeof import('../sources/csv.js'),
};
const DEMO_SHOP = fileURLToPath(new URL('../../fixtures/csv/demo-shop.csv', import.meta.url));

const pools: import('./offline-pool.js').OfflinePool[] = [];
const pool = (size: number, options: ConstructorParameters<typeof import('./offline-pool.js').OfflinePool>[1] = {}) => {
  const p = new built.pool.OfflinePool(size, options);
  pools.push(p);
  return p;
};
afterAll(async () => {
  for (const p of pools) await p.close();
});

/** Requests for every field of the demo shop's rows and of synthetic product pages, first attempts and second. */
function requests(): OfflineRequest[] {
  const demo = csvSource({ target: DEMO_SHOP, display: 'demo-shop.csv' });
  const pages = demo.table.rows.map((row) => rowPage(demo.columns, row.fields, row.line));
  for (let i = 0; i < 30; i++) {
    const page = rowPage({}, [], i + 100);
    Object.assign(page, { url: `https://shop.example/p/${i}`, title: i % 3 === 0 ? '' : `Product ${i} with a title that runs on and on past any limit a search engine shows`, content: productPage(i, 30), product_name: i % 2 === 0 ? `Product ${i}` : '' });
    pages.push(page);
  }
  const out: OfflineRequest[] = [];
  pages.forEach((page, n) => {
    for (const field of ['title', 'meta', 'h1'] as TextField[]) {
      const failing = field === 'meta' && n % 5 === 0 ? ['meta-description-missing-keyword'] : [`${field}-too-long`];
      out.push({ field, page, url: page.url || `https://shop.example/r/${n}`, keywords: n % 4 === 0 ? ['widget'] : [], attempt: n % 7 === 0 ? 2 : 1, feedback: [], failing });
    }
  });
  return out;
}

describe('OfflinePool: offline proposals made in worker threads', () => {
  it('proposes exactly what the offline rewriter proposes in this thread, with and without a brand', async () => {
    const all = requests();
    for (const options of [{}, { brand: 'Northpine' }]) {
      const here = offlineRewriter(options);
      const expected = all.map((r) => here.proposeNow(r));
      const workers = pool(2, options);
      const answers = await Promise.all(all.map((r) => workers.propose(r)));
      expect(answers).toEqual(expected);
      // Not a pool of nothing: most requests have a proposal.
      expect(expected.filter((a) => a !== undefined).length).toBeGreaterThan(all.length / 3);
    }
  });

  it('proposes to the limits it is given, as the rewriter here does', async () => {
    const all = requests();
    const limits = { ...DEFAULT_LIMITS, titleMax: 45, descMax: 130, h1Max: 40 };
    const here = offlineRewriter({ limits });
    const workers = pool(1, { limits });
    const answers = await Promise.all(all.map((r) => workers.propose(r)));
    expect(answers).toEqual(all.map((r) => here.proposeNow(r)));
    const sizes = all.flatMap((r, i) => (answers[i] === undefined ? [] : [[r.field, [...answers[i]!].length] as const]));
    expect(sizes.filter(([field, n]) => (field === 'title' && n > 45) || (field === 'meta' && n > 130) || (field === 'h1' && n > 40))).toEqual([]);
    expect(sizes.some(([field, n]) => field === 'title' && n > 40)).toBe(true);
  });

  it('answers in this thread, the same, when its worker dies with requests outstanding', async () => {
    const all = requests();
    const here = offlineRewriter();
    const p = pool(1);
    const pending = all.map((r) => p.propose(r));
    // The worker is gone before (or while) the batch reaches it.
    await (p as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!.worker.terminate();
    expect(await Promise.all(pending)).toEqual(all.map((r) => here.proposeNow(r)));
    expect((p as unknown as { slots: unknown[] }).slots).toEqual([]);
    // And later requests too, with no worker left.
    expect(await p.propose(all[1]!)).toBe(here.proposeNow(all[1]!));
  });

  it('answers requests still out when it is closed, and any made after, in this thread', async () => {
    const all = requests();
    const here = offlineRewriter();
    const p = pool(1);
    const pending = all.map((r) => p.propose(r));
    await p.close();
    expect(await Promise.all(pending)).toEqual(all.map((r) => here.proposeNow(r)));
    expect(await p.propose(all[4]!)).toBe(here.proposeNow(all[4]!));
  });

  it('gives optimize() the same outcome as the rewriter in this thread, many rows ahead at once', async () => {
    const source = () => built.csv.csvSource({ target: DEMO_SHOP, display: 'demo-shop.csv' });
    const inline = await built.run.optimize({ source: source(), weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter: offlineRewriter() });
    const pooled = await built.run.optimize({ source: source(), weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter: pool(2), concurrency: 128 });
    expect(pooled.rows).toEqual(inline.rows);
    expect(pooled.after.pages).toEqual(inline.after.pages);
    expect(inline.rows.filter((r) => r.fields.some((f) => f.after !== undefined)).length).toBeGreaterThan(5);
  });
});
