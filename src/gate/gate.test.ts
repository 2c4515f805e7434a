import { describe, expect, it } from 'vitest';
import { BaselineError, baselineOf, formatBaseline, parseSnapshot } from './baseline.js';
import { compare } from './compare.js';
import { accountFor, judge } from './policy.js';
import type { FindingRef, Snapshot } from './snapshot.js';

const f = (rule: string, severity: FindingRef['severity'], fingerprint: string, element?: string): FindingRef => ({
  rule,
  severity,
  fingerprint,
  ...(element !== undefined ? { element } : {}),
});

const before: Snapshot = {
  label: 'base.json',
  score: 85,
  pages: [
    { url: 'https://s.example/a', score: 90, findings: [f('title-too-long', 'medium', 'fa1')] },
    { url: 'https://s.example/b', score: 75, findings: [f('h1-missing', 'high', 'fb1'), f('og-missing', 'low', 'fb2'), f('og-missing', 'low', 'fb2')] },
    { url: 'https://s.example/gone', score: 90, findings: [f('title-too-long', 'medium', 'fg1')] },
  ],
};

const after: Snapshot = {
  label: 'now',
  score: 80,
  pages: [
    // b first: page order must not matter.
    { url: 'https://s.example/b', score: 80, findings: [f('og-missing', 'low', 'fb2'), f('image-alt-missing', 'high', 'fb3', 'a.png')] },
    { url: 'https://s.example/a', score: 90, findings: [f('title-too-long', 'medium', 'fa1')] },
    { url: 'https://s.example/new', score: 70, findings: [f('meta-description-missing', 'critical', 'fn1'), f('og-missing', 'low', 'fn2')] },
  ],
};

describe('compare', () => {
  const c = compare(before, after);

  it('matches findings by fingerprint, page by page, as a multiset', () => {
    const b = c.pages.find((p) => p.url.endsWith('/b'))!;
    expect(b).toEqual({
      url: 'https://s.example/b',
      status: 'kept',
      before: 75,
      after: 80,
      delta: 5,
      new: [f('image-alt-missing', 'high', 'fb3', 'a.png')],
      // One of the two og-missing findings with this fingerprint is gone.
      fixed: [f('h1-missing', 'high', 'fb1'), f('og-missing', 'low', 'fb2')],
      unchanged: [f('og-missing', 'low', 'fb2')],
    });
    expect(c.pages.map((p) => [p.url.slice(-4), p.status])).toEqual([
      ['le/a', 'kept'],
      ['le/b', 'kept'],
      ['gone', 'removed'],
      ['/new', 'new'],
    ]);
  });

  it("counts a new page's findings as new and a removed page's as neither fixed nor new", () => {
    expect(c.counts).toEqual({ new: 3, fixed: 2, unchanged: 2, newPages: 1, removedPages: 1, changedPages: 1 });
    expect(c.rules).toEqual([
      { rule: 'h1-missing', severity: 'high', new: 0, fixed: 1, unchanged: 0 },
      { rule: 'image-alt-missing', severity: 'high', new: 1, fixed: 0, unchanged: 0 },
      { rule: 'meta-description-missing', severity: 'critical', new: 1, fixed: 0, unchanged: 0 },
      { rule: 'og-missing', severity: 'low', new: 1, fixed: 1, unchanged: 1 },
      { rule: 'title-too-long', severity: 'medium', new: 0, fixed: 0, unchanged: 1 },
    ]);
  });

  it('judges score drops on the pages in both runs, not on pages that came or went', () => {
    expect(c.site).toEqual({ before: 85, after: 80, delta: -5 });
    expect(c.common).toEqual({ pages: 2, before: 82.5, after: 85, delta: 2.5 });
  });

  it('is unchanged by page order and by message wording', () => {
    const reordered = { ...after, pages: [...after.pages].reverse().map((p) => ({ ...p, findings: p.findings.map((x) => ({ ...x, message: `reworded ${x.rule}` })) })) };
    const again = compare(before, reordered);
    expect(again.counts).toEqual(c.counts);
    expect(again.pages.map((p) => [p.url, p.new.map((x) => x.fingerprint), p.fixed.map((x) => x.fingerprint)])).toEqual(
      c.pages.map((p) => [p.url, p.new.map((x) => x.fingerprint), p.fixed.map((x) => x.fingerprint)]),
    );
  });
});

describe('judge', () => {
  const c = compare(before, after);

  it('fails on new findings at or above --fail-on, most severe page first, naming each finding', () => {
    const v = judge(80, c, { failOn: 'high' });
    expect(v.passed).toBe(false);
    expect(v.failures).toEqual([
      {
        condition: 'new-findings',
        message: '2 new high or worse findings on 2 pages (--fail-on high)',
        pages: [
          { url: 'https://s.example/new', after: 70, findings: [f('meta-description-missing', 'critical', 'fn1')] },
          { url: 'https://s.example/b', before: 75, after: 80, findings: [f('image-alt-missing', 'high', 'fb3', 'a.png')] },
        ],
      },
    ]);
    expect(v.removedPages).toEqual(['https://s.example/gone']);
  });

  it('passes when the new findings are below --fail-on, and with --fail-on none', () => {
    expect(judge(80, c, { failOn: 'critical' }).failures.map((x) => x.message)).toEqual(['1 new critical finding on 1 page (--fail-on critical)']);
    expect(judge(80, c, { failOn: 'none' })).toEqual({ passed: true, policy: { failOn: 'none' }, failures: [], removedPages: ['https://s.example/gone'] });
  });

  it('fails a page drop over --max-page-drop and a common-score drop over --max-score-drop, with the exact figures', () => {
    const worse: Snapshot = { ...after, pages: after.pages.map((p) => (p.url.endsWith('/a') ? { ...p, score: 60, findings: [...p.findings, f('h1-missing', 'high', 'fa2')] } : p)) };
    const w = compare(before, worse);
    expect(w.common).toEqual({ pages: 2, before: 82.5, after: 70, delta: -12.5 });
    const v = judge(80, w, { failOn: 'none', maxPageDrop: 29, maxScoreDrop: 12.5 });
    expect(v.failures.map((x) => x.message)).toEqual([
      '1 page lost more than 29 points (worst: https://s.example/a 90 → 60) (--max-page-drop 29)',
    ]);
    const v2 = judge(80, w, { failOn: 'none', maxPageDrop: 30, maxScoreDrop: 12.4 });
    expect(v2.failures).toEqual([
      {
        condition: 'max-score-drop',
        message: 'the score of the 2 pages in both runs fell 12.5 points, 82.5 → 70 (--max-score-drop 12.4)',
        pages: [{ url: 'https://s.example/a', before: 90, after: 60, findings: [f('h1-missing', 'high', 'fa2')] }],
      },
    ]);
  });

  it('checks --min-score with or without a comparison, after the others', () => {
    expect(judge(79.9, undefined, { failOn: 'high', minScore: 80 }).failures).toEqual([
      { condition: 'min-score', message: 'the site score 79.9 is below 80 (--min-score 80)', pages: [] },
    ]);
    expect(judge(80, undefined, { failOn: 'high', minScore: 80 }).passed).toBe(true);
    expect(judge(79, c, { failOn: 'high', minScore: 80 }).failures.map((x) => x.condition)).toEqual(['new-findings', 'min-score']);
  });
});

describe('judge: runs that prove nothing, and small drops on large sites', () => {
  it('fails a partial run, and a baseline page the run could not audit (not "removed")', () => {
    const c = compare(before, after);
    const v = judge(80, c, { failOn: 'none' }, { partial: true, unaudited: ['https://s.example/gone'] });
    expect(v.failures).toEqual([
      { condition: 'incomplete', message: 'the run stopped before every page was audited, so it cannot pass', pages: [] },
      {
        condition: 'not-audited',
        message: '1 page of the baseline could not be audited in this run (see the errors)',
        pages: [{ url: 'https://s.example/gone', before: 90, findings: [] }],
      },
    ]);
    expect(v.removedPages).toEqual([]);
  });

  it('when the run lost pages (a limit, an unreadable sitemap), no missing baseline page passes as removed', () => {
    const c = compare(before, after);
    const lost = ['3 URLs not fetched: --max-pages 40 reached'];
    const accounted = accountFor(c, { lost });
    expect(accounted.pages.find((p) => p.url.endsWith('/gone'))!.status).toBe('not-audited');
    expect(accounted.counts).toMatchObject({ removedPages: 0, notAuditedPages: 1 });
    const v = judge(80, c, { failOn: 'none' }, { lost });
    expect(v.failures).toEqual([
      {
        condition: 'not-audited',
        message: '1 page of the baseline could not be audited in this run, and the run lost pages (3 URLs not fetched: --max-pages 40 reached)',
        pages: [{ url: 'https://s.example/gone', before: 90, findings: [] }],
      },
    ]);
    expect(v.removedPages).toEqual([]);
    // Without a loss it is removed, listed and not failed.
    expect(accountFor(c, {})).toBe(c);
    expect(judge(80, c, { failOn: 'none' }).passed).toBe(true);
  });

  it('judges --max-score-drop on the exact mean, not on means rounded to a tenth', () => {
    const pages = (n: number, low: number): Snapshot['pages'] => Array.from({ length: n }, (_, i) => ({ url: `https://s.example/${i}`, score: i === 0 ? low : 100, findings: [] }));
    const c = compare({ label: 'a', score: 100, pages: pages(1000, 100) }, { label: 'b', score: 100, pages: pages(1000, 60) });
    // 40 points on one page of 1000: both means round to 100.
    expect(c.common).toEqual({ pages: 1000, before: 100, after: 100, delta: 0 });
    expect(judge(100, c, { failOn: 'none', maxScoreDrop: 0 }).failures.map((f) => f.message)).toEqual([
      'the score of the 1000 pages in both runs fell 0.04 points, 100 → 100 (--max-score-drop 0)',
    ]);
    expect(judge(100, c, { failOn: 'none', maxScoreDrop: 0.04 }).passed).toBe(true);
    // The figure shown is over the limit, however close: 0.04 > 0.039, said with the digits that show it.
    expect(judge(100, c, { failOn: 'none', maxScoreDrop: 0.039 }).failures[0]!.message).toBe(
      'the score of the 1000 pages in both runs fell 0.04 points, 100 → 100 (--max-score-drop 0.039)',
    );
    const tiny = compare({ label: 'a', score: 100, pages: pages(1001, 100) }, { label: 'b', score: 100, pages: pages(1001, 95) });
    expect(judge(100, tiny, { failOn: 'none', maxScoreDrop: 0 }).failures[0]!.message).toBe(
      'the score of the 1001 pages in both runs fell 0.005 points, 100 → 100 (--max-score-drop 0)',
    );
  });
});

describe('baseline file', () => {
  const report = {
    summary: { score: 82.5 },
    pages: [
      { url: 'https://s.example/b', score: 75, findings: [
        { rule: 'og-missing', severity: 'low' as const, message: 'No og tags', fix: 'Add them', fingerprint: 'fb2' },
        { rule: 'image-alt-missing', severity: 'high' as const, message: 'No alt', element: 'b.png', fix: 'Add alt', fingerprint: 'fb4' },
        { rule: 'image-alt-missing', severity: 'high' as const, message: 'No alt', element: 'a.png', fix: 'Add alt', fingerprint: 'fb3' },
      ] },
      { url: 'https://s.example/a', score: 90, findings: [] },
    ],
  };

  it('is sorted by URL and by rule and element, one finding per line, with no message, time or version', () => {
    expect(formatBaseline(baselineOf(report))).toBe(
      [
        '{',
        '  "schemaVersion": 1,',
        '  "kind": "seo-ai-baseline",',
        '  "score": 82.5,',
        '  "pages": [',
        '    {',
        '      "url": "https://s.example/a",',
        '      "score": 90,',
        '      "findings": []',
        '    },',
        '    {',
        '      "url": "https://s.example/b",',
        '      "score": 75,',
        '      "findings": [',
        '        {"rule":"image-alt-missing","severity":"high","element":"a.png","fingerprint":"fb3"},',
        '        {"rule":"image-alt-missing","severity":"high","element":"b.png","fingerprint":"fb4"},',
        '        {"rule":"og-missing","severity":"low","fingerprint":"fb2"}',
        '      ]',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('reads back to the same snapshot, and a JSON report reads as one too', () => {
    const text = formatBaseline(baselineOf(report));
    const s = parseSnapshot(text, 'seo-baseline.json');
    expect(s.score).toBe(82.5);
    expect(s.pages.map((p) => [p.url, p.findings.map((x) => x.fingerprint)])).toEqual([
      ['https://s.example/a', []],
      ['https://s.example/b', ['fb3', 'fb4', 'fb2']],
    ]);
    const fromReport = parseSnapshot(JSON.stringify({ schemaVersion: 1, ...report }), 'old.json');
    expect(compare(s, fromReport).counts).toEqual({ new: 0, fixed: 0, unchanged: 3, newPages: 0, removedPages: 0, changedPages: 0 });
  });

  it('refuses broken files, naming the file and the key', () => {
    expect(() => parseSnapshot('{"schemaVersion":1,', 'b.json')).toThrow(BaselineError);
    expect(() => parseSnapshot('{"schemaVersion":1,', 'b.json')).toThrow(/^b\.json: not valid JSON \(.*\)$/);
    expect(() => parseSnapshot(JSON.stringify({ schemaVersion: 1, kind: 'seo-ai-baseline', score: 80, pages: [{ url: 'u', score: 'x', findings: [] }] }), 'b.json')).toThrow(
      'b.json: pages[0].score: Expected number, received string',
    );
    const page = { url: 'https://s.example/a', score: 90, findings: [] };
    expect(() => parseSnapshot(JSON.stringify({ schemaVersion: 1, kind: 'seo-ai-baseline', score: 90, pages: [page, { ...page, score: 80 }] }), 'b.json')).toThrow(
      'b.json: pages[1] repeats the URL of pages[0], https://s.example/a; one entry per page',
    );
    // A BOM, as some Windows editors write, is fine.
    expect(parseSnapshot(`\uFEFF${JSON.stringify({ schemaVersion: 1, kind: 'seo-ai-baseline', score: 90, pages: [page] })}`, 'b.json').pages).toHaveLength(1);
    expect(() => parseSnapshot('{"hello":1}', 'x.json')).toThrow('x.json: neither a seo-ai baseline nor a seo-ai JSON report (schemaVersion: Invalid literal value, expected 1)');
  });
});
