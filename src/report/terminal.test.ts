import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { compare } from '../gate/compare.js';
import { judge } from '../gate/policy.js';
import { snapshotOfReport } from '../gate/snapshot.js';
import type { JsonReport } from './json.js';
import { plainPainter, printable } from './painter.js';
import { formatTerminal } from './terminal.js';

const HOSTILE = 'Title "x\n::error title=Injected::forged\r\n::stop-commands::pwned\u001b[31m" is too long.';

function report(message: string, fingerprint: string): JsonReport {
  const pages = [{ url: 'https://s.example/a', score: 90, findings: [{ rule: 'title-too-long', severity: 'medium' as const, message, value: message, fix: 'Shorten it.', fingerprint }] }];
  return {
    schemaVersion: 1,
    tool: { name: 'seo-ai', version: '0.1.0' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    source: { kind: 'folder', target: 'site' },
    partial: false,
    summary: { pages: 1, score: 90, distribution: { good: 1, 'needs-improvement': 0, poor: 0 }, bySeverity: { critical: 0, high: 0, medium: 1, low: 0 }, byRule: { 'title-too-long': { severity: 'medium', findings: 1, pages: 1 } } },
    weights: DEFAULT_WEIGHTS,
    notApplicable: [],
    errors: [],
    notes: [],
    pages,
  };
}

describe('terminal report: page text cannot forge CI log lines', () => {
  it('printable flattens line breaks and drops control characters', () => {
    expect(printable(HOSTILE)).toBe('Title "x ::error title=Injected::forged ::stop-commands::pwned[31m" is too long.');
  });

  it('no line of the report, verdict included, starts with a workflow command or holds an ESC', () => {
    const before = report('Title is 70 characters long.', 'old');
    const after = report(HOSTILE, 'new');
    const comparison = compare(snapshotOfReport(before, 'b.json'), snapshotOfReport(after, 'now'));
    const text = formatTerminal({ ...after, comparison, gate: judge(90, comparison, { failOn: 'medium' }) }, { paint: plainPainter, verbose: true });
    expect(text).toContain('      medium   title-too-long  Title "x ::error title=Injected::forged ::stop-commands::pwned[31m" is too long.');
    for (const line of text.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
    expect(text).not.toMatch(/[\u001b\r]/);
  });
});
