// One check, shared by every command that writes files, that no output lands on an input or on
// another output: by name, through a symlink (of the file or of a folder on its path), or as a
// hard link (same device and inode). It runs before any work, and again just before each write,
// so a file linked to an input while a long run went on is still refused.
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from './io.js';
import { writeFileAtomic, type FileText } from './write-atomic.js';

export interface PlannedFile {
  /** The file as the user named it (or as it was derived), relative to the working directory. */
  file: string;
  /** What it is, for messages: "the input file", "the output CSV". */
  noun: string;
  /** Outputs: how the user named it, for messages ("--output link.csv"); default: `${noun} ${file}`. */
  label?: string;
  /** Outputs: what to do instead; default "name another file". */
  fix?: string;
  /** Inputs: the promise the refusal keeps, e.g. "the input is never overwritten". */
  never?: string;
}

/** An audited folder: the files in it that the audit reads (pages, sitemaps) are inputs. */
export interface PlannedFolder {
  folder: string;
  noun: string;
  /** The names of the files the audit reads from the folder. */
  reads: RegExp;
  never?: string;
}

export type PlannedInput = PlannedFile | PlannedFolder;

/**
 * The files a source reads from disk, known once it is planned (the pages a folder's sitemap
 * names, whatever their names, and the sitemaps): an output must be none of them.
 */
export interface ReadFiles {
  files: readonly string[];
  /** "a page of the audited folder site". */
  noun: string;
  never?: string;
}

/** The config file as an input (none when no config was found), named relative to the working directory. */
export function configInput(cwd: string, configFile: string | undefined): PlannedFile[] {
  return configFile === undefined ? [] : [{ file: path.relative(cwd, configFile) || configFile, noun: 'the config file', never: 'the config is never overwritten' }];
}

interface Identity {
  /** The path the name resolves to, symlinks followed (of the folders too, for a file not yet there). */
  real: string;
  /** device:inode of an existing file: two names of one file (a hard link) share it. */
  id?: string;
  nlink: number;
}

/** Follows every symlink on the path, whether or not the file (or a link's target) exists yet. */
function resolveLoose(p: string, hops = 0): string {
  try {
    return realpathSync(p);
  } catch {
    // Not there (or not reachable): resolve the folder, then this name, which may be a dangling link.
  }
  const dir = path.dirname(p);
  if (dir === p) return p;
  const realDir = resolveLoose(dir, hops);
  const full = path.join(realDir, path.basename(p));
  let link: string | undefined;
  try {
    if (lstatSync(full).isSymbolicLink()) link = readlinkSync(full);
  } catch {
    link = undefined;
  }
  // 40 links deep is a loop (as the kernel's ELOOP says): stop following.
  return link !== undefined && hops < 40 ? resolveLoose(path.resolve(realDir, link), hops + 1) : full;
}

function identify(cwd: string, file: string): Identity {
  const real = resolveLoose(path.resolve(cwd, file));
  let info: Stats | undefined;
  try {
    info = statSync(real);
  } catch {
    info = undefined;
  }
  return info?.isFile() ? { real, id: `${info.dev}:${info.ino}`, nlink: info.nlink } : { real, nlink: 0 };
}

/** How two names are one file: the same path, through a symlink, or a hard link; undefined: two files. */
function sameFile(cwd: string, a: string, ia: Identity, b: string, ib: Identity): string | undefined {
  if (path.resolve(cwd, a) === path.resolve(cwd, b)) return 'same';
  if (ia.real === ib.real) return 'through a symlink';
  if (ia.id !== undefined && ia.id === ib.id) return 'a hard link to it';
  return undefined;
}

const labelOf = (o: PlannedFile): string => o.label ?? `${o.noun} ${o.file}`;
const isFolder = (i: PlannedInput): i is PlannedFolder => 'folder' in i;

/**
 * The file under `root` whose inode is `id`, whatever its name: overwriting one name of a file
 * with several overwrites them all, and a file of the audited folder is never written.
 */
function hardLinkIn(root: string, id: string, budget = { left: 100_000 }): string | undefined {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const e of entries) {
    if (--budget.left < 0) return undefined;
    const full = path.join(root, e.name);
    if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') {
      const found = hardLinkIn(full, id, budget);
      if (found) return found;
    } else if (e.isFile()) {
      const info = statSync(full, { throwIfNoEntry: false });
      if (info && `${info.dev}:${info.ino}` === id) return full;
    }
  }
  return undefined;
}

/** Why `out` must not be written (it is `input`), or undefined. */
function clashWithInput(cwd: string, out: PlannedFile, io: Identity, input: PlannedInput): string | undefined {
  const tail = (never?: string): string => `; ${out.fix ?? 'name another file'}${never ? ` (${never})` : ''}`;
  if (isFolder(input)) {
    const root = resolveLoose(path.resolve(cwd, input.folder));
    const inside = io.real.startsWith(root + path.sep);
    if (inside && io.id !== undefined && input.reads.test(path.basename(io.real))) {
      return `${labelOf(out)} is a file of ${input.noun} ${input.folder} (${path.relative(cwd, io.real) || io.real})${tail(input.never)}`;
    }
    // Another name of a file of the folder (in it or not): only a file with several names can be one.
    if (io.id !== undefined && io.nlink > 1) {
      const found = hardLinkIn(root, io.id);
      if (found) return `${labelOf(out)} is a file of ${input.noun} ${input.folder} (${path.relative(cwd, found) || found}, a hard link to it)${tail(input.never)}`;
    }
    return undefined;
  }
  const how = sameFile(cwd, out.file, io, input.file, identify(cwd, input.file));
  if (how === undefined) return undefined;
  return `${labelOf(out)} is ${input.noun}${how === 'same' ? '' : ` ${input.file} (${how})`}${tail(input.never)}`;
}

/**
 * Refuses (a usage error, exit 2, naming both files) when any output is an input or another
 * output. Returns the writer the command then uses for each output, which checks again at write time.
 */
export function guardOutputs(cwd: string, inputs: readonly PlannedInput[], outputs: readonly PlannedFile[]): OutputGuard {
  const ids = outputs.map((o) => identify(cwd, o.file));
  outputs.forEach((out, i) => {
    for (const input of inputs) {
      const why = clashWithInput(cwd, out, ids[i]!, input);
      if (why) throw new UsageError(why);
    }
    for (let j = 0; j < i; j++) {
      const earlier = outputs[j]!;
      const how = sameFile(cwd, out.file, ids[i]!, earlier.file, ids[j]!);
      if (how) throw new UsageError(`${labelOf(out)} is also ${earlier.noun}${how === 'same' ? '' : ` ${earlier.file} (${how})`}; ${out.fix ?? 'name another file'}`);
    }
  });
  const inputIds = new Map<string, PlannedFile>();
  for (const input of inputs) {
    if (isFolder(input)) continue;
    const id = identify(cwd, input.file).id;
    if (id !== undefined) inputIds.set(id, input);
  }
  return new OutputGuard(cwd, inputs, outputs, inputIds);
}

export class OutputGuard {
  private readonly read: { set: ReadFiles; ids?: Map<string, string> }[] = [];

  constructor(
    private readonly cwd: string,
    private readonly inputs: readonly PlannedInput[],
    private readonly outputs: readonly PlannedFile[],
    /** The inputs' inodes when the run began: an input renamed away is still the file read. */
    private readonly inputIds: ReadonlyMap<string, PlannedFile>,
  ) {}

  /**
   * Adds the files a source reads, once it knows them, and refuses (a usage error) when an
   * output already is one of them. Only an output that exists can be a file read (a file
   * does not share its inode with one not there yet), so the files are looked at only then.
   */
  readAlso(set: ReadFiles): void {
    const entry: { set: ReadFiles; ids?: Map<string, string> } = { set };
    this.read.push(entry);
    for (const out of this.outputs) {
      const why = this.clashWithRead(out, identify(this.cwd, out.file), entry);
      if (why) throw new UsageError(why);
    }
  }

  private clashWithRead(out: PlannedFile, io: Identity, entry: { set: ReadFiles; ids?: Map<string, string> }): string | undefined {
    if (io.id === undefined) return undefined;
    entry.ids ??= idsOf(this.cwd, entry.set.files);
    const file = entry.ids.get(io.id);
    if (file === undefined) return undefined;
    const rel = path.relative(this.cwd, path.resolve(this.cwd, file)) || file;
    const how = path.resolve(this.cwd, out.file) === path.resolve(this.cwd, file) ? '' : io.real === resolveLoose(path.resolve(this.cwd, file)) ? ', through a symlink' : ', a hard link to it';
    return `${labelOf(out)} is ${entry.set.noun} (${rel}${how}); ${out.fix ?? 'name another file'}${entry.set.never ? ` (${entry.set.never})` : ''}`;
  }

  /**
   * Writes one planned output atomically, after checking it again against the inputs: the check
   * sits on the very stat the writer uses, so a hard link written in place cannot be an input.
   */
  async write(file: string, text: FileText): Promise<void> {
    const out = this.outputs.find((o) => o.file === file) ?? { file, noun: 'the output' };
    const io = identify(this.cwd, file);
    for (const input of this.inputs) {
      const why = clashWithInput(this.cwd, out, io, input);
      if (why) throw new UsageError(`${why}; nothing more written`);
    }
    for (const entry of this.read) {
      const why = this.clashWithRead(out, io, entry);
      if (why) throw new UsageError(`${why}; nothing more written`);
    }
    await writeFileAtomic(path.resolve(this.cwd, file), text, {
      check: (info) => {
        const id = `${info.dev}:${info.ino}`;
        for (const entry of this.read) {
          entry.ids ??= idsOf(this.cwd, entry.set.files);
          const file = entry.ids.get(id);
          if (file !== undefined) throw new UsageError(`${labelOf(out)} is now ${entry.set.noun} (${file}, a link made during the run); ${out.fix ?? 'name another file'}${entry.set.never ? ` (${entry.set.never})` : ''}; nothing more written`);
        }
        const input = this.inputIds.get(id);
        if (input) throw new UsageError(`${labelOf(out)} is now ${input.noun} ${input.file} (a link made during the run); ${out.fix ?? 'name another file'}${input.never ? ` (${input.never})` : ''}; nothing more written`);
      },
    });
  }
}

/** device:inode → the file, for the files that exist (symlinks followed). */
function idsOf(cwd: string, files: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const file of files) {
    let info: Stats | undefined;
    try {
      info = statSync(path.resolve(cwd, file), { throwIfNoEntry: false });
    } catch {
      info = undefined; // unreadable: not read by the source either
    }
    if (info?.isFile()) ids.set(`${info.dev}:${info.ino}`, file);
  }
  return ids;
}
