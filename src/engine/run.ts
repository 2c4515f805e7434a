import type { Page } from '../page/types.js';
import type { ResolvedRule } from './config.js';
import { detach, intern } from '../page/detach.js';
import { fingerprint } from './fingerprint.js';
import { scorePage, summarize, type Summary } from './score.js';
import { indexEntry, SiteIndex, type IndexEntry } from './site-index.js';
import type { Finding, PageResult, Report, Weights } from './types.js';

export interface NotApplicable {
  rule: string;
  reason: string;
}

export interface EngineResult {
  summary: Summary;
  /** Pages in the order they were added. */
  pages: PageResult[];
  notApplicable: NotApplicable[];
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
    const result: PageResult = { url: detach(page.url), score: 100, findings: [], warnings: page.warnings.map(detach) };
    const hasKeywords = page.keywords !== undefined && page.keywords.length > 0;
    for (const resolved of this.options.rules) {
      const { rule } = resolved;
      if (rule.scope === 'site') continue;
      if (rule.needsKeywords && !hasKeywords) continue;
      if ((rule.scope === 'web' || rule.needsHttp) && !this.options.http) continue;
      rule.check(page, { options: resolved.options, report: (r) => pushFinding(result, resolved, r) });
    }
    return { result, entry: indexEntry(page), hasKeywords };
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

  /** Runs the site rules, sorts and scores every page. */
  finish(): EngineResult {
    for (const resolved of this.options.rules) {
      const { rule } = resolved;
      if (rule.scope !== 'site') continue;
      rule.check(this.index, {
        options: resolved.options,
        report: (r) => {
          const target = r.url === undefined ? undefined : this.byUrl.get(r.url);
          if (!target) throw new Error(`site rule ${rule.id} reported against a page not in the run: ${r.url ?? '(no url)'}`);
          pushFinding(target, resolved, r);
        },
      });
    }
    for (const page of this.results) {
      page.findings.sort(compareFindings);
      page.score = scorePage(page.findings, this.options.weights);
    }
    return { summary: summarize(this.results), pages: this.results, notApplicable: this.notApplicable() };
  }

  private notApplicable(): NotApplicable[] {
    const out: NotApplicable[] = [];
    for (const { rule } of this.options.rules) {
      if ((rule.scope === 'web' || rule.needsHttp) && !this.options.http) {
        out.push({ rule: rule.id, reason: 'needs pages fetched over HTTP (audit a URL or sitemap)' });
      } else if (rule.needsKeywords && !this.sawKeywords) {
        out.push({ rule: rule.id, reason: 'needs target keywords (config "keywords" or --keywords)' });
      }
    }
    return out;
  }
}

function pushFinding(result: PageResult, resolved: ResolvedRule, r: Report): void {
  const { rule } = resolved;
  const finding: Finding = {
    rule: rule.id,
    severity: resolved.severity,
    message: r.message === undefined ? rule.docs.description : intern(r.message),
    fix: rule.docs.fix,
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

