import { describe, expect, it } from 'vitest';
import { compare } from '../gate/compare.js';
import { judge } from '../gate/policy.js';
import { snapshotOfReport } from '../gate/snapshot.js';
import { handReport } from '../testing/reports.js';
import type { JsonReport } from './json.js';
import { plainPainter, printable } from './painter.js';
import { formatTerminal } from './terminal.js';

const HOSTILE = 'Title "x\n::error title=Injected::forged\r\n::stop-commands::pwned\u001b[31m" is too long.';

function report(message: string, fingerprint: string): JsonReport {
  const pages = [{ url: 'https://s.example/a', score: 90, findings: [{ rule: 'title-too-long', severity: 'medium' as const, message, value: message, fix: 'Shorten it.', fingerprint }] }];
  return handReport(pages, { generatedAt: '2026-01-01T00:00:00.000Z', source: { kind: 'folder', target: 'site' } });
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
