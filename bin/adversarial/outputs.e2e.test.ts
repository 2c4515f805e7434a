// Issue 17: outputs that land on inputs (#1), config files that are hard to read (#20, #21), and
// the commands seo-ai prints for the user to run (#22). Every case runs the built CLI.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedFiles, fileStates, runMeasured, scratchDir } from '../../src/testing/adversarial.js';
import { ROOT } from '../../src/testing/cli.js';

const DEMO_SHOP = path.join(ROOT, 'fixtures/csv/demo-shop.csv');
const NO_LLM = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
const PAGE = '<!doctype html><html lang="en"><head><title>A page about tents for the trail</title></head><body><h1>Tents</h1><p>Words.</p></body></html>';

/** Runs `seo-ai …args` in `cwd` with a tight heap and kill time: each case is small. */
const run = (cwd: string, ...args: string[]) => runMeasured(args, { cwd, env: NO_LLM, heapMb: 512, killAfterMs: 30_000 });

function bounded(r: { ms: number; maxRssMb: number | undefined; killed: boolean }): void {
  expect(r.killed).toBe(false);
  expect(r.ms).toBeLessThan(20_000);
  expect(r.maxRssMb ?? 0).toBeLessThan(1500);
}

describe('adversarial: config files', () => {
  it('#20: a config file with a byte-order mark is read like any other', async () => {
    const dir = scratchDir('config-bom');
    mkdirSync(path.join(dir, 'site'));
    writeFileSync(path.join(dir, 'site/index.html'), PAGE);
    writeFileSync(path.join(dir, 'seo-ai.config.json'), '\uFEFF{ "rules": { "social": "off" } }\n');
    const before = fileStates(dir);
    const r = await run(dir, 'audit', 'site', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).pages).toHaveLength(1);
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
    bounded(r);
  });

  it('#21: --config naming a folder says it is a folder and what to name instead (exit 2)', async () => {
    const dir = scratchDir('config-folder');
    mkdirSync(path.join(dir, 'conf'));
    copyFileSync(DEMO_SHOP, path.join(dir, 'shop.csv'));
    const r = await run(dir, 'optimize', '--csv', 'shop.csv', '--offline', '--config', 'conf');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: --config conf is a folder; name the config file in it (e.g. --config conf/seo-ai.config.json)\n');
    bounded(r);
  });

  it('#21: a folder named seo-ai.config.json found walking up is named, not an internal error', async () => {
    const dir = scratchDir('config-folder-found');
    mkdirSync(path.join(dir, 'seo-ai.config.json'));
    mkdirSync(path.join(dir, 'site'));
    writeFileSync(path.join(dir, 'site/index.html'), PAGE);
    const r = await run(dir, 'audit', 'site');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`seo-ai: ${path.join(dir, 'seo-ai.config.json')} is a folder, not a config file; remove it, or name the config with --config <file>\n`);
    bounded(r);
  });
});

describe('adversarial: commands printed for the user to run', () => {
  it(`#22: optimize's next command quotes paths with spaces and quotes for the shell`, async () => {
    const dir = scratchDir('quote-optimize');
    mkdirSync(path.join(dir, 'sp'));
    copyFileSync(DEMO_SHOP, path.join(dir, "sp/bob's shop.csv"));
    const loud = await run(dir, 'optimize', '--csv', "sp/bob's shop.csv", '--offline');
    expect(loud.code).toBe(0);
    expect(loud.stderr).toContain(`then: seo-ai apply 'sp/bob'\\''s shop.review.csv' --to 'sp/bob'\\''s shop.csv')\n`);
    // Pasted into a shell, the line runs apply on the right files.
    const line = /then: (seo-ai apply .*)\)\n/.exec(loud.stderr)![1]!;
    const words = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
    expect(words).toEqual(['seo-ai', 'apply', "sp/bob's shop.review.csv", '--to', "sp/bob's shop.csv"]);
    bounded(loud);
  });

  it('#22: init --ci prints the first-baseline command quoted for the shell', async () => {
    const dir = scratchDir('quote-init');
    const r = await run(dir, 'init', '--ci', 'github', '--target', 'my site');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${path.join(dir, '.github/workflows/seo-ai.yml')}\nnext: build the site, then run\n  seo-ai audit 'my site' --update-baseline\nand commit seo-baseline.json with the workflow\n`);
    bounded(r);
  });
});
