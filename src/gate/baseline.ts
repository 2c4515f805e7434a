import { z } from 'zod';
import { cmp, snapshotOfReport, type FindingRef, type ReportLike, type Snapshot } from './snapshot.js';

/**
 * The committed baseline: per-page scores and finding fingerprints, nothing that changes between
 * runs of the same site (no time, no messages, no tool version), sorted by URL and finding, one
 * finding per line — so its git diff shows exactly the pages and findings that changed.
 */
export interface Baseline {
  schemaVersion: 1;
  kind: 'seo-ai-baseline';
  score: number;
  pages: { url: string; score: number; findings: { rule: string; severity: FindingRef['severity']; element?: string; fingerprint: string }[] }[];
}

const severity = z.enum(['critical', 'high', 'medium', 'low']);
const baselineSchema = z
  .object({
    schemaVersion: z.literal(1),
    kind: z.literal('seo-ai-baseline'),
    score: z.number().min(0).max(100),
    pages: z.array(
      z.object({
        url: z.string().min(1),
        score: z.number().min(0).max(100),
        findings: z.array(z.object({ rule: z.string().min(1), severity, element: z.string().optional(), fingerprint: z.string().min(1) })),
      }),
    ),
  });

export function baselineOf(report: ReportLike): Baseline {
  return {
    schemaVersion: 1,
    kind: 'seo-ai-baseline',
    score: report.summary.score,
    pages: [...report.pages]
      .sort((a, b) => cmp(a.url, b.url))
      .map((p) => ({
        url: p.url,
        score: p.score,
        findings: p.findings
          .map((f) => ({ rule: f.rule, severity: f.severity, ...(f.element !== undefined ? { element: f.element } : {}), fingerprint: f.fingerprint }))
          .sort(byImportanceOfRule),
      })),
  };
}

/** By rule then element, not severity: a severity changed in config should move no line. */
function byImportanceOfRule(a: { rule: string; element?: string; fingerprint: string }, b: { rule: string; element?: string; fingerprint: string }): number {
  return cmp(a.rule, b.rule) || cmp(a.element ?? '', b.element ?? '') || cmp(a.fingerprint, b.fingerprint);
}

/** Pretty JSON with each page's header on its own lines and each finding on one line. */
export function formatBaseline(baseline: Baseline): string {
  const lines = ['{', `  "schemaVersion": ${baseline.schemaVersion},`, `  "kind": ${JSON.stringify(baseline.kind)},`, `  "score": ${baseline.score},`, '  "pages": ['];
  baseline.pages.forEach((p, i) => {
    const findings = p.findings.map((f, j) => `        ${JSON.stringify(f)}${j < p.findings.length - 1 ? ',' : ''}`);
    lines.push(
      '    {',
      `      "url": ${JSON.stringify(p.url)},`,
      `      "score": ${p.score},`,
      ...(findings.length === 0 ? ['      "findings": []'] : ['      "findings": [', ...findings, '      ]']),
      `    }${i < baseline.pages.length - 1 ? ',' : ''}`,
    );
  });
  lines.push('  ]', '}');
  return `${lines.join('\n')}\n`;
}

export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/**
 * Reads a baseline file, or a full JSON report (so last release's `--format json` output can
 * serve as one). Errors name the file and the key.
 */
export function parseSnapshot(text: string, label: string): Snapshot {
  let value: unknown;
  try {
    // Editors on Windows may save the file with a BOM.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new BaselineError(`${label}: not valid JSON (${(err as Error).message})`);
  }
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === 'seo-ai-baseline') {
    const result = baselineSchema.safeParse(value);
    if (!result.success) throw new BaselineError(`${label}: ${describe(result.error)}`);
    return unique({
      label,
      score: result.data.score,
      pages: result.data.pages.map((p) => ({ url: p.url, score: p.score, findings: p.findings.map((f) => ({ ...f })) })),
    });
  }
  const report = reportSchema.safeParse(value);
  if (!report.success) {
    throw new BaselineError(`${label}: neither a seo-ai baseline nor a seo-ai JSON report (${describe(report.error)})`);
  }
  return unique(snapshotOfReport(report.data, label));
}

/** One entry per page: a URL listed twice is a hand-edited or merged file, and one entry would be lost. */
function unique(snapshot: Snapshot): Snapshot {
  const seen = new Map<string, number>();
  snapshot.pages.forEach((p, i) => {
    const first = seen.get(p.url);
    if (first !== undefined) throw new BaselineError(`${snapshot.label}: pages[${i}] repeats the URL of pages[${first}], ${p.url}; one entry per page`);
    seen.set(p.url, i);
  });
  return snapshot;
}

/** Just the parts of a JSON report a comparison reads; other fields may come and go between versions. */
const reportSchema = z.object({
  schemaVersion: z.literal(1),
  summary: z.object({ score: z.number() }),
  pages: z.array(
    z.object({
      url: z.string(),
      score: z.number(),
      findings: z.array(z.object({ rule: z.string(), severity, message: z.string(), element: z.string().optional(), fingerprint: z.string() })),
    }),
  ),
});

function describe(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const key = issue.path.length === 0 ? '(top level)' : issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, '');
  return `${key}: ${issue.message}`;
}

