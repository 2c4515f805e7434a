import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import { configSchema, settleRules } from '../engine/config.js';
import { ROOT } from '../testing/cli.js';
import { UsageError } from './io.js';
import { byCategory, configSnippet, describeRule, explainRule, nearestNames, rulesDoc } from './rule-docs.js';
import { rulesMarkdown, rulesOutput } from './rules.js';

const DOC = `${ROOT}docs/rules.md`;

describe('docs/rules.md', () => {
  it('is exactly what the rules generate (UPDATE_RULES_DOC=1 npx vitest run src/cli/rule-docs.test.ts rewrites it)', () => {
    const generated = rulesDoc();
    if (process.env['UPDATE_RULES_DOC'] === '1') writeFileSync(DOC, generated);
    expect(readFileSync(DOC, 'utf8'), 'docs/rules.md is stale: run UPDATE_RULES_DOC=1 npx vitest run src/cli/rule-docs.test.ts').toBe(generated);
  });

  it('has a section per rule, headed by its id (the anchor SARIF helpUri links to), in category order', () => {
    const headings = [...rulesDoc().matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(byCategory(registry).map((r) => r.id));
    for (const r of registry) expect(headings).toContain(r.id);
  });

  it('shows every part of a rule: why, fix, options, reads, needs, both examples and a config snippet', () => {
    const section = rulesDoc().split(/^### /m).find((s) => s.startsWith('title-missing-keyword\n'))!;
    for (const part of ['**Why it matters.**', '**Fix** (default options).', '| reads | keywords, title |', '| needs | target keywords', '**Fails:**', '- keywords: \\["blue widget"\\]', '**Passes:**', '"title-missing-keyword": "high"']) {
      expect(section).toContain(part);
    }
  });
});

describe('seo-ai rules <id>', () => {
  it('explains one rule in JSON with every field', () => {
    const e = JSON.parse(rulesOutput('title-too-long', 'json')) as Record<string, unknown>;
    expect(Object.keys(e)).toEqual(['id', 'category', 'scope', 'severity', 'options', 'needs', 'description', 'fix', 'reads', 'why', 'examples', 'config', 'docsUrl']);
    expect(e).toMatchObject({ id: 'title-too-long', severity: 'medium', options: { max: 60 }, reads: ['title'], config: { rules: { 'title-too-long': ['medium', { max: 60 }] } } });
    expect(e['docsUrl']).toMatch(/^https:\/\/unpkg\.com\/seo-ai@\d+\.\d+\.\d+[^/]*\/docs\/rules\.md#title-too-long$/);
  });

  it('prints the terminal and Markdown forms with the config snippet', () => {
    const text = rulesOutput('title-too-long', 'terminal');
    expect(text).toMatch(/^title-too-long {2}\(title, page rule, default severity medium\)\n/);
    for (const part of ['Why it matters\n', 'Fix (default options)\n  Keep the title to 60 characters', 'Fails\n  <title>', 'Passes\n  <title>', '{ "rules": { "title-too-long": ["medium", { "max": 60 }] } }']) {
      expect(text).toContain(part);
    }
    expect(rulesOutput('title-too-long', 'markdown')).toMatch(/^## title-too-long\n/);
  });

  it.each(registry.map((r) => [r.id, r] as const))('%s: the config snippet is a config the loader accepts, with the defaults', (_id, rule) => {
    const config = configSchema.parse(JSON.parse(configSnippet(explainRule(rule))));
    const settled = settleRules(registry, config.rules).find((s) => s.rule.id === rule.id)!;
    expect([settled.severity, settled.options]).toEqual([rule.severity, rule.options]);
  });

  it('lists a category’s rules when given a category', () => {
    const list = JSON.parse(rulesOutput('title', 'json')) as { id: string; category: string }[];
    expect(list.map((r) => r.category)).toEqual(list.map(() => 'title'));
    expect(list.map((r) => r.id).sort()).toEqual(registry.filter((r) => r.category === 'title').map((r) => r.id).sort());
  });

  it('keeps the whole list as before without an id', () => {
    expect(rulesOutput(undefined, 'markdown')).toBe(rulesMarkdown(registry.map(describeRule)));
    expect(JSON.parse(rulesOutput(undefined, 'json'))).toEqual(registry.map(describeRule));
  });

  it('refuses an unknown id as a usage error naming the closest ids', () => {
    expect(() => rulesOutput('titel-too-long', 'terminal')).toThrow(UsageError);
    expect(() => rulesOutput('titel-too-long', 'terminal')).toThrow('rules titel-too-long: no rule or category of that name (did you mean "title-too-long", "url-too-long"?); run "seo-ai rules" for the list');
    expect(() => rulesOutput('canonical', 'terminal')).toThrow('(did you mean "canonical-invalid", "canonical-missing", "js-changes-canonical"?)');
    expect(() => rulesOutput('zzzzzzzz', 'terminal')).toThrow('rules zzzzzzzz: no rule or category of that name; run "seo-ai rules" for the list');
  });

  it('nearestNames: typos first, then names containing the word, at most three', () => {
    expect(nearestNames('h1-mising', ['h1-missing', 'h1-multiple', 'title-missing'])).toEqual(['h1-missing']);
    expect(nearestNames('meta', ['meta', 'meta-description-missing', 'title'])).toEqual(['meta', 'meta-description-missing']);
  });
});
