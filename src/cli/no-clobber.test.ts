import { linkSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardOutputs } from './no-clobber.js';

const scratch = (): string => mkdtempSync(path.join(tmpdir(), 'seo-ai-clobber-'));
const input = { file: 'in.csv', noun: 'the input file', never: 'the input is never overwritten' };

describe('guardOutputs', () => {
  it('follows a dangling symlink to where it would write', () => {
    const dir = scratch();
    symlinkSync('sub/x.csv', path.join(dir, 'a.csv'));
    symlinkSync('sub/x.csv', path.join(dir, 'b.csv'));
    expect(() => guardOutputs(dir, [], [{ file: 'a.csv', noun: 'the output CSV' }, { file: 'b.csv', noun: 'the report', label: '--report b.csv' }])).toThrow(
      '--report b.csv is also the output CSV a.csv (through a symlink); name another file',
    );
  });

  it('refuses at write time a hard link to the input made after the check, and writes nothing', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'in.csv'), 'url\n');
    const guard = guardOutputs(dir, [input], [{ file: 'out.csv', noun: 'the output CSV', label: '--output out.csv' }]);
    linkSync(path.join(dir, 'in.csv'), path.join(dir, 'out.csv'));
    await expect(guard.write('out.csv', 'changed')).rejects.toThrow('--output out.csv is the input file in.csv (a hard link to it); name another file (the input is never overwritten); nothing more written');
    expect(readFileSync(path.join(dir, 'in.csv'), 'utf8')).toBe('url\n');
  });

  it('refuses at write time the input renamed and linked under the output name during the run', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'in.csv'), 'url\n');
    const guard = guardOutputs(dir, [input], [{ file: 'out.csv', noun: 'the output CSV', label: '--output out.csv' }]);
    linkSync(path.join(dir, 'in.csv'), path.join(dir, 'out.csv'));
    rmSync(path.join(dir, 'in.csv'));
    await expect(guard.write('out.csv', 'changed')).rejects.toThrow('--output out.csv is now the input file in.csv (a link made during the run)');
    expect(readFileSync(path.join(dir, 'out.csv'), 'utf8')).toBe('url\n');
  });

  it('lets distinct files through and writes them', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'in.csv'), 'url\n');
    const guard = guardOutputs(dir, [input], [{ file: 'out.csv', noun: 'the output CSV' }]);
    await guard.write('out.csv', 'new');
    expect(readFileSync(path.join(dir, 'out.csv'), 'utf8')).toBe('new');
  });
});
