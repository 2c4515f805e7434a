import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import { loadPlugins, PluginError, resolvePlugin, ruleProblem } from './plugins.js';

const good = { id: 'shop/cta', category: 'content', scope: 'page', reads: ['content'], severity: 'high', docs: { description: 'D.', fix: 'F.' }, options: { n: 1 }, check: () => undefined };

describe('ruleProblem: what makes a plugin rule no rule', () => {
  it('accepts a rule as defineRule makes it, page or site', () => {
    expect(ruleProblem(good)).toBeUndefined();
    expect(ruleProblem({ ...good, site: true, scope: 'site', docs: { description: 'D.', fix: () => 'F.' } })).toBeUndefined();
  });
  it.each([
    [null, 'is null, not a rule made with defineRule'],
    [{ ...good, id: 'Shop CTA' }, 'its id must be lower-case words joined by "-", optionally after a "plugin-name/" prefix'],
    [{ ...good, category: 'seo' }, 'category "seo" is not one of title, meta, headings, content, images, links, indexing, i18n, structured-data, social, mobile, web, url, custom'],
    [{ ...good, scope: 'site' }, 'scope "site" must be page or web'],
    [{ ...good, site: true }, 'scope "page" must be site or web for a site rule (site: true)'],
    [{ ...good, reads: ['everything'] }, 'reads "everything", which is no fact; the facts are title, meta, head, h1, headings, content, links, images, structured-data, http, size, keywords'],
    [{ ...good, reads: 'content' }, 'reads must list the facts it reads ([] for none), of title, meta, head, h1, headings, content, links, images, structured-data, http, size, keywords'],
    [{ ...good, category: undefined }, 'it has no category; give one of title, meta, headings, content, images, links, indexing, i18n, structured-data, social, mobile, web, url, custom'],
    [{ ...good, id: 'links' }, 'its id "links" is a category\'s name, which the config\'s "rules" would read as the whole category; give it a rule\'s name'],
    [{ ...good, severity: 'error' }, 'severity "error" is not one of critical, high, medium, low'],
    [{ ...good, docs: { fix: 'F.' } }, 'docs.description must say what the rule finds'],
    [{ ...good, docs: { description: 'D.' } }, 'docs.fix must be a text, or a function of the options giving one'],
    [{ ...good, options: { o: {} } }, 'option "o" must default to a number, text, true/false or a list'],
    [{ ...good, check: 'x' }, 'check must be a function'],
  ])('%j: %s', (rule, problem) => expect(ruleProblem(rule)).toBe(problem));
});

describe('resolvePlugin and loadPlugins', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-plugins-'));
  // An ES-module-only package (exports with "import" alone), which require.resolve cannot find.
  const pkg = path.join(dir, 'node_modules', 'seo-ai-plugin-esm');
  mkdirSync(path.join(pkg, 'lib'), { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'seo-ai-plugin-esm', type: 'module', exports: { '.': { import: './lib/index.js' } } }));
  writeFileSync(path.join(pkg, 'lib', 'index.js'), `export default [${JSON.stringify({ ...good, id: 'esm/rule' }).replace(/}$/, ', check() {} }')}];\n`);
  // Nested conditions (types and default under import) and a subpath export, as bundlers write them.
  const nested = path.join(dir, 'node_modules', '@shop', 'seo-rules');
  mkdirSync(path.join(nested, 'dist'), { recursive: true });
  writeFileSync(path.join(nested, 'package.json'), JSON.stringify({ name: '@shop/seo-rules', type: 'module', exports: { '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' } }, './extra': { node: './dist/extra.js' }, './rules/*': { import: './dist/rules/*.mjs' } } }));
  writeFileSync(path.join(dir, 'local.mjs'), `export default [${JSON.stringify(good).replace(/}$/, ', check() {} }')}];\n`);

  it('resolves a path from the config\'s folder and a package installed there, ES-module-only too', () => {
    expect(resolvePlugin('./local.mjs', dir)).toEqual({ spec: './local.mjs', url: pathToFileURL(path.join(dir, 'local.mjs')).href });
    expect(resolvePlugin('seo-ai-plugin-esm', path.join(dir, 'sub'))).toEqual({ spec: 'seo-ai-plugin-esm', url: pathToFileURL(path.join(pkg, 'lib', 'index.js')).href });
    expect(resolvePlugin('@shop/seo-rules', dir).url).toBe(pathToFileURL(path.join(nested, 'dist', 'index.js')).href);
    expect(resolvePlugin('@shop/seo-rules/extra', dir).url).toBe(pathToFileURL(path.join(nested, 'dist', 'extra.js')).href);
    expect(resolvePlugin('@shop/seo-rules/rules/links', dir).url).toBe(pathToFileURL(path.join(nested, 'dist', 'rules', 'links.mjs')).href);
    expect(() => resolvePlugin('@shop/seo-rules/hidden', dir)).toThrow(/plugin "@shop\/seo-rules\/hidden": the package @shop\/seo-rules \(.*\) does not export "\.\/hidden"; name one of its exports: \., \.\/extra, \.\/rules\/\*/);
    expect(() => resolvePlugin('./gone.mjs', dir)).toThrow(PluginError);
    expect(() => resolvePlugin('not-installed-anywhere', dir)).toThrow(/plugin "not-installed-anywhere": no such package is installed for .*; install it \(npm install --save-dev not-installed-anywhere\)/);
  });

  it('loads their rules in order, each id once, and says which plugin took an id', async () => {
    const taken = new Set(registry.map((r) => r.id));
    const refs = [resolvePlugin('./local.mjs', dir), resolvePlugin('seo-ai-plugin-esm', dir)];
    const { rules, origin } = await loadPlugins(refs, taken);
    expect(rules.map((r) => r.id)).toEqual(['shop/cta', 'esm/rule']);
    expect(origin.get('esm/rule')).toBe('seo-ai-plugin-esm');
    await expect(loadPlugins([refs[0]!, { ...refs[0]!, spec: './again.mjs' }], taken)).rejects.toThrow('plugin "./again.mjs": rule "shop/cta": the id is taken by plugin "./local.mjs"; rename it');
  });
});
