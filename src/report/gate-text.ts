import type { GateVerdict } from '../gate/policy.js';
import type { FindingRef } from '../gate/snapshot.js';
import { plainPainter, printable, type Painter } from './painter.js';

/** How many pages and findings per failed condition the text lists before "… and N more". */
const LIST = 10;

/**
 * The gate's verdict as text, the failed conditions first, each with the pages and the
 * findings that caused it: what a CI log must show above everything else.
 */
export function gateLines(verdict: GateVerdict, paint: Painter = plainPainter): string[] {
  const lines: string[] = [];
  if (verdict.passed) {
    lines.push(paint.bold('Gate: passed') + paint.dim(` (${policyText(verdict)})`));
  } else {
    lines.push(paint.severity('critical', `Gate: FAILED, ${verdict.failures.length} ${verdict.failures.length === 1 ? 'condition' : 'conditions'}`) + paint.dim(` (${policyText(verdict)})`));
    for (const failure of verdict.failures) {
      lines.push(`  ${paint.bold(failure.condition)}: ${printable(failure.message)}`);
      for (const page of failure.pages.slice(0, LIST)) {
        lines.push(`    ${printable(page.url)}${scoreText(page)}`);
        for (const f of page.findings.slice(0, LIST)) lines.push(`      ${findingText(f, paint)}`);
        if (page.findings.length > LIST) lines.push(paint.dim(`      … and ${page.findings.length - LIST} more`));
      }
      if (failure.pages.length > LIST) lines.push(paint.dim(`    … and ${failure.pages.length - LIST} more pages`));
    }
  }
  if (verdict.removedPages.length > 0) {
    lines.push(paint.dim(`  ${verdict.removedPages.length} ${verdict.removedPages.length === 1 ? 'page' : 'pages'} of the baseline not in this run (not failed): ${verdict.removedPages.slice(0, LIST).map(printable).join(', ')}${verdict.removedPages.length > LIST ? ', …' : ''}`));
  }
  return lines;
}

export function policyText(verdict: GateVerdict): string {
  const p = verdict.policy;
  return [
    `fail on new ${p.failOn === 'none' ? 'findings: off' : `${p.failOn}+`}`,
    ...(p.maxScoreDrop !== undefined ? [`max score drop ${p.maxScoreDrop}`] : []),
    ...(p.maxPageDrop !== undefined ? [`max page drop ${p.maxPageDrop}`] : []),
    ...(p.minScore !== undefined ? [`min score ${p.minScore}`] : []),
  ].join(', ');
}

export function scoreText(p: { before?: number; after?: number }): string {
  if (p.before !== undefined && p.after !== undefined) return ` (score ${p.before} → ${p.after})`;
  if (p.after !== undefined) return ` (new page, score ${p.after})`;
  if (p.before !== undefined) return ` (score was ${p.before})`;
  return '';
}

export function findingText(f: FindingRef, paint: Painter = plainPainter): string {
  const where = f.element !== undefined ? ` [${printable(f.element)}]` : '';
  return `${paint.severity(f.severity, f.severity.padEnd(8))} ${f.rule}${f.message !== undefined ? `  ${printable(f.message)}` : ''}${paint.dim(where)}`;
}
