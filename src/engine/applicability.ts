import type { Fact } from './facts.js';
import type { NotApplicable } from './run.js';
import { needsHttp, type Rule } from './types.js';

/**
 * Facts a source's pages cannot carry, with why: a CSV row has no real <head>, and a CSV without a
 * title column no title. A source lists them in the order its reasons should be read.
 */
export interface MissingFacts {
  facts: readonly Fact[];
  reason: string;
}

/**
 * The rules of a run a source cannot feed: each rule that reads a fact the source lacks, with the
 * reason of the first group that names one of its facts. Listed group by group, each in the rule
 * set's order. Rules that need HTTP on a source without it are left to the engine, which gives
 * its own reason (as it does for rules that need keywords).
 */
export function rulesLacking(rules: readonly Rule[], missing: readonly MissingFacts[], http: boolean): NotApplicable[] {
  const byGroup = missing.map(() => [] as string[]);
  for (const rule of rules) {
    if (needsHttp(rule) && !http) continue;
    const group = missing.findIndex((m) => m.facts.some((f) => rule.reads.includes(f)));
    if (group !== -1) byGroup[group]!.push(rule.id);
  }
  return byGroup.flatMap((ids, i) => ids.map((rule) => ({ rule, reason: missing[i]!.reason })));
}
