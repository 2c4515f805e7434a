import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of V8's .cpuprofile and .heapprofile formats the summary reads. */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

export interface Hotspot {
  name: string;
  where: string;
  share: number;
}

function frameName(f: CallFrame): { name: string; where: string } {
  const file = f.url ? f.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '') : '(native)';
  return { name: f.functionName || '(anonymous)', where: f.url ? `${file}:${f.lineNumber + 1}` : file };
}

function top(totals: Map<string, { name: string; where: string; value: number }>, all: number, n: number): Hotspot[] {
  return [...totals.values()]
    .sort((a, b) => b.value - a.value)
    .slice(0, n)
    .map((t) => ({ name: t.name, where: t.where, share: all === 0 ? 0 : t.value / all }));
}

/** Our own compiled code, as opposed to Node internals, natives and dependencies. */
const OWN_CODE = /\/dist\/(src|rules)\//;

/**
 * Self time by function and by file from a V8 CPU profile, and time by "owner": the nearest
 * function of our own code on the stack, so time spent in URL parsing or a regex lands on the
 * caller that asked for it.
 */
export function summariseCpu(file: string, n = 20): { byFunction: Hotspot[]; byFile: Hotspot[]; byOwner: Hotspot[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const ownerCache = new Map<number, CallFrame | undefined>();
  const ownerOf = (id: number): CallFrame | undefined => {
    if (ownerCache.has(id)) return ownerCache.get(id);
    const node = byId.get(id);
    let owner: CallFrame | undefined;
    if (node && OWN_CODE.test(node.callFrame.url)) owner = node.callFrame;
    else {
      const up = parent.get(id);
      owner = up === undefined ? undefined : ownerOf(up);
    }
    ownerCache.set(id, owner);
    return owner;
  };
  const fns = new Map<string, { name: string; where: string; value: number }>();
  const files = new Map<string, { name: string; where: string; value: number }>();
  const owners = new Map<string, { name: string; where: string; value: number }>();
  let all = 0;
  profile.samples.forEach((id, k) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[k] ?? 0;
    if (!node) return;
    all += dt;
    const { name, where } = frameName(node.callFrame);
    const key = `${name}@${where}`;
    const f = fns.get(key) ?? { name, where, value: 0 };
    f.value += dt;
    fns.set(key, f);
    const fileKey = where.replace(/:\d+$/, '');
    const g = files.get(fileKey) ?? { name: fileKey, where: '', value: 0 };
    g.value += dt;
    files.set(fileKey, g);
    const owner = ownerOf(id);
    const o = owner ? frameName(owner) : { name: '(outside our code)', where: '' };
    const ownerKey = `${o.name}@${o.where}`;
    const h = owners.get(ownerKey) ?? { ...o, value: 0 };
    h.value += dt;
    owners.set(ownerKey, h);
  });
  return { byFunction: top(fns, all, n), byFile: top(files, all, n), byOwner: top(owners, all, n) };
}

/** Bytes still allocated at the end, by allocating function, from a V8 sampling heap profile. */
export function summariseHeap(file: string, n = 20): { byFunction: Hotspot[]; totalMB: number } {
  const root = (JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode }).head;
  const fns = new Map<string, { name: string; where: string; value: number }>();
  let all = 0;
  const walk = (node: HeapNode): void => {
    if (node.selfSize > 0) {
      const { name, where } = frameName(node.callFrame);
      const key = `${name}@${where}`;
      const f = fns.get(key) ?? { name, where, value: 0 };
      f.value += node.selfSize;
      fns.set(key, f);
      all += node.selfSize;
    }
    for (const c of node.children) walk(c);
  };
  walk(root);
  return { byFunction: top(fns, all, n), totalMB: all / 1024 / 1024 };
}

/** The newest profile with this extension in a folder. */
export function newestProfile(dir: string, ext: string): string | undefined {
  const found = readdirSync(dir).filter((f) => f.endsWith(ext)).sort();
  const last = found[found.length - 1];
  return last === undefined ? undefined : path.join(dir, last);
}

export function formatHotspots(title: string, spots: Hotspot[]): string {
  const lines = [title];
  for (const s of spots) lines.push(`  ${(s.share * 100).toFixed(1).padStart(5)} %  ${s.name.padEnd(32)} ${s.where}`);
  return lines.join('\n');
}
