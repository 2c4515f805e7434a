// Every command reads or refuses each global flag: one given where it means nothing is a usage
// error naming what it is for (exit 2), never silently ignored; `rules` prints as --format says.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../src/testing/cli.js';

describe('global flags, command by command', () => {
  it('seo-ai rules --format json|markdown|terminal prints the list that way; --json and --markdown, its old spellings, name it', () => {
    const json = runCli(['rules', '--format', 'json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { id: string }[]).length).toBeGreaterThan(40);
    expect(runCli(['rules', '--format', 'markdown']).stdout).toMatch(/^\| rule \| category \| default \|/);
    expect(runCli(['rules', '--format', 'terminal']).stdout).toBe(runCli(['rules']).stdout);
    for (const [old, kind] of [['--json', 'json'], ['--markdown', 'markdown']] as const) {
      const r = runCli(['rules', old]);
      expect([r.code, r.stderr, r.stdout]).toEqual([2, `seo-ai: ${old} is now --format ${kind} (one flag for how anything prints); run the same command with --format ${kind}\n`, '']);
    }
  });

  it.each([
    [['rules', '--format', 'html'], 'seo-ai: rules --format html: the rule list prints as json, markdown or terminal\n'],
    [['rules', '--format', 'json', '--format', 'markdown'], 'seo-ai: rules: json and markdown: choose one way to print the list\n'],
    [['rules', '--min-score', '50'], "seo-ai: --min-score means nothing to seo-ai rules: it is the gate's threshold, for audit and diff; leave it out\n"],
    [['rules', '--quiet'], 'seo-ai: --quiet means nothing to seo-ai rules: audit, diff, optimize and apply print progress and warnings it silences; leave it out\n'],
    [['init', '--config', 'x.json'], 'seo-ai: --config means nothing to seo-ai init: the config file is read by audit, diff, optimize, apply and rules; leave it out\n'],
    [['rules', '--config', 'x.json'], 'seo-ai: --config x.json: no such file\n'],
    [['init', '--format', 'sarif'], 'seo-ai: --format means nothing to seo-ai init: report formats are for audit and diff (rules prints json, markdown or terminal); leave it out\n'],
    [['--output', 'x.txt', 'init'], 'seo-ai: --output means nothing to seo-ai init: audit, diff, optimize and apply write to --output; leave it out\n'],
    [['optimize', '--csv', 'fixtures/csv/demo-shop.csv', '--offline', '--format', 'json'], 'seo-ai: --format means nothing to seo-ai optimize: report formats are for audit and diff (rules prints json, markdown or terminal); leave it out\n'],
    [['apply', 'review.csv', '--to', 'shop.csv', '--min-score', '90'], "seo-ai: --min-score means nothing to seo-ai apply: it is the gate's threshold, for audit and diff; leave it out\n"],
  ])('%j: exit 2, saying what the flag is for, and nothing written', (args, stderr) => {
    const r = runCli(args);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  it('takes the short flags ESLint users expect: -c config, -f format, -o output, -q quiet', () => {
    const long = runCli(['--quiet', '--format', 'json', 'audit', 'fixtures/sites/demo-shop']);
    const short = runCli(['-q', '-f', 'json', 'audit', 'fixtures/sites/demo-shop']);
    expect(short.code).toBe(long.code);
    const strip = (text: string) => text.replace(/"generatedAt": "[^"]*"/, '');
    expect(strip(short.stdout)).toBe(strip(long.stdout));
    expect(short.stderr).toBe('');
    // rules reads the config for its plugins' and custom checks' rules.
    expect(runCli(['-c', 'no-such.json', 'rules']).stderr).toBe('seo-ai: --config no-such.json: no such file\n');
    expect(runCli(['-o', 'x.txt', 'init']).code).toBe(2);
    expect(runCli(['rules', '-f', 'json']).stdout).toBe(runCli(['rules', '--format', 'json']).stdout);
  });

  it('--debug and --no-color are for every command', () => {
    expect(runCli(['--no-color', '--debug', 'rules', '--format', 'json']).code).toBe(0);
  });
});

// Every number a flag takes is checked when the command line is read, whatever the command would
// do with it (an offline optimize never uses --rpm, and still refuses "--rpm ten").
describe('numbers, in every command', () => {
  const AUDIT = ['audit', 'fixtures/sites/demo-shop'];
  // A copy: were a flag not checked, the run would write its outputs beside the input.
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'seo-ai-numbers-')), 'shop.csv');
  copyFileSync(path.join(ROOT, 'fixtures/csv/demo-shop.csv'), copy);
  const OPT = ['optimize', '--csv', copy, '--offline'];
  it.each([
    [AUDIT, '--max-pages', 'ten', 'a whole number from 1 to 1000000000'],
    [AUDIT, '--max-pages', '2.5', 'a whole number from 1 to 1000000000'],
    [AUDIT, '--max-depth', '-1', 'a whole number from 0 to 1000000000'],
    [AUDIT, '--max-bytes', '1e999', 'a whole number from 1 to 9007199254740991'],
    [AUDIT, '--workers', '0', 'a whole number from 1 to 64'],
    [AUDIT, '--concurrency', '', 'a whole number from 1 to 256'],
    [AUDIT, '--per-host', '300', 'a whole number from 1 to 256'],
    [AUDIT, '--delay', 'soon', 'a number from 0 to 3600000'],
    [AUDIT, '--request-timeout', '0', 'a number from 0.001 to 3600'],
    [AUDIT, '--timeout', 'NaN', 'a number from 0.001 to 604800'],
    [AUDIT, '--min-score', '101', 'a number from 0 to 100'],
    [AUDIT, '--max-score-drop', '-3', 'a number from 0 to 100'],
    [AUDIT, '--max-page-drop', 'x', 'a number from 0 to 100'],
    [['diff', 'a.json', 'b.json'], '--max-score-drop', '1,5', 'a number from 0 to 100'],
    [OPT, '--attempts', '2.5', 'a whole number from 1 to 10'],
    [OPT, '--rpm', 'ten', 'a number above 0 (at most 1000000000)'],
    [OPT, '--tpm', '-5', 'a number above 0 (at most 1000000000)'],
    [OPT, '--concurrency', '1.5', 'a whole number from 1 to 256'],
    [OPT, '--max-cost', '0', 'a number above 0 (at most 1000000000)'],
    [OPT, '--request-timeout', 'Infinity', 'a number above 0 (at most 3600)'],
    [OPT, '--timeout', '0x', 'a number above 0 (at most 604800)'],
  ])('%j %s %j: exit 2, naming the flag, the value and what it takes', (command, flag, value, expected) => {
    const r = runCli([...command, flag, value]);
    expect([r.code, r.stderr, r.stdout]).toEqual([2, `seo-ai: ${flag} ${value}: expected ${expected}\n`, '']);
  });
});
