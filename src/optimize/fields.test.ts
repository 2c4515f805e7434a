// Each field's rules and limits come from the rules' `judges` declarations and the run's options:
// with title-too-long at 50 and meta-description-too-long at 140, every number a user meets in
// optimize says 50 and 140 — the offline rewriter's, the LLM prompt's, the review report's and the
// fix texts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import { writeCsv } from '../csv/write.js';
import { ruleCatalogue } from '../engine/catalogue.js';
import { DEFAULT_WEIGHTS, type Config } from '../engine/config.js';
import { promptFor } from '../llm/rewriter.js';
import { charLength } from '../page/text.js';
import { csvSource, rowPage } from '../sources/csv.js';
import { fieldLimits, fieldRules, UNBOUNDED, UNMEASURED_FONT_PX } from './fields.js';
import { limitsOf } from './offline.js';
import { offlineRewriter } from './offline-rewriter.js';
import { summarise } from './output.js';
import { OPTIMIZE_FIELDS } from './plan.js';
import { optimizeHtml } from './report-html.js';
import { optimize } from './run.js';

const CONFIGURED: Config['rules'] = { 'title-too-long': ['medium', { max: 50 }], 'meta-description-too-long': ['medium', { max: 140 }] };

describe('fieldRules', () => {
  it('with the defaults: each field its triggers, the rules a candidate must pass, its duplicate rule and its limits', () => {
    const f = fieldRules();
    expect(f.title).toEqual({
      triggers: ['title-duplicate', 'title-missing-keyword', 'title-missing', 'title-multiple', 'title-same-as-h1', 'title-too-long', 'title-too-short', 'title-too-wide'],
      validated: new Set(['title-missing-keyword', 'title-missing', 'title-multiple', 'title-same-as-h1', 'title-too-long', 'title-too-short', 'title-too-wide']),
      duplicate: 'title-duplicate',
      limits: { minChars: 30, maxChars: 60, maxPixels: 561, fontPx: 20 },
    });
    expect(f.meta.duplicate).toBe('meta-description-duplicate');
    expect(f.meta.limits).toEqual({ minChars: 120, maxChars: 160, maxPixels: 985, fontPx: 14 });
    // An H1 must not copy the title either; a shared H1 is no reason to rewrite one, but a new H1 must not be another row's.
    expect(f.h1).toEqual({
      triggers: ['h1-missing', 'h1-too-long'],
      validated: new Set(['title-same-as-h1', 'h1-missing', 'h1-too-long']),
      duplicate: 'h1-duplicate',
      limits: { minChars: 1, maxChars: 70, maxPixels: UNBOUNDED, fontPx: UNMEASURED_FONT_PX },
    });
  });

  it('every limit a rule declares is a number option of that rule', () => {
    const declared = registry.flatMap((r) => (r.judges?.limits ?? []).map((o) => [r.id, o, typeof r.options[o]] as const));
    expect(declared.length).toBe(9);
    expect(declared.filter(([, , type]) => type !== 'number')).toEqual([]);
  });

  it('follows the config, a rule turned off included (its options still say what good is)', () => {
    const f = fieldLimits({ ...CONFIGURED, 'title-too-wide': ['low', { fontSize: 22 }], 'title-too-short': 'off' });
    expect(f.title).toEqual({ minChars: 30, maxChars: 50, maxPixels: 561, fontPx: 22 });
    expect(f.meta.maxChars).toBe(140);
  });
});

describe('title-too-long max 50 and meta-description-too-long max 140', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-fields-'));
  const LONG_TITLE = 'Alpine Shell Jacket for Wet Ridges and Long Days | Northpine'; // 60 characters: fine by default
  const LONG_DESC = `The Alpine Shell Jacket keeps rain out on long ridge days, packs into its own pocket and weighs 310 g. Tested for a season in the Cascades.`; // 139
  const file = path.join(dir, 'shop.csv');
  writeFileSync(
    file,
    writeCsv({ delimiter: ',', newline: '\n', bom: false }, ['url', 'title', 'meta_description', 'h1', 'content'], [
      ['https://shop.example/jacket', LONG_TITLE, `${LONG_DESC} Free returns.`, 'Alpine Shell Jacket', `<p>${LONG_DESC}</p><p>Seams are taped. The hood fits over a helmet.</p>`],
    ]),
  );

  it('the offline rewriter, the LLM prompt, the review report and the fix texts all say 50 and 140', async () => {
    const limits = limitsOf(fieldLimits(CONFIGURED));
    expect([limits.titleMax, limits.descMax]).toEqual([50, 140]);

    const result = await optimize({ source: csvSource({ target: file, display: 'shop.csv' }), weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, ruleSettings: CONFIGURED, rewriter: offlineRewriter({ limits }) });
    const row = result.rows[0]!;
    expect(row.issuesBefore).toEqual(expect.arrayContaining(['title-too-long', 'meta-description-too-long']));
    const title = row.fields.find((f) => f.field === 'title')?.after;
    expect(title !== undefined && charLength(title) <= 50, title).toBe(true);
    const desc = row.fields.find((f) => f.field === 'meta')?.after;
    expect(desc !== undefined && charLength(desc) <= 140, desc).toBe(true);

    const page = { ...rowPage({}, [], 2), url: 'https://shop.example/jacket', title: LONG_TITLE, meta_description: LONG_DESC, h1: 'Alpine Shell Jacket' };
    const ask = (field: 'title' | 'meta') => promptFor({ field, page, url: page.url, keywords: [], attempt: 1, feedback: [], failing: [] }, fieldLimits(CONFIGURED)).user;
    expect(ask('title')).toContain('- between 30 and 50 characters long');
    expect(ask('meta')).toContain('- between 120 and 140 characters long');

    const html = optimizeHtml(result, summarise(result, 0), 'shop.csv');
    expect(html).toContain("This run's limits: titles 30–50 characters and 561 px; descriptions 120–140 characters and 985 px; H1s at most 70 characters.");

    const fix = new Map(ruleCatalogue(registry, CONFIGURED).map((r) => [r.id, r.fix]));
    expect(fix.get('title-too-long')).toContain('50 characters');
    expect(fix.get('meta-description-too-long')).toContain('140 characters');
  });

  it("the review report measures widths at the configured font sizes, and its legend says them", async () => {
    const settings: Config['rules'] = { 'title-too-wide': ['medium', { fontSize: 22 }], 'meta-description-too-wide': ['medium', { fontSize: 13 }], ...CONFIGURED };
    const result = await optimize({ source: csvSource({ target: file, display: 'shop.csv' }), weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, ruleSettings: settings, rewriter: offlineRewriter({ limits: limitsOf(fieldLimits(settings)) }) });
    const html = optimizeHtml(result, summarise(result, 0), 'shop.csv');
    expect(html).toContain('Arial 22px for titles, 20px for H1s, 13px for descriptions.');
    // The title before, at 22px: wider than the same text at 20px.
    const at = (px: number) => new RegExp(`60 chars, (\\d+) px`).exec(optimizeHtml({ ...result, fields: { ...result.fields, title: { ...result.fields.title, limits: { ...result.fields.title.limits, fontPx: px } } } }, summarise(result, 0), 'shop.csv'))![1];
    expect(Number(at(22))).toBeGreaterThan(Number(at(20)));
    expect(html).toContain(`60 chars, ${at(22)} px`);
  });
});

describe('what the offline rewriter leaves to a writer', () => {
  it('a description failing only for its keyword or for being shared is left alone; one also too short is rewritten', () => {
    const rewriter = offlineRewriter();
    const page = {
      ...rowPage({}, [], 2),
      url: 'https://shop.example/jacket',
      title: 'Alpine Shell Jacket | Northpine',
      meta_description: 'A jacket.',
      h1: 'Alpine Shell Jacket',
      content: '<p>The Alpine Shell Jacket keeps rain out on long ridge days and packs into its own pocket. It weighs 310 g and has taped seams throughout. The hood fits over a helmet.</p>',
    };
    const ask = (failing: string[]) => rewriter.proposeNow({ field: 'meta', page, url: page.url, keywords: ['rain jacket'], attempt: 1, feedback: [], failing });
    expect(ask(['meta-description-missing-keyword'])).toBeUndefined();
    expect(ask(['meta-description-duplicate', 'meta-description-missing-keyword'])).toBeUndefined();
    expect(ask(['meta-description-too-short', 'meta-description-missing-keyword'])).toMatch(/^Rain jacket – The Alpine Shell Jacket keeps rain out/);
  });
});
