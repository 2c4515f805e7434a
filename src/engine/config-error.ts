/** A mistake in the config: its message names the file, and where known the line and the key. */
export class ConfigError extends Error {
  /** Where in the config the mistake is (e.g. ['rules', 'title-too-long']), so a loader can show the line. */
  declare readonly path?: readonly (string | number)[];
  /** The message without the file in front: what a loader puts after its own `file:line:column: `. */
  declare readonly detail?: string;
  /** With `path`: the key itself is at fault (an unknown key), not its value. */
  declare readonly atKey?: boolean;
  /** Lines shown under the message (the offending line and a caret), printed each on its own line. */
  declare readonly excerpt?: readonly string[];

  constructor(message: string, more: { path?: readonly (string | number)[]; detail?: string; atKey?: boolean; excerpt?: readonly string[] } = {}) {
    super(message);
    this.name = 'ConfigError';
    // Not enumerable: the error compares and prints as its message alone.
    for (const [key, value] of Object.entries(more)) Object.defineProperty(this, key, { value, enumerable: false });
  }
}
