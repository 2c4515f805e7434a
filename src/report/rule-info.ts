import type { RuleInfo } from '../engine/catalogue.js';
import type { Severity } from '../engine/types.js';
import type { JsonReport } from './json.js';

export type { RuleInfo };

const catalogues = new WeakMap<readonly RuleInfo[], Map<string, RuleInfo>>();

/**
 * A rule's docs for reports (SARIF help, issue descriptions, JUnit suites), from the report's own
 * catalogue: the category, description and fix the run had. A report written by an older version
 * has no catalogue, and one may name a rule the catalogue lacks: then the finding's own text stands in.
 */
export function ruleInfo(report: Pick<JsonReport, 'rules'>, id: string, fallback?: { severity: Severity; message?: string; fix?: string }): RuleInfo {
  return (
    byId(report.rules).get(id) ?? {
      id,
      category: 'other',
      severity: fallback?.severity ?? 'medium',
      description: fallback?.message ?? id,
      fix: fallback?.fix ?? '',
      options: {},
    }
  );
}

function byId(rules: readonly RuleInfo[] | undefined): Map<string, RuleInfo> {
  if (rules === undefined) return new Map();
  let map = catalogues.get(rules);
  if (map === undefined) {
    map = new Map(rules.map((r) => [r.id, r]));
    catalogues.set(rules, map);
  }
  return map;
}
