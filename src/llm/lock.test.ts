import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../sources/types.js';
import { acquireLock, HEARTBEAT_MS, isStale } from './lock.js';

const lockIn = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'seo-ai-lock-')), 'out.checkpoint.jsonl.lock');
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

describe('acquireLock', () => {
  it('creates the lock with this PID, host and start time, and removes it on release (twice is harmless)', () => {
    const file = lockIn();
    const lock = acquireLock(file, 'out.checkpoint.jsonl');
    const owner = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; host: string; started: string };
    expect([owner.pid, owner.host]).toEqual([process.pid, hostname()]);
    expect(Number.isNaN(Date.parse(owner.started))).toBe(false);
    expect(lock.tookOver).toBeUndefined();
    lock.release();
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a lock a live process holds, naming it, the PID and what to do', () => {
    const file = lockIn();
    writeFileSync(file, JSON.stringify({ pid: process.ppid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
    expect(() => acquireLock(file, 'out.checkpoint.jsonl')).toThrow(
      new InputError(
        `out.checkpoint.jsonl is in use by another seo-ai optimize run (process ${process.ppid} on ${hostname()}, started 2026-01-01T00:00:00.000Z; lock file ${file}): two runs on one output would pay for every request twice. Wait for that run to finish, or write elsewhere with --output; if no such run is going on, delete ${file}`,
      ),
    );
    expect(existsSync(file)).toBe(true);
  });

  it('takes over a lock whose process is gone, and says whose it was', () => {
    const file = lockIn();
    const pid = deadPid();
    writeFileSync(file, JSON.stringify({ pid, host: hostname(), started: 'then' }));
    const lock = acquireLock(file, 'out.checkpoint.jsonl');
    expect(lock.tookOver).toEqual({ pid, host: hostname(), started: 'then' });
    expect((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('never judges another host\'s PID stale, and treats a fresh unreadable lock as held (its creator is writing it)', () => {
    expect(isStale({ pid: deadPid(), host: `${hostname()}-other`, started: '' })).toBe(false);
    const file = lockIn();
    writeFileSync(file, '');
    expect(() => acquireLock(file, 'x')).toThrow(/in use by another seo-ai optimize run \(another process; lock file/);
  });

  it('takes over another host\'s lock untouched for ten minutes (a CI container is renamed every run), not a fresher one', () => {
    const file = lockIn();
    const owner = { pid: 4242, host: `${hostname()}-ci-container`, started: 'then' };
    writeFileSync(file, JSON.stringify(owner));
    const nineMinutesAgo = new Date(Date.now() - 9 * 60_000);
    utimesSync(file, nineMinutesAgo, nineMinutesAgo);
    expect(() => acquireLock(file, 'x')).toThrow(
      `x is in use by another seo-ai optimize run (process 4242 on ${owner.host}, started then; lock file ${file}): two runs on one output would pay for every request twice. ` +
        `Wait for that run to finish, or write elsewhere with --output; if no such run is going on, delete ${file}; a run on another host touches its lock every minute, and one untouched for 10 minutes is taken over`,
    );
    const elevenMinutesAgo = new Date(Date.now() - 11 * 60_000);
    utimesSync(file, elevenMinutesAgo, elevenMinutesAgo);
    const lock = acquireLock(file, 'x');
    expect(lock.tookOver).toEqual(owner);
    lock.release();
  });

  it('touches its lock every minute while held, so other hosts see it alive', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const file = lockIn();
      const lock = acquireLock(file, 'x');
      const old = new Date(Date.now() - 30 * 60_000);
      utimesSync(file, old, old);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(60_000);
      lock.release();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a folder that does not exist is a clear error, not a crash', () => {
    const file = path.join(path.dirname(lockIn()), 'nodir', 'x.lock');
    expect(() => acquireLock(file, 'x')).toThrow(new InputError(`cannot create the lock file ${file} (ENOENT): the output's folder must exist and be writable`));
  });

  it('release leaves a lock that is no longer its own', () => {
    const file = lockIn();
    const lock = acquireLock(file, 'x');
    const other = JSON.stringify({ pid: process.ppid, host: hostname(), started: 'later' });
    writeFileSync(file, other);
    lock.release();
    expect(readFileSync(file, 'utf8')).toBe(other);
  });
});
