// Sharded audits end to end (issue 16): `audit --shard i/n` on each part, `merge` of the parts,
// and the merged report byte for byte the unsharded run's (generatedAt aside).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../src/testing/cli.js';
import { ensureShopFolder } from '../bench/shop-source.js';
import { shardOf } from '../src/shard/shard.js';

// The whole flink-web site where this machine has it; its bundled pages elsewhere.
const FLINK_CORPUS = '/work/shared/corpus/flink-web/content';
const FLINK = existsSync(FLINK_CORPUS) ? FLINK_CORPUS : path.join(ROOT, 'fixtures/pages/flink-web');
const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) => runCli(args, { cwd: dir });
const withoutTime = (file: string): string => {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
  delete report.generatedAt;
  return JSON.stringify(report, null, 2);
};

/** Audits `target` in `n` shards and whole; the merged and whole JSON reports, and the shards' names. */
function shardedAndWhole(target: string, n: number, name: string, order: (files: string[]) => string[] = (f) => f): { merged: string; whole: string; files: string[] } {
  const files = Array.from({ length: n }, (_, i) => `${name}-${i + 1}.jsonl`);
  files.forEach((file, i) => {
    const r = run(['audit', target, '--shard', `${i + 1}/${n}`, '--output', file, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
  const merged = run(['merge', ...order(files), '--format', 'json', '--output', `${name}-merged.json`, '--quiet']);
  expect(merged.stderr).toBe('');
  const whole = run(['audit', target, '--format', 'json', '--output', `${name}-whole.json`, '--quiet']);
  expect(merged.code).toBe(whole.code);
  return { merged: withoutTime(`${name}-merged.json`), whole: withoutTime(`${name}-whole.json`), files };
}

describe('seo-ai audit --shard and seo-ai merge', () => {
  it('the demo shop folder in 3 shards merges into the unsharded report, byte for byte', () => {
    const { merged, whole, files } = shardedAndWhole(path.join(ROOT, 'fixtures/sites/demo-shop'), 3, 'demo');
    expect(merged).toBe(whole);
    // The English and German pages that name each other by hreflang fall in different shards: the pair is judged across them.
    expect(shardOf('https://demo-shop.example/about/', 3)).not.toBe(shardOf('https://demo-shop.example/de/ueber-uns/', 3));
    // Each shard holds its own pages only, and together they hold every page once.
    const pages = files.map((f) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n').length - 1);
    expect(pages.every((n) => n > 0 && n < 45)).toBe(true);
    expect(pages.reduce((a, b) => a + b)).toBe(JSON.parse(whole).pages.length);
  });

  it('a CSV export in 2 shards, and the flink-web corpus in 4 given in any order, merge into the unsharded reports', () => {
    const csv = shardedAndWhole(path.join(ROOT, 'fixtures/csv/demo-shop.csv'), 2, 'csv');
    expect(csv.merged).toBe(csv.whole);
    const flink = shardedAndWhole(FLINK, 4, 'flink', (f) => [f[2]!, f[0]!, f[3]!, f[1]!]);
    expect(flink.merged).toBe(flink.whole);
    expect(JSON.parse(flink.whole).pages.length).toBeGreaterThan(FLINK === FLINK_CORPUS ? 300 : 10);
  }, 120_000);

  it('a 2,000-page synthetic shop with site-rule defects (duplicate titles and copy, near-duplicate variants, hreflang alternates) in 3 shards', () => {
    const shop = path.join(dir, 'shop');
    ensureShopFolder(shop, 2000, () => undefined);
    const { merged, whole } = shardedAndWhole(shop, 3, 'shop');
    expect(merged).toBe(whole);
    // The site rules had pairs to find across shards.
    const report = JSON.parse(whole) as { pages: { findings: { rule: string }[] }[] };
    const rules = new Set(report.pages.flatMap((p) => p.findings.map((f) => f.rule)));
    for (const rule of ['title-duplicate', 'content-near-duplicate']) expect(rules).toContain(rule);
  }, 120_000);

  it('a folder without a sitemap, its redirect stubs in different shards: the note on them is the whole run\'s', () => {
    const site = path.join(dir, 'stubs');
    cpSync(path.join(ROOT, 'fixtures/sites/demo-shop'), site, { recursive: true });
    rmSync(path.join(site, 'sitemap.xml'));
    for (const name of ['old-a', 'old-b', 'old-c', 'old-d', 'old-e']) {
      mkdirSync(path.join(site, name));
      writeFileSync(path.join(site, name, 'index.html'), `<!doctype html><meta http-equiv="refresh" content="0; url=/about/"><title>Moved</title>`);
    }
    const { merged, whole } = shardedAndWhole(site, 3, 'stubs');
    // A sitemap that names one file by two URLs: each is a page of its own place.
    const twice = path.join(dir, 'two-urls');
    cpSync(path.join(ROOT, 'fixtures/sites/demo-shop'), twice, { recursive: true });
    writeFileSync(path.join(twice, 'sitemap.xml'), readFileSync(path.join(twice, 'sitemap.xml'), 'utf8').replace('</urlset>', '<url><loc>https://demo-shop.example/about/index.html</loc></url><url><loc>https://demo-shop.example/index.html</loc></url></urlset>'));
    for (const n of [2, 3]) {
      const both = shardedAndWhole(twice, n, `two-urls-${n}`);
      expect(both.merged).toBe(both.whole);
    }
    expect(merged).toBe(whole);
    expect((JSON.parse(whole) as { notes: string[] }).notes).toContain('5 files redirect by <meta http-equiv="refresh"> and were not audited as pages: http://localhost/old-a/ → http://localhost/about/, http://localhost/old-b/ → http://localhost/about/, http://localhost/old-c/ → http://localhost/about/, …');
  });

  it('the merge applies the gate against a baseline, as audit does', () => {
    const target = path.join(ROOT, 'fixtures/sites/demo-shop');
    expect(run(['audit', target, '--update-baseline', 'base.json', '--quiet']).code).toBe(0);
    for (const i of [1, 2]) expect(run(['audit', target, '--shard', `${i}/2`, '--output', `g-${i}.jsonl`, '--quiet']).code).toBe(0);
    const gated = run(['merge', 'g-1.jsonl', 'g-2.jsonl', '--baseline', 'base.json', '--format', 'json', '--output', 'g.json', '--quiet']);
    expect(gated.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'g.json'), 'utf8')) as { comparison: { counts: Record<string, number>; site: unknown }; gate: { passed: boolean } };
    expect(report.comparison.counts).toEqual({ new: 0, fixed: 0, unchanged: 33, newPages: 0, removedPages: 0, changedPages: 0 });
    expect(report.comparison.site).toEqual({ before: 92.4, after: 92.4, delta: 0 });
    expect(report.gate.passed).toBe(true);
  });

  it('refuses shards that are not the whole of one run, and flags that belong to the merge', () => {
    const csv = path.join(ROOT, 'fixtures/csv/demo-shop.csv');
    for (const i of [1, 2]) run(['audit', csv, '--shard', `${i}/2`, '--output', `r-${i}.jsonl`, '--quiet']);
    run(['audit', path.join(ROOT, 'fixtures/sites/demo-shop'), '--shard', '1/2', '--output', 'other-1.jsonl', '--quiet']);
    const refused = (args: string[]) => {
      const r = run(args);
      expect(r.code).toBe(2);
      return r.stderr.trim();
    };
    expect(refused(['merge', 'r-1.jsonl'])).toBe(`seo-ai: shard 2/2 of ${csv} is missing: merge all 2 shards`);
    expect(refused(['merge', 'r-1.jsonl', 'r-1.jsonl'])).toBe('seo-ai: r-1.jsonl and r-1.jsonl are both shard 1/2; give each shard once');
    expect(refused(['merge', 'r-1.jsonl', 'other-1.jsonl'])).toBe(`seo-ai: other-1.jsonl audited ${path.join(ROOT, 'fixtures/sites/demo-shop')} and r-1.jsonl ${csv}: shards of different targets; merge the shards of one run`);
    run(['audit', csv, '--shard', '2/3', '--output', 'three-2.jsonl', '--quiet']);
    expect(refused(['merge', 'r-1.jsonl', 'three-2.jsonl'])).toBe('seo-ai: three-2.jsonl is shard 2/3 and r-1.jsonl shard 1/2: shards of one run split the pages alike; merge the shards of one run');
    // The same folder spelled with a trailing slash or ./ is the same target.
    const shop = path.relative(dir, path.join(ROOT, 'fixtures/sites/demo-shop'));
    run(['audit', shop, '--shard', '1/2', '--output', 'spelled-1.jsonl', '--quiet']);
    run(['audit', `./${shop}/`, '--shard', '2/2', '--output', 'spelled-2.jsonl', '--quiet']);
    expect(run(['merge', 'spelled-1.jsonl', 'spelled-2.jsonl', '--format', 'json', '--output', 'spelled.json', '--quiet']).code).toBe(0);
    const lines = readFileSync(path.join(dir, 'r-2.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(path.join(dir, 'cut-2.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
    expect(refused(['merge', 'r-1.jsonl', 'cut-2.jsonl'])).toMatch(/^seo-ai: cut-2\.jsonl: holds \d+ pages and 0 errors where its header says \d+ and 0; the file was cut short — audit that shard again$/);
    writeFileSync(path.join(dir, 'report.json'), '{"pages": []}\n');
    expect(refused(['merge', 'r-1.jsonl', 'report.json'])).toBe('seo-ai: report.json: not a seo-ai shard file (shards are written by: seo-ai audit <target> --shard i/n --output shard-i.jsonl)');
    expect(refused(['merge', 'r-1.jsonl', 'nowhere.jsonl'])).toBe('seo-ai: nowhere.jsonl: no such shard file');
    expect(refused(['audit', csv, '--shard', '1/2', '--output', 'x.jsonl', '--baseline', 'base.json'])).toBe('seo-ai: --shard: --baseline belongs to seo-ai merge, which writes the report and applies the gate once every shard is done');
    expect(refused(['audit', csv, '--shard', '1/2'])).toBe('seo-ai: --shard 1/2: name the shard file with --output (e.g. --output shard-1.jsonl); seo-ai merge reads them');
  });

  it('keeps each item at its own place when one URL comes twice and an error comes before the page (INDEX.HTML and index.html)', () => {
    const site = path.join(dir, 'twice');
    mkdirSync(site);
    writeFileSync(path.join(site, 'INDEX.HTML'), '');
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) writeFileSync(path.join(site, `${name}.html`), `<html lang="en"><head><title>Page ${name}: the same words</title></head><body><h1>Page</h1><p>Same text.</p></body></html>`);
    writeFileSync(path.join(site, 'index.html'), '<html lang="en"><head><title>Page a: the same words</title></head><body><h1>Home</h1></body></html>');
    for (const n of [2, 7, 8, 9]) {
      const { merged, whole } = shardedAndWhole(site, n, `twice${n}`);
      expect(merged).toBe(whole);
    }
  });

  it('refuses what no single run would make: other weights or flags in a shard, a shard stopped early, an input changed in its bytes, an edited shard file, a run without pages', () => {
    const shop = path.join(ROOT, 'fixtures/sites/demo-shop');
    const shards = (name: string, extra: (i: number) => string[] = () => []) => [1, 2].map((i) => run(['audit', shop, '--shard', `${i}/2`, '--output', `${name}-${i}.jsonl`, '--quiet', ...extra(i)]).code);
    const refused = (args: string[]) => {
      const r = run(args);
      expect(r.code).toBe(2);
      return r.stderr.trim();
    };
    expect(shards('w')).toEqual([0, 0]);
    writeFileSync(path.join(dir, 'heavy.json'), '{ "weights": { "critical": 50, "high": 40 } }');
    expect(refused(['merge', 'w-1.jsonl', 'w-2.jsonl', '--config', 'heavy.json'])).toMatch(/^seo-ai: the weights of this config \(.*\) differ from those the shards were scored with \(.*\); merge with the config the shards used \(--config\)$/);
    // --keywords on one shard only: the shards' checks are not one run's.
    expect(shards('k', (i) => (i === 1 ? ['--keywords', 'tent'] : []))).toEqual([0, 0]);
    expect(refused(['merge', 'k-1.jsonl', 'k-2.jsonl'])).toBe('seo-ai: k-2.jsonl and k-1.jsonl are shards of different runs (another config, flags or rules: every shard job must run the same command but for --shard and --output); merge the shards of one run');
    // A folder with a page more between the shard jobs: its files are not the same.
    const site = path.join(dir, 'changing');
    cpSync(shop, site, { recursive: true });
    expect(run(['audit', site, '--shard', '1/2', '--output', 'ch-1.jsonl', '--quiet']).code).toBe(0);
    mkdirSync(path.join(site, 'new-page'));
    writeFileSync(path.join(site, 'new-page/index.html'), '<!doctype html><title>New</title><h1>New</h1>');
    writeFileSync(path.join(site, 'sitemap.xml'), readFileSync(path.join(site, 'sitemap.xml'), 'utf8').replace('</urlset>', '<url><loc>https://demo-shop.example/new-page/</loc></url></urlset>'));
    expect(run(['audit', site, '--shard', '2/2', '--output', 'ch-2.jsonl', '--quiet']).code).toBe(0);
    expect(refused(['merge', 'ch-1.jsonl', 'ch-2.jsonl'])).toBe(`seo-ai: ch-2.jsonl and ch-1.jsonl read different pages of ${site} (the input changed between shard jobs); audit every shard of the same input again`);
    // Lines of a shard file reordered, and a page moved to the other shard's file.
    const lines = readFileSync(path.join(dir, 'w-1.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(path.join(dir, 'swapped-1.jsonl'), `${[lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')}\n`);
    expect(refused(['merge', 'swapped-1.jsonl', 'w-2.jsonl'])).toMatch(/^seo-ai: swapped-1\.jsonl:3: pages out of source order \(place \d+ after \d+\); the file was edited or damaged — audit that shard again$/);
    const other = readFileSync(path.join(dir, 'w-2.jsonl'), 'utf8').trim().split('\n');
    const header = (text: string, add: number) => JSON.stringify({ ...(JSON.parse(text) as { pages: number }), pages: (JSON.parse(text) as { pages: number }).pages + add });
    const moved = lines[1]!;
    writeFileSync(path.join(dir, 'less-1.jsonl'), `${[header(lines[0]!, -1), ...lines.slice(2)].join('\n')}\n`);
    const place = (JSON.parse(moved) as { p: number }).p;
    const into = [header(other[0]!, 1), ...other.slice(1).filter((l) => ((JSON.parse(l) as { p?: number }).p ?? -1) < place), moved, ...other.slice(1).filter((l) => ((JSON.parse(l) as { p?: number }).p ?? -1) > place)];
    writeFileSync(path.join(dir, 'more-2.jsonl'), `${into.join('\n')}\n`);
    expect(refused(['merge', 'less-1.jsonl', 'more-2.jsonl'])).toMatch(/^seo-ai: more-2\.jsonl: holds https:\/\/demo-shop\.example\/\S*, a page of another shard; the file was edited — audit that shard again$/);
    // A shard stopped by --timeout: written, marked partial, and refused by the merge.
    const shop2000 = path.join(dir, 'shop');
    ensureShopFolder(shop2000, 2000, () => undefined);
    const stopped = run(['audit', shop2000, '--shard', '1/2', '--output', 't-1.jsonl', '--timeout', '0.5']);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('stopped by --timeout 0.5 s: the shard written to t-1.jsonl is partial, and merge refuses it: audit it again\n');
    expect(stopped.stderr).not.toContain('merge every shard with');
    expect(run(['audit', shop2000, '--shard', '2/2', '--output', 't-2.jsonl', '--quiet']).code).toBe(0);
    expect(refused(['merge', 't-1.jsonl', 't-2.jsonl'])).toBe('seo-ai: t-1.jsonl: shard 1/2 did not finish (stopped by --timeout or Ctrl-C); audit it again');
    // A folder with no page to audit: the merge fails as the audit does.
    const empty = path.join(dir, 'empty-site');
    mkdirSync(empty);
    writeFileSync(path.join(empty, 'index.html'), '');
    for (const i of [1, 2]) run(['audit', empty, '--shard', `${i}/2`, '--output', `e-${i}.jsonl`, '--quiet']);
    expect(refused(['merge', 'e-1.jsonl', 'e-2.jsonl'])).toMatch(/^seo-ai: .*empty-site: no page could be audited; first problem: /);
  });

  it("keeps a plugin rule's failures, with the plugin's name, as the unsharded run reports them", () => {
    const project = path.join(dir, 'plugin-project');
    mkdirSync(project);
    const api = pathToFileURL(path.join(ROOT, 'dist/src/index.js')).href;
    writeFileSync(path.join(project, 'throwing.mjs'), `import { defineRule } from '${api}';
export default [defineRule({ id: 'shop/throws', category: 'content', scope: 'page', reads: ['content'], severity: 'low',
  docs: { description: 'Throws on product pages.', fix: 'Nothing.' }, options: {},
  check(page) { if (page.url.includes('/products/')) throw new Error('boom'); } })];
`);
    writeFileSync(path.join(project, 'seo-ai.config.json'), '{ "plugins": ["./throwing.mjs"] }');
    const shop = path.join(ROOT, 'fixtures/sites/demo-shop');
    const inProject = (args: string[]) => runCli(args, { cwd: project });
    for (const i of [1, 2]) expect(inProject(['audit', shop, '--shard', `${i}/2`, '--output', `p-${i}.jsonl`, '--quiet']).code).toBe(0);
    const merged = inProject(['merge', 'p-1.jsonl', 'p-2.jsonl', '--format', 'json', '--output', 'm.json', '--quiet']);
    const whole = inProject(['audit', shop, '--format', 'json', '--output', 'w.json', '--quiet']);
    expect([merged.code, merged.stderr]).toEqual([whole.code, whole.stderr]);
    expect(whole.stderr).toContain('rule "shop/throws" (plugin "./throwing.mjs") failed');
    const read = (f: string) => {
      const r = JSON.parse(readFileSync(path.join(project, f), 'utf8')) as Record<string, unknown>;
      delete r.generatedAt;
      return JSON.stringify(r);
    };
    expect(read('m.json')).toBe(read('w.json'));
  });
});
