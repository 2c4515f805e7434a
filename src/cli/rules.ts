import { rules as builtIn } from '../../rules/index.js';
import type { Rule } from '../engine/types.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_NAME } from './defaults.js';
import { byCategory, describeRule, explainRule, explanationMarkdown, formatExplanation, nearestNames, type RuleDescription } from './rule-docs.js';
import { UsageError, type CliIo } from './io.js';

export { describeRule, type RuleDescription } from './rule-docs.js';

/** The config's severity, options and fix text of each rule, when it sets any. */
type Settled = ReadonlyMap<string, { severity: string; options: Record<string, unknown>; fix: string }>;

export interface RulesFlags {
  format?: string[];
  config?: string;
}

/**
 * `seo-ai rules [id]`: the list, a category's list, or one rule explained, in the form asked for.
 * A config with plugins or custom checks adds their rules to the list.
 */
export async function rulesCommand(id: string | undefined, opts: RulesFlags, io: CliIo): Promise<number> {
  const kind = listKind(opts);
  let rules: readonly Rule[] = builtIn;
  let settled: Settled | undefined;
  // The config (and the schema library it needs) is read only when there is one to read.
  if (opts.config !== undefined || hasConfigFile(io.cwd)) {
    const [{ loadConfig, checkRuleSettings }, { configRuleSet }, { settleRules }] = await Promise.all([import('./config-file.js'), import('./extensions.js'), import('../engine/rule-settings.js')]);
    const { config, file } = loadConfig(io.cwd, opts.config);
    rules = (await configRuleSet(config, file, io.cwd)).rules;
    checkRuleSettings(file, rules, config.rules);
    // What is in effect: the config's severity ('off' too), options and the fix text they give.
    if (config.rules) settled = new Map(settleRules(rules, config.rules, file).map((r) => [r.rule.id, { severity: r.severity, options: r.options, fix: r.fix }]));
  }
  io.stdout.write(rulesOutput(id, kind, rules, settled));
  return 0;
}

/** A seo-ai.config.json in the folder or one above it. */
function hasConfigFile(cwd: string): boolean {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, CONFIG_NAME))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** What `seo-ai rules [id]` prints: the list, one category's list, or one rule explained. */
export function rulesOutput(id: string | undefined, kind: 'json' | 'markdown' | 'terminal', registry: readonly Rule[] = builtIn, settled?: Settled): string {
  const inEffect = <T extends RuleDescription>(d: T): T => ({ ...d, ...(settled?.get(d.id) ?? {}) });
  const rule = id === undefined ? undefined : registry.find((r) => r.id === id);
  if (rule) {
    const e = inEffect(explainRule(rule));
    return kind === 'json' ? `${JSON.stringify(e, null, 2)}\n` : kind === 'markdown' ? explanationMarkdown(e) : formatExplanation(e);
  }
  const rules = id === undefined ? registry : registry.filter((r) => r.category === id);
  if (rules.length === 0) {
    const names = [...registry.map((r) => r.id), ...new Set(registry.map((r) => r.category))];
    const near = nearestNames(id!, names);
    const hint = near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(', ')}?)` : '';
    throw new UsageError(`rules ${id}: no rule or category of that name${hint}; run "seo-ai rules" for the list`);
  }
  const list = rules.map((r) => inEffect(describeRule(r)));
  return kind === 'json' ? `${JSON.stringify(list, null, 2)}\n` : kind === 'markdown' ? rulesMarkdown(list) : formatRules(list);
}

/** How to print: --format json|markdown|terminal (one of them; terminal by default). */
function listKind(opts: RulesFlags): 'json' | 'markdown' | 'terminal' {
  const asked = opts.format ?? [];
  if (asked.length > 1) throw new UsageError(`rules: ${asked.join(' and ')}: choose one way to print the list`);
  const kind = asked[0] ?? 'terminal';
  if (kind !== 'json' && kind !== 'markdown' && kind !== 'terminal') {
    throw new UsageError(`rules --format ${kind}: the rule list prints as json, markdown or terminal${kind.includes('=') ? ' (to stdout; redirect it to a file)' : ''}`);
  }
  return kind;
}

function formatRules(list: RuleDescription[]): string {
  const width = Math.max(...list.map((r) => r.id.length));
  const lines: string[] = [];
  let category = '';
  for (const r of byCategory(list)) {
    if (r.category !== category) {
      category = r.category;
      lines.push('', `${category}`);
    }
    const opts = Object.keys(r.options).length ? `  options ${JSON.stringify(r.options)}` : '';
    const needs = r.needs.length ? `  (not applicable without ${r.needs.join(' and ')})` : '';
    lines.push(`  ${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.scope.padEnd(4)}  ${r.description}${needs}${opts}`);
    lines.push(`  ${''.padEnd(width)}  fix: ${r.fix}`);
  }
  return `${lines.join('\n').trimStart()}\n`;
}

/** The README's rule table; a test keeps the README equal to it. */
export function rulesMarkdown(list: RuleDescription[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
  const lines = ['| rule | category | default | options | checks | fix |', '|---|---|---|---|---|---|'];
  for (const r of byCategory(list)) {
    const opts = Object.entries(r.options).map(([k, v]) => `\`${k}: ${JSON.stringify(v)}\``).join(', ');
    const needs = r.needs.length ? ` *(needs ${r.needs.join(' and ')})*` : '';
    lines.push(`| \`${r.id}\` | ${r.category} | ${r.severity} | ${opts} | ${cell(r.description)}${needs} | ${cell(r.fix)} |`);
  }
  return `${lines.join('\n')}\n`;
}
