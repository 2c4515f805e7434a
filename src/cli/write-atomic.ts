import { rename, writeFile } from 'node:fs/promises';

/** Writes a file so that readers see the old content or the new, never half of it. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}
