import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { joinedChunks, CHUNK_CHARS } from '../report/chunks.js';
import { csvSource } from '../sources/csv.js';
import { offlineRewriter } from './offline-rewriter.js';
import { optimizeMarkdown, summarise } from './output.js';
import { OPTIMIZE_FIELDS } from './plan.js';
import { optimizeHtml } from './report-html.js';
import { optimize, reportResult } from './run.js';

// The built code: the report worker runs only there.
const built = (await import(String(new URL('../../dist/src/optimize/report-files.js', import.meta.url)))) as typeof import('./report-files.js');
const DEMO_SHOP = fileURLToPath(new URL('../../fixtures/csv/demo-shop.csv', import.meta.url));

async function bytesOf(text: Iterable<string> | AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const piece of text) parts.push(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece));
  return Buffer.concat(parts);
}

describe('joinedChunks', () => {
  it('gives out pieces.join(separator) + end, in strings of about a megabyte', () => {
    const pieces = Array.from({ length: 5000 }, (_, i) => `${'é'.repeat(i % 700)}😀${i}`);
    const chunks = [...joinedChunks(pieces, '\n', '\n')];
    expect(chunks.join('')).toBe(`${pieces.join('\n')}\n`);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(CHUNK_CHARS);
    expect([...joinedChunks([], '\n', '')]).toEqual([]);
    expect([...joinedChunks(['a'], '\n', '\n')]).toEqual(['a\n']);
  });
});

describe('reportFile: the reports of a run, made in a worker thread', () => {
  it('are byte for byte optimizeMarkdown and optimizeHtml, from the worker and from this thread alike', async () => {
    const result = await optimize({ source: csvSource({ target: DEMO_SHOP, display: 'demo-shop.csv' }), weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter: offlineRewriter() });
    const summary = summarise(result, 1.5);
    const slim = reportResult(result);
    const markdown = Buffer.from(optimizeMarkdown(result, summary, 'demo-shop.csv'), 'utf8');
    const html = Buffer.from(optimizeHtml(result, summary, 'demo-shop.csv'), 'utf8');
    expect(markdown.length).toBeGreaterThan(10_000);
    // The built worker is there: "in a worker" is not this thread by another name.
    expect(existsSync(fileURLToPath(new URL('../../dist/src/worker/report-worker.js', import.meta.url)))).toBe(true);
    for (const inWorker of [true, false]) {
      const md = built.reportFile({ kind: 'markdown', result: slim, summary, input: 'demo-shop.csv' }, inWorker);
      expect((await bytesOf(md.text)).equals(markdown)).toBe(true);
      const page = built.reportFile({ kind: 'html', result: slim, summary, input: 'demo-shop.csv' }, inWorker);
      expect((await bytesOf(page.text)).equals(html)).toBe(true);
    }
  });

  it('holds no more than 4 pieces in this thread: the worker waits while the writer is slow', async () => {
    const result = await optimize({ source: csvSource({ target: DEMO_SHOP, display: 'demo-shop.csv' }), weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter: offlineRewriter() });
    const summary = summarise(result, 0);
    const html = Buffer.from(optimizeHtml(result, summary, 'demo-shop.csv'), 'utf8');
    const report = built.reportFile({ kind: 'html', result: reportResult(result), summary, input: 'demo-shop.csv', pieceBytes: 1024 }, true);
    const parts: Buffer[] = [];
    let most = 0;
    for await (const piece of report.text) {
      parts.push(Buffer.from(piece));
      // A slow disk: the worker has time to send all it could.
      await new Promise((r) => setTimeout(r, 20));
      most = Math.max(most, report.waiting());
    }
    expect(Buffer.concat(parts).equals(html)).toBe(true);
    // Many pieces, never more than 4 waiting.
    expect(parts.length).toBeGreaterThan(20);
    expect(most).toBeGreaterThanOrEqual(2);
    expect(most).toBeLessThanOrEqual(4);
  });

  it("fails the write with the worker's error when the report cannot be made", async () => {
    const result = await optimize({ source: csvSource({ target: DEMO_SHOP, display: 'demo-shop.csv' }), weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter: offlineRewriter() });
    // A row whose fields are not a list: the report code throws on it in the worker.
    const broken = { ...reportResult(result), rows: [{ ...result.rows[0]!, fields: 7 as never }] };
    const md = built.reportFile({ kind: 'markdown', result: broken, summary: summarise(result, 0), input: 'x.csv' }, true);
    await expect(bytesOf(md.text)).rejects.toThrow(/the markdown report could not be made: .*TypeError/);
  });
});
