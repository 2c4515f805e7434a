// What a config adds to the built-in rules: plugins' rules, declarative checks, extraction. Plain
// data (Extensions) travels to worker threads, where the same rule set is built again, so a
// plugin's rules run in every thread that checks pages.
import { rules as registry } from '../../rules/index.js';
import type { Page } from '../page/types.js';
import type { Rule } from '../engine/types.js';
import { customRules, extractor, type CustomCheck, type ExtractSpec } from './custom.js';
import { loadPlugins, type PluginRef } from './plugins.js';

export { CustomCheckError, type CustomCheck, type ExtractSpec } from './custom.js';
export { PluginError, resolvePlugin, type PluginRef } from './plugins.js';

/** A config's additions, as plain data: plugins resolved to file URLs, checks and extraction as written. */
export interface Extensions {
  plugins?: PluginRef[];
  custom?: CustomCheck[];
  extract?: ExtractSpec;
}

export interface ExtendedRules {
  /** The built-in rules, then each plugin's, then the config's checks. */
  rules: Rule[];
  /** The plugin each plugin rule came from (its spec as the config wrote it). */
  pluginOf: ReadonlyMap<string, string>;
  /** The values `extract` finds on a page, when the config extracts any. */
  extract?: (page: Page) => Record<string, string[]>;
  /** Pages must be parsed with their document tree (a selector is configured). */
  dom: boolean;
}

/** The rule set and extraction of a run with these additions; a mistake in them is a PluginError or CustomCheckError. */
export async function extendedRules(ext: Extensions): Promise<ExtendedRules> {
  const taken = new Set(registry.map((r) => r.id));
  const plugins = await loadPlugins(ext.plugins ?? [], taken);
  for (const rule of plugins.rules) taken.add(rule.id);
  const custom = customRules(ext.custom ?? [], taken);
  const hasExtract = ext.extract !== undefined && Object.keys(ext.extract).length > 0;
  const out: ExtendedRules = {
    rules: [...registry, ...plugins.rules, ...custom],
    pluginOf: plugins.origin,
    dom: hasExtract || (ext.custom ?? []).some((c) => c.selector !== undefined),
  };
  if (hasExtract) out.extract = extractor(ext.extract!);
  return out;
}

/** Whether a run with these additions differs from one with the built-in rules alone. */
export function extendsAnything(ext: Extensions | undefined): ext is Extensions {
  return ext !== undefined && ((ext.plugins?.length ?? 0) > 0 || (ext.custom?.length ?? 0) > 0 || Object.keys(ext.extract ?? {}).length > 0);
}
