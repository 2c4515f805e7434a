import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { pageFrom } from '../testing/test-rule.js';
import { DEFAULT_WEIGHTS, resolveRules } from './config.js';
import { defineRule } from './define-rule.js';
import { fingerprint } from './fingerprint.js';
import { Engine } from './run.js';
import { scorePage } from './score.js';
import type { Finding } from './types.js';

const GOOD_HEAD = '<meta name="viewport" content="width=device-width">';

describe('Engine', () => {
  it('runs page rules, then site rules, and scores each failing rule once per page', () => {
    const engine = new Engine({ rules: resolveRules(rules, { social: 'off' }), weights: DEFAULT_WEIGHTS });
    const html = `<html lang="en"><head><title>Tent</title>${GOOD_HEAD}</head><body><img src="a.png"><img src="b.png"></body></html>`;
    engine.addPage(pageFrom({ url: 'https://s.example/a', html }));
    engine.addPage(pageFrom({ url: 'https://s.example/b', html }));
    const result = engine.finish();
    const a = result.pages[0]!;
    expect([...new Set(a.findings.map((f) => f.rule))]).toEqual([
      'meta-description-missing', 'title-duplicate', 'content-thin', 'h1-missing', 'title-too-short', 'headings-missing',
      'image-alt-missing', 'canonical-missing',
    ]);
    // critical 25 ×2, high 15 ×3, medium 10 ×2, low 5: 100 − 120 → 0, and image-alt-missing (two images) counted once
    expect(a.findings.filter((f) => f.rule === 'image-alt-missing').length).toBe(2);
    expect(a.score).toBe(0);
    expect(result.summary.byRule['image-alt-missing']).toEqual({ severity: 'medium', findings: 4, pages: 2 });
  });

  it('leaves keyword rules out, and lists them as not applicable, until a page has keywords', () => {
    const engine = new Engine({ rules: resolveRules(rules), weights: DEFAULT_WEIGHTS });
    engine.addPage(pageFrom({ html: '<title>Blue widget for sale today in our shop</title>' }));
    const result = engine.finish();
    const http = 'needs pages fetched over HTTP (audit a URL or sitemap)';
    const web = ['http-status-error', 'redirect-chain', 'link-to-redirect', 'robots-txt-invalid', 'blocked-by-robots', 'sitemap-non-indexable', 'orphan-page', 'llms-txt-invalid'];
    expect(result.notApplicable).toEqual([
      { rule: 'title-missing-keyword', reason: 'needs target keywords (config "keywords" or --keywords)' },
      { rule: 'meta-description-missing-keyword', reason: 'needs target keywords (config "keywords" or --keywords)' },
      { rule: 'keyword-density', reason: 'needs target keywords (config "keywords" or --keywords)' },
      ...rules.filter((r) => web.includes(r.id)).map((r) => ({ rule: r.id, reason: http })),
    ]);
    expect(result.notApplicable).toHaveLength(3 + web.length);
    const withKeywords = new Engine({ rules: resolveRules(rules), weights: DEFAULT_WEIGHTS });
    const page = withKeywords.addPage(pageFrom({ html: '<title>Blue widget for sale today in our shop</title>', keywords: ['gadget'] }));
    expect(page.findings.map((f) => f.rule)).toContain('title-missing-keyword');
    expect(withKeywords.finish().notApplicable.map((n) => n.rule)).not.toContain('title-missing-keyword');
  });

  it('stamps the configured severity, the docs fix and a fingerprint of (rule, url, element)', () => {
    const rule = defineRule({
      id: 'test-rule',
      category: 'content',
      scope: 'page',
      reads: [],
      severity: 'low',
      docs: { description: 'Described.', fix: 'Fixed.' },
      options: {},
      check(_page, { report }) {
        report({ element: 'x', value: 'v' });
        report({ message: 'Second.' });
      },
    });
    const engine = new Engine({ rules: [{ rule, severity: 'high', options: {} }], weights: DEFAULT_WEIGHTS });
    engine.addPage(pageFrom({ url: 'https://s.example/', html: '' }));
    const [page] = engine.finish().pages;
    expect(page!.findings).toEqual([
      { rule: 'test-rule', severity: 'high', message: 'Second.', fix: 'Fixed.', fingerprint: fingerprint('test-rule', 'https://s.example/') },
      { rule: 'test-rule', severity: 'high', message: 'Described.', fix: 'Fixed.', value: 'v', element: 'x', fingerprint: fingerprint('test-rule', 'https://s.example/', 'x') },
    ]);
    expect(page!.score).toBe(85);
  });
});

describe('fingerprint', () => {
  it('is sha256(rule NUL url NUL element), cut to 16 hex digits, so it is stable across runs and versions', () => {
    expect(fingerprint('title-too-long', 'https://s.example/')).toBe('a979a35bd631f7d4');
    expect(fingerprint('title-too-long', 'https://s.example/', 'a')).not.toBe(fingerprint('title-too-long', 'https://s.example/', 'b'));
    expect(fingerprint('title-too-long', 'https://s.example/a')).not.toBe(fingerprint('title-too-long', 'https://s.example/'));
  });
});

describe('scorePage', () => {
  const f = (rule: string, severity: Finding['severity']): Finding => ({ rule, severity, message: '', fix: '', fingerprint: '' });
  it('is 100 minus each failing rule’s weight, never below 0', () => {
    expect(scorePage([], DEFAULT_WEIGHTS)).toBe(100);
    expect(scorePage([f('a', 'critical'), f('b', 'low'), f('b', 'low')], DEFAULT_WEIGHTS)).toBe(70);
    expect(scorePage([f('a', 'critical'), f('b', 'critical'), f('c', 'critical'), f('d', 'critical'), f('e', 'low')], DEFAULT_WEIGHTS)).toBe(0);
    expect(scorePage([f('a', 'medium')], { ...DEFAULT_WEIGHTS, medium: 2.5 })).toBe(97.5);
  });
});
