import type { Config } from './config.js';
import { settleRules } from './rule-settings.js';
import type { Category, Rule, RuleOptions, SeverityOrOff } from './types.js';

/**
 * One rule as a run had it: what the JSON report carries in `rules`, so every report format can
 * describe a finding's rule (its category, description and fix, with the limits that applied)
 * from the report alone, without the rule set of the version that reads it.
 */
export interface RuleInfo {
  id: string;
  category: Category | 'other';
  /** As configured for the run; 'off' for a rule the config turned off. */
  severity: SeverityOrOff;
  description: string;
  /** The fix text with the run's options: it names the limit that applied. */
  fix: string;
  /** The rule's options as the run resolved them (defaults merged with the config's). */
  options: RuleOptions;
  /**
   * docs/rules.md has no section for the rule (one defined outside seo-ai), so no report links
   * there (see ruleDocsUrl). Absent for seo-ai's own rules, which keeps their entries as they were.
   */
  undocumented?: true;
}

/**
 * Where a rule of seo-ai is explained: its section of docs/rules.md in the published package of
 * that name and version (there is no repository URL to point at), so a report links to the docs of
 * the version that wrote it.
 */
export function ruleDocsUrl(tool: { name: string; version: string }, id: string): string {
  return `https://unpkg.com/${tool.name}@${tool.version}/docs/rules.md#${encodeURIComponent(id)}`;
}

/**
 * docs/rules.md is generated from the rules' docs, and only seo-ai's rules have a `why` and
 * examples there (the type leaves them optional for rules defined elsewhere): those are the rules
 * it has a section for.
 */
export function isDocumented(rule: Rule): boolean {
  return rule.docs.why !== undefined && rule.docs.examples !== undefined;
}

/** The catalogue of a rule set under a run's settings: every rule, in the set's order. */
export function ruleCatalogue(rules: readonly Rule[], settings?: Config['rules']): RuleInfo[] {
  return settleRules(rules, settings).map((r) => ({
    id: r.rule.id,
    category: r.rule.category,
    severity: r.severity,
    description: r.rule.docs.description,
    fix: r.fix,
    options: r.options,
    ...(isDocumented(r.rule) ? {} : { undocumented: true as const }),
  }));
}
