import type { PageRule, RuleOptions, SiteRule } from './types.js';

/**
 * Typed identity: a rule is data plus a pure check function; the engine does the rest. The id keeps
 * its literal type, so the registry knows every id (RuleId in rules/index.ts).
 */
export function defineRule<Id extends string, O extends RuleOptions>(rule: PageRule<O> & { id: Id }): PageRule<O> & { id: Id };
export function defineRule<Id extends string, O extends RuleOptions>(rule: SiteRule<O> & { id: Id }): SiteRule<O> & { id: Id };
export function defineRule<O extends RuleOptions>(rule: PageRule<O> | SiteRule<O>): PageRule<O> | SiteRule<O> {
  return rule;
}
