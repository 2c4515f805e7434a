import type { PageRule, RuleOptions, SiteRule } from './types.js';

/** Typed identity: a rule is data plus a pure check function; the engine does the rest. */
export function defineRule<O extends RuleOptions>(rule: PageRule<O>): PageRule<O>;
export function defineRule<O extends RuleOptions>(rule: SiteRule<O>): SiteRule<O>;
export function defineRule<O extends RuleOptions>(rule: PageRule<O> | SiteRule<O>): PageRule<O> | SiteRule<O> {
  return rule;
}
