import { spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './io.js';
import { realTarget, writeFileAtomic } from './write-atomic.js';

describe('writeFileAtomic', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-write-'));

  it('replaces a plain file whole and leaves no temp file', async () => {
    const file = path.join(dir, 'a.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes text given in pieces, as UTF-8, whole or not at all: a piece that throws leaves the old file and no temp file', async () => {
    const file = path.join(dir, 'pieces.csv');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, ['url,title\n', 'https://s.example/a,Größe 😀\n']);
    expect(readFileSync(file, 'utf8')).toBe('url,title\nhttps://s.example/a,Größe 😀\n');
    function* broken(): Generator<string> {
      yield 'url,title\n';
      throw new Error('writeCsv: row 2 has 1 fields, the header has 2');
    }
    await expect(writeFileAtomic(file, broken())).rejects.toThrow('row 2 has 1 fields');
    expect(readFileSync(file, 'utf8')).toBe('url,title\nhttps://s.example/a,Größe 😀\n');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // A file with other hard links is written in place: pieces that fail leave it (and its other names) as it was.
    const other = path.join(dir, 'pieces-backup.csv');
    linkSync(file, other);
    await expect(writeFileAtomic(file, broken())).rejects.toThrow('row 2 has 1 fields');
    expect(readFileSync(other, 'utf8')).toBe('url,title\nhttps://s.example/a,Größe 😀\n');
    await writeFileAtomic(file, ['a\n', 'b\n']);
    expect(readFileSync(other, 'utf8')).toBe('a\nb\n');
    expect(statSync(other).ino).toBe(statSync(file).ino);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes bytes that come later (from a worker thread) piece by piece, whole or not at all', async () => {
    const file = path.join(dir, 'report.html');
    writeFileSync(file, 'old');
    async function* later(fail: boolean): AsyncGenerator<string | Uint8Array> {
      yield new TextEncoder().encode('<p>Größe ');
      await new Promise((r) => setTimeout(r, 5));
      yield '😀 and ';
      if (fail) throw new Error('the html report could not be made: out of memory');
      yield new Uint8Array([0x3c, 0x2f, 0x70, 0x3e]);
    }
    await expect(writeFileAtomic(file, later(true))).rejects.toThrow('could not be made');
    expect(readFileSync(file, 'utf8')).toBe('old');
    await writeFileAtomic(file, later(false));
    expect(readFileSync(file, 'utf8')).toBe('<p>Größe 😀 and </p>');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('streams pieces to a device: /dev/null takes more than a string can hold', async () => {
    function* many(): Generator<string> {
      for (let i = 0; i < 600; i++) yield 'x'.repeat(1 << 20);
    }
    await writeFileAtomic('/dev/null', many());
  });

  it('follows a symlink: the target gets the text, the link stays a link', async () => {
    const real = path.join(dir, 'real.json');
    const link = path.join(dir, 'link.json');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    await writeFileAtomic(link, 'through the link');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('through the link');
  });

  it('writes a named pipe in place instead of replacing it with a file (as /dev/stdout would be)', async () => {
    const fifo = path.join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const chunks: Buffer[] = [];
    const read = new Promise<string>((resolve) => {
      createReadStream(fifo)
        .on('data', (c) => chunks.push(c as Buffer))
        .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    await writeFileAtomic(fifo, 'down the pipe');
    expect(await read).toBe('down the pipe');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('keeps the permissions of the file, and writes a file with other hard links in place so every name sees the new text', async () => {
    const file = path.join(dir, 'private.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    await writeFileAtomic(file, 'new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const linked = path.join(dir, 'linked.json');
    linkSync(file, linked);
    await writeFileAtomic(file, 'newer');
    expect([readFileSync(file, 'utf8'), readFileSync(linked, 'utf8')]).toEqual(['newer', 'newer']);
  });

  it('realTarget names the file a path really writes to, through symlinks, existing or not', () => {
    const real = path.join(dir, 'base.json');
    writeFileSync(real, '{}');
    symlinkSync(real, path.join(dir, 'alias.json'));
    symlinkSync(dir, path.join(dir, 'here'));
    expect(realTarget(dir, 'alias.json')).toBe(realpathSync(real));
    expect(realTarget(dir, 'here/new.json')).toBe(path.join(realpathSync(dir), 'new.json'));
    expect(realTarget(dir, 'no/such/dir/x.json')).toBe(path.join(dir, 'no/such/dir/x.json'));
  });

  it('refuses a folder, and a folder that does not exist, as usage errors naming the file', async () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    await expect(writeFileAtomic(folder, 'x')).rejects.toThrow(new UsageError(`${folder} is a folder; name a file to write`));
    const nowhere = path.join(dir, 'missing', 'x.json');
    await expect(writeFileAtomic(nowhere, 'x')).rejects.toThrow(UsageError);
    await expect(writeFileAtomic(nowhere, 'x')).rejects.toThrow(/^cannot write .*missing\/x\.json: ENOENT/);
  });
});
