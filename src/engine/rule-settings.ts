// A rule set under the config's "rules" settings: each rule's severity (off included), options
// merged over its defaults and checked, and its fix text with those options. No zod here, so that
// \`seo-ai rules\` and the catalogue load without the config's schema.
import { ConfigError } from './config-error.js';
import { closest, describePath, quote } from './config-words.js';
import type { OptionsOf, Rule, RuleOptions, Severity, SeverityOrOff, Weights } from './types.js';

/** Default points a finding costs a page, by severity. */
export const DEFAULT_WEIGHTS: Weights = { critical: 25, high: 15, medium: 10, low: 5 };

/** The config's "rules": per rule id or category, a severity or [severity, options]. */
export type RuleSettings = Record<string, SeverityOrOff | [SeverityOrOff, Record<string, unknown>]>;

function fail(message: string): never {
  throw new ConfigError(message);
}

/**
 * A mistake at a path of the config: `where: rules.<id>: detail` as the message, and the path and a
 * detail naming it (`rules."title-too-long": …`) for a loader that can show the line.
 */
function failAt(where: string, path: (string | number)[], detail: string, atKey = false): never {
  const id = String(path[1]);
  throw new ConfigError(`${where}: rules.${id}: ${detail}`, { path, atKey, detail: `${describePath(['rules', id])}: ${detail}` });
}

function hintFor(word: string, known: string[]): string {
  const hint = closest(word, known);
  return hint ? ` (did you mean "${hint}"?)` : '';
}

export interface ResolvedRule {
  rule: Rule;
  severity: Severity;
  options: RuleOptions;
  /** The rule's fix text with this run's options (see FixText). */
  fix: string;
}

/** A rule's fix text for these options; `optionsOf` gives any rule's (its defaults unless told otherwise). */
export function fixText(rule: Rule, options: RuleOptions, optionsOf: OptionsOf): string {
  return typeof rule.docs.fix === 'string' ? rule.docs.fix : rule.docs.fix(options, optionsOf);
}

/** Every rule's fix text with its default options, as `seo-ai rules` and reports without a run's settings show it. */
export function defaultFix(rule: Rule, registry: readonly Rule[]): string {
  return fixText(rule, rule.options, (id) => registry.find((r) => r.id === id)?.options ?? {});
}

/**
 * Applies `rules` settings to the registry: a category setting first, then the rule's own.
 * Options are merged over the rule's defaults and must match their names and types.
 */
export function resolveRules(registry: readonly Rule[], settings: RuleSettings = {}, where = 'config'): ResolvedRule[] {
  return settleRules(registry, settings, where).filter((r): r is ResolvedRule => r.severity !== 'off');
}

/** A rule as a run's settings leave it: its severity, 'off' included, its options and fix text. */
export interface SettledRule extends Omit<ResolvedRule, 'severity'> {
  severity: SeverityOrOff;
}

/** Every rule of the set with the settings applied, in the set's order, the ones turned off too. */
export function settleRules(registry: readonly Rule[], settings: RuleSettings = {}, where = 'config'): SettledRule[] {
  const ids = new Set(registry.map((r) => r.id));
  const categories = new Set<string>(registry.map((r) => r.category));
  for (const key of Object.keys(settings)) {
    if (!ids.has(key) && !categories.has(key)) {
      const hint = closest(key, [...ids, ...categories]);
      failAt(where, ['rules', key], `unknown rule or category${hint ? ` (did you mean "${hint}"?)` : ''}; run "seo-ai rules" for the list`, true);
    }
  }
  // Every rule's options, the ones turned off too: a fix text may name another rule's limit.
  const optionsById = new Map<string, RuleOptions>();
  const pending: { rule: Rule; severity: SeverityOrOff; options: RuleOptions }[] = [];
  for (const rule of registry) {
    // Where a rule applies is derived from what it reads: a rule set from JavaScript may have left it out.
    if (!Array.isArray(rule.reads)) fail(`rule ${rule.id}: declares no "reads" (the page facts its check reads: ${'title, meta, head, h1, headings, content, links, images, structured-data, http, size or keywords'})`);
    let severity: SeverityOrOff = rule.severity;
    let options: RuleOptions = { ...rule.options };
    for (const key of [rule.category, rule.id]) {
      const setting = settings[key];
      if (setting === undefined) continue;
      const [sev, opts] = typeof setting === 'string' ? [setting, undefined] : setting;
      severity = sev;
      if (opts) {
        if (key !== rule.id) failAt(where, ['rules', key, 1], 'options can only be set on a rule id, not a category');
        options = mergeOptions(rule, options, opts, where);
      }
    }
    optionsById.set(rule.id, options);
    pending.push({ rule, severity, options });
  }
  const optionsOf: OptionsOf = (id) => optionsById.get(id) ?? {};
  return pending.map((p) => ({ ...p, fix: fixText(p.rule, p.options, optionsOf) }));
}

function mergeOptions(rule: Rule, base: RuleOptions, given: Record<string, unknown>, where: string): RuleOptions {
  const at = (name: string): (string | number)[] => ['rules', rule.id, 1, name];
  const out: RuleOptions = { ...base };
  for (const [name, value] of Object.entries(given)) {
    if (!(name in rule.options)) {
      const known = Object.keys(rule.options);
      failAt(where, at(name), `unknown option "${name}"${known.length ? `${hintFor(name, known)}; known options: ${known.join(', ')}` : '; this rule has no options'}`, true);
    }
    const expected = rule.options[name];
    const sameKind = Array.isArray(expected) ? Array.isArray(value) : typeof value === typeof expected;
    if (!sameKind) failAt(where, at(name), `option "${name}" must be ${Array.isArray(expected) ? 'an array' : `a ${typeof expected}`}, not ${quote(value)}`);
    out[name] = value;
  }
  return out;
}

export function resolveWeights(weights: Partial<Weights> | undefined): Weights {
  return { ...DEFAULT_WEIGHTS, ...(weights ?? {}) };
}
