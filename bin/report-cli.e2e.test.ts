import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { githubWorkflow, WORKFLOW_FILE } from '../src/cli/init.js';
import { githubShardedWorkflow } from '../src/cli/init-sharded.js';
import type { JsonReport } from '../src/report/json.js';
import { ROOT, runCli } from '../src/testing/cli.js';

const SHOP = path.join(ROOT, 'fixtures/sites/demo-shop');
const TENT_URL = 'https://demo-shop.example/products/basecamp-6-family-tent/';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'seo-ai-cli-'));
}

describe('--format: several reports at once', () => {
  it('writes each format to its own file and one to stdout', () => {
    const dir = tempDir();
    const r = runCli(['audit', SHOP, '--format', 'markdown', '--format', `json=${dir}/r.json`, '--format', `sarif=${dir}/out/r.sarif`]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('## SEO audit\n')).toBe(true);
    expect(r.stderr).toBe(`json report written to ${dir}/r.json (site score 92.4)\nsarif report written to ${dir}/out/r.sarif (site score 92.4)\n`);
    expect((JSON.parse(readFileSync(`${dir}/r.json`, 'utf8')) as JsonReport).summary.score).toBe(92.4);
    expect((JSON.parse(readFileSync(`${dir}/out/r.sarif`, 'utf8')) as { version: string }).version).toBe('2.1.0');
  });

  it('colours only a terminal, or when FORCE_COLOR asks: a piped report has no escape codes', () => {
    const piped = runCli(['audit', SHOP], { env: { NO_COLOR: '', FORCE_COLOR: '0' } });
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('\u001b[');
    const forced = runCli(['audit', SHOP], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout.startsWith('\u001b[1mseo-ai audit ')).toBe(true);
    // As Node documents: FORCE_COLOR, when set, wins over NO_COLOR; --no-color wins over both; TERM=dumb only matters on a terminal.
    expect(runCli(['audit', SHOP], { env: { NO_COLOR: '1', FORCE_COLOR: '' } }).stdout.startsWith('\u001b[1mseo-ai audit ')).toBe(true);
    expect(runCli(['audit', SHOP], { env: { NO_COLOR: '1', FORCE_COLOR: '3', TERM: 'dumb' } }).stdout.startsWith('\u001b[1mseo-ai audit ')).toBe(true);
    expect(runCli(['audit', SHOP, '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(runCli(['audit', SHOP], { env: { NO_COLOR: '1', FORCE_COLOR: 'false' } }).stdout).not.toContain('\u001b[');
  });

  it('refuses two formats on stdout, two formats in one file, and --output with no format to take it: exit 2, nothing written', () => {
    const dir = tempDir();
    const two = runCli(['audit', SHOP, '--format', 'json', '--format', 'sarif']);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe('seo-ai: --format: json and sarif would both go to stdout; name a file for all but one (--format sarif=FILE)\n');
    const same = runCli(['audit', SHOP, '--format', `json=${dir}/x`, '--format', `csv=${dir}/x`]);
    expect(same.code).toBe(2);
    expect(same.stderr).toBe(`seo-ai: --format csv=${dir}/x is also the json report; name another file\n`);
    const output = runCli(['audit', SHOP, '--format', `json=${dir}/y`, '--output', `${dir}/z`]);
    expect(output.code).toBe(2);
    expect(output.stderr).toBe(`seo-ai: --output ${dir}/z: give it one format without a file (e.g. --format json --output ${dir}/z), or name each file as --format json=${dir}/z\n`);
    expect(existsSync(`${dir}/x`) || existsSync(`${dir}/y`) || existsSync(`${dir}/z`)).toBe(false);
  });

  it('github: annotations on stdout, and the Markdown summary appended to $GITHUB_STEP_SUMMARY', () => {
    const dir = tempDir();
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, 'earlier step\n');
    const r = runCli(['audit', SHOP, '--format', 'github', '--format', `github=${dir}/annotations.txt`], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    expect(readFileSync(`${dir}/annotations.txt`, 'utf8')).toBe(r.stdout);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::error ')).length).toBeGreaterThan(0);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('earlier step\n')).toBe(true);
    expect(text).toContain('92.4');
    // Appended once per run, however many github formats.
    expect(text.split('## SEO audit')).toHaveLength(2);
    // A summary file that cannot be written costs a warning, not the run.
    const bad = runCli(['audit', SHOP, '--format', 'github', '--quiet'], { env: { GITHUB_STEP_SUMMARY: path.join(dir, 'no', 'such', 'dir', 's.md') } });
    expect(bad.code).toBe(0);
    expect(bad.stderr).toMatch(/^warning: GITHUB_STEP_SUMMARY .*s\.md: cannot append the summary: ENOENT/);
  });
});

describe('baselines: bad input', () => {
  it('a missing baseline, a broken one, and one of another site: exit 2 naming the file and what to do', () => {
    const dir = tempDir();
    const missing = runCli(['audit', SHOP, '--baseline', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('seo-ai: nope.json: no such file; write one with: seo-ai audit <target> --update-baseline nope.json\n');
    writeFileSync(path.join(dir, 'broken.json'), '{"schemaVersion": 1, "kind": "seo-ai-baseline", "score": 90, "pages": [{"url": "x"}]}');
    const broken = runCli(['audit', SHOP, '--baseline', 'broken.json'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe('seo-ai: broken.json: pages[0].score: Required; write one with: seo-ai audit <target> --update-baseline broken.json\n');
    writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ schemaVersion: 1, kind: 'seo-ai-baseline', score: 90, pages: [{ url: 'https://other.example/', score: 90, findings: [] }] }));
    const other = runCli(['audit', SHOP, '--baseline', 'other.json'], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      'seo-ai: other.json: its only page is not in this run (e.g. https://other.example/ vs https://demo-shop.example/); compare runs of the same site and base URL, or write a new baseline with --update-baseline\n',
    );
  });

  it('a bad gate config or flag: exit 2 naming the key', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'seo-ai.config.json'), '{ "gate": { "failon": "high" } }');
    const r = runCli(['audit', SHOP], { cwd: dir });
    expect(r.code).toBe(2);
    // As every other section: file:line:column, a did-you-mean, the line and a caret.
    expect(r.stderr).toBe(
      `seo-ai: ${path.join(dir, 'seo-ai.config.json')}:1:13: gate."failon": unknown key (did you mean "failOn"?); known keys are baseline, failOn, maxScoreDrop, maxPageDrop, minScore\n` +
        '  { "gate": { "failon": "high" } }\n' +
        '              ^\n',
    );
    writeFileSync(path.join(dir, 'seo-ai.config.json'), '{\n  "gate": { "failOn": "hihg", "minScore": 120 }\n}\n');
    expect(runCli(['audit', SHOP], { cwd: dir }).stderr).toBe(
      `seo-ai: ${path.join(dir, 'seo-ai.config.json')}:2:23: gate.failOn: "hihg" is not allowed; use one of "critical", "high", "medium", "low", "none"\n` +
        '    "gate": { "failOn": "hihg", "minScore": 120 }\n' +
        '                        ^\n',
    );
    const flag = runCli(['audit', SHOP, '--fail-on', 'severe']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('seo-ai: --fail-on severe: expected critical, high, medium, low or none\n');
  });

  it('a minimum score from the config is named as the config\'s, not as a flag', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'seo-ai.config.json'), '{ "gate": { "minScore": 99 } }');
    const r = runCli(['audit', SHOP, '--format', 'json', '--quiet'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Gate: FAILED[^\n]*\n[\s\S]*site score [\d.]+ is below gate\.minScore \(config\) 99\n$/);
  });

  it('the config gate section sets the baseline and the policy', () => {
    const dir = tempDir();
    cpSync(SHOP, path.join(dir, 'site'), { recursive: true });
    expect(runCli(['audit', 'site', '--update-baseline', 'ci/base.json', '--quiet'], { cwd: dir }).code).toBe(0);
    // Remove a low finding's cause? Add one instead: an image without alt text is medium or worse; og-missing is low.
    const file = path.join(dir, 'site/products/basecamp-6-family-tent/index.html');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/<meta property="og:title"[^>]*>/, ''));
    writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify({ gate: { baseline: 'ci/base.json', failOn: 'low' } }));
    const strict = runCli(['audit', 'site', '--format', 'json', '--quiet'], { cwd: dir });
    expect(strict.code).toBe(1);
    const report = JSON.parse(strict.stdout) as JsonReport;
    expect(report.gate!.failures[0]!.pages.map((p) => [p.url, p.findings.map((f) => f.rule)])).toEqual([[TENT_URL, ['og-missing']]]);
    // The flag beats the config.
    expect(runCli(['audit', 'site', '--fail-on', 'high', '--quiet'], { cwd: dir }).code).toBe(0);
  });
});

describe('baselines: runs that must not pass', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    cpSync(SHOP, path.join(dir, 'site'), { recursive: true });
    expect(runCli(['audit', 'site', '--update-baseline', '--quiet'], { cwd: dir }).code).toBe(0);
  });

  it('a page of the baseline that can no longer be audited fails the gate, even with --quiet and JSON on stdout', () => {
    const copy = tempDir();
    cpSync(path.join(dir, 'site'), path.join(copy, 'site'), { recursive: true });
    cpSync(path.join(dir, 'seo-baseline.json'), path.join(copy, 'seo-baseline.json'));
    writeFileSync(path.join(copy, 'site/products/basecamp-6-family-tent/index.html'), '');
    const r = runCli(['audit', 'site', '--baseline', 'seo-baseline.json', '--format', 'json', '--quiet'], { cwd: copy });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.gate!.failures.map((f) => [f.condition, f.pages.map((p) => p.url)])).toEqual([['not-audited', [TENT_URL]]]);
    expect(report.gate!.removedPages).toEqual([]);
    // The verdict comes before the long comparison and the pages.
    expect(Object.keys(JSON.parse(r.stdout) as object).slice(-4)).toEqual(['gate', 'comparison', 'pages', 'rules']);
    // With JSON on stdout the causes go to stderr, --quiet or not.
    expect(r.stderr).toBe(
      [
        'Gate: FAILED, 1 condition (fail on new high+)',
        '  not-audited: 1 page of the baseline could not be audited in this run (see the errors)',
        `    ${TENT_URL} (score was 100)`,
        'seo-ai: the gate failed: not-audited',
        '',
      ].join('\n'),
    );
  });

  it('a report path that links to the baseline is refused: the baseline is never overwritten', () => {
    symlinkSync(path.join(dir, 'seo-baseline.json'), path.join(dir, 'report.json'));
    const before = readFileSync(path.join(dir, 'seo-baseline.json'), 'utf8');
    const r = runCli(['audit', 'site', '--baseline', 'seo-baseline.json', '--format', 'json=report.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: --format json=report.json is the baseline file seo-baseline.json (through a symlink); name another file (the baseline is written only by --update-baseline)\n');
    expect(readFileSync(path.join(dir, 'seo-baseline.json'), 'utf8')).toBe(before);
  });

  it('a CSV row skipped as malformed is not a removed page: the run lost it, and fails', () => {
    const csvDir = tempDir();
    cpSync(path.join(ROOT, 'fixtures/csv/demo-shop.csv'), path.join(csvDir, 'pages.csv'));
    expect(runCli(['audit', 'pages.csv', '--update-baseline', '--quiet'], { cwd: csvDir }).code).toBe(0);
    const lines = readFileSync(path.join(csvDir, 'pages.csv'), 'utf8').split('\r\n');
    // The sleeping-bags category row gets a field too many.
    const i = lines.findIndex((l) => l.startsWith('https://demo-shop.example/category/sleeping-bags/,'));
    lines[i] = `${lines[i]},extra`;
    writeFileSync(path.join(csvDir, 'pages.csv'), lines.join('\r\n'));
    const r = runCli(['audit', 'pages.csv', '--baseline', 'seo-baseline.json', '--skip-bad-rows', '--format', 'json', '--quiet'], { cwd: csvDir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.gate!.failures.map((f) => [f.condition, f.pages.map((p) => p.url)])).toEqual([['not-audited', ['https://demo-shop.example/category/sleeping-bags/']]]);
    expect(report.gate!.failures[0]!.message).toMatch(/^1 page of the baseline could not be audited in this run, and the run lost pages \(pages\.csv:\d+: skipped \(--skip-bad-rows\): /);
    expect(report.comparison!.counts).toMatchObject({ removedPages: 0, notAuditedPages: 1 });
  });

  it('policy flags with no baseline to compare with: exit 2, not a silent pass', () => {
    const r = runCli(['audit', 'site', '--fail-on', 'low', '--max-page-drop', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: --fail-on, --max-page-drop: compare with what? Add --baseline <file> (or gate.baseline in the config); without one only --min-score applies\n');
  });

  it('a report file that is a folder is refused before the run, with nothing written', () => {
    mkdirSync(path.join(dir, 'adir'), { recursive: true });
    const r = runCli(['audit', 'site', '--update-baseline', 'nb.json', '--format', 'html=r.html', '--format', 'json=adir'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('seo-ai: --format json=adir: that is a folder; name a file\n');
    expect(existsSync(path.join(dir, 'nb.json')) || existsSync(path.join(dir, 'r.html'))).toBe(false);
  });

  it('the same file spelled two ways is one file; gate.baseline is found relative to the config file', () => {
    expect(runCli(['audit', 'site', '--baseline', './seo-baseline.json', '--update-baseline', 'seo-baseline.json', '--quiet'], { cwd: dir }).code).toBe(0);
    writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify({ gate: { baseline: 'seo-baseline.json' } }));
    const r = runCli(['audit', '.', '--format', 'json', '--quiet'], { cwd: path.join(dir, 'site') });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonReport).comparison!.baseline.label).toBe('../seo-baseline.json');
  });
});

describe('seo-ai diff', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    cpSync(SHOP, path.join(dir, 'site'), { recursive: true });
    expect(runCli(['audit', 'site', '--format', 'json=old.json', '--quiet'], { cwd: dir }).code).toBe(0);
    const file = path.join(dir, 'site/products/basecamp-6-family-tent/index.html');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<h1>Basecamp 6 Family Tent</h1>', '<p>Basecamp 6 Family Tent</p>'));
    const talus = path.join(dir, 'site/products/talus-approach-shoe/index.html');
    expect(readFileSync(talus, 'utf8')).not.toContain('<meta name="description"');
    writeFileSync(talus, readFileSync(talus, 'utf8').replace('</title>', '</title>\n<meta name="description" content="The Talus approach shoe grips wet granite and dry slab alike, with a climbing-zone toe, a sticky rubber sole and a lacing system that locks the heel.">'));
    expect(runCli(['audit', 'site', '--format', 'json=new.json', '--quiet'], { cwd: dir }).code).toBe(0);
  });

  it('terminal: new and fixed findings and score deltas per page and per rule; exit 1 for a new high finding', () => {
    const r = runCli(['diff', 'old.json', 'new.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Gate: FAILED, 1 condition (fail on new high+)');
    expect(r.stdout).toContain(`    ${TENT_URL} (score 100 → 85)\n      + high     h1-missing  Page has no H1.`);
    expect(r.stdout).toMatch(/ {4}h1-missing +high +\+1 −0 =1\n/);
    expect(r.stdout).toMatch(/ {4}meta-description-missing +critical +\+0 −1 =0\n/);
  });

  it('json: the comparison in full, and --fail-on none passes', () => {
    const r = runCli(['diff', 'old.json', 'new.json', '--format', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    const c = report.comparison!;
    expect(c.baseline).toEqual({ label: 'old.json', pages: 45, score: 92.4 });
    expect(c.counts.new).toBe(1);
    expect(c.counts.fixed).toBe(1);
    expect(c.pages.filter((p) => p.new.length + p.fixed.length > 0).map((p) => [p.url, p.delta, p.new.map((f) => f.rule), p.fixed.map((f) => f.rule)])).toEqual([
      [TENT_URL, -15, ['h1-missing'], []],
      ['https://demo-shop.example/products/talus-approach-shoe/', 25, [], ['meta-description-missing']],
    ]);
  });

  it('markdown, and a reworded message is not a change', () => {
    const old = JSON.parse(readFileSync(path.join(dir, 'old.json'), 'utf8')) as JsonReport;
    for (const p of old.pages) for (const f of p.findings) f.message = `Old wording: ${f.message}`;
    writeFileSync(path.join(dir, 'reworded.json'), JSON.stringify(old));
    const same = runCli(['diff', 'reworded.json', 'old.json', '--format', 'json'], { cwd: dir });
    expect(same.code).toBe(0);
    expect((JSON.parse(same.stdout) as JsonReport).comparison!.counts).toMatchObject({ new: 0, fixed: 0, unchanged: 33 });
    const md = runCli(['diff', 'old.json', 'new.json', '--format', 'markdown', '--fail-on', 'none'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('h1-missing');
    expect(md.stdout).toContain('old.json');
  });

  it('two baselines can be compared too', () => {
    expect(runCli(['audit', 'site', '--update-baseline', 'b2.json', '--quiet'], { cwd: dir }).code).toBe(0);
    const r = runCli(['diff', 'old.json', 'b2.json', '--format', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.comparison!.counts).toMatchObject({ new: 1, fixed: 1 });
    expect(report.pages.find((p) => p.url === TENT_URL)!.findings.map((f) => [f.rule, f.message])).toEqual([
      ['h1-missing', 'Page has no H1 with text to tell readers and search engines what it is about.'],
    ]);
  });

  it('refuses a partial report, runs with no page in common, and writing over an input: exit 2', () => {
    const partial = JSON.parse(readFileSync(path.join(dir, 'new.json'), 'utf8')) as JsonReport;
    writeFileSync(path.join(dir, 'partial.json'), JSON.stringify({ ...partial, partial: true, pages: partial.pages.slice(0, 5) }));
    const p = runCli(['diff', 'old.json', 'partial.json', '--fail-on', 'none'], { cwd: dir });
    expect(p.code).toBe(2);
    expect(p.stderr).toBe('seo-ai: partial.json: the report is partial (the run was stopped before every page was audited); compare complete runs\n');
    writeFileSync(path.join(dir, 'www.json'), readFileSync(path.join(dir, 'new.json'), 'utf8').replaceAll('https://demo-shop.example/', 'https://www.demo-shop.example/'));
    const other = runCli(['diff', 'old.json', 'www.json', '--fail-on', 'none'], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      'seo-ai: old.json: none of its 45 pages is in www.json (e.g. https://demo-shop.example/ vs https://www.demo-shop.example/); compare runs of the same site and base URL\n',
    );
    const before = readFileSync(path.join(dir, 'old.json'), 'utf8');
    const over = runCli(['diff', 'old.json', 'new.json', '--format', 'html=./old.json'], { cwd: dir });
    expect(over.code).toBe(2);
    expect(over.stderr).toBe('seo-ai: --format html=./old.json is the earlier run; name another file (the runs compared are never overwritten)\n');
    expect(readFileSync(path.join(dir, 'old.json'), 'utf8')).toBe(before);
  });

  it('a file that is not a report: exit 2 naming it', () => {
    writeFileSync(path.join(dir, 'junk.json'), '[1, 2]');
    const r = runCli(['diff', 'junk.json', 'new.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'seo-ai: junk.json: neither a seo-ai baseline nor a seo-ai JSON report ((top level): Expected object, received array); name the earlier JSON report (seo-ai audit --format json=FILE) or baseline\n',
    );
  });
});

describe('seo-ai init --ci github', () => {
  it('writes the workflow of the README, and will not overwrite it', () => {
    const dir = tempDir();
    const r = runCli(['init', '--ci', 'github', '--target', 'dist'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, WORKFLOW_FILE), 'utf8')).toBe(githubWorkflow('dist'));
    expect(runCli(['init', '--ci', 'github'], { cwd: dir }).code).toBe(2);
    expect(runCli(['init', '--ci', 'gitlab'], { cwd: dir }).stderr).toBe('seo-ai: --ci gitlab: only "github" is supported; other CI systems can run the same command (see the README)\n');
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(githubWorkflow('public'));
  });

  it('the workflow is valid YAML with the steps GitHub Actions needs', () => {
    const doc = parseYaml(githubWorkflow('public')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      env: Record<string, string>;
      jobs: { seo: { 'runs-on': string; steps: { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }[] } };
    };
    expect(Object.keys(doc.on)).toEqual(['pull_request', 'push']);
    expect(doc.permissions).toEqual({ contents: 'read', actions: 'read', 'security-events': 'write' });
    expect(doc.env).toEqual({ SEO_TARGET: 'public' });
    const steps = doc.jobs.seo.steps;
    expect(steps.map((s) => s.uses ?? s.name)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'Install the project\'s packages, seo-ai among them',
      'Audit and compare with the baseline',
      'github/codeql-action/upload-sarif@v3',
      'actions/upload-artifact@v4',
    ]);
    // The folded command is one line, the one the README shows.
    // The project's own seo-ai, installed by npm ci: never a name fetched and run at run time.
    expect(steps[2]!.run).toBe('npm ci');
    expect(steps[3]!.run).toBe('npx --no-install seo-ai audit "$SEO_TARGET" --baseline seo-baseline.json --format github --format sarif=seo-ai.sarif --format html=seo-report.html');
    expect(steps[4]!.if).toBe("${{ !cancelled() && hashFiles('seo-ai.sarif') != '' && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository) }}");
    expect(steps[4]!.with).toEqual({ sarif_file: 'seo-ai.sarif', category: 'seo-ai' });
  });

  it('a staging URL target with --base-url: the workflow passes the public address; --target and --base-url without --ci are refused', () => {
    const doc = parseYaml(githubWorkflow('http://127.0.0.1:8080/sitemap.xml', 'https://shop.example/')) as { env: Record<string, string>; jobs: { seo: { steps: { run?: string }[] } } };
    expect(doc.env).toEqual({ SEO_TARGET: 'http://127.0.0.1:8080/sitemap.xml', SEO_BASE_URL: 'https://shop.example/' });
    expect(doc.jobs.seo.steps[3]!.run).toBe('npx --no-install seo-ai audit "$SEO_TARGET" --base-url "$SEO_BASE_URL" --baseline seo-baseline.json --format github --format sarif=seo-ai.sarif --format html=seo-report.html');
    const dir = tempDir();
    const r = runCli(['init', '--ci', 'github', '--target', 'http://127.0.0.1:8080/sitemap.xml', '--base-url', 'https://shop.example/'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('next: with the site answering there, run\n  npx seo-ai audit http://127.0.0.1:8080/sitemap.xml --base-url https://shop.example/ --update-baseline\n');
    const config = runCli(['init', '--target', 'dist'], { cwd: dir });
    expect([config.code, config.stderr]).toEqual([2, 'seo-ai: --target is for the CI workflow (init --ci github --target …); the starter config takes none (its "baseUrl" key is the site\'s address)\n']);
  });

  it('--shards N: a matrix of N audit jobs uploading their shard files, and one merge job that gates and reports', () => {
    const dir = tempDir();
    const r = runCli(['init', '--ci', 'github', '--target', 'dist', '--shards', '3'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, WORKFLOW_FILE), 'utf8');
    expect(text).toBe(githubShardedWorkflow('dist', 3));
    expect(text).not.toMatch(/\t/);
    type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown> };
    const doc = parseYaml(text) as { env: Record<string, unknown>; jobs: { audit: { strategy: { matrix: { shard: number[] } }; steps: Step[] }; merge: { needs: string; steps: Step[] } } };
    expect(doc.env).toEqual({ SEO_TARGET: 'dist', SEO_SHARDS: 3 });
    expect(doc.jobs.audit.strategy.matrix.shard).toEqual([1, 2, 3]);
    const audit = doc.jobs.audit.steps;
    expect(audit.map((s) => s.uses ?? s.name)).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', "Install the project's packages, seo-ai among them", 'Audit one shard', 'actions/upload-artifact@v4']);
    expect(audit[3]!.run).toBe('npx --no-install seo-ai audit "$SEO_TARGET" --shard ${{ matrix.shard }}/${{ env.SEO_SHARDS }} --output shard-${{ matrix.shard }}.jsonl');
    expect(audit[4]!.with).toEqual({ name: 'seo-shard-${{ matrix.shard }}', path: 'shard-${{ matrix.shard }}.jsonl', 'retention-days': 1 });
    expect(doc.jobs.merge.needs).toBe('audit');
    const merge = doc.jobs.merge.steps;
    expect(merge.map((s) => s.uses ?? s.name)).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', "Install the project's packages, seo-ai among them", 'actions/download-artifact@v4', 'Merge, and compare with the baseline', 'github/codeql-action/upload-sarif@v3', 'actions/upload-artifact@v4']);
    expect(merge[3]!.with).toEqual({ pattern: 'seo-shard-*', 'merge-multiple': true, path: 'shards' });
    expect(merge[4]!.run).toBe('npx --no-install seo-ai merge shards/*.jsonl --baseline seo-baseline.json --format github --format sarif=seo-ai.sarif --format html=seo-report.html');
    const crawl = runCli(['init', '--ci', 'github', '--target', 'https://shop.example/', '--shards', '2', '--force'], { cwd: dir });
    expect([crawl.code, crawl.stderr]).toEqual([2, 'seo-ai: --shards: https://shop.example/ is a site URL, crawled from its links, and a crawl cannot be split into shards before it starts: give the sitemap (--target https://…/sitemap.xml), or a URL list a crawl wrote (seo-ai audit https://shop.example/ --list-urls urls.txt, committed with the workflow: --target urls.txt)\n']);
    // A sitemap is sharded over HTTP: the workflow says the site must answer while the shard jobs run.
    const sitemap = runCli(['init', '--ci', 'github', '--target', 'https://shop.example/sitemap.xml', '--shards', '2', '--force'], { cwd: dir });
    expect(sitemap.code).toBe(0);
    const written = readFileSync(path.join(dir, WORKFLOW_FILE), 'utf8');
    expect(written).toContain('SEO_TARGET is the sitemap URL: each shard job reads it and fetches its own pages.');
    expect(written).toContain('SEO_TARGET: "https://shop.example/sitemap.xml"');
    expect(runCli(['init', '--shards', '2'], { cwd: dir }).stderr).toBe('seo-ai: --shards is for the CI workflow (init --ci github --shards …); the starter config takes none (its "baseUrl" key is the site\'s address)\n');
  });

  it('the workflow runs the audit command it shows, with the baseline, SARIF upload and failure on regression', () => {
    const text = githubWorkflow('public');
    expect(text).not.toContain('--yes');
    expect(text).toContain('npx --no-install seo-ai audit "$SEO_TARGET"\n          --baseline seo-baseline.json\n          --format github\n          --format sarif=seo-ai.sarif');
    expect(text).toContain('uses: github/codeql-action/upload-sarif@v3');
    expect(text).toContain('security-events: write');
    // Only spaces for indentation: YAML refuses tabs.
    expect(text).not.toMatch(/\t/);
  });
});
