import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Checkpoint, requestKey, type CheckpointEntry } from './checkpoint.js';

const entry = (key: string, content = `answer ${key}`): CheckpointEntry => ({ key, model: 'm', kind: 'title', content, usage: { prompt: 10, completion: 5 }, at: '2026-11-26T00:00:00.000Z' });

describe('Checkpoint', () => {
  it('appends each answer as one line and reads them back in a new run', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seo-ai-cp-')), 'cp.jsonl');
    const a = Checkpoint.open(file);
    a.append(entry('k1'));
    a.append(entry('k2', 'with "quotes"\nand a newline'));
    a.close();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    const b = Checkpoint.open(file);
    expect(b.size).toBe(2);
    expect(b.get('k2')?.content).toBe('with "quotes"\nand a newline');
  });

  it('drops a last line cut short by a crash, so the next append starts clean', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seo-ai-cp-')), 'cp.jsonl');
    writeFileSync(file, `${JSON.stringify(entry('k1'))}\n`);
    appendFileSync(file, JSON.stringify(entry('k2')).slice(0, 25)); // killed mid-write
    const cp = Checkpoint.open(file);
    expect(cp.size).toBe(1);
    expect(cp.skipped).toBe(0);
    cp.append(entry('k3'));
    cp.close();
    const again = Checkpoint.open(file);
    expect([again.get('k1'), again.get('k2'), again.get('k3')].map((e) => e?.key)).toEqual(['k1', undefined, 'k3']);
  });

  it('skips and counts lines that are not entries', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seo-ai-cp-')), 'cp.jsonl');
    writeFileSync(file, `not json\n${JSON.stringify({ hello: 1 })}\n${JSON.stringify(entry('k1'))}\n`);
    const cp = Checkpoint.open(file);
    expect(cp.size).toBe(1);
    expect(cp.skipped).toBe(2);
  });

  it('keys depend on model, prompt and schema version, never on anything else', () => {
    const k = requestKey('gpt-4o-mini', { p: 1 });
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(requestKey('gpt-4o-mini', { p: 1 })).toBe(k);
    expect(requestKey('gpt-4o', { p: 1 })).not.toBe(k);
    expect(requestKey('gpt-4o-mini', { p: 2 })).not.toBe(k);
    expect(requestKey('gpt-4o-mini', { p: 1 }, 99)).not.toBe(k);
  });
});
