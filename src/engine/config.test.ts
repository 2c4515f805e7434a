import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { ConfigError, parseConfig, resolveRules, resolveWeights } from './config.js';

const byId = (resolved: ReturnType<typeof resolveRules>) => Object.fromEntries(resolved.map((r) => [r.rule.id, r]));

describe('resolveRules', () => {
  it('refuses a rule that declares no reads (a rule set from JavaScript): where it applies is derived from them', () => {
    const bare = { ...rules.find((r) => r.id === 'title-duplicate')!, id: 'custom-dup' } as Record<string, unknown>;
    delete bare.reads;
    expect(() => resolveRules([...rules, bare as unknown as (typeof rules)[number]])).toThrow(ConfigError);
    expect(() => resolveRules([bare as unknown as (typeof rules)[number]])).toThrow('rule custom-dup: declares no "reads" (the page facts its check reads: title, meta, head, h1, headings, content, links, images, structured-data, http, size or keywords)');
  });

  it('without settings: every rule at its catalogue severity and default options', () => {
    const resolved = resolveRules(rules);
    expect(resolved.length).toBe(rules.length);
    expect(byId(resolved)['title-too-long']).toMatchObject({ severity: 'medium', options: { max: 60 } });
  });

  it('a category setting applies to its rules; a rule id beats its category', () => {
    const resolved = byId(resolveRules(rules, { title: 'low', 'title-missing': 'critical' }));
    expect(resolved['title-too-long']?.severity).toBe('low');
    expect(resolved['title-duplicate']?.severity).toBe('low');
    expect(resolved['title-missing']?.severity).toBe('critical');
    expect(resolved['meta-description-missing']?.severity).toBe('critical');
  });

  it('"off" removes a rule or a category; a rule can be turned back on inside an off category', () => {
    const resolved = byId(resolveRules(rules, { social: 'off', title: 'off', 'title-missing': 'high' }));
    expect(resolved['og-missing']).toBeUndefined();
    expect(resolved['title-too-long']).toBeUndefined();
    expect(resolved['title-missing']?.severity).toBe('high');
  });

  it('options merge over the defaults', () => {
    const resolved = byId(resolveRules(rules, { 'title-too-long': ['high', { max: 65 }] }));
    expect(resolved['title-too-long']).toMatchObject({ severity: 'high', options: { max: 65 } });
  });

  it('names the key of every mistake', () => {
    expect(() => resolveRules(rules, { 'title-to-long': 'low' }, 'my.json')).toThrow(
      new ConfigError('my.json: rules.title-to-long: unknown rule or category (did you mean "title-too-long"?); run "seo-ai rules" for the list'),
    );
    expect(() => resolveRules(rules, { 'title-too-long': ['low', { maximum: 65 }] }, 'my.json')).toThrow(
      'my.json: rules.title-too-long: unknown option "maximum"; known options: max',
    );
    expect(() => resolveRules(rules, { 'title-too-long': ['low', { max: '65' }] }, 'my.json')).toThrow(
      'my.json: rules.title-too-long: option "max" must be a number',
    );
    expect(() => resolveRules(rules, { 'title-missing': ['low', { max: 1 }] }, 'my.json')).toThrow(
      'my.json: rules.title-missing: unknown option "max"; this rule has no options',
    );
    expect(() => resolveRules(rules, { title: ['low', { max: 1 }] }, 'my.json')).toThrow(
      'my.json: rules.title: options can only be set on a rule id, not a category',
    );
  });
});

describe('parseConfig', () => {
  it('accepts every documented key', () => {
    const config = {
      rules: { social: 'off', 'title-too-long': ['medium', { max: 65 }] },
      weights: { critical: 30 },
      keywords: { '/products/**': ['tent'] },
      baseUrl: 'https://shop.example/',
      maxBytes: 1000,
      crawl: {},
      llm: {},
      gate: {},
    };
    expect(parseConfig(config, 'c.json')).toEqual(config);
  });

  it('rejects unknown keys, wrong types and bad severities with the path', () => {
    expect(() => parseConfig({ rule: {} }, 'c.json')).toThrow('c.json: "rule": unknown key (did you mean "rules"?); known keys are $schema, rules, weights, keywords, baseUrl, maxBytes, crawl, llm, gate');
    expect(() => parseConfig({ weights: { high: 'x' } }, 'c.json')).toThrow('c.json: weights.high: "x" must be a number');
    expect(() => parseConfig({ weights: { severe: 1 } }, 'c.json')).toThrow('c.json: weights."severe": unknown key; known keys are critical, high, medium, low');
    expect(() => parseConfig({ rules: { 'title-too-long': 'error' } }, 'c.json')).toThrow('c.json: rules."title-too-long": "error" is not a severity; use one of "critical", "high", "medium", "low", "off", or ["<severity>", { options }]');
    expect(() => parseConfig({ keywords: { '/x': 'tent' } }, 'c.json')).toThrow('c.json: keywords."/x": "tent" must be an array ([ … ])');
  });
});

describe('resolveWeights', () => {
  it('fills in the defaults', () => {
    expect(resolveWeights({ critical: 40 })).toEqual({ critical: 40, high: 15, medium: 10, low: 5 });
  });
});
