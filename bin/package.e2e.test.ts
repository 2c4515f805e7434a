// The package as a user installs it: `import … from 'seo-ai'` gives the programmatic API, and the
// published files hold the CLI and that API, not the benchmarks or the test helpers.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../src/testing/cli.js';

describe('the seo-ai package', () => {
  it("imports by name, and its runAudit audits the demo shop as the CLI's JSON report says", () => {
    const script = `
      const seo = await import('seo-ai');
      const names = ['runAudit', 'folderSource', 'csvSource', 'webSource', 'rules', 'defineRule', 'DEFAULT_WEIGHTS', 'resolveRules', 'toJsonReport', 'formatJson'];
      const missing = names.filter((n) => seo[n] === undefined);
      const source = await seo.folderSource({ target: 'fixtures/sites/demo-shop' });
      const result = await seo.runAudit({ source, weights: seo.DEFAULT_WEIGHTS });
      console.log(JSON.stringify({ missing, score: result.summary.score, pages: result.pages.length, rules: seo.rules.length }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const api = JSON.parse(r.stdout) as { missing: string[]; score: number; pages: number; rules: number };
    expect(api.missing).toEqual([]);
    const cli = runCli(['audit', 'fixtures/sites/demo-shop', '--format', 'json'], { cwd: ROOT });
    const report = JSON.parse(cli.stdout) as { summary: { score: number; pages: number } };
    expect({ score: api.score, pages: api.pages }).toEqual({ score: report.summary.score, pages: report.summary.pages });
    expect(api.rules).toBeGreaterThan(40);
  });

  it('ships what runs: the CLI, the API with its types, the rule docs and the config schema; not the benchmarks, test helpers, source maps or contributor docs', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    for (const f of ['dist/bin/seo-ai.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/rules/index.js', 'dist/src/worker/page-worker.js', 'README.md', 'docs/rules.md', 'seo-ai.config.schema.json', 'package.json']) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('dist/bench/') || f.startsWith('dist/src/testing/') || /\.test\.(js|d\.ts)$|\.map$/.test(f) || f === 'ARCHITECTURE.md' || f.startsWith('scripts/'))).toEqual([]);
    // Every file is under dist/, or one of the few documents and the schema the package names.
    expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['README.md', 'docs/rules.md', 'package.json', 'seo-ai.config.schema.json']);
  });
});
