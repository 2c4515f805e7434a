import type { LinkTargetStatus, Page, WebFacts } from '../page/types.js';
import type { Fact } from './facts.js';
import type { NotFoundProbe, SiteIndex, WebSite } from './site-index.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type SeverityOrOff = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export type Category =
  | 'title' | 'meta' | 'headings' | 'content' | 'images' | 'links'
  | 'indexing' | 'i18n' | 'structured-data' | 'social' | 'mobile' | 'web' | 'url' | 'custom';

/** Every category, in the order reports list them; `custom` holds a config's own checks (and plugins' that choose it). */
export const CATEGORIES: readonly Category[] = ['title', 'meta', 'headings', 'content', 'images', 'links', 'indexing', 'i18n', 'structured-data', 'social', 'mobile', 'web', 'url', 'custom'];

/**
 * Scope: "page" rules see one Page; "site" rules see the whole run's index;
 * "web" rules need HTTP facts and apply only when pages came over HTTP.
 */
export type Scope = 'page' | 'site' | 'web';

export type RuleOptions = Record<string, unknown>;

/** What a rule reports: facts, never severity or fingerprint. */
export interface Report {
  /** The page reported against; page rules default to the page being checked. */
  url?: string;
  /** Human text; defaults to the rule's docs.description. */
  message?: string;
  value?: string;
  expected?: string;
  /**
   * Which element or field of the page this is about (e.g. an image src), so two findings of one
   * rule on one page get different fingerprints. Never a number that changes between runs.
   */
  element?: string;
}

export interface RuleContext<O extends RuleOptions> {
  options: O;
  report(finding: Report): void;
}

/** The resolved options of any rule of the run (a fix text may name another rule's limit: "30–60 characters"). */
export type OptionsOf = (rule: string) => RuleOptions;

/**
 * A fix text from the rule's resolved options, so the text a user reads names the limit that applies
 * to them ("60 characters", or 50 when the config says so). Written as a method: a rule's own options
 * type stands in for RuleOptions.
 */
export type FixText<O extends RuleOptions> = { text(options: O, optionsOf: OptionsOf): string }['text'];

/** The text fields optimize rewrites: the title, the meta description, the H1. */
export type TextField = 'title' | 'meta' | 'h1';
/** Option names a rule can declare as limits on its field's text. */
export type LimitOption = 'min' | 'max' | 'maxPixels' | 'fontSize';

/**
 * A rule that judges a text field optimize rewrites. Its failure makes the field worth rewriting
 * (unless `trigger` is false: it then only judges candidates), every candidate for the field is
 * checked with it (a site rule: against every other row's value), and `limits` names its options
 * that bound the field's text: min and max characters, maxPixels measured at fontSize. The LLM
 * prompt's numbers, the offline rewriter's limits and the review's pixel columns come from these.
 */
export interface JudgedField {
  field: TextField;
  /** Each must be a number option of the rule (rules/index.test.ts checks). */
  limits?: readonly LimitOption[];
  trigger?: false;
}

/**
 * A page of a rule's docs example, with the facts a source would give it: plain data, as a rule's
 * test table writes a case (src/testing/test-rule.ts runs every rule's examples, so none is wrong).
 */
export interface ExamplePage {
  /** Defaults to https://shop.example/products/blue-widget. */
  url?: string;
  html: string;
  /** The HTTP status (makes it a page fetched over HTTP). */
  status?: number;
  headers?: Record<string, string>;
  keywords?: string[];
  linkTargets?: Record<string, LinkTargetStatus>;
  web?: WebFacts;
  /** The HTML before JavaScript ran, when `html` is the rendered page (--render). */
  raw?: string;
}

/** What an HTTP source learned of the whole site, as plain data (the site index's WebSite is built from it). */
export interface ExampleWebSite {
  statuses?: Record<string, LinkTargetStatus>;
  robots?: WebSite['robots'];
  llms?: WebSite['llms'];
  sitemapUrls?: string[];
  crawled?: boolean;
  start?: string;
  notFound?: NotFoundProbe;
}

/** A site rule's example: a small set of pages, and the site's HTTP facts for web rules. */
export interface ExampleSite {
  pages: ExamplePage[];
  web?: ExampleWebSite;
}

/**
 * A rule's docs, which `seo-ai rules <id>` and docs/rules.md show. `why` and `examples` are
 * optional so a rule written outside this package still compiles; every rule of seo-ai has them
 * (rules/index.test.ts).
 */
export interface RuleDocs<O extends RuleOptions, E> {
  description: string;
  fix: string | FixText<O>;
  /** The effect on search or on users: why a finding is worth fixing. */
  why?: string;
  /** Under the default options: `fails` gives at least one finding of the rule, `passes` none. */
  examples?: { fails: E; passes: E };
}

interface RuleBase<O extends RuleOptions, E> {
  id: string;
  category: Category;
  severity: Severity;
  docs: RuleDocs<O, E>;
  options: O;
  /** The rule does nothing without target keywords; it is reported as not applicable then. */
  needsKeywords?: boolean;
  /** The rule needs facts only an HTTP source has (status, headers, link checks). */
  needsHttp?: boolean;
  /** The text field it judges, for optimize (see JudgedField). */
  judges?: JudgedField;
}

export interface PageRule<O extends RuleOptions = RuleOptions> extends RuleBase<O, ExamplePage> {
  scope: 'page' | 'web';
  site?: false;
  /** The facts of a page its check reads (a test holds every page rule to this). */
  reads: readonly Fact[];
  check(page: Page, context: RuleContext<O>): void;
  /**
   * Over HTTP, the part of a page rule that needs the whole run (e.g. link targets fetched after
   * the page was checked); runs once at the end, with the index and its web facts.
   */
  finish?(index: SiteIndex, context: RuleContext<O>): void;
}

/** A rule over the whole run: "site" rules always, "web" ones (site: true) only over HTTP. */
export interface SiteRule<O extends RuleOptions = RuleOptions> extends RuleBase<O, ExampleSite> {
  scope: 'site' | 'web';
  site: true;
  /** The facts of the pages its check reads, through the site index (see FACT_OF_INDEXED; a test holds it to this). */
  reads: readonly Fact[];
  check(index: SiteIndex, context: RuleContext<O>): void;
}

export type Rule<O extends RuleOptions = RuleOptions> = PageRule<O> | SiteRule<O>;

/** True for rules that run once over the site index rather than on each page. */
export function isSiteRule(rule: Rule): rule is SiteRule {
  return rule.site === true;
}

/** True for rules that need pages fetched over HTTP. */
export function needsHttp(rule: Rule): boolean {
  return rule.scope === 'web' || rule.needsHttp === true;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  value?: string;
  expected?: string;
  fix: string;
  element?: string;
  fingerprint: string;
}

export interface PageResult {
  url: string;
  /** Where the page was read from when that is a file (path or `file:line` of a CSV row). */
  origin?: string;
  score: number;
  findings: Finding[];
  warnings: string[];
  /** Rules that threw, or reported what is no finding, on this page: their findings here are missing. */
  failures?: RuleFailure[];
  /** The page was rendered in Chromium (--render): its findings are of the rendered DOM. */
  rendered?: true;
  /** Rendered pages: the share (0 to 1) of the main text's words already in the HTML the server sends. */
  wordShareWithoutJs?: number;
  /** Values the config's `extract` selectors found on the page, by name. */
  extracted?: Record<string, string[]>;
}

/** A rule that failed: it threw, or reported something that is no finding. */
export interface RuleFailure {
  rule: string;
  message: string;
}

export type Weights = Record<Severity, number>;
