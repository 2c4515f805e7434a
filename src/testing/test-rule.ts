import { describe, expect, it } from 'vitest';
import { resolveRules } from '../engine/config.js';
import { PageChecker } from '../engine/run.js';
import { SiteIndex, type WebSite } from '../engine/site-index.js';
import { isSiteRule, type ExamplePage, type ExampleSite, type ExampleWebSite, type PageRule, type Report, type Rule, type RuleOptions, type SiteRule } from '../engine/types.js';
import { extractPage } from '../page/extract.js';
import type { LinkTargetStatus, Page, WebFacts } from '../page/types.js';

export interface PageCase {
  /** Shown in the test name; defaults to the start of the HTML. */
  name?: string;
  html: string | Uint8Array;
  url?: string;
  headers?: Record<string, string>;
  status?: number;
  keywords?: string[];
  linkTargets?: Record<string, LinkTargetStatus>;
  /** How the page was reached over HTTP; makes it an HTTP page (site index: status and links). */
  web?: WebFacts;
  /** The HTML before JavaScript ran, when `html` is the rendered page (--render). */
  raw?: string;
  /** Options merged over the rule's defaults. */
  options?: RuleOptions;
}

/** What a finding must be: every field given must match, and no field may be missing or extra. */
export type ExpectedFinding = Pick<Report, 'url' | 'value' | 'expected' | 'element'> & { message?: string | RegExp };

export interface InvalidPageCase extends PageCase {
  /** A page rule's findings are about the page itself: no `url`. */
  findings: Omit<ExpectedFinding, 'url'>[];
}

export const TEST_URL = 'https://shop.example/products/blue-widget';

export function pageFrom(c: PageCase): Page {
  const body = typeof c.html === 'string' ? Buffer.from(c.html, 'utf8') : c.html;
  const page = extractPage({
    url: c.url ?? TEST_URL,
    body,
    ...(c.headers ? { headers: c.headers } : {}),
    ...(c.status !== undefined ? { status: c.status } : {}),
    ...(c.keywords ? { keywords: c.keywords } : {}),
    ...(c.web ? { web: c.web } : {}),
    ...(c.raw !== undefined ? { raw: Buffer.from(c.raw, 'utf8') } : {}),
  });
  if (c.linkTargets) page.linkTargets = c.linkTargets;
  return page;
}

/**
 * A page rule's findings on one case, through the engine's own PageChecker, as an audit would
 * call it: not on a page without keywords when it needs them, not without HTTP facts (a status or how it was reached)
 * when it needs them, only the HTTP rules on an error page. The case's options go through the
 * config's checks (a misspelt option fails the test). Findings come back as the rule reported them.
 */
export function runPageRule<O extends RuleOptions>(rule: PageRule<O>, c: PageCase): Report[] {
  const page = pageFrom(c);
  const rules = resolveRules([rule as PageRule], c.options ? { [rule.id]: [rule.severity, c.options] } : {}, `test case of ${rule.id}`);
  const checker = new PageChecker({ rules, http: c.status !== undefined || c.web !== undefined });
  return checker.findings(page).findings.map((f) => ({
    message: f.message,
    ...(f.value !== undefined ? { value: f.value } : {}),
    ...(f.expected !== undefined ? { expected: f.expected } : {}),
    ...(f.element !== undefined ? { element: f.element } : {}),
  }));
}

function caseName(c: { name?: string; html?: string | Uint8Array }, i: number): string {
  if (c.name) return c.name;
  const html = typeof c.html === 'string' ? c.html : `#${i}`;
  return html.replace(/\s+/g, ' ').slice(0, 90);
}

function compare(actual: Report[], expected: ExpectedFinding[]): void {
  const strip = (r: Report | ExpectedFinding) => {
    const { message: _m, ...rest } = r;
    return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  };
  expect(actual.map(strip)).toEqual(expected.map(strip));
  expected.forEach((e, i) => {
    if (e.message instanceof RegExp) expect(actual[i]?.message ?? '').toMatch(e.message);
    else if (e.message !== undefined) expect(actual[i]?.message).toBe(e.message);
  });
}

/** ESLint's RuleTester, for page rules: each valid case reports nothing, each invalid case exactly its findings. */
export function testRule<O extends RuleOptions>(
  rule: PageRule<O>,
  cases: { valid: (PageCase | string)[]; invalid: InvalidPageCase[] },
): void {
  describe(rule.id, () => {
    it('docs: the failing example fails and the passing one passes', () => expect(exampleProblems(rule as PageRule)).toEqual([]));
    cases.valid.forEach((v, i) => {
      const c = typeof v === 'string' ? { html: v } : v;
      it(`valid: ${caseName(c, i)}`, () => compare(runPageRule(rule, c), []));
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid: ${caseName(c, i)}`, () => compare(runPageRule(rule, c), c.findings));
    });
  });
}

/**
 * What is wrong with a rule's docs examples (`seo-ai rules <id>` and docs/rules.md show them):
 * nothing when, under the default options, the failing one gives at least one finding and the
 * passing one none. Every test table runs it, so an example can never be wrong; a rule without
 * examples is a problem too, as every rule of seo-ai documents them.
 */
export function exampleProblems(rule: Rule): string[] {
  const examples = rule.docs.examples;
  if (!examples) return [`${rule.id} has no docs.examples`];
  const run = (example: ExamplePage | ExampleSite): Report[] =>
    isSiteRule(rule)
      ? runSiteRule(rule, { name: 'docs example', pages: (example as ExampleSite).pages, ...((example as ExampleSite).web ? { web: webSite((example as ExampleSite).web) } : {}) })
      : runPageRule(rule, example as ExamplePage);
  const problems: string[] = [];
  const fails = run(examples.fails);
  const passes = run(examples.passes);
  if (fails.length === 0) problems.push(`${rule.id}: the failing example gives no finding`);
  if (passes.length > 0) problems.push(`${rule.id}: the passing example gives ${passes.map((f) => JSON.stringify(f.message ?? '')).join(', ')}`);
  return problems;
}

export interface SiteCase {
  name: string;
  pages: PageCase[];
  options?: RuleOptions;
  /** What an HTTP source learned of the site (see webSite()); web rules read it from the index. */
  web?: WebSite;
}

function siteIndex(c: SiteCase): SiteIndex {
  const index = new SiteIndex();
  for (const p of c.pages) index.add(pageFrom(p));
  if (c.web) index.web = c.web;
  return index;
}

export function runSiteRule<O extends RuleOptions>(rule: SiteRule<O>, c: SiteCase): Report[] {
  const index = siteIndex(c);
  const reports: Report[] = [];
  rule.check(index, { options: { ...rule.options, ...(c.options ?? {}) } as O, report: (r) => reports.push(r) });
  return reports;
}

/** Runs a page rule's end-of-run half (`finish`) over a small site, as the engine does over HTTP. */
export function runFinish<O extends RuleOptions>(rule: PageRule<O>, c: SiteCase): Report[] {
  if (!rule.finish) throw new Error(`rule ${rule.id} has no finish()`);
  const index = siteIndex(c);
  const reports: Report[] = [];
  rule.finish(index, { options: { ...rule.options, ...(c.options ?? {}) } as O, report: (r) => reports.push(r) });
  return reports;
}

/** RuleTester for site rules: each case is a small site. */
export function testSiteRule<O extends RuleOptions>(
  rule: SiteRule<O>,
  cases: { valid: SiteCase[]; invalid: (SiteCase & { findings: ExpectedFinding[] })[] },
): void {
  describe(rule.id, () => {
    it('docs: the failing example fails and the passing one passes', () => expect(exampleProblems(rule as SiteRule)).toEqual([]));
    for (const c of cases.valid) it(`valid: ${c.name}`, () => compare(runSiteRule(rule, c), []));
    for (const c of cases.invalid) it(`invalid: ${c.name}`, () => compare(runSiteRule(rule, c), c.findings));
  });
}

/** RuleTester for a page rule's `finish`: each case is a small site fetched over HTTP. */
export function testFinish<O extends RuleOptions>(
  rule: PageRule<O>,
  cases: { valid: SiteCase[]; invalid: (SiteCase & { findings: ExpectedFinding[] })[] },
): void {
  describe(`${rule.id} (finish)`, () => {
    for (const c of cases.valid) it(`valid: ${c.name}`, () => compare(runFinish(rule, c), []));
    for (const c of cases.invalid) it(`invalid: ${c.name}`, () => compare(runFinish(rule, c), c.findings));
  });
}

/**
 * Plain data for webSite(): only what a test needs, the rest empty. Statuses are keyed by URL
 * without fragment; `crawled` defaults to true: most web rules are about crawls. The same data as a
 * site rule's docs example carries.
 */
export type WebSiteFacts = ExampleWebSite;

/** A WebSite built from plain maps, so web rule tests stay short. */
export function webSite(facts: WebSiteFacts = {}): WebSite {
  const statuses = new Map(Object.entries(facts.statuses ?? {}));
  return {
    status: (url) => statuses.get(url.replace(/#.*$/, '')),
    robots: facts.robots ?? [],
    llms: facts.llms ?? [],
    sitemapUrls: new Set(facts.sitemapUrls ?? []),
    crawled: facts.crawled ?? true,
    ...(facts.start === undefined ? {} : { start: facts.start }),
    ...(facts.notFound === undefined ? {} : { notFound: facts.notFound }),
  };
}
