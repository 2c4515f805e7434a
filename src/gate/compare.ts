import type { Severity } from '../engine/types.js';
import { byImportance, cmp, type FindingRef, type Snapshot, type SnapshotPage } from './snapshot.js';

export interface PageDelta {
  url: string;
  /**
   * new: only in the later run; removed: only in the earlier one; kept: in both; not-audited: in
   * the earlier one, and the later run could not audit it or lost pages (see accountFor).
   */
  status: 'new' | 'removed' | 'kept' | 'not-audited';
  before?: number;
  after?: number;
  /** after − before, for kept pages. */
  delta?: number;
  /** Findings the later run has and the earlier did not (all of a new page's findings). */
  new: FindingRef[];
  /** Findings the earlier run had and the later does not (a removed page's are not "fixed"). */
  fixed: FindingRef[];
  unchanged: FindingRef[];
}

export interface RuleDelta {
  rule: string;
  severity: Severity;
  new: number;
  fixed: number;
  unchanged: number;
}

export interface Comparison {
  /** The earlier run: a baseline file or an older report. */
  baseline: { label: string; pages: number; score: number };
  site: { before: number; after: number; delta: number };
  /**
   * The mean score of the pages in both runs, before and after. This is what --max-score-drop
   * judges: a page added or removed moves the site mean without anything getting worse.
   */
  common: { pages: number; before: number; after: number; delta: number };
  counts: { new: number; fixed: number; unchanged: number; newPages: number; removedPages: number; changedPages: number; notAuditedPages?: number };
  /** Every page of either run, by URL. */
  pages: PageDelta[];
  /** Every rule with a finding in either run, by rule id. */
  rules: RuleDelta[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Compares two runs by finding fingerprint (rule, page, element), never by message or position,
 * so rewording a message or reordering pages changes nothing. Fingerprints are matched as a
 * multiset: a finding reported twice on a page must be fixed twice.
 */
export function compare(before: Snapshot, after: Snapshot): Comparison {
  const earlier = new Map(before.pages.map((p) => [p.url, p]));
  const later = new Map(after.pages.map((p) => [p.url, p]));
  const urls = [...new Set([...earlier.keys(), ...later.keys()])].sort(cmp);
  const pages: PageDelta[] = [];
  const rules = new Map<string, RuleDelta>();
  const tally = (f: FindingRef, key: 'new' | 'fixed' | 'unchanged'): void => {
    const r = rules.get(f.rule) ?? { rule: f.rule, severity: f.severity, new: 0, fixed: 0, unchanged: 0 };
    // The later run's severity wins: it is what the config says now.
    if (key !== 'fixed') r.severity = f.severity;
    r[key]++;
    rules.set(f.rule, r);
  };
  let commonBefore = 0;
  let commonAfter = 0;
  let common = 0;
  for (const url of urls) {
    const a = earlier.get(url);
    const b = later.get(url);
    const delta = diffFindings(a, b);
    const page: PageDelta = { url, status: a && b ? 'kept' : b ? 'new' : 'removed', ...delta };
    if (a) page.before = a.score;
    if (b) page.after = b.score;
    if (a && b) {
      page.delta = b.score - a.score;
      commonBefore += a.score;
      commonAfter += b.score;
      common++;
    }
    for (const f of page.new) tally(f, 'new');
    for (const f of page.unchanged) tally(f, 'unchanged');
    if (page.status === 'kept') for (const f of page.fixed) tally(f, 'fixed');
    pages.push(page);
  }
  const kept = pages.filter((p) => p.status === 'kept');
  const meanBefore = common === 0 ? 0 : round1(commonBefore / common);
  const meanAfter = common === 0 ? 0 : round1(commonAfter / common);
  return {
    baseline: { label: before.label, pages: before.pages.length, score: before.score },
    site: { before: before.score, after: after.score, delta: round1(after.score - before.score) },
    common: { pages: common, before: meanBefore, after: meanAfter, delta: round1(meanAfter - meanBefore) },
    counts: {
      new: sum(pages, (p) => p.new.length),
      fixed: sum(kept, (p) => p.fixed.length),
      unchanged: sum(pages, (p) => p.unchanged.length),
      newPages: pages.filter((p) => p.status === 'new').length,
      removedPages: pages.filter((p) => p.status === 'removed').length,
      changedPages: kept.filter((p) => p.new.length > 0 || p.fixed.length > 0 || p.delta !== 0).length,
    },
    pages,
    rules: [...rules.values()].sort((x, y) => cmp(x.rule, y.rule)),
  };
}

function diffFindings(a: SnapshotPage | undefined, b: SnapshotPage | undefined): Pick<PageDelta, 'new' | 'fixed' | 'unchanged'> {
  const left = new Map<string, FindingRef[]>();
  for (const f of a?.findings ?? []) left.set(f.fingerprint, [...(left.get(f.fingerprint) ?? []), f]);
  const fresh: FindingRef[] = [];
  const unchanged: FindingRef[] = [];
  for (const f of b?.findings ?? []) {
    const same = left.get(f.fingerprint);
    if (same && same.length > 0) {
      same.shift();
      unchanged.push(f);
    } else {
      fresh.push(f);
    }
  }
  const fixed = [...left.values()].flat();
  return { new: fresh.sort(byImportance), fixed: fixed.sort(byImportance), unchanged: unchanged.sort(byImportance) };
}

function sum<T>(items: readonly T[], f: (t: T) => number): number {
  let n = 0;
  for (const t of items) n += f(t);
  return n;
}
