// A config's plugins, checks and extraction, turned into what a run uses: plugin paths resolved
// from the config's folder, the rule set loaded (so a broken plugin is refused before any page is
// read), and each mistake said with the config file and what to do (exit 2).
import path from 'node:path';
import { rules as registry } from '../../rules/index.js';
import type { Config } from '../engine/config.js';
import type { Rule } from '../engine/types.js';
import { CustomCheckError, extendedRules, extendsAnything, PluginError, resolvePlugin, type ExtendedRules, type Extensions } from '../extend/index.js';
import { InputError } from '../sources/types.js';
import { checkRuleSettings } from './config-file.js';

/** The config's additions as plain data, or undefined when it adds nothing. */
export function configExtensions(config: Config, file: string | undefined, cwd: string): Extensions | undefined {
  const dir = file === undefined ? cwd : path.dirname(file);
  const where = file ?? 'config';
  const ext: Extensions = {};
  try {
    if (config.plugins?.length) ext.plugins = config.plugins.map((spec) => resolvePlugin(spec, dir));
  } catch (error) {
    if (error instanceof PluginError) throw new InputError(`${where}: ${error.message}`);
    throw error;
  }
  if (config.custom?.length) ext.custom = config.custom;
  if (config.extract && Object.keys(config.extract).length > 0) ext.extract = config.extract;
  return extendsAnything(ext) ? ext : undefined;
}

/** The run's rules: the built-in ones, with the config's plugins and checks when it has any. */
export async function configRuleSet(config: Config, file: string | undefined, cwd: string): Promise<{ rules: readonly Rule[]; extensions?: Extensions; extended?: ExtendedRules }> {
  const extensions = configExtensions(config, file, cwd);
  if (!extensions) return { rules: registry };
  let extended: ExtendedRules;
  try {
    extended = await extendedRules(extensions);
  } catch (error) {
    if (error instanceof PluginError || error instanceof CustomCheckError) throw new InputError(`${file ?? 'config'}: ${error.message}`);
    throw error;
  }
  // The settings of plugins' rules could not be checked when the file was read: now they are, at their line.
  checkRuleSettings(file, extended.rules, config.rules);
  return { rules: extended.rules, extensions, extended };
}

/**
 * The config as optimize and apply read it: they check rewrites with the built-in rules, so the
 * settings of a plugin's rules or a custom check are left out (audit runs those).
 */
export function withBuiltInRules(config: Config): Config {
  if (!config.rules || (!config.plugins?.length && !config.custom?.length)) return config;
  const known = new Set<string>([...registry.map((r) => r.id), ...registry.map((r) => r.category)]);
  return { ...config, rules: Object.fromEntries(Object.entries(config.rules).filter(([id]) => known.has(id))) };
}
