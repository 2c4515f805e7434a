import { realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { UsageError } from './io.js';

/**
 * Writes a file so that readers see the old content or the new, never half of it: a temp file
 * renamed over the target. A symlink is followed (its target is replaced, not the link), and a
 * device or pipe (/dev/stdout, a FIFO) is written in place: renaming over those would replace
 * them with a plain file.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`${file} is a folder; name a file to write`);
  if (info && !info.isFile()) {
    await writeFile(target, text);
    return;
  }
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || code === 'EROFS' || code === 'ENOSPC') {
      throw new UsageError(`cannot write ${file}: ${(err as Error).message}`);
    }
    throw err;
  }
}
