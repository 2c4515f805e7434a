import { rules as registry } from '../../rules/index.js';
import { defaultFix } from '../engine/config.js';
import type { Category, Severity } from '../engine/types.js';

export interface RuleInfo {
  id: string;
  category: Category | 'other';
  /** The rule's default severity (a run's findings carry the configured one). */
  severity: Severity;
  description: string;
  fix: string;
}

const byId = new Map(registry.map((r) => [r.id, { id: r.id, category: r.category, severity: r.severity, description: r.docs.description, fix: defaultFix(r, registry) }]));

/**
 * A rule's docs for reports (SARIF help, issue descriptions, JUnit suites). A report written by
 * another version may name a rule this one does not know: then the finding's own text stands in.
 */
export function ruleInfo(id: string, fallback?: { severity: Severity; message?: string; fix?: string }): RuleInfo {
  return (
    byId.get(id) ?? {
      id,
      category: 'other',
      severity: fallback?.severity ?? 'medium',
      description: fallback?.message ?? id,
      fix: fallback?.fix ?? '',
    }
  );
}
