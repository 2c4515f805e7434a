import { Command, CommanderError } from 'commander';
import { ConfigError } from '../engine/config-error.js';
import { InputError } from '../sources/types.js';
import { registerCommands } from './commands.js';
import { collectFormats, FORMATS } from './defaults.js';
import { processIo, UsageError, type CliIo } from './io.js';
import { numberArg } from './numbers.js';
import { toolInfo } from './version.js';
import { printable } from '../report/painter.js';

/**
 * The global flags each command reads (--debug and --no-color are for every command). Any other
 * global flag given to a command is a usage error naming what it is for, never silently ignored.
 */
const GLOBALS_READ: Record<string, readonly string[]> = {
  audit: ['config', 'format', 'output', 'quiet', 'minScore'],
  diff: ['config', 'format', 'output', 'quiet', 'minScore'],
  optimize: ['config', 'output', 'quiet'],
  apply: ['config', 'output', 'quiet'],
  rules: ['config', 'format'],
  init: [],
};

const GLOBAL_FLAG: Record<string, { flag: string; for: string }> = {
  config: { flag: '--config', for: 'the config file is read by audit, diff, optimize, apply and rules' },
  format: { flag: '--format', for: 'report formats are for audit and diff (rules prints json, markdown or terminal)' },
  output: { flag: '--output', for: 'audit, diff, optimize and apply write to --output' },
  quiet: { flag: '--quiet', for: 'audit, diff, optimize and apply print progress and warnings it silences' },
  minScore: { flag: '--min-score', for: "it is the gate's threshold, for audit and diff" },
};

function refuseGlobalsThatMeanNothing(program: Command, command: string): void {
  const reads = GLOBALS_READ[command];
  if (reads === undefined) return;
  for (const [name, about] of Object.entries(GLOBAL_FLAG)) {
    if (program.getOptionValueSource(name) !== 'cli' || reads.includes(name)) continue;
    throw new UsageError(`${about.flag} means nothing to seo-ai ${command}: ${about.for}; leave it out`);
  }
}

/** Runs the CLI and returns its exit code: 0 ok, 1 over a threshold, 2 bad input or error. Never exits the process. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('seo-ai')
    .description('SEO audit from the command line: rule-based checks, page and site scores, reports')
    .version(toolInfo().version, '-V, --version')
    .option('-c, --config <file>', 'config file (default: nearest seo-ai.config.json)')
    .option('-f, --format <format[=file]>', `report format: ${FORMATS.join(', ')} (default terminal); repeat for several, each to its own file: --format json=report.json --format html=report.html`, collectFormats)
    .option('-o, --output <file>', 'write the report (the one format given without a file) to this file instead of stdout')
    .option('-q, --quiet', 'no progress line and no warnings')
    .option('--debug', 'print stack traces of errors')
    .option('--no-color', 'no colours, whatever FORCE_COLOR says (NO_COLOR=1 also turns them off, unless FORCE_COLOR is set)')
    .option('--min-score <n>', 'exit 1 when the site score is below n (config gate.minScore)', numberArg('--min-score', { min: 0, max: 100 }))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  program.hook('preAction', (_cmd, action) => {
    refuseGlobalsThatMeanNothing(program, action.name());
  });
  registerCommands(program, io, setExit);

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes were already printed by commander.
      return err.exitCode === 0 ? 0 : 2;
    }
    const known = err instanceof InputError || err instanceof ConfigError || err instanceof UsageError;
    const message = err instanceof Error ? err.message : String(err);
    // One line, no control characters: a message may quote a CSV cell or a URL from the input.
    io.stderr.write(`seo-ai: ${known ? '' : 'internal error: '}${printable(message)}\n`);
    // A config mistake's line and a caret under it: each line printable on its own.
    if (err instanceof ConfigError && err.excerpt) io.stderr.write(err.excerpt.map((line) => `${printable(line)}\n`).join(''));
    if (program.opts<{ debug?: boolean }>().debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    else if (!known) io.stderr.write('run again with --debug for the stack trace, and report it\n');
    return 2;
  }
}
