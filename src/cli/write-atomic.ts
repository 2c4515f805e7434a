import { existsSync, realpathSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { chmod, copyFile, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './io.js';

/**
 * Writes a file so that readers see the old content or the new, never half of it: a temp file
 * renamed over the target, with the target's permissions. A symlink is followed (its target is
 * replaced, not the link); a device, a pipe (/dev/stdout, a FIFO) or a file with several hard
 * links is written in place: renaming over those would replace them with a plain file.
 * `check` sees the target as it is about to be written (an OutputGuard refuses an input there:
 * an in-place write to a hard link would otherwise change every name of that file).
 */
export type FileText = string | Uint8Array | Iterable<string> | AsyncIterable<string | Uint8Array>;

/** Writes `text` to `file` (opened with `flag`): a string or bytes at once, an iterable piece by piece (text as UTF-8). */
async function put(file: string, text: FileText, flag: string): Promise<void> {
  if (typeof text === 'string' || text instanceof Uint8Array) return writeFile(file, text, { flag });
  const handle = await open(file, flag);
  try {
    for await (const piece of text) {
      if (typeof piece === 'string') await handle.write(piece, null, 'utf8');
      else for (let at = 0; at < piece.byteLength; ) at += (await handle.write(piece, at, piece.byteLength - at)).bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(file: string, text: FileText, options: { check?: (info: Stats) => void } = {}): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`${file} is a folder; name a file to write`);
  if (info) options.check?.(info);
  // A device or pipe is written in place; so is a file with other hard links, which a rename
  // would leave holding the old text.
  // A device or pipe (/dev/stdout) takes the pieces as they come: there is no old content to keep.
  if (info && !info.isFile()) {
    await put(target, text, 'w');
    return;
  }
  if (info && info.nlink > 1 && !(typeof text === 'string' || text instanceof Uint8Array)) {
    // In place, but only once every piece is written: to a temporary file first, then copied over
    // (the same inode, so every name of the file sees the new text). Pieces that fail half-way
    // leave the file as it was.
    const staged = `${target}.${process.pid}.tmp`;
    try {
      await put(staged, text, 'wx');
    } catch (err) {
      // Another's file is left alone; our half-written one goes.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`cannot write ${file}: ${staged} is in the way (left by another run?); remove it`);
      await rm(staged, { force: true });
      throw err;
    }
    try {
      await copyFile(staged, target);
    } finally {
      await rm(staged, { force: true });
    }
    return;
  }
  if (info && info.nlink > 1) {
    await put(target, text, 'w');
    return;
  }
  const temp = `${target}.${process.pid}.tmp`;
  try {
    // 'wx': the temporary name is never a file that is already there.
    await put(temp, text, 'wx');
    // The new file keeps the old one's permissions (a report kept private stays private).
    if (info) await chmod(temp, info.mode & 0o7777);
    await rename(temp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`cannot write ${file}: ${temp} is in the way (left by another run?); remove it`);
    await rm(temp, { force: true });
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || code === 'EROFS' || code === 'ENOSPC') {
      throw new UsageError(`cannot write ${file}: ${(err as Error).message}`);
    }
    throw err;
  }
}

/**
 * The file a name will really write to: symlinks followed (in the folder too), so two names for
 * one file compare equal, as they must when a report could land on the baseline through a link.
 */
export function realTarget(cwd: string, file: string): string {
  const full = path.resolve(cwd, file);
  if (existsSync(full)) return realpathSync(full);
  const dir = path.dirname(full);
  return existsSync(dir) ? path.join(realpathSync(dir), path.basename(full)) : full;
}
