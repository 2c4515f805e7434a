import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../engine/config.js';
import { BaselineError, baselineOf, formatBaseline, parseSnapshot } from '../gate/baseline.js';
import { compare, type Comparison } from '../gate/compare.js';
import { accountFor, DEFAULT_POLICY, judge, parseGateConfig, type GateConfig, type GatePolicy, type GateVerdict } from '../gate/policy.js';
import { snapshotOfReport, type Snapshot } from '../gate/snapshot.js';
import type { JsonReport } from '../report/json.js';
import { UsageError } from './io.js';
import type { OutputGuard } from './no-clobber.js';

export { DEFAULT_BASELINE } from './defaults.js';

export interface GateFlags {
  failOn?: string;
  maxScoreDrop?: string;
  maxPageDrop?: string;
  minScore?: string;
}

/** The policy flags, shared by audit and diff. */

/** Flags over the config's `gate` section over the defaults. */
export function policyOf(flags: GateFlags, gate: GateConfig): GatePolicy {
  const policy: GatePolicy = { ...DEFAULT_POLICY };
  const failOn = flags.failOn ?? gate.failOn;
  if (failOn !== undefined) {
    if (!['critical', 'high', 'medium', 'low', 'none'].includes(failOn)) throw new UsageError(`--fail-on ${failOn}: expected critical, high, medium, low or none`);
    policy.failOn = failOn as GatePolicy['failOn'];
  }
  const points = (flag: string, value: string | undefined, fallback: number | undefined): number | undefined => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`${flag} ${value}: expected a number from 0 to 100`);
    return n;
  };
  const maxScoreDrop = points('--max-score-drop', flags.maxScoreDrop, gate.maxScoreDrop);
  const maxPageDrop = points('--max-page-drop', flags.maxPageDrop, gate.maxPageDrop);
  const minScore = points('--min-score', flags.minScore, gate.minScore);
  if (maxScoreDrop !== undefined) policy.maxScoreDrop = maxScoreDrop;
  if (maxPageDrop !== undefined) policy.maxPageDrop = maxPageDrop;
  if (minScore !== undefined) policy.minScore = minScore;
  return policy;
}

export function gateConfigOf(config: Config, file: string | undefined): GateConfig {
  return parseGateConfig(config.gate, file ?? 'config');
}

/**
 * The baseline file to compare with: --baseline is relative to the working directory, the
 * config's gate.baseline to the config file's folder (the config is found walking up from cwd).
 */
export function baselinePath(cwd: string, flag: string | undefined, gate: GateConfig, configFile: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  if (gate.baseline === undefined) return undefined;
  return configFile === undefined ? gate.baseline : path.relative(cwd, path.resolve(path.dirname(configFile), gate.baseline)) || gate.baseline;
}

/** Reads a baseline (or an older JSON report); a missing or broken file is a usage error naming it and what to do. */
export function readSnapshot(cwd: string, file: string, advice: string): Snapshot {
  const full = path.resolve(cwd, file);
  if (!existsSync(full)) throw new UsageError(`${file}: no such file; ${advice}`);
  if (statSync(full).isDirectory()) throw new UsageError(`${file} is a folder; name the file`);
  try {
    return parseSnapshot(readFileSync(full, 'utf8'), file);
  } catch (err) {
    if (err instanceof BaselineError) throw new UsageError(`${err.message}; ${advice}`);
    throw new UsageError(`${file}: cannot read: ${(err as Error).message}`);
  }
}

/** A file about to be written must not be a folder: found before the run, not after it. */
export function checkWritable(cwd: string, file: string, what: string): void {
  const full = path.resolve(cwd, file);
  if (existsSync(full) && statSync(full).isDirectory()) throw new UsageError(`${what} ${file} is a folder; name a file`);
}

/** Runs that share no page are another site or base URL, not a site that changed every page. */
export function compareChecked(before: Snapshot, report: JsonReport, label: string): Comparison {
  const comparison = compare(before, snapshotOfReport(report, label));
  if (before.pages.length > 0 && report.pages.length > 0 && comparison.common.pages === 0) {
    throw new UsageError(
      `${before.label}: ${before.pages.length === 1 ? 'its only page is not' : `none of its ${before.pages.length} pages is`} in ${label} (e.g. ${before.pages[0]!.url} vs ${report.pages[0]!.url}); compare runs of the same site and base URL${label === 'this run' ? ', or write a new baseline with --update-baseline' : ''}`,
    );
  }
  return comparison;
}

export async function writeBaseline(cwd: string, file: string, report: JsonReport, guard: OutputGuard): Promise<void> {
  await mkdir(path.dirname(path.resolve(cwd, file)), { recursive: true });
  await guard.write(file, formatBaseline(baselineOf(report)));
}

export function verdictOf(report: JsonReport, comparison: Comparison | undefined, policy: GatePolicy): GateVerdict | undefined {
  // Without a baseline the only condition is the minimum score; no verdict when it is not set.
  if (!comparison && policy.minScore === undefined) return undefined;
  const baselinePages = new Set(comparison?.pages.map((p) => p.url) ?? []);
  const unaudited = report.errors.flatMap((e) => (e.url !== undefined && baselinePages.has(e.url) ? [e.url] : []));
  // An error that names no page of the baseline (a sitemap that did not load, a CSV row skipped)
  // may have cost pages the run cannot name: like a limit that cut the crawl, it is a loss.
  const lost = [...(report.losses ?? []), ...report.errors.filter((e) => e.url === undefined || !baselinePages.has(e.url)).map((e) => `${e.origin}: ${e.message}`)];
  const facts = { partial: report.partial, unaudited, lost };
  // The comparison shown says what the verdict says: a page the run could not see is not "removed".
  if (comparison) report.comparison = accountFor(comparison, facts);
  return judge(report.summary.score, comparison, policy, facts);
}

/** The policy flags given on the command line (not the config's): they mean nothing without a baseline. */
export function gateFlagsGiven(flags: GateFlags): string[] {
  return [
    ...(flags.failOn !== undefined ? ['--fail-on'] : []),
    ...(flags.maxScoreDrop !== undefined ? ['--max-score-drop'] : []),
    ...(flags.maxPageDrop !== undefined ? ['--max-page-drop'] : []),
  ];
}
