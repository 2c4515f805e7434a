// The text fields optimize rewrites, as the run's rules judge them: which rules make a field worth
// rewriting, which check a candidate, the site rule its uniqueness answers to, and the limits on
// its text. All of it comes from the rules' `judges` declarations and the run's resolved options
// (config included): no rule id and no limit is written here.
import { rules as registry } from '../../rules/index.js';
import { settleRules, type Config } from '../engine/config.js';
import type { Fact } from '../engine/facts.js';
import { isSiteRule, type LimitOption, type Rule, type TextField } from '../engine/types.js';

export type { TextField };
export const TEXT_FIELDS: readonly TextField[] = ['title', 'meta', 'h1'];

/** The numbers a field's text must keep to: what the LLM is told, what the offline rewriter aims at, what the review measures with. */
export interface FieldLimits {
  minChars: number;
  maxChars: number;
  maxPixels: number;
  /** The font size widths are measured at (Arial). */
  fontPx: number;
}

export interface FieldRules {
  /** The rules whose failure makes the field worth rewriting, in the rule set's order. */
  triggers: readonly string[];
  /** The page rules a candidate must pass: the field's own, and a rule of another field that reads this one (title-same-as-h1 for an H1). */
  validated: ReadonlySet<string>;
  /** The site rule the field's uniqueness answers to, checked against every other row's value. */
  duplicate?: string;
  limits: FieldLimits;
}

/**
 * Where no rule bounds a field (no H1 rule measures width, none sets a minimum): a length no text
 * reaches, and widths measured at the size Google sets titles in, as an H1 usually is.
 */
export const UNBOUNDED = 10_000;
export const UNMEASURED_FONT_PX = 20;

const FACT_OF_FIELD: Record<TextField, Fact> = { title: 'title', meta: 'meta', h1: 'h1' };
const LIMIT_OF_OPTION: Record<LimitOption, keyof FieldLimits> = { min: 'minChars', max: 'maxChars', maxPixels: 'maxPixels', fontSize: 'fontPx' };

/** Each field's rules and limits under a run's rule settings (the rules turned off keep their options: a limit still says what good is). */
export function fieldRules(settings?: Config['rules'], ruleSet: readonly Rule[] = registry): Record<TextField, FieldRules> {
  const settled = settleRules(ruleSet, settings);
  const out = {} as Record<TextField, FieldRules>;
  for (const field of TEXT_FIELDS) {
    const limits: FieldLimits = { minChars: 1, maxChars: UNBOUNDED, maxPixels: UNBOUNDED, fontPx: UNMEASURED_FONT_PX };
    const triggers: string[] = [];
    const validated = new Set<string>();
    let duplicate: string | undefined;
    for (const { rule, options } of settled) {
      const judges = rule.judges;
      if (judges === undefined) continue;
      if (judges.field === field) {
        if (judges.trigger !== false) triggers.push(rule.id);
        if (isSiteRule(rule)) duplicate ??= rule.id;
        for (const option of judges.limits ?? []) {
          const value = options[option];
          if (typeof value === 'number') limits[LIMIT_OF_OPTION[option]] = value;
        }
      }
      if (!isSiteRule(rule) && (judges.field === field || rule.reads.includes(FACT_OF_FIELD[field]))) validated.add(rule.id);
    }
    out[field] = { triggers, validated, ...(duplicate !== undefined ? { duplicate } : {}), limits };
  }
  return out;
}

/** The limits alone, as the prompt and the offline rewriter take them. */
export function fieldLimits(settings?: Config['rules'], ruleSet: readonly Rule[] = registry): Record<TextField, FieldLimits> {
  const rules = fieldRules(settings, ruleSet);
  return { title: rules.title.limits, meta: rules.meta.limits, h1: rules.h1.limits };
}
