// `seo-ai rules <id>`: one rule explained, in each format; a category lists its rules; an unknown
// name is a usage error with the nearest names.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runCli } from '../src/testing/cli.js';

describe('seo-ai rules <id>', () => {
  it('explains a rule in the terminal, with a config snippet that is valid JSON', () => {
    const r = runCli(['rules', 'title-too-long']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^title-too-long {2}\(title, page rule, default severity medium\)\n\nTitle longer than/);
    for (const part of ['\nWhy it matters\n  ', '\nFix (default options)\n  Keep the title to 60 characters', '\nOptions\n  max: 60\n', '\nReads\n  title\n', '\nFails\n  <title>', '\nPasses\n  <title>']) {
      expect(r.stdout).toContain(part);
    }
    const snippet = /seo-ai\.config\.json\n {2}(.+)\n/.exec(r.stdout)![1]!;
    expect(JSON.parse(snippet)).toEqual({ rules: { 'title-too-long': ['medium', { max: 60 }] } });
    // The docs/rules.md it ships, which exists, and the published package's copy that reports link to.
    expect(r.stdout).toMatch(/\nDocs\n {2}(\/\S+\/docs\/rules\.md) \(section "title-too-long"\)\n {2}https:\/\/unpkg\.com\/seo-ai@[^/]+\/docs\/rules\.md#title-too-long\n$/);
    expect(existsSync(/\nDocs\n {2}(\/\S+\/docs\/rules\.md)/.exec(r.stdout)![1]!)).toBe(true);
  });

  it('--format json and markdown apply to it too', () => {
    const json = runCli(['rules', 'keyword-density', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'keyword-density', needs: ['keywords'], reads: ['content', 'keywords'], examples: { fails: { keywords: ['widget'] } } });
    expect(runCli(['rules', 'keyword-density', '--format', 'json']).stdout).toBe(json.stdout);
    const md = runCli(['rules', 'orphan-page', '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^## orphan-page\n[\s\S]*\*\*Fails:\*\*[\s\S]*- page 1: https:\/\/shop\.example\//);
    expect(runCli(['rules', 'orphan-page', '--format', 'markdown']).stdout).toBe(md.stdout);
  });

  it('lists a category’s rules', () => {
    const r = runCli(['rules', 'title', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id).sort()).toEqual(rules.filter((x) => x.category === 'title').map((x) => x.id).sort());
  });

  it('refuses an unknown name with exit 2, naming the closest ids', () => {
    const r = runCli(['rules', 'title-to-long']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe('seo-ai: rules title-to-long: no rule or category of that name (did you mean "title-too-long"?); run "seo-ai rules" for the list\n');
  });
});
