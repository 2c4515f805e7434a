import { existsSync, statSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { formatIssuesCsv, formatFindingsCsv } from '../report/csv.js';
import { gateLines } from '../report/gate-text.js';
import { formatGithubAnnotations, githubStepSummary } from '../report/github.js';
import { formatHtml } from '../report/html.js';
import { formatJson, type JsonReport } from '../report/json.js';
import { formatJunit } from '../report/junit.js';
import { formatMarkdown, PR_COMMENT_LIMIT } from '../report/markdown.js';
import { formatSarif } from '../report/sarif.js';
import { formatTerminal } from '../report/terminal.js';
import { UsageError, type CliIo } from './io.js';
import { painter } from './paint.js';
import type { OutputGuard, PlannedFile } from './no-clobber.js';
import { realTarget } from './write-atomic.js';

export const FORMATS = ['terminal', 'json', 'sarif', 'junit', 'github', 'markdown', 'html', 'csv', 'issues-csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface OutputSpec {
  format: Format;
  /** Absent: stdout. */
  file?: string;
  /** The file was named by --output (said so in messages). */
  byOutputFlag?: boolean;
}

/** Collects repeated `--format f` / `--format f=FILE` flags (commander calls it once per flag). */
export const collectFormats = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * Reads the `--format` flags and `--output`: each format goes to its own file (`json=report.json`)
 * or to stdout, and at most one can go to stdout. `--output` names the file of a format given
 * without one, as before several formats were possible.
 */
export function outputSpecs(formats: readonly string[] | undefined, output: string | undefined, cwd: string): OutputSpec[] {
  const specs: OutputSpec[] = (formats === undefined || formats.length === 0 ? ['terminal'] : formats).map((raw) => {
    const eq = raw.indexOf('=');
    const name = (eq === -1 ? raw : raw.slice(0, eq)).trim();
    const file = eq === -1 ? undefined : raw.slice(eq + 1).trim();
    if (!(FORMATS as readonly string[]).includes(name)) {
      throw new UsageError(`--format ${raw}: unknown format "${name}"; choose from ${FORMATS.join(', ')} (several at once as --format json=report.json --format html=report.html)`);
    }
    if (file === '') throw new UsageError(`--format ${raw}: name a file after "=", or drop the "=" to write to stdout`);
    return { format: name as Format, ...(file !== undefined ? { file } : {}) };
  });
  const toStdout = specs.filter((s) => s.file === undefined);
  if (output !== undefined) {
    if (toStdout.length !== 1) {
      throw new UsageError(`--output ${output}: give it one format without a file (e.g. --format json --output ${output}), or name each file as --format json=${output}`);
    }
    toStdout[0]!.file = output;
    toStdout[0]!.byOutputFlag = true;
  } else if (toStdout.length > 1) {
    throw new UsageError(`--format: ${toStdout.map((s) => s.format).join(' and ')} would both go to stdout; name a file for all but one (--format ${toStdout[1]!.format}=FILE)`);
  }
  // Two formats in one file, or a report over an input, are refused by the command's guardOutputs.
  for (const s of specs) {
    if (s.file === undefined) continue;
    const key = realTarget(cwd, s.file);
    if (existsSync(key) && statSync(key).isDirectory()) throw new UsageError(`--format ${s.format}=${s.file}: that is a folder; name a file`);
  }
  return specs;
}

/** The report files the specs write, for guardOutputs. */
export function plannedReports(specs: readonly OutputSpec[]): PlannedFile[] {
  return specs.flatMap((s) => (s.file === undefined ? [] : [{ file: s.file, noun: `the ${s.format} report`, label: s.byOutputFlag ? `--output ${s.file}` : `--format ${s.format}=${s.file}` }]));
}

export interface RenderOptions {
  color: boolean;
  verbose: boolean;
}

export function render(format: Format, report: JsonReport, options: RenderOptions): string {
  switch (format) {
    case 'terminal':
      return formatTerminal(report, { paint: painter(options.color), verbose: options.verbose });
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'junit':
      return formatJunit(report);
    case 'github':
      return formatGithubAnnotations(report);
    case 'markdown':
      // Fits a pull-request comment; the job summary (github) gets the 1 MiB version.
      return formatMarkdown(report, { limit: PR_COMMENT_LIMIT });
    case 'html':
      return formatHtml(report);
    case 'csv':
      return formatFindingsCsv(report);
    case 'issues-csv':
      return formatIssuesCsv(report);
  }
}

/**
 * Writes every requested format: files atomically, one format to stdout. The gate's verdict goes
 * to stderr as well when stdout carries no terminal report, so a CI log always says why it failed.
 */
export async function writeOutputs(specs: readonly OutputSpec[], report: JsonReport, io: CliIo, options: RenderOptions & { quiet: boolean }, guard: OutputGuard): Promise<void> {
  // Colours only on a terminal (or when FORCE_COLOR asks): a report piped to a file or another
  // program must not carry escape codes.
  const force = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false';
  const colorStdout = options.color && (io.stdout.isTTY === true || force);
  for (const spec of specs) {
    const text = render(spec.format, report, { ...options, color: spec.file === undefined && colorStdout });
    if (spec.file === undefined) {
      io.stdout.write(text);
    } else {
      await mkdir(path.dirname(path.resolve(io.cwd, spec.file)), { recursive: true });
      await guard.write(spec.file, text);
      if (!options.quiet) io.stderr.write(`${spec.format} report written to ${spec.file} (site score ${report.summary.score})\n`);
    }
  }
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (summary && specs.some((s) => s.format === 'github')) {
    // The job summary page shows this Markdown; the runner creates the file and reads it after the step.
    // A summary that cannot be written costs the job its summary, not its reports or its verdict.
    await appendFile(summary, githubStepSummary(report)).catch((err: unknown) => {
      io.stderr.write(`warning: GITHUB_STEP_SUMMARY ${summary}: cannot append the summary: ${(err as Error).message}\n`);
    });
  }
  // The verdict goes to stderr too when stdout carries no terminal report, so a CI log always says
  // why the step failed; a failure is shown even with --quiet.
  const terminalOnStdout = specs.some((s) => s.format === 'terminal' && s.file === undefined);
  if (report.gate && !terminalOnStdout && (!options.quiet || !report.gate.passed)) io.stderr.write(`${gateLines(report.gate).join('\n')}\n`);
}
