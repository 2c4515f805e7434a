import type { z } from 'zod';
import { ConfigError, gateConfigSchema } from '../engine/config.js';
import { SEVERITIES, type Severity } from '../engine/types.js';
import type { Comparison } from './compare.js';
import { byImportance, cmp, type FindingRef } from './snapshot.js';

/** When a run fails the CI gate. Unset limits are not checked. */
export interface GatePolicy {
  /** A new finding at or above this severity fails; 'none' turns the check off. */
  failOn: Severity | 'none';
  /** Most points the mean score of the pages in both runs may fall. */
  maxScoreDrop?: number;
  /** Most points any one page's score may fall. */
  maxPageDrop?: number;
  /** Least site score, baseline or not. */
  minScore?: number;
}

export const DEFAULT_POLICY: GatePolicy = { failOn: 'high' };

/** The config file's `gate` section. */
export type GateConfig = z.infer<typeof gateConfigSchema>;
export { gateConfigSchema };

export function parseGateConfig(value: unknown, where: string): GateConfig {
  const result = gateConfigSchema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = ['gate', ...issue.path].join('.');
  const known = issue.code === 'unrecognized_keys' ? `; known keys: ${Object.keys(gateConfigSchema.shape).join(', ')}` : '';
  throw new ConfigError(`${where}: ${key}: ${issue.message}${known}`);
}

export type GateCondition = 'incomplete' | 'not-audited' | 'new-findings' | 'max-page-drop' | 'max-score-drop' | 'min-score';

export interface GateFailure {
  condition: GateCondition;
  /** One line: what was measured against which limit. */
  message: string;
  /** The pages that caused it, worst first, with the findings that are new on each. */
  pages: { url: string; before?: number; after?: number; findings: FindingRef[] }[];
}

export interface GateVerdict {
  passed: boolean;
  policy: GatePolicy;
  /** In the order they are shown: an incomplete run, baseline pages not audited, new findings, page drops, site drop, minimum score. */
  failures: GateFailure[];
  /** Pages in the baseline and not in this run: listed, never failed. */
  removedPages: string[];
}

/** What the run itself says about its completeness. */
export interface RunFacts {
  /** The run was stopped (--timeout, Ctrl-C) or the report says partial. */
  partial?: boolean;
  /** URLs the run tried and could not audit (a dead URL, an empty file): not removed, broken. */
  unaudited?: readonly string[];
  /**
   * Why the run may have missed pages the site has (a limit cut the crawl, a sitemap or a CSV row
   * could not be read): then no baseline page missing from it is known to be removed.
   */
  lost?: readonly string[];
}

/**
 * The comparison as the run's facts explain it: a baseline page missing from the run is
 * "removed" only when the run could have seen it. One the run could not audit, or any missing
 * page when the run lost pages, is "not-audited" instead.
 */
export function accountFor(comparison: Comparison, facts: RunFacts): Comparison {
  const unaudited = new Set(facts.unaudited ?? []);
  const lost = (facts.lost ?? []).length > 0;
  let moved = 0;
  const pages = comparison.pages.map((p) => {
    if (p.status !== 'removed' || !(lost || unaudited.has(p.url))) return p;
    moved++;
    return { ...p, status: 'not-audited' as const };
  });
  if (moved === 0) return comparison;
  const notAudited = pages.filter((p) => p.status === 'not-audited').length;
  return { ...comparison, pages, counts: { ...comparison.counts, removedPages: comparison.counts.removedPages - moved, notAuditedPages: notAudited } };
}


/**
 * Judges a run. With a comparison, new findings and score drops are checked; new pages are
 * judged on their own findings (every one is new) and removed pages only listed. Without one,
 * only the minimum score applies.
 */
export function judge(siteScore: number, comparison: Comparison | undefined, policy: GatePolicy, facts: RunFacts = {}): GateVerdict {
  const failures: GateFailure[] = [];
  // A run that did not finish proves nothing: its missing pages would read as removed.
  if (facts.partial) failures.push({ condition: 'incomplete', message: 'the run stopped before every page was audited, so it cannot pass', pages: [] });
  const accounted = comparison && accountFor(comparison, facts);
  const broken = accounted ? accounted.pages.filter((p) => p.status === 'not-audited') : [];
  if (broken.length > 0) {
    const lost = facts.lost ?? [];
    const why = lost.length > 0 ? `, and the run lost pages (${lost[0]}${lost.length > 1 ? `; and ${lost.length - 1} more` : ''})` : ' (see the errors)';
    failures.push({
      condition: 'not-audited',
      message: `${broken.length} ${broken.length === 1 ? 'page' : 'pages'} of the baseline could not be audited in this run${why}`,
      pages: broken.map((p) => ({ url: p.url, ...scores(p), findings: [] })),
    });
  }
  if (comparison) {
    if (policy.failOn !== 'none') {
      const limit = SEVERITIES.indexOf(policy.failOn);
      const pages = comparison.pages
        .map((p) => ({ p, findings: p.new.filter((f) => SEVERITIES.indexOf(f.severity) <= limit) }))
        .filter(({ findings }) => findings.length > 0)
        .sort((x, y) => byImportance(x.findings[0]!, y.findings[0]!) || y.findings.length - x.findings.length || cmp(x.p.url, y.p.url))
        .map(({ p, findings }) => ({ url: p.url, ...scores(p), findings }));
      if (pages.length > 0) {
        const n = pages.reduce((s, p) => s + p.findings.length, 0);
        const atOrAbove = policy.failOn === 'critical' ? 'critical' : `${policy.failOn} or worse`;
        failures.push({
          condition: 'new-findings',
          message: `${n} new ${atOrAbove} ${n === 1 ? 'finding' : 'findings'} on ${pages.length} ${pages.length === 1 ? 'page' : 'pages'} (--fail-on ${policy.failOn})`,
          pages,
        });
      }
    }
    if (policy.maxPageDrop !== undefined) {
      const max = policy.maxPageDrop;
      const pages = comparison.pages
        .filter((p) => p.delta !== undefined && -p.delta > max)
        .sort((x, y) => x.delta! - y.delta! || cmp(x.url, y.url))
        .map((p) => ({ url: p.url, ...scores(p), findings: p.new }));
      if (pages.length > 0) {
        const worst = pages[0]!;
        failures.push({
          condition: 'max-page-drop',
          message: `${pages.length} ${pages.length === 1 ? 'page' : 'pages'} lost more than ${max} points (worst: ${worst.url} ${worst.before} → ${worst.after}) (--max-page-drop ${max})`,
          pages,
        });
      }
    }
    // Judged on the exact mean of the page deltas: the means shown are rounded to a tenth, and a
    // drop of 0.04 on a large site must still count as "more than 0".
    const kept = comparison.pages.filter((p) => p.delta !== undefined);
    const drop = kept.length === 0 ? 0 : -kept.reduce((sum, p) => sum + p.delta!, 0) / kept.length;
    if (policy.maxScoreDrop !== undefined && drop > policy.maxScoreDrop + 1e-9) {
      const c = comparison.common;
      const pages = kept
        .filter((p) => p.delta! < 0)
        .sort((x, y) => x.delta! - y.delta! || cmp(x.url, y.url))
        .map((p) => ({ url: p.url, ...scores(p), findings: p.new }));
      failures.push({
        condition: 'max-score-drop',
        message: `the score of the ${c.pages} pages in both runs fell ${over(drop, policy.maxScoreDrop)} points, ${c.before} → ${c.after} (--max-score-drop ${policy.maxScoreDrop})`,
        pages,
      });
    }
  }
  if (policy.minScore !== undefined && siteScore < policy.minScore) {
    failures.push({ condition: 'min-score', message: `the site score ${siteScore} is below ${policy.minScore} (--min-score ${policy.minScore})`, pages: [] });
  }
  return {
    passed: failures.length === 0,
    policy,
    failures,
    removedPages: accounted ? accounted.pages.filter((p) => p.status === 'removed').map((p) => p.url) : [],
  };
}

/** A drop with as few decimals as show it is over the limit ("0.005", not a rounded "0"). */
function over(drop: number, limit: number): string {
  for (let digits = 1; digits < 6; digits++) {
    const shown = Number(drop.toFixed(digits));
    if (shown > limit) return String(shown);
  }
  return String(Number(drop.toFixed(6)));
}

function scores(p: { before?: number; after?: number }): { before?: number; after?: number } {
  return { ...(p.before !== undefined ? { before: p.before } : {}), ...(p.after !== undefined ? { after: p.after } : {}) };
}
