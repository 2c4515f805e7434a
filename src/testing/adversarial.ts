// The harness of the adversarial suite (bin/adversarial/): runs the built CLI as a child with a
// heap cap and a hard kill, and measures it, so a case that would hang or eat the machine fails
// with a figure instead of running out the test's patience. Inputs are generated at test time.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, lstatSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, ROOT, type CliRun } from './cli.js';

export interface MeasuredRun extends CliRun {
  signal: NodeJS.Signals | null;
  /** Wall time of the child, spawn to exit. */
  ms: number;
  /** Peak resident memory of the whole child process (worker threads included), MB; undefined if it died before reporting. */
  maxRssMb: number | undefined;
  /** True when the harness killed it at `killAfterMs`. */
  killed: boolean;
}

export interface MeasureOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** V8 old-space cap of the main thread, MB (default 1024): a run that grows past it dies (exit 134) instead of swapping. */
  heapMb?: number;
  /** SIGKILL after this many ms (default 60,000). */
  killAfterMs?: number;
  /** Run the child as this user and group (the tests run as root: to meet a permission error, run as nobody). */
  uid?: number;
  gid?: number;
  /** Called once the child is running (to send it SIGINT, say). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

// Writes the child's own resource usage on exit: its peak RSS covers worker threads too.
export const RUSAGE_PRELOAD =
  'data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>{try{writeFileSync(process.env.SEO_AI_RUSAGE_FILE,JSON.stringify(process.resourceUsage()))}catch{}})';

// Children still running when the test process ends (a test that timed out first) are killed,
// not left to eat the machine.
const running = new Set<import('node:child_process').ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Why the built CLI cannot run as `uid` here, or undefined when it can: a checkout in a folder
 * only its owner may enter (root's home, a `mktemp -d` folder) is out of another user's reach.
 */
export function cannotRunAs(uid: number, gid: number): string | undefined {
  const r = spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(BIN)}, require('node:fs').constants.R_OK)`], { uid, gid, encoding: 'utf8' });
  return r.status === 0 ? undefined : `uid ${uid} cannot read ${BIN} (a folder on its path lets only its owner in): clone the project where other users can read it to run this case`;
}

/** Runs `seo-ai args…` (the built CLI) and measures its time and peak memory. */
export function runMeasured(args: string[], options: MeasureOptions = {}): Promise<MeasuredRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'seo-ai-rusage-'));
  const usageFile = path.join(scratch, 'rusage.json');
  // The child writes its usage here, as whichever user it runs as.
  if (options.uid !== undefined) chmodSync(scratch, 0o777);
  const started = performance.now();
  const child = spawn(process.execPath, [`--max-old-space-size=${options.heapMb ?? 1024}`, '--import', RUSAGE_PRELOAD, BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env, SEO_AI_RUSAGE_FILE: usageFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });
  let stdout = '';
  let stderr = '';
  let killed = false;
  running.add(child);
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, options.killAfterMs ?? 60_000);
  options.onSpawn?.(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      running.delete(child);
      const ms = performance.now() - started;
      let maxRssMb: number | undefined;
      try {
        maxRssMb = (JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number }).maxRSS / 1024;
      } catch {
        maxRssMb = undefined;
      }
      rmSync(scratch, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, ms, maxRssMb, killed });
    });
  });
}

/** A fresh temporary folder for one case. */
export function scratchDir(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `seo-ai-adv-${name}-`));
}

/** Every file under `dir` (symlinks not followed) → its device:inode and the sha256 of its bytes. */
export function fileStates(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = lstatSync(p);
        out.set(path.relative(dir, p), `${st.dev}:${st.ino}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
      }
    }
  };
  walk(dir);
  return out;
}

/** The files of `before` that are gone or changed in `after` (an empty list: nothing was lost or overwritten). */
export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before].filter(([file, state]) => after.get(file) !== state).map(([file]) => file);
}
