// Plugins: modules a config names (`"plugins": ["./seo-rules.mjs", "some-npm-package"]`) whose
// default export is a list of rules made with the public defineRule. They are resolved from the
// config's folder (a path, or a package installed there), imported, and checked rule by rule, so
// a plugin that is not what it should be is refused by name before a page is read.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FACTS as FACT_LIST } from '../engine/facts.js';
import { CATEGORIES, SEVERITIES, type Rule } from '../engine/types.js';

/** A plugin as the config names it, and the file URL it was resolved to. */
export interface PluginRef {
  spec: string;
  url: string;
}

/** A plugin that cannot be found, loaded, or used: the message names it and says what to do. */
export class PluginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginError';
  }
}

/** Where a plugin's module is: a relative or absolute path from `dir`, or a package installed for `dir`. */
export function resolvePlugin(spec: string, dir: string): PluginRef {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const file = path.resolve(dir, spec);
    if (!existsSync(file)) throw new PluginError(`plugin "${spec}": no file ${file}; plugins are resolved from the config's folder (${dir})`);
    return { spec, url: pathToFileURL(file).href };
  }
  try {
    return { spec, url: pathToFileURL(createRequire(path.join(dir, 'noop.js')).resolve(spec)).href };
  } catch {
    // An ES-module-only package (exports with "import" only) is not found by require: read its package.json.
    const file = esmEntry(spec, dir);
    if (file === undefined) throw new PluginError(`plugin "${spec}": no such package is installed for ${dir}; install it (npm install --save-dev ${spec}) or name a file ("./${spec}.mjs")`);
    return { spec, url: pathToFileURL(file).href };
  }
}

/** A package specifier split: "@scope/name/sub" is the package "@scope/name" and the subpath "./sub". */
function splitSpec(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  const rest = parts.slice(n).join('/');
  return { name: parts.slice(0, n).join('/'), subpath: rest === '' ? '.' : `./${rest}` };
}

/** An exports target for an ES-module import: a string, or the first of the node, import and default conditions (nested too). */
function conditionTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(conditionTarget).find((t) => t !== undefined);
  if (typeof target !== 'object' || target === null) return undefined;
  const t = target as Record<string, unknown>;
  for (const condition of ['node', 'import', 'default']) {
    const found = condition in t ? conditionTarget(t[condition]) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A subpath's target in an exports map: the exact key, else a "./dir/*" pattern with the star filled in. */
function exportTarget(map: Record<string, unknown>, subpath: string): string | undefined {
  if (subpath in map) return conditionTarget(map[subpath]);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star === -1) continue;
    const [before, after] = [key.slice(0, star), key.slice(star + 1)];
    if (!subpath.startsWith(before) || !subpath.endsWith(after) || subpath.length < key.length - 1) continue;
    const filled = subpath.slice(before.length, subpath.length - after.length);
    return conditionTarget(value)?.replaceAll('*', filled);
  }
  return undefined;
}

/** The entry an import of the spec reads, for a package found in a node_modules folder at or above `dir`. */
function esmEntry(spec: string, dir: string): string | undefined {
  const { name, subpath } = splitSpec(spec);
  for (let d = dir; ; d = path.dirname(d)) {
    const root = path.join(d, 'node_modules', name);
    const manifest = path.join(root, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; module?: string; main?: string };
      const exp = pkg.exports;
      // exports is a subpath map ({ ".": …, "./rules": … }), or the conditions of "." itself.
      const map = typeof exp === 'object' && exp !== null && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith('.')) ? (exp as Record<string, unknown>) : { '.': exp };
      const target = exp === undefined ? undefined : exportTarget(map, subpath);
      if (target !== undefined) return path.join(root, target);
      // Exports that do not export this subpath hide it: said as that, not as a missing package.
      if (exp !== undefined) throw new PluginError(`plugin "${spec}": the package ${name} (${root}) does not export "${subpath}"; name one of its exports: ${Object.keys(map).join(', ')}`);
      return path.join(root, subpath === '.' ? (pkg.module ?? pkg.main ?? 'index.js') : subpath);
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** The rules of each plugin, in config order, checked; `taken` are the ids already in use. */
export async function loadPlugins(refs: readonly PluginRef[], taken: ReadonlySet<string>): Promise<{ rules: Rule[]; origin: Map<string, string> }> {
  const rules: Rule[] = [];
  const origin = new Map<string, string>();
  const ids = new Set(taken);
  for (const ref of refs) {
    let mod: { default?: unknown };
    try {
      mod = (await import(ref.url)) as { default?: unknown };
    } catch (error) {
      const where = placeIn(error, ref.url);
      throw new PluginError(`plugin "${ref.spec}" failed to load${where ? ` (${where})` : ''}: ${(error as Error).message ?? String(error)}`);
    }
    const list = mod.default;
    if (!Array.isArray(list)) throw new PluginError(`plugin "${ref.spec}": its default export must be a list of rules (export default [defineRule({...}), …]), not ${describe(list)}`);
    list.forEach((rule: unknown, i) => {
      const problem = ruleProblem(rule);
      const name = typeof (rule as { id?: unknown })?.id === 'string' ? `rule "${(rule as { id: string }).id}"` : `rule #${i + 1}`;
      if (problem !== undefined) throw new PluginError(`plugin "${ref.spec}": ${name}: ${problem}`);
      const id = (rule as Rule).id;
      if (ids.has(id)) {
        const by = origin.get(id) === ref.spec ? 'another rule of the same plugin (or the plugin is listed twice)' : origin.has(id) ? `plugin "${origin.get(id)!}"` : 'a built-in rule';
        throw new PluginError(`plugin "${ref.spec}": ${name}: the id is taken by ${by}; rename it${id.includes('/') ? '' : ` (a prefix such as "my-shop/${id}" keeps plugins apart)`}`);
      }
      ids.add(id);
      origin.set(id, ref.spec);
      rules.push(rule as Rule);
    });
  }
  return { rules, origin };
}

/** Where in the plugin's file an error arose ("plugin.mjs:3:7"), from its stack, when the stack says. */
function placeIn(error: unknown, url: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const at = stack.indexOf(url);
  if (at === -1) return undefined;
  const m = /^:(\d+)(?::(\d+))?/.exec(stack.slice(at + url.length));
  if (!m) return undefined;
  return `${path.basename(fileURLToPath(url))}:${m[1]}${m[2] ? `:${m[2]}` : ''}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (no default export)';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const ID = /^[a-z][a-z0-9-]*(?:\/[a-z][a-z0-9-]*)?$/;
const FACTS: ReadonlySet<string> = new Set<string>(FACT_LIST);

/** What makes a value no rule, or undefined when it is one the engine can run. */
export function ruleProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `is ${describe(value)}, not a rule made with defineRule`;
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || !ID.test(r.id)) return 'its id must be lower-case words joined by "-", optionally after a "plugin-name/" prefix';
  if (CATEGORIES.includes(r.id as never)) return `its id "${r.id}" is a category's name, which the config's "rules" would read as the whole category; give it a rule's name`;
  if (r.category === undefined) return `it has no category; give one of ${CATEGORIES.join(', ')}`;
  if (!CATEGORIES.includes(r.category as never)) return `category ${JSON.stringify(r.category)} is not one of ${CATEGORIES.join(', ')}`;
  const site = r.site === true;
  const scopes = site ? ['site', 'web'] : ['page', 'web'];
  if (!scopes.includes(r.scope as string)) return `scope ${JSON.stringify(r.scope)} must be ${scopes.join(' or ')}${site ? ' for a site rule (site: true)' : ''}`;
  if (!Array.isArray(r.reads)) return `reads must list the facts it reads ([] for none), of ${[...FACTS].join(', ')}`;
  const unknown = r.reads.filter((f) => !FACTS.has(f as string));
  if (unknown.length > 0) return `reads ${unknown.map((f) => JSON.stringify(f)).join(', ')}, which ${unknown.length === 1 ? 'is no fact' : 'are no facts'}; the facts are ${[...FACTS].join(', ')}`;
  if (!SEVERITIES.includes(r.severity as never)) return `severity ${JSON.stringify(r.severity)} is not one of critical, high, medium, low`;
  const docs = r.docs as Record<string, unknown> | undefined;
  if (typeof docs !== 'object' || docs === null || typeof docs.description !== 'string' || docs.description.trim() === '') return 'docs.description must say what the rule finds';
  if (typeof docs.fix !== 'string' && typeof docs.fix !== 'function') return 'docs.fix must be a text, or a function of the options giving one';
  if (typeof r.options !== 'object' || r.options === null || Array.isArray(r.options)) return 'options must be an object of defaults ({} for none)';
  for (const [name, v] of Object.entries(r.options)) {
    if (!['number', 'string', 'boolean'].includes(typeof v) && !Array.isArray(v)) return `option "${name}" must default to a number, text, true/false or a list`;
  }
  if (typeof r.check !== 'function') return 'check must be a function';
  if (r.finish !== undefined && typeof r.finish !== 'function') return 'finish must be a function';
  return undefined;
}
