import { SEVERITIES } from '../engine/types.js';
import type { Comparison } from '../gate/compare.js';
import { findingText, gateLines, scoreText } from './gate-text.js';
import type { JsonReport } from './json.js';
import { printable, type Painter } from './painter.js';

export { plainPainter, type Painter } from './painter.js';

export interface TerminalOptions {
  paint: Painter;
  /** Every page's findings with fix hints, not just the summary. */
  verbose?: boolean;
  /** How many rules and pages the summary lists. */
  top?: number;
}

export function formatTerminal(result: JsonReport, options: TerminalOptions): string {
  const { paint } = options;
  const { weights } = result;
  const top = options.top ?? 10;
  const { summary } = result;
  const lines: string[] = [];
  const base = result.source.baseUrl ? `, ${result.source.baseUrl}` : '';
  lines.push(paint.bold(`seo-ai audit ${printable(result.source.target)}`) + paint.dim(` (${result.source.kind}${printable(base)})`));
  if (result.partial) lines.push(paint.severity('high', 'PARTIAL: the run was stopped before every page was audited.'));
  lines.push('');
  // What failed the gate, and why, comes before everything else: it is what a CI log is read for.
  if (result.gate) lines.push(...gateLines(result.gate, paint), '');
  if (result.comparison) lines.push(...comparisonLines(result.comparison, paint, top, options.verbose ?? false), '');

  const d = summary.distribution;
  lines.push(
    `${paint.bold('Site score')}  ${paint.score(summary.score, `${summary.score}/100`)}   ` +
      paint.dim(`${summary.pages} ${summary.pages === 1 ? 'page' : 'pages'}: ${d.good} good (90+), ${d['needs-improvement']} need work (50-89), ${d.poor} poor (<50)`),
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
      lines.push(`  ${paint.score(p.score, String(p.score).padStart(3))}  ${printable(p.url)}`);
      lines.push(paint.dim(`       ${rules.join(', ')}`));
    }
  }

  if (options.verbose) {
    for (const p of result.pages) {
      const warnings = p.warnings ?? [];
      if (p.findings.length === 0 && warnings.length === 0) continue;
      lines.push('', `${paint.score(p.score, String(p.score).padStart(3))}  ${paint.bold(printable(p.url))}`);
      for (const w of warnings) lines.push(paint.dim(`     warning: ${printable(w)}`));
      for (const f of p.findings) {
        lines.push(`     ${paint.severity(f.severity, f.severity.padEnd(8))} ${f.rule}  ${printable(f.message)}`);
        if (f.value !== undefined) lines.push(paint.dim(`              value: ${truncate(printable(f.value), 160)}`));
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
    for (const e of result.errors) lines.push(`  ${printable(e.origin)}: ${printable(e.message)}`);
  }
  for (const n of result.notes) lines.push(paint.dim(`note: ${printable(n)}`));
  if (!options.verbose && summary.pages > 0) lines.push('', paint.dim('Run with --verbose for every finding and its fix, or --format json for the full report.'));
  return `${lines.join('\n')}\n`;
}

/** Score deltas and new/fixed findings against a baseline or an older report. */
export function comparisonLines(c: Comparison, paint: Painter, top: number, verbose: boolean): string[] {
  const lines: string[] = [];
  lines.push(
    `${paint.bold('Compared with')} ${c.baseline.label}: site score ${c.site.before} → ${c.site.after} (${signed(c.site.delta)})` +
      paint.dim(`; pages in both: ${c.common.before} → ${c.common.after} (${signed(c.common.delta)})`),
  );
  lines.push(
    `  ${c.counts.new} new, ${c.counts.fixed} fixed, ${c.counts.unchanged} unchanged findings; ${c.counts.newPages} new ${c.counts.newPages === 1 ? 'page' : 'pages'}, ${c.counts.removedPages} removed${(c.counts.notAuditedPages ?? 0) > 0 ? `, ${c.counts.notAuditedPages} not audited` : ''}`,
  );
  const rules = c.rules.filter((r) => r.new > 0 || r.fixed > 0);
  if (rules.length > 0) {
    const width = Math.max(...rules.map((r) => r.rule.length));
    lines.push(paint.bold('  By rule') + paint.dim('  (new / fixed / unchanged)'));
    for (const r of rules) lines.push(`    ${r.rule.padEnd(width)}  ${paint.severity(r.severity, r.severity.padEnd(8))}  +${r.new} −${r.fixed} =${r.unchanged}`);
  }
  const changed = c.pages
    .filter((p) => p.new.length > 0 || p.fixed.length > 0 || (p.delta ?? 0) !== 0 || p.status !== 'kept')
    .sort((a, b) => (a.delta ?? 0) - (b.delta ?? 0) || b.new.length - a.new.length || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  if (changed.length > 0) lines.push(paint.bold('  By page'));
  for (const p of verbose ? changed : changed.slice(0, top)) {
    const head = p.status === 'removed' ? ` (removed, was ${p.before})` : p.status === 'not-audited' ? ` (not audited in this run, was ${p.before})` : scoreText(p);
    lines.push(`    ${printable(p.url)}${head}`);
    for (const f of p.new) lines.push(`      + ${findingText(f, paint)}`);
    if (p.status === 'kept') for (const f of p.fixed) lines.push(paint.dim(`      − ${findingText(f)}`));
  }
  if (!verbose && changed.length > top) lines.push(paint.dim(`    … and ${changed.length - top} more pages changed (--verbose lists all)`));
  return lines;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
