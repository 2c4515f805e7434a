import type { Page } from '../page/types.js';
import type { ResolvedRule } from './config.js';
import { detach, intern } from '../page/detach.js';
import { wordShareBeforeJs } from '../page/before-js.js';
import { fingerprint } from './fingerprint.js';
import { scorePage, summarize, type Summary } from './score.js';
import { indexEntry, SiteIndex, type IndexEntry, type WebSite } from './site-index.js';
import { isSiteRule, needsHttp, type Finding, type PageResult, type Report, type RuleFailure, type Weights } from './types.js';

export interface NotApplicable {
  rule: string;
  reason: string;
}

export interface EngineResult {
  summary: Summary;
  /** Pages in the order they were added. */
  pages: PageResult[];
  notApplicable: NotApplicable[];
  /** Site rules that threw or reported nonsense: their findings are missing. */
  failures: RuleFailure[];
}

export interface EngineOptions {
  rules: readonly ResolvedRule[];
  weights: Weights;
  /** Pages came over HTTP, so rules that need HTTP facts apply. */
  http?: boolean;
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** What checking one page yields: its findings so far, and what the site rules need of it. */
export interface CheckedPage {
  result: PageResult;
  entry: IndexEntry;
  hasKeywords: boolean;
}

/**
 * Runs the page rules on one page. Pure and self-contained, so it runs the same in the main
 * thread or in a worker thread; its output is plain data that crosses threads cheaply.
 */
export class PageChecker {
  constructor(private readonly options: Pick<EngineOptions, 'rules' | 'http'>) {}

  check(page: Page): CheckedPage {
    const result = this.findings(page);
    const hasKeywords = page.keywords !== undefined && page.keywords.length > 0;
    return { result, entry: indexEntry(page), hasKeywords };
  }

  /**
   * The page rules' findings alone (only the rules named in `only`, when given), without what the
   * site rules need: how a candidate rewrite is checked, many times a run, at the cost of a few rules.
   */
  findings(page: Page, only?: ReadonlySet<string>): PageResult {
    const result: PageResult = { url: detach(page.url), score: 100, findings: [], warnings: page.warnings.map(detach) };
    if (page.web?.rendered && !page.web.rendered.failed && page.web.rendered.redirect === undefined) result.rendered = true;
    // What crawlers without JavaScript read of the rendered page's main text.
    const share = wordShareBeforeJs(page);
    if (share !== undefined) result.wordShareWithoutJs = Math.round(share * 100) / 100;
    const hasKeywords = page.keywords !== undefined && page.keywords.length > 0;
    // An error page, or one robots.txt kept us from fetching, has no content to judge:
    // only the rules about HTTP facts apply to it.
    const content = page.web?.blockedBy === undefined && (page.status === undefined || (page.status >= 200 && page.status <= 299));
    for (const resolved of this.options.rules) {
      const { rule } = resolved;
      if (isSiteRule(rule) || (only !== undefined && !only.has(rule.id))) continue;
      if (rule.needsKeywords && !hasKeywords) continue;
      if (needsHttp(rule) ? !this.options.http : !content) continue;
      // A rule that throws (a plugin's, most likely) loses its own findings on this page, never the run.
      const before = result.findings.length;
      try {
        rule.check(page, { options: resolved.options, report: (r) => pushFinding(result, resolved, r) });
      } catch (error) {
        result.findings.length = before;
        (result.failures ??= []).push({ rule: rule.id, message: failureMessage(error) });
      }
    }
    return result;
  }
}

/**
 * The pure engine: page rules run as each page arrives, the site index grows by a few short
 * strings per page, and site rules run once at the end. No I/O, no clock.
 */
export class Engine {
  private readonly index = new SiteIndex();
  private readonly results: PageResult[] = [];
  private readonly byUrl = new Map<string, PageResult>();
  private readonly checker: PageChecker;
  private sawKeywords = false;
  private readonly failures: RuleFailure[] = [];

  constructor(private readonly options: EngineOptions) {
    this.checker = new PageChecker(options);
  }

  /** Runs the page rules on one page and keeps its findings and its index entry. */
  addPage(page: Page): PageResult {
    return this.addChecked(this.checker.check(page));
  }

  /** Keeps a page checked elsewhere (a worker thread); pages must arrive in source order. */
  addChecked({ result, entry, hasKeywords }: CheckedPage): PageResult {
    if (hasKeywords) this.sawKeywords = true;
    this.index.push(entry);
    this.results.push(result);
    this.byUrl.set(result.url, result);
    return result;
  }

  /** Runs the site rules (given what an HTTP source learned of the site, the web ones too), sorts and scores every page. */
  finish(web?: WebSite): EngineResult {
    if (web) this.index.web = web;
    const http = this.options.http === true && web !== undefined;
    for (const resolved of this.options.rules) {
      const { rule } = resolved;
      const context = {
        options: resolved.options,
        report: (r: Report) => {
          const target = r.url === undefined ? undefined : this.byUrl.get(r.url);
          if (!target) throw new Error(`rule ${rule.id} reported against a page not in the run: ${r.url ?? '(no url)'}`);
          pushFinding(target, resolved, r);
        },
      };
      try {
        if (isSiteRule(rule)) {
          if (!needsHttp(rule) || http) rule.check(this.index, context);
        } else if (rule.finish && http) {
          rule.finish(this.index, context);
        }
      } catch (error) {
        // What it reported before it failed stands: its findings are on the pages already.
        this.failures.push({ rule: rule.id, message: failureMessage(error) });
      }
    }
    for (const page of this.results) {
      page.findings.sort(compareFindings);
      page.score = scorePage(page.findings, this.options.weights);
    }
    return { summary: summarize(this.results), pages: this.results, notApplicable: this.notApplicable(), failures: this.failures };
  }

  private notApplicable(): NotApplicable[] {
    const out: NotApplicable[] = [];
    for (const { rule } of this.options.rules) {
      if (needsHttp(rule) && !this.options.http) {
        out.push({ rule: rule.id, reason: 'needs pages fetched over HTTP (audit a URL or sitemap)' });
      } else if (rule.needsKeywords && !this.sawKeywords) {
        out.push({ rule: rule.id, reason: 'needs target keywords (config "keywords" or --keywords)' });
      }
    }
    return out;
  }
}

/** Frames of seo-ai's own code around a rule's check, and of the test runner. */
const OWN_FRAME = /\/(?:dist\/)?src\/(?:engine|worker|extend)\/[^/]+\.[jt]s:|\/(?:dist\/)?src\/audit\.[jt]s:|\/node_modules\/(?:vitest|@vitest|tinypool|tinyrainbow)\//;

/** An error as one line: its message, or what was thrown. */
function failureMessage(error: unknown): string {
  if (!(error instanceof Error)) return `threw ${typeof error === 'string' ? JSON.stringify(error) : String(error)}`;
  // Where it was thrown, from the first frame of its stack: a plugin author's way to the line.
  // seo-ai's own frames (the engine refusing a report, the worker calling the rule) and the test
  // runner's are skipped: the rule's line is the one to show, in a file, a package or a .cjs alike.
  const frames = [...(error.stack ?? '').matchAll(/\n\s+at (?:.*?\()?((?:file:\/\/)?\/[^\s)]+:\d+:\d+)\)?/g)].map((m) => m[1]!);
  const frame = frames.find((f) => !OWN_FRAME.test(f));
  const at = frame === undefined ? '' : ` (at ${frame.startsWith('file://') ? decodeURI(frame.slice('file://'.length)) : frame})`;
  return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}${at}`;
}

const REPORT_FIELDS = ['url', 'message', 'value', 'expected', 'element'] as const;

/** A report that is no finding (not an object, a field that is not text, a field no finding has): thrown as the rule's failure. */
function checkReport(r: unknown): asserts r is Report {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new Error(`reported ${r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r}, not a finding ({ message, value, expected, element })`);
  for (const [key, value] of Object.entries(r)) {
    if (!(REPORT_FIELDS as readonly string[]).includes(key)) throw new Error(`reported a finding with "${key}", which findings do not have (only ${REPORT_FIELDS.join(', ')})`);
    if (value !== undefined && typeof value !== 'string') throw new Error(`reported "${key}" as ${Array.isArray(value) ? 'an array' : typeof value}; it must be text`);
  }
}

function pushFinding(result: PageResult, resolved: ResolvedRule, r: Report): void {
  checkReport(r);
  const { rule } = resolved;
  const finding: Finding = {
    rule: rule.id,
    severity: resolved.severity,
    message: r.message === undefined ? rule.docs.description : intern(r.message),
    fix: resolved.fix,
    fingerprint: fingerprint(rule.id, result.url, r.element),
  };
  if (r.value !== undefined) finding.value = intern(r.value);
  if (r.expected !== undefined) finding.expected = intern(r.expected);
  if (r.element !== undefined) finding.element = intern(r.element);
  result.findings.push(finding);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)
  );
}

