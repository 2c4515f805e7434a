import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../audit.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { summarize } from '../engine/score.js';
import { formatJson, toJsonReport } from './json.js';

const page = (url: string, origin?: string): AuditResult['pages'][number] => ({ url, ...(origin !== undefined ? { origin } : {}), score: 100, findings: [], warnings: [] });

function result(pages: AuditResult['pages'], errors: AuditResult['errors'] = []): AuditResult {
  return { summary: summarize(pages), pages, notApplicable: [], source: { kind: 'folder', target: 'site' }, errors, notes: [], losses: [], partial: false };
}

describe('toJsonReport', () => {
  it('writes file origins relative to the working directory, keeps outside ones absolute, and drops URL origins (a fetched page is no file)', () => {
    const report = toJsonReport(
      result(
        [page('https://s.example/a', '/work/repo/site/a.html'), page('https://s.example/b', '/elsewhere/b.html'), page('https://s.example/c', 'https://s.example/c'), page('https://s.example/d', 'pages.csv:12')],
        [{ origin: '/work/repo/site/sitemap.xml:7', url: 'https://s.example/e', message: 'no file' }],
      ),
      { name: 'seo-ai', version: '0.1.0' },
      '2026-01-01T00:00:00.000Z',
      { weights: DEFAULT_WEIGHTS, cwd: '/work/repo' },
    );
    expect(report.pages.map((p) => p.origin)).toEqual(['site/a.html', '/elsewhere/b.html', undefined, 'pages.csv:12']);
    expect(report.errors).toEqual([{ origin: 'site/sitemap.xml:7', url: 'https://s.example/e', message: 'no file' }]);
  });

  it('puts the verdict and the comparison before the pages, whatever order they were set in', () => {
    const report = toJsonReport(result([page('https://s.example/a')]), { name: 'seo-ai', version: '0.1.0' }, 'T', { weights: DEFAULT_WEIGHTS });
    report.comparison = { marker: 'c' } as never;
    report.gate = { marker: 'g' } as never;
    expect(Object.keys(JSON.parse(formatJson(report)) as object).slice(-3)).toEqual(['gate', 'comparison', 'pages']);
  });
});
