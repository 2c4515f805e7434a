// Adding a rule is one file and its entry in rules/index.ts, nothing else: in a copy of the
// project, two throwaway rules are added that way and the project is built. Where a CSV cannot feed
// a rule follows from what it reads, the reports describe both from the run's own catalogue, and
// `seo-ai rules` (the README's table) lists them.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../src/testing/cli.js';

const HEAD_RULE = `import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'throwaway-no-robots-meta',
  category: 'indexing',
  scope: 'page',
  reads: ['head'],
  severity: 'low',
  docs: { description: 'Throwaway: the page says nothing to robots.', fix: 'Throwaway: add a robots meta tag.' },
  options: {},
  check(page, { report }) {
    if (page.robots.directives.length === 0) report({ message: 'No robots meta tag.' });
  },
});
`;

const TITLE_RULE = `import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'throwaway-title-shouts',
  category: 'title',
  scope: 'page',
  reads: ['title'],
  judges: { field: 'title' },
  severity: 'medium',
  docs: { description: 'Throwaway: the title shouts.', fix: ({ words }) => \`Throwaway: write at most \${words} words in capitals.\` },
  options: { words: 1 },
  check(page, { options, report }) {
    const caps = (page.title ?? '').split(/\\s+/).filter((w) => w.length > 1 && w === w.toUpperCase() && /[A-Z]/.test(w));
    if (caps.length > options.words) report({ message: \`\${caps.length} words in capitals.\`, value: page.title ?? '' });
  },
});
`;

const CSV = 'url,title,meta_description,h1,content\nhttps://shop.example/a,BIG SALE on Two Person Tents for Rainy Weekends,A description of the tents on sale this week.,Two Person Tents,<p>Tents for two.</p>\nhttps://shop.example/b,A quiet title for our fast boiling camp stoves,Stoves that boil fast.,Stoves,<p>Stoves.</p>\n';

let dir: string;
const run = Object.assign((args: string[]) => spawnSync(process.execPath, [path.join(dir, 'dist/bin/seo-ai.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }), {
  async: promisify(execFile),
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-new-rule-'));
  for (const part of ['src', 'rules', 'bin', 'bench', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true, filter: (f) => !f.endsWith('.test.ts') });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // The one file of each rule, and its entry in the registry: no other edit.
  writeFileSync(path.join(dir, 'rules/indexing/throwaway-no-robots-meta.ts'), HEAD_RULE);
  writeFileSync(path.join(dir, 'rules/title/throwaway-title-shouts.ts'), TITLE_RULE);
  const index = path.join(dir, 'rules/index.ts');
  const registry = readFileSync(index, 'utf8')
    .replace("import titleDuplicate from './title/title-duplicate.js';", "import titleDuplicate from './title/title-duplicate.js';\nimport throwawayNoRobotsMeta from './indexing/throwaway-no-robots-meta.js';\nimport throwawayTitleShouts from './title/throwaway-title-shouts.js';")
    .replace('  titleDuplicate,\n', '  titleDuplicate,\n  throwawayNoRobotsMeta,\n  throwawayTitleShouts,\n');
  expect(registry).toContain('  throwawayTitleShouts,\n');
  writeFileSync(index, registry);
  // Built asynchronously: a minute of compiling on a loaded machine must not hold up the test worker's event loop.
  // tsc exits 1 on an error: its messages are the failure shown.
  const built = await run.async(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: dir }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? String(error) }));
  expect(built.stdout + built.stderr).toBe('');
  writeFileSync(path.join(dir, 'shop.csv'), CSV);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a rule added as one file and its registry entry', () => {
  it('is applied where its facts are: not applicable on a CSV when it reads the <head>, run on every row when it reads the title', () => {
    const r = run(['--quiet', '--format', 'json=r.json', '--format', 'sarif=r.sarif', '--format', 'issues-csv=issues.csv', 'audit', 'shop.csv']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as {
      notApplicable: { rule: string; reason: string }[];
      pages: { url: string; findings: { rule: string; message: string; fix: string }[] }[];
      rules: { id: string; category: string; severity: string; description: string; fix: string; options: object }[];
    };
    expect(report.notApplicable).toContainEqual({ rule: 'throwaway-no-robots-meta', reason: 'a CSV row holds no page <head> or link checks' });
    expect(report.pages.map((p) => p.findings.filter((f) => f.rule.startsWith('throwaway-')).map((f) => [f.rule, f.message, f.fix]))).toEqual([
      [['throwaway-title-shouts', '2 words in capitals.', 'Throwaway: write at most 1 words in capitals.']],
      [],
    ]);
    expect(report.rules.filter((x) => x.id.startsWith('throwaway-'))).toEqual([
      { id: 'throwaway-no-robots-meta', category: 'indexing', severity: 'low', description: 'Throwaway: the page says nothing to robots.', fix: 'Throwaway: add a robots meta tag.', options: {}, undocumented: true },
      { id: 'throwaway-title-shouts', category: 'title', severity: 'medium', description: 'Throwaway: the title shouts.', fix: 'Throwaway: write at most 1 words in capitals.', options: { words: 1 }, undocumented: true },
    ]);
    // The reports describe it from the report: SARIF's rule help, the issues CSV's row.
    const sarif = JSON.parse(readFileSync(path.join(dir, 'r.sarif'), 'utf8')) as { runs: { tool: { driver: { rules: { id: string; help: { text: string }; properties: { tags: string[] } }[] } } }[] };
    const rule = sarif.runs[0]!.tool.driver.rules.find((x) => x.id === 'throwaway-title-shouts');
    expect(rule?.help.text).toBe('Throwaway: the title shouts.\n\nHow to fix: Throwaway: write at most 1 words in capitals.');
    expect(rule?.properties.tags).toEqual(['seo', 'title']);
    // No section of seo-ai's docs/rules.md explains it: no helpUri pointing there.
    expect(rule).not.toHaveProperty('helpUri');
    expect(readFileSync(path.join(dir, 'issues.csv'), 'utf8')).toContain('Title: Throwaway Title Shouts,Warning,Medium,1,50.00,Throwaway: the title shouts.,Throwaway: write at most 1 words in capitals.');
  });

  it('follows the config like any rule: its options in the fix text, off when turned off', () => {
    writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify({ rules: { 'throwaway-title-shouts': ['high', { words: 3 }], 'throwaway-no-robots-meta': 'off' } }));
    try {
      const r = run(['--format', 'json', 'audit', 'shop.csv']);
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout) as { notApplicable: { rule: string }[]; pages: { findings: { rule: string }[] }[]; rules: { id: string; severity: string; fix: string }[] };
      expect(report.pages.flatMap((p) => p.findings).filter((f) => f.rule.startsWith('throwaway-'))).toEqual([]);
      expect(report.notApplicable.map((n) => n.rule)).not.toContain('throwaway-no-robots-meta');
      expect(report.rules.filter((x) => x.id.startsWith('throwaway-')).map((x) => [x.id, x.severity, x.fix])).toEqual([
        ['throwaway-no-robots-meta', 'off', 'Throwaway: add a robots meta tag.'],
        ['throwaway-title-shouts', 'high', 'Throwaway: write at most 3 words in capitals.'],
      ]);
    } finally {
      rmSync(path.join(dir, 'seo-ai.config.json'));
    }
  });

  it('judging the title, it makes optimize plan a rewrite of the title and shows in the review', () => {
    const r = run(['optimize', '--csv', 'shop.csv', '--offline', '--quiet', '--fields', 'title']);
    expect(r.stderr).toBe('');
    const html = readFileSync(path.join(dir, 'shop.optimized.html'), 'utf8');
    // Row a's title fails only the throwaway rule (its length is fine): it is planned for a rewrite, and the review marks the rule.
    expect(html).toContain('data-rule="throwaway-title-shouts"><span class="mark" title="fails">✗</span> throwaway-title-shouts</li>');
    const md = readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8');
    expect(md).toMatch(/issues before: [^\n]*throwaway-title-shouts/);
    // Planned because of it alone (the title's length is fine); the offline rewriter knows no fix for it, so the title is kept, not replaced by one that would still fail.
    expect(md).toContain('| title | BIG SALE on Two Person Tents for Rainy Weekends (47 chars, 472 px) | *kept: no candidate* |');
  });

  it('is in the rule list and the README table `seo-ai rules --format markdown` prints', () => {
    const md = run(['rules', '--format', 'markdown']);
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('throwaway-no-robots-meta');
    expect(md.stdout).toContain('Throwaway: the title shouts.');
    const list = JSON.parse(run(['rules', '--format', 'json']).stdout) as { id: string }[];
    expect(list.map((x) => x.id)).toEqual(expect.arrayContaining(['throwaway-no-robots-meta', 'throwaway-title-shouts']));
  });
});
