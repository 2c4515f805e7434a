// A user's first day, as the README's Install section tells it: pack seo-ai, install the tarball
// into a project as a devDependency, run it with npx, let `init --ci github` write the workflow,
// and run every `run:` line of that workflow (parsed from its YAML) in the project, as the CI
// runner would: npm ci, then the project's own seo-ai against its built site and baseline.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../src/testing/cli.js';
import { toolInfo } from '../src/cli/version.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const VERSION = toolInfo().version;

/** A command in the project, with what a CI runner has: CI=true, no colours, the npm registry. */
function sh(command: string, cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync('bash', ['-eo', 'pipefail', '-c', command], {
    cwd,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Workflow {
  env: Record<string, string>;
  jobs: { seo: { steps: { name?: string; uses?: string; run?: string }[] } };
}

describe('installed from the packed tarball into a project', () => {
  let project: string;
  let tarball: string;

  beforeAll(() => {
    const packs = mkdtempSync(path.join(tmpdir(), 'seo-ai-pack-'));
    // dist/ is built by the test command; --ignore-scripts so packing does not build again.
    const packed = sh(`npm pack --ignore-scripts --json --pack-destination ${JSON.stringify(packs)}`, ROOT);
    expect(packed.code).toBe(0);
    tarball = (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename;
    expect(tarball).toBe(`seo-ai-${VERSION}.tgz`);
    project = mkdtempSync(path.join(tmpdir(), 'seo-ai-project-'));
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'northpine-site', version: '1.0.0', private: true }, null, 2)}\n`);
    // The project's built site, and the tarball committed beside it (until seo-ai is on npm).
    cpSync(path.join(ROOT, 'fixtures/sites/demo-shop'), path.join(project, 'public'), { recursive: true });
    cpSync(path.join(packs, tarball), path.join(project, tarball));
  }, 60_000);

  it('init --ci github says what to add to devDependencies while the project does not list seo-ai', () => {
    const r = runCli(['init', '--ci', 'github'], { cwd: project });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `wrote ${path.join(project, '.github/workflows/seo-ai.yml')}`,
        'package.json does not list seo-ai: the workflow runs the seo-ai the project installs.',
        'add it to devDependencies, and commit package.json and package-lock.json:',
        `  npm i -D ./seo-ai-${VERSION}.tgz   (the tarball "npm pack" makes in a seo-ai clone; commit it too)`,
        '  npm i -D seo-ai            (once seo-ai is published on npm)',
        'next: build the site, then run',
        '  npx seo-ai audit public --update-baseline',
        'and commit seo-baseline.json with the workflow',
        '',
      ].join('\n'),
    );
  });

  it('npm i -D the tarball: npx --no-install seo-ai runs, the demo audit, then every run: line of the workflow passes, and fails on a regression', () => {
    const install = sh(`npm i -D ./${tarball} --prefer-offline`, project);
    expect(install.stderr).not.toMatch(/ERR!/);
    expect(install.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies['seo-ai']).toBe(`file:seo-ai-${VERSION}.tgz`);

    expect(sh('npx --no-install seo-ai --version', project)).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const demo = sh('npx --no-install seo-ai audit public', project);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Site score');
    // Commands it prints for the user to run are the ones that work here: npx seo-ai, not seo-ai.
    const noBaseline = sh('npx --no-install seo-ai audit public --baseline nope.json', project);
    expect([noBaseline.code, noBaseline.stderr]).toEqual([2, 'seo-ai: nope.json: no such file; write one with: npx seo-ai audit <target> --update-baseline nope.json\n']);
    // The project's own install: the config's "$schema" is the installed schema file, which exists.
    expect(sh('npx --no-install seo-ai init', project).code).toBe(0);
    const config = readFileSync(path.join(project, 'seo-ai.config.json'), 'utf8');
    expect(config).toContain('"$schema": "./node_modules/seo-ai/seo-ai.config.schema.json"');
    expect(existsSync(path.join(project, 'node_modules/seo-ai/seo-ai.config.schema.json'))).toBe(true);
    // Now the project lists seo-ai, init has nothing to add.
    const again = sh('npx --no-install seo-ai init --ci github --force', project);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('devDependencies');

    // The first baseline, as init said, then the workflow's commands as the runner runs them.
    expect(sh('npx seo-ai audit public --update-baseline --quiet', project).code).toBe(0);
    const workflow = parseYaml(readFileSync(path.join(project, '.github/workflows/seo-ai.yml'), 'utf8')) as Workflow;
    const runs = workflow.jobs.seo.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
    expect(runs).toHaveLength(2);
    const runAll = (): Run[] => runs.map((line) => sh(line, project, { ...workflow.env, GITHUB_STEP_SUMMARY: path.join(project, 'summary.md') }));
    const [ci, audit] = runAll();
    expect(ci!.code).toBe(0);
    expect(audit!.stderr).toBe('sarif report written to seo-ai.sarif (site score 92.4)\nhtml report written to seo-report.html (site score 92.4)\nGate: passed (fail on new high+)\n');
    expect(audit!.code).toBe(0);
    expect(existsSync(path.join(project, 'seo-ai.sarif'))).toBe(true);
    expect(existsSync(path.join(project, 'seo-report.html'))).toBe(true);

    // A change that makes SEO worse: the same workflow fails the job (exit 1) and annotates the page.
    const page = path.join(project, 'public/about/index.html');
    writeFileSync(page, readFileSync(page, 'utf8').replace(/<title>[^<]*<\/title>/, ''));
    const [, worse] = runAll();
    expect(worse!.code).toBe(1);
    expect(worse!.stdout).toMatch(/^::error file=public\/about\/index\.html,.*title-missing/m);
  }, 300_000);
});
