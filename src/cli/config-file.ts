import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { rules as registry } from '../../rules/index.js';
import { ConfigError, parseConfig, settleRules, type Config } from '../engine/config.js';
import { CATEGORIES, type Rule } from '../engine/types.js';
import { customRules, CustomCheckError, extractor } from '../extend/custom.js';

const CATEGORY_IDS: ReadonlySet<string> = new Set(CATEGORIES);
import { caretLines, JsoncSyntaxError, lineColumn, parseJsonc, type JsoncDocument } from './jsonc.js';
import { CONFIG_NAME } from './defaults.js';
import { installedHere } from './self.js';
import { packageRoot, toolInfo } from './version.js';

export { CONFIG_NAME };

/** The config's JSON Schema, at the root of the package (npm run schema writes it). */
export const SCHEMA_NAME = 'seo-ai.config.schema.json';

/**
 * What `init` writes as "$schema": the schema file of the seo-ai the project installed (or of the
 * clone the config is in), relative to the config's folder with forward slashes, as editors read
 * it. A global install's file is on this machine only: the config, committed, would point at
 * nothing for the next person, so it gets the schema's address in the published package instead.
 */
export function schemaRef(configDir: string, root: string | undefined = packageRoot()): string {
  if (root === undefined || !installedHere(configDir, root)) return `https://unpkg.com/seo-ai@${toolInfo().version}/${SCHEMA_NAME}`;
  const slashed = path.relative(configDir, path.join(root, SCHEMA_NAME)).split(path.sep).join('/');
  return slashed.startsWith('../') ? slashed : `./${slashed}`;
}

/** The starter text with its "$schema" value replaced by this one. */
export function withSchemaRef(starter: string, ref: string): string {
  return starter.replace(/"\$schema": "[^"]*"/, () => `"$schema": ${JSON.stringify(ref)}`);
}

/** The config file: the one named, or the nearest seo-ai.config.json walking up from cwd. */
function findConfig(cwd: string, named?: string): string | undefined {
  if (named) {
    const file = path.resolve(cwd, named);
    if (!existsSync(file)) throw new ConfigError(`--config ${named}: no such file`);
    if (statSync(file).isDirectory()) throw new ConfigError(`--config ${named} is a folder; name the config file in it (e.g. --config ${path.join(named, CONFIG_NAME)})`);
    return file;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_NAME);
    if (existsSync(file)) {
      // A folder of that name is a mistake to say, not a config to skip: a config further up would be read instead.
      if (statSync(file).isDirectory()) throw new ConfigError(`${file} is a folder, not a config file; remove it, or name the config with --config <file>`);
      return file;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function loadConfig(cwd: string, named?: string): { config: Config; file?: string } {
  const file = findConfig(cwd, named);
  if (!file) return { config: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the config: ${(err as Error).message}`);
  }
  return { config: parseConfigText(text, file), file };
}

/**
 * The config file's text (JSONC: comments and trailing commas; a byte-order mark is skipped) as a
 * config, its rule settings checked against the rules. A mistake is a ConfigError that reads
 * `file:line:column: what is wrong`, with the line and a caret under the spot in `excerpt`.
 */
export function parseConfigText(text: string, file: string): Config {
  let doc: JsoncDocument;
  try {
    doc = parseJsonc(text);
  } catch (err) {
    if (!(err instanceof JsoncSyntaxError)) throw err;
    throw located(text, file, err.offset, err.message);
  }
  try {
    const config = parseConfig(doc.value, file);
    // The declarative checks and extraction compile here, where a mistake can be shown on its line.
    const checks = customRules(config.custom ?? [], new Set(registry.map((r) => r.id)));
    if (config.extract) extractor(config.extract);
    // The rule ids and options too (a run checks them again). A plugin's rules are known only once
    // it is loaded: with plugins, an id no built-in rule or check has is left to the run to judge.
    const known = new Set([...registry, ...checks].map((r) => r.id));
    const settings = config.plugins?.length && config.rules ? Object.fromEntries(Object.entries(config.rules).filter(([id]) => known.has(id) || CATEGORY_IDS.has(id))) : config.rules;
    settleRules([...registry, ...checks], settings, file);
    return config;
  } catch (err) {
    if (err instanceof CustomCheckError) {
      const offset = nearestOffset(doc, err.path, false);
      if (offset === undefined) throw new ConfigError(`${file}: ${err.message}`);
      throw located(text, file, offset, err.message);
    }
    if (!(err instanceof ConfigError) || !err.path || !err.detail) throw err;
    const offset = nearestOffset(doc, err.path, err.atKey ?? false);
    if (offset === undefined) throw err;
    throw located(text, file, offset, err.detail);
  }
}

/**
 * The config's rule settings checked against a rule set known only once plugins are loaded: a
 * mistake (an unknown id, a plugin rule's unknown option) reads `file:line:column` as any other.
 */
export function checkRuleSettings(file: string | undefined, rules: readonly Rule[], settings: Config['rules']): void {
  try {
    settleRules(rules, settings, file ?? 'config');
  } catch (err) {
    if (file === undefined || !(err instanceof ConfigError) || !err.path || !err.detail) throw err;
    const text = readFileSync(file, 'utf8');
    const offset = nearestOffset(parseJsonc(text), err.path, err.atKey ?? false);
    if (offset === undefined) throw err;
    throw located(text, file, offset, err.detail);
  }
}

/** The offset of the path, else of the nearest enclosing value the text has. */
function nearestOffset(doc: JsoncDocument, path: readonly (string | number)[], atKey: boolean): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const at = doc.offsetOf(path.slice(0, n), atKey && n === path.length) ?? doc.offsetOf(path.slice(0, n));
    if (at !== undefined) return at;
  }
  return undefined;
}

function located(text: string, file: string, offset: number, detail: string): ConfigError {
  const { line, column, lineText } = lineColumn(text, offset);
  return new ConfigError(`${file}:${line}:${column}: ${detail}`, { detail, excerpt: caretLines(lineText, column) });
}
