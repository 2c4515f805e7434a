import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { writeCsv } from '../csv/write.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { csvSource } from '../sources/csv.js';
import { summarise } from './output.js';
import { OPTIMIZE_FIELDS } from './plan.js';
import { optimize, type Rewriter, type RewriteRequest } from './run.js';
import { optimizeHtml } from './report-html.js';
const desc = (n: string) => `Gear ${n}: a light, packable piece of trail kit tested for a full season in the Cascades, with free US shipping and free returns for 100 days.`;
it('scratch', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rh-'));
  const file = path.join(dir, 'in.csv');
  writeFileSync(file, writeCsv({ delimiter: ',', newline: '\n', bom: false }, ['url','title','meta_description','h1'], [
    ['https://shop.example/a', 'Short title', 'Too short.', 'Alpha'],
    ['https://shop.example/b', '<script>alert(1)</script>', desc('B'), 'Beta'],
    ['<svg onload=alert(4)>', 'x', 'y', 'z'],
    ['https://shop.example/d', 'Delta Rain Shell for Wet Ridges | Northpine', desc('D'), 'Delta'],
    ['https://shop.example/e', 'Tiny', desc('E'), 'Echo'],
  ]));
  const script: Record<string, string[]> = {
    '/a title': ['Alpha Trail Tent for Two Hikers | Northpine'],
    '/a meta': [desc('A')],
    '/b title': Array(3).fill('"onload=alert(2) x="</style><img src=x onerror=alert(3)> Beta Camp Stove for Quick Boils | Northpine'),
    '/e title': ['Echo Tent "onload=alert(6)" </style> | Northpine'],
  };
  const rw: Rewriter = { name: 'gpt-test', async propose(r: RewriteRequest) { return script[`${new URL(r.url).pathname} ${r.field}`]?.[r.attempt - 1]; } };
  const result = await optimize({ source: csvSource({ target: file, display: 'shop.csv' }), weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter: rw });
  console.log(JSON.stringify(result.rows, null, 1));
  const html = optimizeHtml(result, summarise(result, 12.34), '</title><script>alert(5)</script>.csv', { requests: 7, rateLimited: 2, tokens: { prompt: 1234, completion: 567 }, costUsd: 0.00123, cached: 1, model: 'gpt-test' });
  writeFileSync('/tmp/rh/report.html', html);
});
