import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import { runAudit, type AuditResult } from '../audit.js';
import { folderSource } from '../sources/folder.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { summarize } from '../engine/score.js';
import { formatJson, jsonChunks, toJsonReport } from './json.js';

const page = (url: string, origin?: string): AuditResult['pages'][number] => ({ url, ...(origin !== undefined ? { origin } : {}), score: 100, findings: [], warnings: [] });

function result(pages: AuditResult['pages'], errors: AuditResult['errors'] = []): AuditResult {
  return { summary: summarize(pages), pages, notApplicable: [], source: { kind: 'folder', target: 'site' }, errors, notes: [], losses: [], partial: false, rules: [] };
}

describe('the rule catalogue', () => {
  it("carries every rule of the run as the config left it: severity ('off' too), resolved options, and the fix text naming the configured limits", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'catalogue-'));
    try {
      writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html lang="en"><head><title>A page</title></head><body><h1>A page</h1></body></html>');
      const result = await runAudit({
        source: await folderSource({ target: dir }),
        weights: DEFAULT_WEIGHTS,
        workers: 1,
        ruleSettings: { 'title-too-long': ['low', { max: 50 }], 'meta-description-too-long': ['medium', { max: 140 }], images: 'off' },
      });
      const report = toJsonReport(result, { name: 'seo-ai', version: '0.1.0' }, 'T', { weights: DEFAULT_WEIGHTS });
      expect(report.rules.map((r) => r.id)).toEqual(registry.map((r) => r.id));
      const byId = new Map(report.rules.map((r) => [r.id, r]));
      expect(byId.get('title-too-long')).toEqual({
        id: 'title-too-long',
        category: 'title',
        severity: 'low',
        description: registry.find((r) => r.id === 'title-too-long')!.docs.description,
        fix: expect.stringContaining('50 characters') as string,
        options: { max: 50 },
      });
      expect(byId.get('meta-description-too-long')?.fix).toContain('140 characters');
      expect(byId.get('title-too-short')).toMatchObject({ severity: 'high', fix: expect.stringContaining('50') as string });
      expect(report.rules.filter((r) => r.category === 'images').map((r) => r.severity)).toEqual(registry.filter((r) => r.category === 'images').map(() => 'off'));
      // A rule the source cannot feed keeps its configured severity here, and is listed as not applicable.
      expect(report.notApplicable.map((n) => n.rule)).toContain('http-status-error');
      expect(byId.get('http-status-error')?.severity).toBe('critical');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toJsonReport', () => {
  it('writes file origins relative to the working directory, keeps outside ones absolute, and drops URL origins (a fetched page is no file)', () => {
    const report = toJsonReport(
      result(
        [page('https://s.example/a', '/work/repo/site/a.html'), page('https://s.example/b', '/elsewhere/b.html'), page('https://s.example/c', 'https://s.example/c'), page('https://s.example/d', 'pages.csv:12')],
        [{ origin: '/work/repo/site/sitemap.xml:7', line: 7, url: 'https://s.example/e', message: 'no file' }],
      ),
      { name: 'seo-ai', version: '0.1.0' },
      '2026-01-01T00:00:00.000Z',
      { weights: DEFAULT_WEIGHTS, cwd: '/work/repo' },
    );
    expect(report.pages.map((p) => p.origin)).toEqual(['site/a.html', '/elsewhere/b.html', undefined, 'pages.csv:12']);
    expect(report.errors).toEqual([{ origin: 'site/sitemap.xml:7', url: 'https://s.example/e', message: 'no file' }]);
  });

  it('puts the verdict and the comparison before the pages, whatever order they were set in, and the rule catalogue after them', () => {
    const report = toJsonReport(result([page('https://s.example/a')]), { name: 'seo-ai', version: '0.1.0' }, 'T', { weights: DEFAULT_WEIGHTS });
    report.comparison = { marker: 'c' } as never;
    report.gate = { marker: 'g' } as never;
    expect(Object.keys(JSON.parse(formatJson(report)) as object).slice(-4)).toEqual(['gate', 'comparison', 'pages', 'rules']);
  });

  it('is written a page at a time, and the chunks are the text JSON.stringify would write, byte for byte', () => {
    const whole = (r: object): string => `${JSON.stringify(r, null, 2)}\n`;
    const several = toJsonReport(result([page('https://s.example/a'), page('https://s.example/b'), page('https://s.example/"pages": []\n')]), { name: 'seo-ai', version: '0.1.0' }, 'T', { weights: DEFAULT_WEIGHTS });
    several.gate = { passed: true, policy: { failOn: 'high' }, failures: [], removedPages: [] } as never;
    const chunks = [...jsonChunks(several)];
    expect(chunks.length).toBe(5);
    const { gate, pages, rules, ...rest } = several;
    expect(chunks.join('')).toBe(whole({ ...rest, gate, pages, rules }));
    const none = toJsonReport(result([]), { name: 'seo-ai', version: '0.1.0' }, 'T', { weights: DEFAULT_WEIGHTS });
    expect([...jsonChunks(none)].join('')).toBe(formatJson(none));
    expect(JSON.parse(formatJson(none))).toMatchObject({ pages: [] });
  });
});
