import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultFix } from '../src/engine/config.js';
import { exampleProblems } from '../src/testing/test-rule.js';
import { rules, type RuleId } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Every rule id: a public interface (configs, baselines and CI name them), so listed here literally; a new rule adds its id. */
const CATALOGUE = [
  'title-missing', 'title-too-long', 'title-too-short', 'title-too-wide', 'title-missing-keyword', 'title-multiple',
  'title-same-as-h1', 'title-duplicate', 'meta-description-missing', 'meta-description-too-long',
  'meta-description-too-short', 'meta-description-too-wide', 'meta-description-missing-keyword',
  'meta-description-multiple', 'meta-description-duplicate', 'h1-missing', 'h1-multiple', 'h1-too-long', 'h1-duplicate',
  'headings-missing', 'heading-level-skipped', 'content-thin', 'keyword-density', 'content-near-duplicate',
  'image-alt-missing', 'link-text-non-descriptive', 'link-uncrawlable', 'link-broken', 'html-lang-missing',
  'viewport-missing', 'canonical-missing', 'canonical-invalid', 'canonical-points-elsewhere', 'noindex',
  'hreflang-invalid', 'hreflang-no-return-link', 'structured-data-invalid', 'og-missing',
  'http-status-error', 'redirect-chain', 'link-to-redirect', 'robots-txt-invalid', 'blocked-by-robots',
  'sitemap-non-indexable', 'orphan-page', 'llms-txt-invalid',
  'url-underscore', 'url-uppercase', 'url-space', 'url-multiple-slashes', 'url-too-long', 'page-not-https',
  'image-alt-too-long', 'link-internal-nofollow', 'link-localhost', 'links-too-many',
  'image-size-missing', 'dom-too-large', 'html-id-duplicate', 'meta-in-body', 'picture-img-missing', 'snippet-blocked',
  'link-insecure', 'form-insecure',
  'hreflang-no-self-reference', 'hreflang-x-default-missing', 'hreflang-lang-mismatch',
  'page-dead-end', 'page-too-deep', 'response-slow', 'security-headers-missing', 'image-too-large', 'soft-404',
  'js-changes-title', 'js-changes-meta-description', 'js-changes-canonical', 'js-changes-robots', 'js-only-links', 'js-only-content', 'render-error', 'js-redirect',
];

function ruleFiles(): string[] {
  return readdirSync(here, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(here, d.name)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => `${d.name}/${f}`));
}

describe('rule registry', () => {
  it('has every rule of the catalogue, and ids are unique', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...CATALOGUE].sort());
  });

  it('lists every rule file, each at rules/<category>/<id>.ts', () => {
    const registered = rules.map((r) => `${r.category}/${r.id}.ts`).sort();
    expect(ruleFiles().sort()).toEqual(registered);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has docs, a valid severity and a test beside it', (id, rule) => {
    expect(rule.docs.description.length).toBeGreaterThan(10);
    expect(defaultFix(rule, rules).length).toBeGreaterThan(10);
    expect(['critical', 'high', 'medium', 'low']).toContain(rule.severity);
    expect(existsSync(path.join(here, rule.category, `${id}.test.ts`))).toBe(true);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s says why it matters and has a failing and a passing example (seo-ai rules <id>, docs/rules.md)', (_id, rule) => {
    expect(rule.docs.why?.trim().length ?? 0).toBeGreaterThan(40);
    expect(rule.docs.why).not.toBe(rule.docs.description);
    expect(rule.docs.examples?.fails).toBeDefined();
    expect(rule.docs.examples?.passes).toBeDefined();
    // The failing one fails and the passing one passes: the rule's own test table runs them (testRule), and so does this.
    expect(exampleProblems(rule)).toEqual([]);
  });
});

describe('RuleId', () => {
  it('is every registered id, and nothing else compiles as one (npm test typechecks this file)', () => {
    const known: RuleId = 'title-too-long';
    // @ts-expect-error: a misspelt or renamed id is not a RuleId; should this line compile, the typecheck fails
    const misspelt: RuleId = 'title-too-lung';
    expect([known, misspelt]).toEqual(['title-too-long', 'title-too-lung']);
    expect(new Set<string>(rules.map((r) => r.id)).size).toBe(rules.length);
  });
});
