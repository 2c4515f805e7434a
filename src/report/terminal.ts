import type { AuditResult } from '../audit.js';
import { SEVERITIES, type Severity, type Weights } from '../engine/types.js';

/** Colours come from the CLI (chalk, or nothing with NO_COLOR); reporters only say what is what. */
export interface Painter {
  severity(s: Severity, text: string): string;
  score(score: number, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const plainPainter: Painter = {
  severity: (_s, t) => t,
  score: (_n, t) => t,
  dim: (t) => t,
  bold: (t) => t,
};

export interface TerminalOptions {
  paint: Painter;
  weights: Weights;
  /** Every page's findings with fix hints, not just the summary. */
  verbose?: boolean;
  /** How many rules and pages the summary lists. */
  top?: number;
}

export function formatTerminal(result: AuditResult, options: TerminalOptions): string {
  const { paint, weights } = options;
  const top = options.top ?? 10;
  const { summary } = result;
  const lines: string[] = [];
  const base = result.source.baseUrl ? `, ${result.source.baseUrl}` : '';
  lines.push(paint.bold(`seo-ai audit ${result.source.target}`) + paint.dim(` (${result.source.kind}${base})`));
  if (result.partial) lines.push(paint.severity('high', 'PARTIAL: the run was stopped before every page was audited.'));
  lines.push('');

  const d = summary.distribution;
  lines.push(
    `${paint.bold('Site score')}  ${paint.score(summary.score, `${summary.score}/100`)}   ` +
      paint.dim(`${summary.pages} pages: ${d.good} good (90+), ${d['needs-improvement']} need work (50-89), ${d.poor} poor (<50)`),
  );
  lines.push(`${paint.bold('Findings')}    ${SEVERITIES.map((s) => paint.severity(s, `${s} ${summary.bySeverity[s]}`)).join('  ')}`);

  const costly = Object.entries(summary.byRule)
    .map(([rule, r]) => ({ rule, ...r, points: r.pages * weights[r.severity] }))
    .sort((a, b) => b.points - a.points || (a.rule < b.rule ? -1 : 1))
    .slice(0, top);
  if (costly.length > 0) {
    lines.push('', paint.bold('Rules that cost most'));
    const width = Math.max(...costly.map((c) => c.rule.length));
    for (const c of costly) {
      lines.push(
        `  ${c.rule.padEnd(width)}  ${paint.severity(c.severity, c.severity.padEnd(8))}  ${String(c.pages).padStart(5)} ${c.pages === 1 ? 'page ' : 'pages'}  ${String(c.points).padStart(6)} points`,
      );
    }
  }

  const worst = [...result.pages]
    .filter((p) => p.findings.length > 0)
    .sort((a, b) => a.score - b.score || (a.url < b.url ? -1 : 1))
    .slice(0, top);
  if (worst.length > 0 && !options.verbose) {
    lines.push('', paint.bold('Worst pages'));
    for (const p of worst) {
      const rules = [...new Set(p.findings.map((f) => f.rule))];
      lines.push(`  ${paint.score(p.score, String(p.score).padStart(3))}  ${p.url}`);
      lines.push(paint.dim(`       ${rules.join(', ')}`));
    }
  }

  if (options.verbose) {
    for (const p of result.pages) {
      if (p.findings.length === 0 && p.warnings.length === 0) continue;
      lines.push('', `${paint.score(p.score, String(p.score).padStart(3))}  ${paint.bold(p.url)}`);
      for (const w of p.warnings) lines.push(paint.dim(`     warning: ${w}`));
      for (const f of p.findings) {
        lines.push(`     ${paint.severity(f.severity, f.severity.padEnd(8))} ${f.rule}  ${f.message}`);
        if (f.value !== undefined) lines.push(paint.dim(`              value: ${truncate(f.value, 160)}`));
        lines.push(paint.dim(`              fix: ${f.fix}`));
      }
    }
  }

  if (result.notApplicable.length > 0) {
    lines.push('', paint.bold('Not applicable'));
    const byReason = new Map<string, string[]>();
    for (const n of result.notApplicable) byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.rule]);
    for (const [reason, rules] of byReason) lines.push(paint.dim(`  ${reason}: ${rules.join(', ')}`));
  }
  if (result.errors.length > 0) {
    lines.push('', paint.severity('high', `Not audited (${result.errors.length})`));
    for (const e of result.errors) lines.push(`  ${e.origin}: ${e.message}`);
  }
  for (const n of result.notes) lines.push(paint.dim(`note: ${n}`));
  if (!options.verbose && summary.pages > 0) lines.push('', paint.dim('Run with --verbose for every finding and its fix, or --format json for the full report.'));
  return `${lines.join('\n')}\n`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
