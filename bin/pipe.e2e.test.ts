// `seo-ai … | head`: the reader closes the pipe after the first lines. What is left has no one to
// read it, which is no failure: no stack trace, exit 0, and files the run writes are still written.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../src/testing/cli.js';

const FLINK = path.join(ROOT, 'fixtures/pages/flink-web');

/** Runs the CLI with stdout read until `bytes` have come, then closed, as `head -c` does. */
function headOf(args: string[], bytes: number): Promise<{ code: number | null; head: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let head = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (head.length >= bytes) return;
      head += d;
      if (head.length >= bytes) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, head: head.slice(0, bytes), stderr }));
  });
}

describe('output piped into a reader that stops early', () => {
  it.each(['json', 'sarif', 'html', 'terminal'])('%s: ends quietly with 0', async (format) => {
    const r = await headOf(['--quiet', '--format', format, 'audit', FLINK, '--verbose'], 64);
    expect(r.head.length).toBe(64);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('still writes the files the run writes, and says nothing of the closed pipe', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-pipe-'));
    try {
      const html = path.join(dir, 'report.html');
      const r = await headOf(['--quiet', '--format', 'json', '--format', `html=${html}`, 'audit', FLINK], 16);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(readFileSync(html, 'utf8')).toMatch(/<\/html>\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
