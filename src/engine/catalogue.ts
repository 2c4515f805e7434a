import { settleRules, type Config } from './config.js';
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
  }));
}
