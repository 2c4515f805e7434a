import type { AuditResult } from '../audit.js';
import type { Summary } from '../engine/score.js';
import type { Severity } from '../engine/types.js';

export interface ToolInfo {
  name: string;
  version: string;
}

/** The JSON report: a versioned contract. Add fields freely; never rename or remove one without bumping schemaVersion. */
export interface JsonReport {
  schemaVersion: 1;
  tool: ToolInfo;
  /** The only field that differs between two runs on the same input. */
  generatedAt: string;
  source: AuditResult['source'];
  partial: boolean;
  summary: Summary;
  notApplicable: AuditResult['notApplicable'];
  errors: AuditResult['errors'];
  notes: string[];
  pages: {
    url: string;
    score: number;
    findings: {
      rule: string;
      severity: Severity;
      message: string;
      value?: string;
      expected?: string;
      /** Which element of the page, when a rule can fire more than once on it (an image src, a link href). */
      element?: string;
      fix: string;
      fingerprint: string;
    }[];
    warnings?: string[];
  }[];
}

export function toJsonReport(result: AuditResult, tool: ToolInfo, generatedAt: string): JsonReport {
  return {
    schemaVersion: 1,
    tool,
    generatedAt,
    source: result.source,
    partial: result.partial,
    summary: result.summary,
    notApplicable: result.notApplicable,
    errors: result.errors,
    notes: result.notes,
    pages: result.pages.map((p) => ({
      url: p.url,
      score: p.score,
      findings: p.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        ...(f.value !== undefined ? { value: f.value } : {}),
        ...(f.expected !== undefined ? { expected: f.expected } : {}),
        ...(f.element !== undefined ? { element: f.element } : {}),
        fix: f.fix,
        fingerprint: f.fingerprint,
      })),
      ...(p.warnings.length > 0 ? { warnings: p.warnings } : {}),
    })),
  };
}

export function formatJson(result: AuditResult, tool: ToolInfo, generatedAt: string): string {
  return `${JSON.stringify(toJsonReport(result, tool, generatedAt), null, 2)}\n`;
}
