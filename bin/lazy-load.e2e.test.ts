// A fast start: each command loads only what it uses. The heavy modules (the LLM SDK and its
// tokenizer, the HTTP client, the browser driver, the report renderers, the spinner) are loaded by
// the commands that need them, when they need them. Measured by recording every module the
// process loads; the timings themselves are in `npm run bench:startup`, never in a test.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../src/testing/cli.js';

let hooks: string;

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-loads-'));
  // A loader hook that names every ES module loaded, and a wrapper of require() for the CommonJS
  // ones (gpt-tokenizer is loaded with createRequire, which the ESM hook does not see on Node 20).
  // Written with writeSync: the hooks run on a thread of their own, whose process.stderr writes go
  // through the main thread and can be lost when the process exits right after its last import.
  writeFileSync(path.join(dir, 'hooks.mjs'), "import { writeSync } from 'node:fs';\nexport async function load(url, context, next) { writeSync(2, `LOADED ${url}\\n`); return next(url, context); }\n");
  writeFileSync(
    path.join(dir, 'register.mjs'),
    [
      "import Module, { register } from 'node:module';",
      "import { writeSync } from 'node:fs';",
      "import { pathToFileURL } from 'node:url';",
      `register(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});`,
      'const load = Module._load;',
      'Module._load = function (request, parent, isMain) {',
      '  try { writeSync(2, `LOADED ${pathToFileURL(Module._resolveFilename(request, parent, isMain)).href}\\n`); } catch {}',
      '  return load.apply(this, arguments);',
      '};',
      '',
    ].join('\n'),
  );
  hooks = path.join(dir, 'register.mjs');
});

/** The packages and seo-ai modules a command loaded (node_modules/<name>, or src/… of dist). */
function loaded(args: string[]): { code: number | null; modules: Set<string> } {
  const r = spawnSync(process.execPath, ['--import', hooks, BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const modules = new Set<string>();
  for (const line of r.stderr.split('\n')) {
    const url = /^LOADED (file:\S+)/.exec(line)?.[1];
    if (!url) continue;
    const p = new URL(url).pathname;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p)?.[1];
    modules.add(pkg ?? p.replace(/^.*\/dist\//, ''));
  }
  return { code: r.status, modules };
}

const HEAVY = ['openai', 'gpt-tokenizer', 'undici', 'playwright-core', 'ora', 'zod'];
// report/json.js is not among them: it also builds the JSON report every format renders from.
const RENDERERS = ['html', 'sarif', 'junit', 'markdown', 'csv', 'github', 'terminal'].map((f) => `src/report/${f}.js`);

describe('each command loads only what it uses', () => {
  it('--version loads none of the heavy packages, no rule and no report renderer', () => {
    const { code, modules } = loaded(['--version']);
    expect(code).toBe(0);
    expect([...HEAVY, ...RENDERERS, 'rules/index.js', 'htmlparser2'].filter((m) => modules.has(m))).toEqual([]);
  });

  it('rules loads the rules, and none of the heavy packages or renderers', () => {
    const { code, modules } = loaded(['rules']);
    expect(code).toBe(0);
    expect(modules.has('rules/index.js')).toBe(true);
    expect([...HEAVY, ...RENDERERS].filter((m) => modules.has(m))).toEqual([]);
  });

  it('a folder audit loads the terminal renderer alone: no HTTP client, LLM, browser or spinner (stderr is no terminal)', () => {
    const { code, modules } = loaded(['audit', 'fixtures/sites/demo-shop']);
    expect(code).toBe(0);
    expect(['openai', 'gpt-tokenizer', 'undici', 'playwright-core', 'ora'].filter((m) => modules.has(m))).toEqual([]);
    expect(RENDERERS.filter((m) => modules.has(m))).toEqual(['src/report/terminal.js']);
  });

  it('--format json=… --format html=… loads the HTML renderer, not the terminal one', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'seo-ai-loads-out-'));
    const { code, modules } = loaded(['audit', 'fixtures/sites/demo-shop', '--format', `json=${out}/r.json`, '--format', `html=${out}/r.html`, '--quiet']);
    expect(code).toBe(0);
    expect(modules.has('src/report/json.js')).toBe(true);
    expect(RENDERERS.filter((m) => modules.has(m))).toEqual(['src/report/html.js']);
  });

  it('an LLM dry run loads the tokenizer (so the checks above would see it)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-loads-dry-'));
    copyFileSync(path.join(ROOT, 'fixtures/csv/demo-shop.csv'), path.join(dir, 'shop.csv'));
    const { code, modules } = loaded(['optimize', '--csv', path.join(dir, 'shop.csv'), '--dry-run']);
    expect(code).toBe(0);
    expect(modules.has('gpt-tokenizer')).toBe(true);
  });

  it('optimize --offline loads no LLM client, tokenizer or HTTP client', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-loads-opt-'));
    // A copy: optimize writes its review file beside the input.
    copyFileSync(path.join(ROOT, 'fixtures/csv/demo-shop.csv'), path.join(dir, 'shop.csv'));
    const { code, modules } = loaded(['optimize', '--csv', path.join(dir, 'shop.csv'), '--offline', '--quiet']);
    expect(code).toBe(0);
    expect(['openai', 'gpt-tokenizer', 'undici', 'playwright-core'].filter((m) => modules.has(m))).toEqual([]);
  });
});
