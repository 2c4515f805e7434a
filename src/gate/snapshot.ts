import { SEVERITIES, type Severity } from '../engine/types.js';

/** One finding as the gate sees it: its identity (fingerprint) and what a person needs to read it. */
export interface FindingRef {
  fingerprint: string;
  rule: string;
  severity: Severity;
  element?: string;
  /** Present when the snapshot came from a full report (a baseline keeps no messages). */
  message?: string;
}

export interface SnapshotPage {
  url: string;
  score: number;
  findings: FindingRef[];
}

/**
 * What two runs are compared on: page scores and finding fingerprints. A baseline file and a
 * JSON report both read into one, so `--baseline` and `seo-ai diff` share one comparison.
 */
export interface Snapshot {
  /** Where it came from, for messages: a file name. */
  label: string;
  score: number;
  pages: SnapshotPage[];
}

/** The parts of a JSON report a comparison reads. */
export interface ReportLike {
  summary: { score: number };
  pages: { url: string; score: number; findings: { fingerprint: string; rule: string; severity: Severity; element?: string | undefined; message: string }[] }[];
}

export function snapshotOfReport(report: ReportLike, label: string): Snapshot {
  return {
    label,
    score: report.summary.score,
    pages: report.pages.map((p) => ({
      url: p.url,
      score: p.score,
      findings: p.findings.map((f) => ({
        fingerprint: f.fingerprint,
        rule: f.rule,
        severity: f.severity,
        ...(f.element !== undefined ? { element: f.element } : {}),
        message: f.message,
      })),
    })),
  };
}

/** Most severe first, then by rule and element: the order findings are listed in everywhere. */
export function byImportance(a: FindingRef, b: FindingRef): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    cmp(a.rule, b.rule) ||
    cmp(a.element ?? '', b.element ?? '') ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

/** Code-unit order: the same on every machine and locale, unlike localeCompare. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
