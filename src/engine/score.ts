import { SEVERITIES, type Finding, type PageResult, type Severity, type Weights } from './types.js';

/**
 * Page score = max(0, 100 − Σ weight) over the rules that failed on the page. A rule costs its
 * weight once per page however many elements fail it (20 images without alt cost one
 * image-alt-missing, not twenty), so one sloppy template cannot zero a page on its own.
 */
export function scorePage(findings: readonly Finding[], weights: Weights): number {
  const worst = new Map<string, number>();
  for (const f of findings) worst.set(f.rule, Math.max(worst.get(f.rule) ?? 0, weights[f.severity]));
  let lost = 0;
  for (const w of worst.values()) lost += w;
  return Math.max(0, 100 - lost);
}

/** Score bands as Lighthouse colours them. */
export const SCORE_BANDS = [
  { name: 'good', min: 90, max: 100 },
  { name: 'needs-improvement', min: 50, max: 89 },
  { name: 'poor', min: 0, max: 49 },
] as const;

export interface Summary {
  pages: number;
  /** Mean page score, one decimal. */
  score: number;
  distribution: Record<(typeof SCORE_BANDS)[number]['name'], number>;
  /** Findings by severity. */
  bySeverity: Record<Severity, number>;
  /** Findings and affected pages by rule id, sorted by rule id. */
  byRule: Record<string, { severity: Severity; findings: number; pages: number }>;
}

export function summarize(pages: readonly PageResult[]): Summary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule = new Map<string, { severity: Severity; findings: number; pages: number }>();
  const distribution = { good: 0, 'needs-improvement': 0, poor: 0 };
  let total = 0;
  for (const page of pages) {
    total += page.score;
    const band = SCORE_BANDS.find((b) => page.score >= b.min)!;
    distribution[band.name]++;
    const seen = new Set<string>();
    for (const f of page.findings) {
      bySeverity[f.severity]++;
      const r = byRule.get(f.rule) ?? { severity: f.severity, findings: 0, pages: 0 };
      r.findings++;
      if (!seen.has(f.rule)) r.pages++;
      seen.add(f.rule);
      byRule.set(f.rule, r);
    }
  }
  const score = pages.length === 0 ? 0 : Math.round((total / pages.length) * 10) / 10;
  const sorted = [...byRule.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { pages: pages.length, score, distribution, bySeverity, byRule: Object.fromEntries(sorted) };
}
