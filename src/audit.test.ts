import { describe, expect, it } from 'vitest';
import { runAudit } from './audit.js';
import { DEFAULT_WEIGHTS } from './engine/config.js';
import type { Source, SourceItem } from './sources/types.js';

/** A folder-like source of `count` small pages, read synchronously as the folder source does. */
function pagesSource(count: number, big?: { at: number; html: string }): Source {
  return {
    kind: 'folder',
    target: 'generated',
    http: false,
    baseUrl: 'https://shop.example/',
    size: count,
    notes: [],
    async *items(): AsyncIterable<SourceItem> {
      for (let i = 0; i < count; i++) {
        const html = big?.at === i ? big.html : `<title>Page ${i} of a generated shop</title><h1>Page ${i}</h1><p>${'Some words here. '.repeat(200)}</p>`;
        yield { page: { url: `https://shop.example/p${i}`, body: Buffer.from(html) } };
      }
    },
  };
}

describe('runAudit with a deadline (pages checked in this thread)', () => {
  it('stops between pages once the deadline passes, though the source never waits: partial, with what was left', async () => {
    const result = await runAudit({ source: pagesSource(100_000), weights: DEFAULT_WEIGHTS, workers: 1, deadline: Date.now() + 300 });
    expect(result.partial).toBe(true);
    expect(result.pages.length).toBeGreaterThan(0);
    expect(result.pages.length).toBeLessThan(100_000);
    expect(result.notes).toEqual([`${100_000 - result.pages.length} of the 100000 pages were not audited`]);
  });

  it('gives timers a turn, so an abort signal fired by a timer stops a run whose source never waits', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await runAudit({ source: pagesSource(100_000), weights: DEFAULT_WEIGHTS, workers: 1, signal: controller.signal });
    expect(result.partial).toBe(true);
    expect(result.pages.length).toBeLessThan(100_000);
  });

  it('drops a page whose parse passes the deadline, mid-page', async () => {
    const big = { at: 1, html: `<title>Big</title>${'<div><p>Some words <a href="/x">link</a></p></div>'.repeat(400_000)}` };
    const started = Date.now();
    const result = await runAudit({ source: pagesSource(3, big), weights: DEFAULT_WEIGHTS, workers: 1, deadline: Date.now() + 100 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.partial).toBe(true);
    expect(result.pages.map((p) => p.url)).toEqual(['https://shop.example/p0']);
    expect(result.errors).toEqual([]);
    expect(result.notes).toEqual(['2 of the 3 pages were not audited']);
  });

  it('is not partial when the run ends before the deadline', async () => {
    const result = await runAudit({ source: pagesSource(3), weights: DEFAULT_WEIGHTS, workers: 1, deadline: Date.now() + 60_000 });
    expect(result.partial).toBe(false);
    expect(result.pages).toHaveLength(3);
    expect(result.notes).toEqual([]);
  });
});
