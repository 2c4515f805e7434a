// The layers of ARCHITECTURE.md, held: a module may import only what its layer may. Every
// relative import of every source file (tests aside) is read and checked.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}

/** `import … from '…'`, `export … from '…'`, `import('…')`, and a bare `import '…'` (for its side effects). */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

/** Every relative import in the repository's sources: [importer, imported], as paths from the root, without extension. */
function imports(): [string, string][] {
  const out: [string, string][] = [];
  for (const file of [...sources('src'), ...sources('rules'), ...sources('bin'), ...sources('bench')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (!spec.startsWith('.')) continue;
      const from = path.relative(ROOT, file).replace(/\.ts$/, '');
      const to = path.relative(ROOT, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '');
      out.push([from, to]);
    }
  }
  return out;
}

/** What each layer must not import (a layer is a folder; prefixes match whole path segments). */
const RULES: { layer: string; mayNot: (to: string) => boolean; why: string }[] = [
  { layer: 'src/engine/', mayNot: (to) => /^src\/(sources|cli|optimize|llm|report|http|worker)\//.test(to) || to.startsWith('rules/'), why: 'the engine is pure: no I/O, no sources, no reports, no rules of its own' },
  { layer: 'rules/', mayNot: (to) => !(to.startsWith('rules/') || to === 'src/engine/rule-api' || to.startsWith('src/page/')), why: 'a rule sees the engine through src/engine/rule-api and the page model' },
  { layer: 'src/report/', mayNot: (to) => to.startsWith('rules/') || to.startsWith('src/sources/') || to.startsWith('src/cli/'), why: 'a report renders a result; it does not read rules or sources' },
  { layer: 'src/optimize/', mayNot: (to) => to.startsWith('src/llm/'), why: 'the optimize loop knows a rewriter by its contract (src/optimize/rewriter.ts); the LLM is one rewriter, above it' },
  { layer: 'src/page/', mayNot: (to) => /^src\/(engine|sources|cli|optimize|llm|report|http|csv|worker|gate)\//.test(to) || to === 'src/audit' || to.startsWith('rules/'), why: 'the page model is the bottom layer' },
  { layer: 'src/sources/', mayNot: (to) => /^src\/(optimize|llm|report|gate)\//.test(to), why: 'sources are below what reads them' },
  { layer: 'src/extend/', mayNot: (to) => /^src\/(sources|optimize|llm|report|http|worker|gate|csv)\//.test(to), why: 'plugins and declarative checks are rules: they sit with the engine, below the sources and the audit' },
  { layer: 'src/render/', mayNot: (to) => /^src\/(sources|optimize|llm|report|worker|gate|csv|engine|extend)\//.test(to), why: 'the renderer is a browser pool that a source drives: it knows requests and HTML, not pages or rules' },
  { layer: 'src/http/', mayNot: (to) => /^src\/(sources|optimize|llm|report|gate|csv)\//.test(to), why: 'HTTP is below the sources' },
  { layer: 'src/csv/', mayNot: (to) => /^src\/(sources|optimize|llm|report|gate|http)\//.test(to), why: 'CSV reading and writing is below the sources and optimize' },
  { layer: '', mayNot: (to) => to.startsWith('src/cli/'), why: 'only the CLI itself, bin/ and the benchmarks (which time it) import the CLI' },
];

describe('import boundaries (ARCHITECTURE.md)', () => {
  const all = imports();

  it('no module imports what its layer may not', () => {
    const broken: string[] = [];
    const cliItself = (from: string): boolean => /^(src\/cli|bin|bench)\//.test(from);
    for (const [from, to] of all) {
      for (const rule of RULES) {
        if (!from.startsWith(rule.layer) || !rule.mayNot(to)) continue;
        if (rule.layer === '' && cliItself(from)) continue;
        broken.push(`${from} → ${to}: ${rule.why}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('reads a bare import too (one for its side effects)', () => {
    const found = [...`import './setup.js';\nimport { a } from './a.js';`.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(found).toEqual(['./setup.js', './a.js']);
  });

  it('reads imports at all: the rules import the rule API, the CLI the audit', () => {
    expect(all.filter(([from, to]) => from.startsWith('rules/') && to === 'src/engine/rule-api').length).toBeGreaterThan(40);
    expect(all.some(([from, to]) => from === 'src/cli/audit' && to === 'src/audit')).toBe(true);
  });
});
