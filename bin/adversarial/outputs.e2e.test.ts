// Issue 17: outputs that land on inputs (#1), config files that are hard to read (#20, #21), and
// the commands seo-ai prints for the user to run (#22). Every case runs the built CLI.
import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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
    expect(r.stdout).toContain(`\nnext: build the site, then run\n  npx seo-ai audit 'my site' --update-baseline\nand commit seo-baseline.json with the workflow\n`);
    bounded(r);
  });
});

describe('adversarial: no output is written over an input', () => {
  /** A folder with the demo shop as in.csv, a config, and a one-page site. */
  function shop(name: string): string {
    const dir = scratchDir(name);
    copyFileSync(DEMO_SHOP, path.join(dir, 'in.csv'));
    writeFileSync(path.join(dir, 'seo-ai.config.json'), '{ "rules": { "social": "off" } }\n');
    mkdirSync(path.join(dir, 'site'));
    writeFileSync(path.join(dir, 'site/index.html'), PAGE);
    return dir;
  }

  /** Runs the command, expects exit 2 with `message`, and that no file changed and none was added. */
  async function refused(dir: string, args: string[], message: string): Promise<void> {
    const before = fileStates(dir);
    const names = readdirSync(dir).sort();
    const r = await run(dir, ...args);
    expect(r.stderr, args.join(' ')).toBe(`seo-ai: ${message}\n`);
    expect(r.code).toBe(2);
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(names);
    bounded(r);
  }

  it('#1: optimize --output through a symlink, a hard link or a symlinked folder to the input is refused, the input untouched', async () => {
    const dir = shop('optimize-links');
    symlinkSync('in.csv', path.join(dir, 'link.csv'));
    linkSync(path.join(dir, 'in.csv'), path.join(dir, 'hard.csv'));
    symlinkSync('.', path.join(dir, 'here'));
    const never = 'name another file (the input is never overwritten)';
    await refused(dir, ['optimize', '--csv', 'in.csv', '--offline', '--output', 'link.csv'], `--output link.csv is the input file in.csv (through a symlink); ${never}`);
    await refused(dir, ['optimize', '--csv', 'in.csv', '--offline', '--output', 'hard.csv'], `--output hard.csv is the input file in.csv (a hard link to it); ${never}`);
    await refused(dir, ['optimize', '--csv', 'in.csv', '--offline', '--output', 'here/in.csv'], `--output here/in.csv is the input file in.csv (through a symlink); ${never}`);
    await refused(dir, ['optimize', '--csv', 'in.csv', '--offline', '--output', 'out.csv', '--report', 'seo-ai.config.json'], '--report seo-ai.config.json is the config file; name another file (the config is never overwritten)');
  });

  it('#1: optimize refuses a review file or a checkpoint that links to the input, and a report linked to the output', async () => {
    const dir = shop('optimize-derived');
    symlinkSync('in.csv', path.join(dir, 'in.review.csv'));
    await refused(
      dir,
      ['optimize', '--csv', 'in.csv', '--offline'],
      'the review file in.review.csv is the input file in.csv (through a symlink); move in.review.csv away: the review file is always <input>.review.csv (the input is never overwritten)',
    );
    const other = shop('optimize-checkpoint');
    symlinkSync('in.csv', path.join(other, 'out.csv.checkpoint.jsonl'));
    writeFileSync(path.join(other, 'out.csv'), 'url\n');
    linkSync(path.join(other, 'out.csv'), path.join(other, 'out.md'));
    await refused(
      other,
      ['optimize', '--csv', 'in.csv', '--output', 'out.csv', '--report', 'r.md', '--llm-url', 'http://127.0.0.1:9/v1'],
      'the checkpoint out.csv.checkpoint.jsonl is the input file in.csv (through a symlink); name the output with --output: the checkpoint is <output>.checkpoint.jsonl (the input is never overwritten)',
    );
    await refused(other, ['optimize', '--csv', 'in.csv', '--offline', '--output', 'out.csv'], 'the Markdown report out.md is also the output CSV out.csv (a hard link to it); name the report with --report');
  });

  it('#1: apply refuses an import file that is the review file or the export through links', async () => {
    const dir = shop('apply-links');
    writeFileSync(path.join(dir, 'in.review.csv'), 'not read: refused before\n');
    linkSync(path.join(dir, 'in.review.csv'), path.join(dir, 'import.csv'));
    symlinkSync('.', path.join(dir, 'here'));
    await refused(dir, ['apply', 'in.review.csv', '--to', 'in.csv', '--output', 'import.csv'], '--output import.csv is the review file in.review.csv (a hard link to it); name another file (the review file is never overwritten)');
    await refused(dir, ['apply', 'in.review.csv', '--to', 'in.csv', '--output', 'here/in.csv'], '--output here/in.csv is the export in.csv (through a symlink); name another file (the export is never overwritten)');
  });

  it('#1: audit refuses reports and baselines over the audited files, the config or each other', async () => {
    const dir = shop('audit-links');
    symlinkSync('site/index.html', path.join(dir, 'report.html'));
    linkSync(path.join(dir, 'seo-ai.config.json'), path.join(dir, 'base.json'));
    await refused(dir, ['audit', 'site', '--format', 'html=report.html'], '--format html=report.html is a file of the audited folder site (site/index.html); name another file (the audited files are never overwritten)');
    await refused(dir, ['audit', 'site', '--update-baseline', 'base.json'], '--update-baseline base.json is the config file seo-ai.config.json (a hard link to it); name another file (the config is never overwritten)');
    await refused(dir, ['audit', 'in.csv', '--format', 'json', '--output', 'here.csv', '--format', 'csv=./here.csv'], '--format csv=./here.csv is also the json report; name another file');
  });

  it('#1: audit refuses a report over a file of the audited folder by any name: a hard link in the folder, a page a sitemap names without an extension', async () => {
    const dir = shop('audit-folder-names');
    linkSync(path.join(dir, 'site/index.html'), path.join(dir, 'site/notes.txt'));
    await refused(dir, ['audit', 'site', '--format', 'json=site/notes.txt'], '--format json=site/notes.txt is a file of the audited folder site (site/index.html, a hard link to it); name another file (the audited files are never overwritten)');
    const mapped = shop('audit-extensionless');
    writeFileSync(path.join(mapped, 'site/about'), PAGE.replace('tents', 'us'));
    writeFileSync(path.join(mapped, 'site/sitemap.xml'), '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://shop.example/</loc></url><url><loc>https://shop.example/about</loc></url></urlset>\n');
    symlinkSync('site/about', path.join(mapped, 'about-link'));
    await refused(mapped, ['audit', 'site', '--format', 'json=site/about'], `--format json=site/about is a file the audit of site reads (site/about); name another file (the audited files are never overwritten)`);
    await refused(mapped, ['audit', 'site', '--format', 'json=about-link'], `--format json=about-link is a file the audit of site reads (site/about, through a symlink); name another file (the audited files are never overwritten)`);
    await refused(mapped, ['audit', 'site', '--format', 'json=site/sitemap.xml'], `--format json=site/sitemap.xml is a file of the audited folder site (site/sitemap.xml); name another file (the audited files are never overwritten)`);
    // A new file in the folder, or one the audit does not read, is written.
    const r = await run(mapped, 'audit', 'site', '--format', 'json=site/report.json');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(mapped, 'site/report.json'), 'utf8')).pages).toHaveLength(2);
  });

  it('#1: diff refuses a report written over either run through a hard link', async () => {
    const dir = shop('diff-links');
    writeFileSync(path.join(dir, 'old.json'), '{}');
    writeFileSync(path.join(dir, 'new.json'), '{}');
    linkSync(path.join(dir, 'new.json'), path.join(dir, 'out.json'));
    await refused(dir, ['diff', 'old.json', 'new.json', '--format', 'json=out.json'], '--format json=out.json is the later run new.json (a hard link to it); name another file (the runs compared are never overwritten)');
  });
});
