import { existsSync, statSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gateLines } from '../report/gate-text.js';
import type { JsonReport } from '../report/json.js';
import { UsageError, type CliIo } from './io.js';
import { colorLevel, type ColorLevel } from './color.js';
import { painter } from './paint.js';
import type { OutputGuard, PlannedFile } from './no-clobber.js';
import { realTarget } from './write-atomic.js';
import { FORMATS, type Format } from './defaults.js';

export interface OutputSpec {
  format: Format;
  /** Absent: stdout. */
  file?: string;
  /** The file was named by --output (said so in messages). */
  byOutputFlag?: boolean;
}

/** Collects repeated `--format f` / `--format f=FILE` flags (commander calls it once per flag). */

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
  /** The terminal report's colour depth (see colorLevel); 0 for every file. */
  color: ColorLevel;
  verbose: boolean;
}

/** A format's text: one string, or (the JSON report) chunks written one after another. */
export type Renderer = (report: JsonReport, options: RenderOptions) => string | Iterable<string>;

/** A format's renderer, loaded when a run asks for that format (the HTML report's is the largest). */
export async function rendererFor(format: Format): Promise<Renderer> {
  switch (format) {
    case 'terminal': {
      const { formatTerminal } = await import('../report/terminal.js');
      return (report, options) => formatTerminal(report, { paint: painter(options.color), verbose: options.verbose });
    }
    case 'json': {
      const { jsonChunks } = await import('../report/json.js');
      return (report) => jsonChunks(report);
    }
    case 'sarif': {
      const { formatSarif } = await import('../report/sarif.js');
      return (report) => formatSarif(report);
    }
    case 'junit': {
      const { formatJunit } = await import('../report/junit.js');
      return (report) => formatJunit(report);
    }
    case 'github': {
      const { formatGithubAnnotations } = await import('../report/github.js');
      return (report) => formatGithubAnnotations(report);
    }
    case 'markdown': {
      // Fits a pull-request comment; the job summary (github) gets the 1 MiB version.
      const { formatMarkdown, PR_COMMENT_LIMIT } = await import('../report/markdown.js');
      return (report) => formatMarkdown(report, { limit: PR_COMMENT_LIMIT });
    }
    case 'html': {
      const { formatHtml } = await import('../report/html.js');
      return (report) => formatHtml(report);
    }
    case 'csv': {
      const { formatFindingsCsv } = await import('../report/csv.js');
      return (report) => formatFindingsCsv(report);
    }
    case 'issues-csv': {
      const { formatIssuesCsv } = await import('../report/csv.js');
      return (report) => formatIssuesCsv(report);
    }
    case 'extract-csv': {
      const { formatExtractCsv } = await import('../report/csv.js');
      return (report) => formatExtractCsv(report);
    }
  }
}

/**
 * Writes every requested format: files atomically, one format to stdout. The gate's verdict goes
 * to stderr as well when stdout carries no terminal report, so a CI log always says why it failed.
 */
export async function writeOutputs(specs: readonly OutputSpec[], report: JsonReport, io: CliIo, options: Omit<RenderOptions, 'color'> & { color: boolean; quiet: boolean }, guard: OutputGuard): Promise<void> {
  // Colours only on a terminal (or when FORCE_COLOR asks): a report piped to a file or another
  // program must not carry escape codes.
  const colorStdout = colorLevel(io.env, io.stdout.isTTY === true, options.color);
  for (const spec of specs) {
    const render = await rendererFor(spec.format);
    const text = render(report, { ...options, color: spec.file === undefined ? colorStdout : 0 });
    if (spec.file === undefined) {
      if (typeof text === 'string') io.stdout.write(text);
      else for (const chunk of text) io.stdout.write(chunk);
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
    const { githubStepSummary } = await import('../report/github.js');
    await appendFile(summary, githubStepSummary(report)).catch((err: unknown) => {
      io.stderr.write(`warning: GITHUB_STEP_SUMMARY ${summary}: cannot append the summary: ${(err as Error).message}\n`);
    });
  }
  // The verdict goes to stderr too when stdout carries no terminal report, so a CI log always says
  // why the step failed; a failure is shown even with --quiet.
  const terminalOnStdout = specs.some((s) => s.format === 'terminal' && s.file === undefined);
  if (report.gate && !terminalOnStdout && (!options.quiet || !report.gate.passed)) io.stderr.write(`${gateLines(report.gate).join('\n')}\n`);
}
