// Custom rules end to end, through the built CLI: a plugin (fixtures/extend/seo-rules.mjs, made
// with the public defineRule) and checks without code (the config's `custom` and `extract`), on a
// fixture site, in JSON, SARIF and CSV, against a baseline, in worker threads, and plugins that
// fail in every way a plugin can.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/testing/cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/extend', import.meta.url));
const SITE = path.join(FIXTURE, 'site');
const CONFIG = path.join(FIXTURE, 'seo-ai.config.json');
const BASE = 'https://extend.example/';
const STOVE = `${BASE}products/trail-stove.html`;
const OWN = new Set(['shop/cta-missing', 'price-missing', 'lorem-ipsum']);

interface Report {
  pages: { url: string; score: number; findings: { rule: string; severity: string; message: string; value?: string; expected?: string; element?: string; fix: string }[]; extracted?: Record<string, string[]>; failures?: { rule: string; message: string }[] }[];
  rules: { id: string; category: string; severity: string; description: string; fix: string; options: Record<string, unknown> }[];
  ruleFailures?: { rule: string; plugin?: string; message: string; pages: number; firstUrl?: string }[];
  comparison?: { counts: { new: number; fixed: number } };
}

const work = () => mkdtempSync(path.join(tmpdir(), 'seo-ai-extend-'));
const audit = (args: string[], cwd = work()) => runCli(['audit', SITE, '--base-url', BASE, ...args], { cwd });
const own = (report: Report) => report.pages.flatMap((p) => p.findings.filter((f) => OWN.has(f.rule)).map((f) => ({ url: p.url, rule: f.rule, severity: f.severity, message: f.message, ...(f.value ? { value: f.value } : {}), ...(f.expected ? { expected: f.expected } : {}), element: f.element })));

describe('a plugin rule and declarative checks, end to end', () => {
  it('run with the built-in rules: findings, severity and options from the config, extraction, the catalogue', () => {
    const r = audit(['-c', CONFIG, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(own(report)).toEqual([
      { url: STOVE, rule: 'price-missing', severity: 'high', message: 'The page has no element matching [itemprop=price].', expected: 'an element matching [itemprop=price]', element: '[itemprop=price]' },
      { url: STOVE, rule: 'shop/cta-missing', severity: 'high', message: 'No "Add to cart" in the product page\'s main content.', expected: 'Add to cart', element: undefined },
      { url: STOVE, rule: 'lorem-ipsum', severity: 'medium', message: "The page's main text contains /lorem ipsum/i.", value: '/lorem ipsum/i', expected: 'main text without /lorem ipsum/i', element: '/lorem ipsum/i' },
    ]);
    // Scored like any rule: the stove page loses 15 + 15 + 10 for them.
    const alone = JSON.parse(audit(['--format', 'json']).stdout) as Report;
    const score = (rep: Report) => rep.pages.find((p) => p.url === STOVE)!.score;
    expect(score(alone) - score(report)).toBe(40);
    expect(report.pages.map((p) => p.extracted)).toEqual([
      { sku: [], price: [] },
      { sku: ['NP-ALP-2'], price: ['349.00'] },
      { sku: ['NP-STV-1', 'NP-STV-1B'], price: [] },
    ]);
    const plugin = report.rules.find((x) => x.id === 'shop/cta-missing')!;
    expect(plugin).toMatchObject({ category: 'content', severity: 'high', fix: 'Put a "Add to cart" button in the product\'s main content.', options: { text: 'Add to cart', path: '/products/' } });
    expect(report.rules.find((x) => x.id === 'price-missing')).toMatchObject({ category: 'custom', severity: 'high', description: 'The page has no element matching [itemprop=price].' });
  });

  it('gives the same report in worker threads, where the plugin is loaded too', () => {
    const one = JSON.parse(audit(['-c', CONFIG, '--format', 'json', '--workers', '1']).stdout) as Report;
    const two = JSON.parse(audit(['-c', CONFIG, '--format', 'json', '--workers', '2']).stdout) as Report;
    expect(two.pages).toEqual(one.pages);
    // A plugin that says which thread checked each page: with --workers 2 none is the main thread (0).
    const dir = work();
    writeFileSync(
      path.join(dir, 'thread.mjs'),
      `import { threadId } from 'node:worker_threads';\nexport default [{ id: 'thread-probe', category: 'content', scope: 'page', reads: [], severity: 'low', docs: { description: 'Which thread.', fix: 'None.' }, options: {}, check(page, { report }) { report({ value: String(threadId) }); } }];\n`,
    );
    writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify({ plugins: ['./thread.mjs'] }));
    const threads = (workers: string) =>
      (JSON.parse(audit(['--format', 'json', '--workers', workers], dir).stdout) as Report).pages.map((p) => Number(p.findings.find((f) => f.rule === 'thread-probe')!.value));
    expect(threads('1')).toEqual([0, 0, 0]);
    expect(threads('2').every((t) => t > 0)).toBe(true);
  });

  it('writes SARIF with the plugin and custom rules described, and the extraction in the CSV reports', () => {
    const dir = work();
    const r = audit(['-c', CONFIG, '--format', 'sarif=out.sarif', '--format', 'extract-csv=extract.csv', '--format', 'csv=findings.csv', '--quiet'], dir);
    expect(r.code).toBe(0);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } }; results: { ruleId: string; level: string }[] }[] };
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.filter((x) => OWN.has(x.id)).map((x) => [x.id, x.shortDescription.text])).toEqual([
      ['lorem-ipsum', "The page's main text contains /lorem ipsum/i."],
      ['price-missing', 'The page has no element matching [itemprop=price].'],
      ['shop/cta-missing', 'A product page without its call to action in the main content.'],
    ]);
    expect(run.results.filter((x) => OWN.has(x.ruleId)).map((x) => `${x.ruleId} ${x.level}`).sort()).toEqual(['lorem-ipsum warning', 'price-missing error', 'shop/cta-missing error']);
    expect(readFileSync(path.join(dir, 'extract.csv'), 'utf8')).toBe(
      '\ufeffAddress,Score,sku 1,sku 2,price\r\n' +
        'https://extend.example/,55,,,\r\n' +
        'https://extend.example/products/alpine-tent.html,75,NP-ALP-2,,349.00\r\n' +
        'https://extend.example/products/trail-stove.html,35,NP-STV-1,NP-STV-1B,\r\n',
    );
    const findings = readFileSync(path.join(dir, 'findings.csv'), 'utf8').split('\r\n');
    expect(findings[0]).toBe('\ufeffURL,Origin,Score,Rule,Category,Severity,Message,Value,Expected,Element,Fix,Fingerprint,sku,price');
    expect(findings.find((l) => l.includes(',lorem-ipsum,'))).toMatch(/,NP-STV-1 \| NP-STV-1B,$/);
  });

  it('gates against a baseline: a product that loses its price is a new high finding, exit 1', () => {
    const dir = work();
    expect(audit(['-c', CONFIG, '--update-baseline', '--quiet'], dir).code).toBe(0);
    const same = audit(['-c', CONFIG, '--baseline', 'seo-baseline.json', '--format', 'json'], dir);
    expect(same.code).toBe(0);
    expect((JSON.parse(same.stdout) as Report).comparison!.counts).toMatchObject({ new: 0, fixed: 0 });
    const site = path.join(dir, 'site');
    cpSync(SITE, site, { recursive: true });
    const tent = path.join(site, 'products', 'alpine-tent.html');
    writeFileSync(tent, readFileSync(tent, 'utf8').replace('itemprop="price"', 'class="price"'));
    const worse = runCli(['audit', site, '--base-url', BASE, '-c', CONFIG, '--baseline', 'seo-baseline.json', '--format', 'json'], { cwd: dir });
    expect(worse.code).toBe(1);
    expect((JSON.parse(worse.stdout) as Report).comparison!.counts).toMatchObject({ new: 1, fixed: 0 });
    expect(worse.stderr).toContain('seo-ai: the gate failed');
  });

  it('lists the plugin and custom rules in seo-ai rules, and explains one', () => {
    const list = runCli(['rules', '-c', CONFIG, '--format', 'json']);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as { id: string; severity: string }[];
    expect(listed.slice(-3).map((x) => x.id)).toEqual(['shop/cta-missing', 'price-missing', 'lorem-ipsum']);
    // As the config has them: shop/cta-missing is high there (medium by default).
    expect(listed.find((x) => x.id === 'shop/cta-missing')!.severity).toBe('high');
    const one = runCli(['rules', 'shop/cta-missing', '-c', CONFIG]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('A product page without its call to action in the main content.');
  });
});

describe('plugins that fail', () => {
  /** A folder with a config naming plugin.mjs, which holds `source`. */
  const withPlugin = (source: string, config: object = {}) => {
    const dir = work();
    writeFileSync(path.join(dir, 'plugin.mjs'), source);
    writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify({ plugins: ['./plugin.mjs'], ...config }));
    return dir;
  };
  const rule = (id: string, check: string, extra = '') =>
    `{ id: '${id}', category: 'content', scope: 'page', reads: ['content'], severity: 'high', docs: { description: 'A rule.', fix: 'Fix it.' }, options: {}, check(page, { report }) { ${check} }${extra} }`;

  it('refuses, naming the plugin and what to do, one that is missing, throws on import, exports no list, or holds no rule (exit 2, nothing read)', () => {
    const cases: [string, RegExp][] = [
      ['const x = 1;\nthrow new Error("boom at import");', /plugin "\.\/plugin\.mjs" failed to load \(plugin\.mjs:2:7\): boom at import/],
      [`export default [{ id: 'no-cat', scope: 'page' }];`, /rule "no-cat": it has no category; give one of title, /],
      [`export default [${rule('bad-reads', '').replace("reads: ['content']", "reads: ['contnet']")}];`, /rule "bad-reads": reads "contnet", which is no fact; the facts are title, /],
      [`export default [${rule('links', '')}];`, /rule "links": its id "links" is a category's name/],
      ['export default { id: "x" };', /plugin "\.\/plugin\.mjs": its default export must be a list of rules \(export default \[defineRule\(\{\.\.\.\}\), …\]\), not an object/],
      [`export default [${rule('ok-rule', '')}, { id: 'bad-cat', category: 'colours', scope: 'page' }];`, /plugin "\.\/plugin\.mjs": rule "bad-cat": category "colours" is not one of title, meta, /],
      [`export default [${rule('title-too-long', '')}];`, /plugin "\.\/plugin\.mjs": rule "title-too-long": the id is taken by a built-in rule; rename it/],
    ];
    for (const [source, message] of cases) {
      const r = audit(['--format', 'json'], withPlugin(source));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    // The settings of a plugin's rules are checked once it is loaded, at their line like any other.
    const typo = withPlugin(`export default [${rule('shop/cta', '')}];`);
    writeFileSync(path.join(typo, 'seo-ai.config.json'), '{\n  "plugins": ["./plugin.mjs"],\n  "rules": {\n    "shop/cta": ["high", { "txt": 1 }],\n    "og-mising": "off"\n  }\n}\n');
    for (const args of [['audit', SITE, '--base-url', BASE], ['rules']]) {
      const bad = runCli(args, { cwd: typo });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/seo-ai\.config\.json:4:\d+: rules\."shop\/cta"\[1\]\.txt: unknown option "txt"; this rule has no options|seo-ai\.config\.json:\d+:\d+: rules\./);
    }
    const dir = work();
    writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify({ plugins: ['./nowhere.mjs', 'seo-ai-plugin-not-installed'] }));
    const missing = audit([], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`plugin "./nowhere.mjs": no file ${path.join(dir, 'nowhere.mjs')}; plugins are resolved from the config's folder`);
  });

  it('says so when a plugin loads in the main thread but not in a worker thread, and what to do', () => {
    const dir = withPlugin(`import { isMainThread } from 'node:worker_threads';\nif (!isMainThread) throw new Error('main thread only');\nexport default [${rule('fine', '')}];`);
    const r = audit(['--workers', '2'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not be audited: the config's plugins failed to load in a worker thread: plugin "\.\/plugin\.mjs" failed to load \(plugin\.mjs:2:\d+\): main thread only; run with --workers 1/);
    expect(r.stderr).not.toContain('internal error');
    expect(audit(['--workers', '1'], dir).code).toBe(0);
  });

  it('keeps the run when a rule throws on a page or reports nonsense: every other finding, the report written, the rule named, exit 2', () => {
    const source = `export default [${rule('crashy', "if (page.url.includes('stove')) throw new TypeError('cannot read price of undefined'); report({ message: 'fine' });")}, ${rule('nonsense', 'report({ message: "n", value: 42 });')}];`;
    const dir = withPlugin(source);
    const r = audit(['--format', 'json=report.json', '--update-baseline'], dir);
    expect(r.code).toBe(2);
    // The message says where in the plugin the rule threw.
    expect(r.stderr).toContain(`seo-ai: rule "crashy" (plugin "./plugin.mjs") failed on 1 page (first ${STOVE}): TypeError: cannot read price of undefined (at ${path.join(dir, 'plugin.mjs')}:1:`);
    expect(r.stderr).toContain('; its findings there are missing from the report; fix the plugin or turn the rule off ("rules": { "crashy": "off" })');
    expect(r.stderr).toContain(`seo-ai: rule "nonsense" (plugin "./plugin.mjs") failed on 3 pages (first https://extend.example/): reported "value" as number; it must be text (at ${path.join(dir, 'plugin.mjs')}:1:`);
    expect(r.stderr).toContain('the baseline seo-baseline.json was not written: a rule failed');
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.pages.map((p) => p.findings.filter((f) => f.rule === 'crashy').length)).toEqual([1, 1, 0]);
    expect(report.pages[2]!.failures).toEqual([
      { rule: 'crashy', message: expect.stringMatching(/^TypeError: cannot read price of undefined \(at .*plugin\.mjs:1:\d+\)$/) as string },
      { rule: 'nonsense', message: expect.stringMatching(/^reported "value" as number; it must be text/) as string },
    ]);
    expect(report.ruleFailures!.map((f) => `${f.rule} ${f.pages}`)).toEqual(['nonsense 3', 'crashy 1']);
    // The built-in rules ran on every page as always.
    expect(report.pages[2]!.findings.some((f) => f.rule === 'content-thin')).toBe(true);
  });
});

describe('declarative checks that are wrong', () => {
  it('names the config line of a selector css-select cannot read, a bad regular expression, a taken id', () => {
    const cases: [object, RegExp][] = [
      [{ custom: [{ id: 'price', selector: '[itemprop=', must: 'exist' }] }, /seo-ai\.config\.json:1:\d+: custom\[0\]\.selector: "\[itemprop=" is not a CSS selector css-select reads/],
      [{ custom: [{ id: 'lorem', text: '/lorem (ipsum/i', must: 'not-exist' }] }, /custom\[0\]\.text: "\/lorem \(ipsum\/i" is not a valid regular expression/],
      [{ custom: [{ id: 'title-missing', text: 'x', must: 'exist' }] }, /custom\[0\]\.id: "title-missing" is already a rule's id/],
      [{ custom: [{ id: 'x', must: 'exist' }] }, /custom\[0\]: a check needs a "selector", a "text", or both/],
      [{ extract: { sku: '[itemprop=sku' } }, /extract\.sku: "\[itemprop=sku" is not a CSS selector/],
    ];
    for (const [config, message] of cases) {
      const dir = work();
      writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify(config));
      const r = audit([], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
