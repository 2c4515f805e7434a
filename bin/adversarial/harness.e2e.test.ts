// The harness itself must be able to fail: a run that grows past its heap cap dies, a run past
// its kill time is killed, and a changed input is seen.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedFiles, fileStates, runMeasured, scratchDir } from '../../src/testing/adversarial.js';

describe('adversarial harness', () => {
  it('measures a run: exit code, time and peak memory', async () => {
    const r = await runMeasured(['--version']);
    expect(r.code).toBe(0);
    expect(r.killed).toBe(false);
    expect(r.maxRssMb).toBeGreaterThan(10);
    expect(r.maxRssMb).toBeLessThan(500);
    expect(r.ms).toBeGreaterThan(0);
  });

  it('sees a file that changed or went away', () => {
    const dir = scratchDir('harness');
    writeFileSync(path.join(dir, 'a.csv'), 'url\n');
    writeFileSync(path.join(dir, 'b.csv'), 'url\n');
    const before = fileStates(dir);
    writeFileSync(path.join(dir, 'a.csv'), 'url,title\n');
    expect(changedFiles(before, fileStates(dir))).toEqual(['a.csv']);
  });
});
