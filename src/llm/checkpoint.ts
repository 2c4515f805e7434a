// The request cache and checkpoint: one JSON line per answered request, appended the moment the
// answer arrives, keyed by a hash of (model, prompt, schema version). A rerun, or a run resumed
// after a crash or `kill -9`, reads it back and pays for nothing already answered.
// Never holds the API key: only the model, the key hash, the answer and its usage.
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';

/** Bump when prompts or output handling change meaning, so old answers are not reused. */
export const PROMPT_SCHEMA_VERSION = 1;

export interface CheckpointEntry {
  key: string;
  model: string;
  /** What was asked for: "title", "meta", "h1", "faq". */
  kind: string;
  /** The model's answer as received (cleaning happens after reading it back). */
  content: string;
  usage: { prompt: number; completion: number };
  /** ISO time of the answer. */
  at: string;
}

export function requestKey(model: string, prompt: unknown, schemaVersion = PROMPT_SCHEMA_VERSION): string {
  return createHash('sha256').update(`${model}\0${JSON.stringify(prompt)}\0${schemaVersion}`).digest('hex');
}

/**
 * A line of the checkpoint that is no answer: what optimize --batch did (the run's id, files
 * uploaded, batches created and collected, requests that failed), kept with the answers so that a
 * rerun, however the last one ended, knows what was already sent and paid for.
 */
export interface CheckpointRecord {
  record: string;
  [field: string]: unknown;
}

export class Checkpoint {
  private readonly entries = new Map<string, CheckpointEntry>();
  /** The records (see CheckpointRecord), in the order written. */
  readonly records: CheckpointRecord[] = [];
  private fd: number | undefined;
  /** Lines that could not be read back (a torn last line after a crash is repaired, not counted). */
  readonly skipped: number;

  private constructor(
    readonly file: string,
    entries: (CheckpointEntry | CheckpointRecord)[],
    skipped: number,
    private readonly readOnly = false,
  ) {
    for (const e of entries) {
      if ('record' in e) this.records.push(e);
      else this.entries.set(e.key, e);
    }
    this.skipped = skipped;
  }

  /**
   * Opens (or creates) the checkpoint. A last line cut short by a crash mid-write is dropped from
   * the file, so the next append starts on a line of its own.
   */
  static open(file: string, options: { readOnly?: boolean } = {}): Checkpoint {
    const entries: (CheckpointEntry | CheckpointRecord)[] = [];
    let skipped = 0;
    if (existsSync(file)) {
      const bytes = readFileSync(file);
      const complete = bytes.lastIndexOf(0x0a) + 1;
      if (complete < bytes.length && !options.readOnly) {
        const fd = openSync(file, 'r+');
        try {
          ftruncateSync(fd, complete);
        } finally {
          closeSync(fd);
        }
      }
      for (const line of bytes.subarray(0, complete).toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          const e = JSON.parse(line) as CheckpointEntry | CheckpointRecord;
          if (typeof (e as CheckpointRecord).record === 'string' || (typeof (e as CheckpointEntry).key === 'string' && typeof (e as CheckpointEntry).content === 'string')) entries.push(e);
          else skipped++;
        } catch {
          skipped++;
        }
      }
    }
    return new Checkpoint(file, entries, skipped, options.readOnly === true);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CheckpointEntry | undefined {
    return this.entries.get(key);
  }

  /** Appends one answer and writes it through before returning: it survives `kill -9` from here on. */
  append(entry: CheckpointEntry): void {
    if (this.readOnly) throw new Error(`checkpoint ${this.file} was opened read-only`);
    this.entries.set(entry.key, entry);
    this.write(entry);
  }

  /** Appends a record, written through as an answer is. */
  appendRecord(record: CheckpointRecord): void {
    if (this.readOnly) throw new Error(`checkpoint ${this.file} was opened read-only`);
    this.records.push(record);
    this.write(record);
  }

  private write(line: CheckpointEntry | CheckpointRecord): void {
    this.fd ??= openSync(this.file, 'a');
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  static bytes(file: string): number {
    return existsSync(file) ? statSync(file).size : 0;
  }
}
