// An exclusive lock on a checkpoint: two optimize runs writing the same output would both send
// every request (the second sees none of the first's answers in time) and pay twice. The lock is a
// file beside the checkpoint, created atomically ('wx'), holding the PID, host and start time of
// the run that holds it. A lock whose PID is not alive on this host is stale (a run killed with
// kill -9, or a crashed machine) and is taken over, with a note. Another host's PIDs cannot be
// tested, so a run touches its lock every minute, and a lock from another host (a CI container,
// whose name changes every run, or a machine sharing the folder) is stale once untouched for
// FOREIGN_STALE_MS.
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError } from '../sources/types.js';

export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the run took the lock. */
  started: string;
}

export interface HeldLock {
  file: string;
  /** The stale lock this run took over, if it did. */
  tookOver?: LockOwner;
  /** Removes the lock if it is still this run's; safe to call more than once. */
  release(): void;
}

/** A lock file being written by its creator this instant reads empty: it is someone's for this long. */
const FRESH_MS = 10_000;
/** How often a run touches its lock. */
export const HEARTBEAT_MS = 60_000;
/** A lock from another host untouched this long is stale: ten heartbeats missed. */
export const FOREIGN_STALE_MS = 10 * HEARTBEAT_MS;

/** Takes the lock `file`, or throws an InputError (exit 2) saying which run holds it and what to do. */
export function acquireLock(file: string, what: string): HeldLock {
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  let tookOver: LockOwner | undefined;
  // A few tries at most: a stale lock is moved aside, then the lock is created again.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(file, me)) return held(file, me, tookOver);
    const owner = readOwner(file);
    if (owner === 'gone') continue; // released between our create and read: try again
    if (owner !== 'unreadable' && !isStale(owner, file)) throw heldBy(file, what, owner);
    if (owner === 'unreadable' && ageMs(file) < FRESH_MS) throw heldBy(file, what, undefined);
    const aside = takeAside(file, owner);
    if (aside === 'raced') continue;
    if (aside !== undefined) throw heldBy(file, what, aside);
    if (owner !== 'unreadable') tookOver = owner;
  }
  throw heldBy(file, what, undefined);
}

function create(file: string, me: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR') {
      throw new InputError(`cannot create the lock file ${file} (${code}): the output's folder must exist and be writable`);
    }
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOwner(file: string): LockOwner | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && Number.isInteger(o.pid) && o.pid > 0 && typeof o.host === 'string') return { pid: o.pid, host: o.host, started: String(o.started ?? '') };
  } catch {
    // written halfway, or not ours: judged by its age
  }
  return 'unreadable';
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * The owner's process is gone: on this host, its PID is not alive; from another host (whose PIDs
 * are not ours to test), the lock `file` has not been touched for FOREIGN_STALE_MS.
 */
export function isStale(owner: LockOwner, file?: string): boolean {
  if (owner.host !== hostname()) return file !== undefined && ageMs(file) > FOREIGN_STALE_MS;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: alive, another user's process.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves a stale lock aside by an atomic rename, which only one of two runs taking it over can do.
 * If what was moved is not the stale lock judged (another run took it over and created its own
 * between our read and the rename), it is put back and its owner returned. 'raced': the lock was
 * gone already; undefined: moved aside, the lock is free.
 */
function takeAside(file: string, judged: LockOwner | 'unreadable'): LockOwner | 'raced' | undefined {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'raced';
    throw error;
  }
  const moved = readOwner(aside);
  const same = judged === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.pid === judged.pid && moved.started === judged.started;
  if (!same && typeof moved === 'object' && !isStale(moved, aside)) {
    try {
      linkSync(aside, file); // back, unless a third run has created one meanwhile
    } catch {
      // that run holds the lock now; the one moved aside will find its lock gone and leave it
    }
    unlinkQuiet(aside);
    return moved;
  }
  unlinkQuiet(aside);
  return undefined;
}

function held(file: string, me: LockOwner, tookOver: LockOwner | undefined): HeldLock {
  let released = false;
  // The heartbeat that tells other hosts this run is alive; unref'd, so it never keeps a run going.
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // gone or taken over: release() finds out
    }
  }, HEARTBEAT_MS).unref();
  const release = (): void => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    process.off('exit', release);
    // Only our own lock: never one another run created after ours was taken over.
    const owner = readOwner(file);
    if (typeof owner === 'object' && owner.pid === me.pid && owner.started === me.started) unlinkQuiet(file);
  };
  // A last resort for an exit that skips the caller's finally (process.exit, an uncaught error).
  process.on('exit', release);
  return { file, release, ...(tookOver ? { tookOver } : {}) };
}

function heldBy(file: string, what: string, owner: LockOwner | undefined): InputError {
  const who = owner ? `process ${owner.pid} on ${owner.host}${owner.started ? `, started ${owner.started}` : ''}` : 'another process';
  // Another host's run is known gone only when its heartbeat stops: say when the lock is free.
  const foreign = owner !== undefined && owner.host !== hostname() ? `; a run on another host touches its lock every minute, and one untouched for ${FOREIGN_STALE_MS / 60_000} minutes is taken over` : '';
  return new InputError(
    `${what} is in use by another seo-ai optimize run (${who}; lock file ${file}): two runs on one output would pay for every request twice. ` +
      `Wait for that run to finish, or write elsewhere with --output; if no such run is going on, delete ${file}${foreign}`,
  );
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
