import { Option, type Command } from 'commander';

/** What the CLI touches of the world, injectable so tests can run main() in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** A usage mistake (bad flag value, unknown format): exit code 2 with the message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * An option a command no longer has under this name: hidden from help, and refused with the
 * name that replaced it (no release promised the old spellings, so they are not kept as aliases).
 */
export function renamedOption(command: Command, old: string, now: string, what: string): Command {
  return command.addOption(
    new Option(`${old} <value>`).hideHelp().argParser(() => {
      throw new UsageError(`${old} is now ${now} (${what}); run the same command with ${now}`);
    }),
  );
}

/** The same for a flag that takes no value: refused when given, with the spelling that replaced it. */
export function renamedFlag(old: string, now: string): Option {
  // An optional value with a preset, so commander runs the parser (and so the refusal) when the flag is given.
  return new Option(`${old} [unused]`).hideHelp().argParser(() => {
    throw new UsageError(`${old} is now ${now} (one flag for how anything prints); run the same command with ${now}`);
  }).preset('given');
}
