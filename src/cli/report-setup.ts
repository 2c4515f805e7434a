// What audit and merge share once the pages are checked: the outputs and baseline planned and
// guarded before any page is read (reportSetup), then the report written in every format and the
// gate applied (reportAndGate).
import type { AuditResult } from '../audit.js';
import type { Weights } from '../engine/types.js';
import type { GatePolicy } from '../gate/policy.js';
import type { Snapshot } from '../gate/snapshot.js';
import { toJsonReport } from '../report/json.js';
import { printable } from '../report/painter.js';
import { InputError } from '../sources/types.js';
import type { loadConfig } from './config-file.js';
import { baselinePath, checkWritable, compareChecked, DEFAULT_BASELINE, gateConfigOf, gateFlagsGiven, policyOf, readSnapshot, verdictOf, writeBaseline } from './gate.js';
import { UsageError, type CliIo } from './io.js';
import { configInput, guardOutputs, type OutputGuard, type PlannedInput } from './no-clobber.js';
import { outputSpecs, plannedReports, writeOutputs, type OutputSpec } from './outputs.js';
import { selfCommand } from './self.js';
import { shellQuote } from './shell-quote.js';
import { toolInfo } from './version.js';
import { realTarget } from './write-atomic.js';
import type { AuditFlags } from './audit.js';

export type ReportFlags = Pick<AuditFlags, 'format' | 'output' | 'baseline' | 'updateBaseline' | 'minScore' | 'failOn' | 'maxScoreDrop' | 'maxPageDrop' | 'quiet' | 'verbose' | 'color'>;

export interface ReportContext {
  policy: GatePolicy;
  outputs: OutputSpec[];
  /** Writes the reports and the baseline, never over an input. */
  guard: OutputGuard;
  /** The baseline read before the run, when comparing with one. */
  baseline: Snapshot | undefined;
  /** The baseline file: compared with, or (with --update-baseline) written. */
  baselineFile: string | undefined;
  weights: Weights;
}

/**
 * The reports and baseline of a run, checked and guarded before any page is read: a typo must not
 * cost a crawl. `inputs` are the files the run reads (never written over); `extra`, a file the run
 * writes instead of reports (a shard's file).
 */
export function reportSetup(
  flags: ReportFlags,
  io: CliIo,
  config: ReturnType<typeof loadConfig>['config'],
  configFile: string | undefined,
  inputs: readonly PlannedInput[],
  extra?: { file: string; noun: string; label: string; besideReports?: boolean },
  command = 'audit <target>',
): Omit<ReportContext, 'weights'> {
  const gate = gateConfigOf(config, configFile);
  const policy = policyOf(flags, gate);
  // A shard file is written instead of the reports; a URL list (--list-urls) beside them.
  const outputs = extra && !extra.besideReports ? [] : outputSpecs(flags.format, flags.output, io.cwd);
  const given = baselinePath(io.cwd, flags.baseline, gate, configFile);
  const same = (a: string, b: string): boolean => realTarget(io.cwd, a) === realTarget(io.cwd, b);
  if (typeof flags.updateBaseline === 'string' && flags.baseline !== undefined && !same(flags.updateBaseline, flags.baseline)) {
    throw new UsageError(`--baseline ${flags.baseline} and --update-baseline ${flags.updateBaseline}: name one file (--update-baseline writes the --baseline file when given no name)`);
  }
  const updating = flags.updateBaseline !== undefined;
  const baselineFile = typeof flags.updateBaseline === 'string' ? flags.updateBaseline : (given ?? (updating ? DEFAULT_BASELINE : undefined));
  if (!updating && baselineFile === undefined && gateFlagsGiven(flags).length > 0) {
    throw new UsageError(`${gateFlagsGiven(flags).join(', ')}: compare with what? Add --baseline <file> (or gate.baseline in the config); without one only --min-score applies`);
  }
  const guard = guardOutputs(
    io.cwd,
    [
      ...inputs,
      ...configInput(io.cwd, configFile),
      ...(!updating && baselineFile !== undefined ? [{ file: baselineFile, noun: 'the baseline file', never: 'the baseline is written only by --update-baseline' }] : []),
    ],
    [
      ...plannedReports(outputs),
      ...(extra ? [{ file: extra.file, noun: extra.noun, label: extra.label }] : []),
      ...(updating ? [{ file: baselineFile!, noun: 'the baseline', label: typeof flags.updateBaseline === 'string' ? `--update-baseline ${baselineFile}` : `the baseline ${baselineFile}` }] : []),
    ],
  );
  // Read (or check) the baseline now: a typo in its name must not cost a crawl.
  if (updating) checkWritable(io.cwd, baselineFile!, '--update-baseline');
  const baseline = !updating && baselineFile !== undefined ? readSnapshot(io.cwd, baselineFile, `write one with: ${selfCommand(io.cwd).join(' ')} ${command} --update-baseline ${shellQuote(baselineFile)}`) : undefined;
  return { policy, outputs, guard, baseline, baselineFile };
}

/** The report written in every format asked for, the baseline updated or compared with, and the exit code: 0, 1 for a failed gate, 2 or 130 for a stopped run. */
export async function reportAndGate(result: AuditResult, stoppedBy: string | undefined, flags: ReportFlags, io: CliIo, ctx: ReportContext): Promise<number> {
  const report = toJsonReport(result, toolInfo(), new Date().toISOString(), { weights: ctx.weights, cwd: io.cwd });
  const failed = (result.ruleFailures ?? []).map(failureLine);
  if (flags.updateBaseline !== undefined) {
    const file = ctx.baselineFile!;
    // A baseline from a run that did not finish would make every page it missed look new next time.
    if (stoppedBy) io.stderr.write(`${stoppedBy}: the baseline ${file} was not written (the run is partial)\n`);
    else if (failed.length > 0) io.stderr.write(`the baseline ${file} was not written: a rule failed, so its findings are missing\n`);
    else {
      await writeBaseline(io.cwd, file, report, ctx.guard);
      if (!flags.quiet) io.stderr.write(`baseline written to ${file}: ${pagesText(report.pages.length)}, site score ${report.summary.score}\n`);
    }
  } else if (ctx.baseline) {
    report.comparison = compareChecked(ctx.baseline, report, 'this run');
  }
  // Updating the baseline accepts this run: only the minimum score still applies.
  const policy: GatePolicy = flags.updateBaseline !== undefined ? { failOn: 'none', ...(ctx.policy.minScore !== undefined ? { minScore: ctx.policy.minScore } : {}) } : ctx.policy;
  const verdict = verdictOf(report, report.comparison, policy);
  if (verdict) report.gate = verdict;
  await writeOutputs(ctx.outputs, report, io, { color: flags.color, verbose: flags.verbose ?? false, quiet: flags.quiet ?? false }, ctx.guard);
  for (const e of flags.quiet ? [] : result.errors) io.stderr.write(`warning: ${printable(e.origin)}: ${printable(e.message)}\n`);
  // A rule that failed (a plugin's) lost its findings where it failed: the report is written, the step fails.
  for (const line of failed) io.stderr.write(`seo-ai: ${printable(line)}\n`);
  if (failed.length > 0 && !stoppedBy) return 2;
  if (stoppedBy) {
    // The report is written, but a run that did not finish must not pass a CI step.
    io.stderr.write(`${stoppedBy}: the report is partial (${pagesText(result.pages.length)})\n`);
    return stoppedBy.startsWith('interrupted') ? 130 : 2;
  }
  if (verdict && !verdict.passed) {
    const minScore = verdict.failures.find((f) => f.condition === 'min-score');
    // Named where the threshold came from: the flag, else the config's gate.minScore.
    const from = flags.minScore !== undefined ? '--min-score' : 'gate.minScore (config)';
    if (minScore && verdict.failures.length === 1) io.stderr.write(`site score ${report.summary.score} is below ${from} ${verdict.policy.minScore}\n`);
    else io.stderr.write(`seo-ai: the gate failed: ${verdict.failures.map((f) => f.condition).join(', ')}\n`);
    return 1;
  }
  return 0;
}


/** A run that audited no page, as an error: the first problem, or with none the notes (every file a redirect stub, every URL a PDF…). */
export function noPageAudited(target: string, result: AuditResult): InputError {
  const first = result.errors[0];
  const why = first ? `; first problem: ${first.origin}: ${first.message}` : result.notes.length > 0 ? `; ${result.notes.join('; ')}` : '';
  return new InputError(`${target}: no page could be audited${why}`);
}

/** "1 page", "2 pages". */
const pagesText = (n: number): string => `${n} page${n === 1 ? '' : 's'}`;

/** A rule's failure as the user reads it: which rule, from which plugin, where, what it said. */
function failureLine(f: NonNullable<AuditResult['ruleFailures']>[number]): string {
  const from = f.plugin ? ` (plugin "${f.plugin}")` : '';
  const where = f.pages === 0 ? 'over the site' : `on ${pagesText(f.pages)}${f.firstUrl ? ` (first ${f.firstUrl})` : ''}`;
  return `rule "${f.rule}"${from} failed ${where}: ${f.message}; its findings there are missing from the report${f.plugin ? `; fix the plugin or turn the rule off ("rules": { "${f.rule}": "off" })` : ''}`;
}
