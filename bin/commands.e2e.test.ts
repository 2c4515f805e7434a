import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { rulesMarkdown, describeRule } from '../src/cli/rules.js';
import { STARTER_CONFIG } from '../src/cli/init.js';
import { ROOT, runCli } from '../src/testing/cli.js';

describe('seo-ai rules', () => {
  it('--format json lists every registered rule with its public fields', () => {
    const r = runCli(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; needs: string[] }[];
    expect(list.map((x) => x.id)).toEqual(rules.map((x) => x.id));
    expect(list.find((x) => x.id === 'title-missing-keyword')?.needs).toEqual(['keywords']);
    expect(Object.keys(list[0]!)).toEqual(['id', 'category', 'scope', 'severity', 'options', 'needs', 'description', 'fix']);
  });

  it('the terminal list says which rules need keywords', () => {
    const r = runCli(['rules']);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith('title-missing-keyword'));
    expect(line).toContain('(not applicable without keywords)');
  });

  it('the README rule list is exactly `seo-ai rules --format markdown`', () => {
    const r = runCli(['rules', '--format', 'markdown']);
    expect(r.stdout).toBe(rulesMarkdown(rules.map(describeRule)));
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- rules:start -->\n') + 21, readme.indexOf('<!-- rules:end -->'));
    expect(section, 'the README rule table is stale: paste the output of `seo-ai rules --format markdown` (after npm run build) between <!-- rules:start --> and <!-- rules:end --> in README.md').toBe(r.stdout);
  });
});

describe('seo-ai init', () => {
  it('writes the starter config, which the loader accepts, and refuses to overwrite it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-init-'));
    const first = runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`wrote ${path.join(dir, 'seo-ai.config.json')}\n`);
    // This seo-ai is no install of the folder's project: "$schema" is the published package's, never a path on this machine.
    expect(readFileSync(path.join(dir, 'seo-ai.config.json'), 'utf8')).toBe(STARTER_CONFIG.replace('"./node_modules/seo-ai/seo-ai.config.schema.json"', '"https://unpkg.com/seo-ai@0.1.0/seo-ai.config.schema.json"'));

    const again = runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`seo-ai: ${path.join(dir, 'seo-ai.config.json')} already exists; use --force to overwrite it\n`);

    writeFileSync(path.join(dir, 'index.html'), '<title>x</title>');
    const audit = runCli(['audit', '.', '--format', 'json'], { cwd: dir });
    expect(audit.code).toBe(0);
  });
});

describe('global options', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('an unknown command exits 2', () => {
    const r = runCli(['audti', '.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown command 'audti'");
  });
});
