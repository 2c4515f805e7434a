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
      'image-alt-missing', 'canonical-missing', 'image-size-missing',
    ]);
    // critical 25 ×2, high 15 ×3, medium 10 ×2, low 5 ×2: 100 − 125 → 0, and image-alt-missing (two images) counted once
    expect(a.findings.filter((f) => f.rule === 'image-alt-missing').length).toBe(2);
    expect(a.score).toBe(0);
    expect(result.summary.byRule['image-alt-missing']).toEqual({ severity: 'medium', findings: 4, pages: 2 });
  });

  it('leaves keyword rules out, and lists them as not applicable, until a page has keywords', () => {
    const engine = new Engine({ rules: resolveRules(rules), weights: DEFAULT_WEIGHTS });
    engine.addPage(pageFrom({ html: '<title>Blue widget for sale today in our shop</title>' }));
    const result = engine.finish();
    const http = 'needs pages fetched over HTTP (audit a URL or sitemap)';
    const web = ['http-status-error', 'redirect-chain', 'link-to-redirect', 'robots-txt-invalid', 'blocked-by-robots', 'sitemap-non-indexable', 'orphan-page', 'llms-txt-invalid', 'page-dead-end', 'page-too-deep', 'response-slow', 'security-headers-missing', 'image-too-large', 'soft-404', 'js-changes-title', 'js-changes-meta-description', 'js-changes-canonical', 'js-changes-robots', 'js-only-links', 'js-only-content', 'render-error', 'js-redirect'];
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
    const engine = new Engine({ rules: [{ rule, severity: 'high', options: {}, fix: 'Fixed.' }], weights: DEFAULT_WEIGHTS });
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

describe('fix texts name the limits that apply', () => {
  const html = (title: string, description: string) => `<html lang="en"><head><title>${title}</title><meta name="description" content="${description}"></head><body><h1>Blue widget</h1></body></html>`;
  const fixes = (settings: Parameters<typeof resolveRules>[1], title: string, description: string): Record<string, string> => {
    const engine = new Engine({ rules: resolveRules(rules, settings), weights: DEFAULT_WEIGHTS });
    engine.addPage(pageFrom({ url: 'https://s.example/a', html: html(title, description) }));
    const [page] = engine.finish().pages;
    return Object.fromEntries(page!.findings.filter((f) => /^(title|meta-description)-too-(long|short)$/.test(f.rule)).map((f) => [f.rule, f.fix]));
  };
  const TITLE_55 = 'Blue Widget with Two Doors and a Full Fly for Two Hiker';
  const DESCRIPTION_150 = 'A light blue widget for two hikers, with two doors, two vestibules and a full fly, tested over a whole season in the Cascades, shipped free to you, to';

  it('with the defaults, the texts the rules have always had', () => {
    expect(TITLE_55).toHaveLength(55);
    expect(DESCRIPTION_150).toHaveLength(150);
    expect(fixes({}, 'Blue widget', 'Short.')).toEqual({
      'title-too-short': 'Write a title of 30–60 characters: the main keyword, what the page offers, then the brand.',
      'meta-description-too-short': 'Write 120–160 characters: what the page offers, why it is the best answer, and the keyword.',
    });
  });

  it('with title-too-long max 50 and meta-description-too-long max 140, the texts say 50 and 140, in every rule that names them', () => {
    const settings = { 'title-too-long': ['medium', { max: 50 }], 'meta-description-too-long': ['medium', { max: 140 }] } as Parameters<typeof resolveRules>[1];
    expect(fixes(settings, TITLE_55, DESCRIPTION_150)).toEqual({
      'title-too-long': 'Keep the title to 50 characters or fewer, with the keyword and the brand near the start.',
      'meta-description-too-long': 'Keep it between 120 and 140 characters; lead with the benefit and the keyword.',
    });
    expect(fixes(settings, 'Blue widget', 'Short.')).toEqual({
      'title-too-short': 'Write a title of 30–50 characters: the main keyword, what the page offers, then the brand.',
      'meta-description-too-short': 'Write 120–140 characters: what the page offers, why it is the best answer, and the keyword.',
    });
    // Also when the rule that holds the limit is off: its configured options still say what the limit is.
    const off = { 'title-too-long': ['off', { max: 50 }] } as Parameters<typeof resolveRules>[1];
    expect(fixes(off, 'Blue widget', 'Short.')['title-too-short']).toBe('Write a title of 30–50 characters: the main keyword, what the page offers, then the brand.');
  });
});

describe('a rule that fails (a plugin\'s): its findings are lost where it failed, never the run', () => {
  const base = { category: 'content', scope: 'page', reads: [], severity: 'low', docs: { description: 'D.', fix: 'F.' }, options: {} } as const;
  const throwing = defineRule({ ...base, id: 'throws-on-b', check(page, { report }) {
    report({ message: 'before the throw' });
    if (page.url.endsWith('/b')) throw new RangeError('bad index');
  } });
  const nonsense = defineRule({ ...base, id: 'nonsense', check(_page, { report }) {
    report({ message: 'ok' } as never);
    report({ value: ['a'] } as never);
  } });
  const strange = defineRule({ ...base, id: 'strange-key', check(_page, { report }) {
    report({ mesage: 'typo' } as never);
  } });
  const site = defineRule({ ...base, id: 'site-throws', scope: 'site', site: true, check(index, { report }) {
    report({ url: index.pages[0]!.url, message: 'first' });
    throw 'a string';
  } });
  const strayUrl = defineRule({ ...base, id: 'stray-url', scope: 'site', site: true, check(_index, { report }) {
    report({ url: 'https://elsewhere.example/', message: 'x' });
  } });

  it('keeps every other finding, records what failed on each page, and the site rules\' failures', () => {
    const engine = new Engine({ rules: resolveRules([throwing, nonsense, strange, site, strayUrl, ...rules.filter((r) => r.id === 'h1-missing')]), weights: DEFAULT_WEIGHTS });
    engine.addPage(pageFrom({ url: 'https://s.example/a', html: '<title>A</title>' }));
    engine.addPage(pageFrom({ url: 'https://s.example/b', html: '<title>B</title>' }));
    const result = engine.finish();
    const [a, b] = result.pages;
    // A rule that fails on a page loses what it reported there before failing ("ok", "before the throw" on b).
    expect(a!.findings.map((f) => `${f.rule}: ${f.message}`).sort()).toEqual(['h1-missing: Page has no H1.', 'site-throws: first', 'throws-on-b: before the throw']);
    expect(b!.findings.map((f) => f.rule)).toEqual(['h1-missing']);
    expect(a!.failures?.map((f) => f.rule)).toEqual(['nonsense', 'strange-key']);
    expect(b!.failures).toEqual([
      { rule: 'throws-on-b', message: 'RangeError: bad index' },
      { rule: 'nonsense', message: 'reported "value" as an array; it must be text' },
      { rule: 'strange-key', message: 'reported a finding with "mesage", which findings do not have (only url, message, value, expected, element)' },
    ]);
    expect(result.failures).toEqual([
      { rule: 'site-throws', message: 'threw "a string"' },
      { rule: 'stray-url', message: 'rule stray-url reported against a page not in the run: https://elsewhere.example/' },
    ]);
  });
});
