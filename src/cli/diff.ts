import { readFileSync } from 'node:fs';
import path from 'node:path';
import { summarize } from '../engine/score.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import type { Snapshot } from '../gate/snapshot.js';
import type { JsonReport } from '../report/json.js';
import { rules as registry } from '../../rules/index.js';
import { ruleCatalogue } from '../engine/catalogue.js';
import { ruleInfo } from '../report/rule-info.js';
import { loadConfig } from './config-file.js';
import { compareChecked, gateConfigOf, policyOf, readSnapshot, verdictOf, type GateFlags } from './gate.js';
import type { GlobalOptions } from './audit.js';
import { UsageError, type CliIo } from './io.js';
import { configInput, guardOutputs } from './no-clobber.js';
import { outputSpecs, plannedReports, writeOutputs } from './outputs.js';
import { toolInfo } from './version.js';
import { rebasePages } from '../gate/rebase.js';
import { normaliseBase } from '../sources/folder-urls.js';

export interface DiffFlags extends GlobalOptions, GateFlags {
  verbose?: boolean;
  baseUrl?: string;
}


/** `seo-ai diff <old> <new>`: the comparison in the formats asked for; exit 1 when the gate policy fails. */
export async function diff(older: string, newer: string, flags: DiffFlags, io: CliIo): Promise<number> {
  const { config, file: configFile } = loadConfig(io.cwd, flags.config);
  const policy = policyOf(flags, gateConfigOf(config, configFile));
  const outputs = outputSpecs(flags.format, flags.output, io.cwd);
  const never = 'the runs compared are never overwritten';
  const guard = guardOutputs(
    io.cwd,
    [
      { file: older, noun: 'the earlier run', never },
      { file: newer, noun: 'the later run', never },
      ...configInput(io.cwd, configFile),
    ],
    plannedReports(outputs),
  );
  let before = readSnapshot(io.cwd, older, 'name the earlier JSON report (seo-ai audit --format json=FILE) or baseline');
  const report = readReport(io.cwd, newer);
  if (flags.baseUrl !== undefined) {
    const root = normaliseBase(flags.baseUrl);
    before = { ...before, pages: [...rebasePages(before.pages, root)] };
    report.pages = [...rebasePages(report.pages, root)];
  }
  // A run that stopped early is missing pages, which would read as removed, and it cannot pass.
  for (const [file, partial] of [[older, isPartial(io.cwd, older)], [newer, report.partial]] as const) {
    if (partial) throw new UsageError(`${file}: the report is partial (the run was stopped before every page was audited); compare complete runs`);
  }
  report.comparison = compareChecked(before, report, newer);
  const verdict = verdictOf(report, report.comparison, policy);
  if (verdict) report.gate = verdict;
  await writeOutputs(outputs, report, io, { color: flags.color, verbose: flags.verbose ?? false, quiet: flags.quiet ?? false }, guard);
  return verdict && !verdict.passed ? 1 : 0;
}

/**
 * The later run as a full report: a JSON report is used as written; a baseline (scores and
 * fingerprints only) gets each rule's own description and fix in place of the messages.
 */
function isPartial(cwd: string, file: string): boolean {
  return (JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8').replace(/^\uFEFF/, '')) as { partial?: unknown }).partial === true;
}

function readReport(cwd: string, file: string): JsonReport {
  const snapshot = readSnapshot(cwd, file, 'name the later JSON report (seo-ai audit --format json=FILE) or baseline');
  const value = JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8').replace(/^\uFEFF/, '')) as Partial<JsonReport> & { kind?: string };
  if (value.kind !== 'seo-ai-baseline') {
    if (value.tool === undefined || value.source === undefined || value.summary === undefined) {
      throw new UsageError(`${file}: not a complete seo-ai JSON report (tool, source and summary are missing); write it with seo-ai audit --format json=FILE`);
    }
    // A report of a version before the catalogue is described by this version's rules, as their defaults.
    return {
      ...value,
      weights: value.weights ?? DEFAULT_WEIGHTS,
      notApplicable: value.notApplicable ?? [],
      errors: value.errors ?? [],
      notes: value.notes ?? [],
      rules: value.rules ?? ruleCatalogue(registry),
    } as JsonReport;
  }
  return reportOfSnapshot(snapshot);
}

function reportOfSnapshot(snapshot: Snapshot): JsonReport {
  const rules = ruleCatalogue(registry);
  const pages = snapshot.pages.map((p) => ({
    url: p.url,
    score: p.score,
    findings: p.findings.map((f) => {
      const info = ruleInfo({ rules }, f.rule, { severity: f.severity });
      return { rule: f.rule, severity: f.severity, message: f.message ?? info.description, ...(f.element !== undefined ? { element: f.element } : {}), fix: info.fix, fingerprint: f.fingerprint };
    }),
  }));
  const summary = summarize(pages.map((p) => ({ ...p, warnings: [] })));
  return {
    schemaVersion: 1,
    tool: toolInfo(),
    generatedAt: new Date().toISOString(),
    source: { kind: 'folder', target: snapshot.label },
    partial: false,
    // The baseline's own site score: recomputing it from rounded page scores could differ by a tenth.
    summary: { ...summary, score: snapshot.score },
    weights: DEFAULT_WEIGHTS,
    notApplicable: [],
    errors: [],
    notes: [`${snapshot.label} is a baseline: it holds scores and fingerprints, so findings are described by their rule`],
    pages,
    rules,
  };
}
