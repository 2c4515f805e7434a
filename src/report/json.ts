import path from 'node:path';
import type { AuditResult } from '../audit.js';
import type { RuleInfo } from '../engine/catalogue.js';
import type { Summary } from '../engine/score.js';
import type { Severity, Weights } from '../engine/types.js';
import type { Comparison } from '../gate/compare.js';
import type { GateVerdict } from '../gate/policy.js';

export interface ToolInfo {
  name: string;
  version: string;
}

/** The JSON report: a versioned contract. Add fields freely; never rename or remove one without bumping schemaVersion. */
export interface JsonReport {
  schemaVersion: 1;
  tool: ToolInfo;
  /** The only field that differs between two runs on the same input. */
  generatedAt: string;
  source: AuditResult['source'];
  partial: boolean;
  summary: Summary;
  /** Points a page loses per failing rule, by severity, as configured for this run. */
  weights: Weights;
  notApplicable: AuditResult['notApplicable'];
  errors: AuditResult['errors'];
  notes: string[];
  /** Why pages may be missing from the run though the site has them (a limit, an unreadable sitemap); absent when none. */
  losses?: string[];
  /** The comparison with a baseline (audit --baseline) or an older report (diff). */
  comparison?: Comparison;
  /** The CI gate's verdict, when a policy was applied. */
  gate?: GateVerdict;
  pages: {
    url: string;
    /** The file the page was read from (relative to the working directory), or the CSV row. */
    origin?: string;
    score: number;
    findings: {
      rule: string;
      severity: Severity;
      message: string;
      value?: string;
      expected?: string;
      /** Which element of the page, when a rule can fire more than once on it (an image src, a link href). */
      element?: string;
      fix: string;
      fingerprint: string;
    }[];
    warnings?: string[];
    /** The page was rendered in Chromium (--render): its findings are of the rendered DOM. */
    rendered?: true;
    /** Rendered pages: the share (0 to 1) of the main text's words in the HTML the server sends, what crawlers without JavaScript (and LLMs) read. */
    wordShareWithoutJs?: number;
    /** What the config's `extract` selectors found on the page, by name: each match's text (or attribute). */
    extracted?: Record<string, string[]>;
    /** Rules that failed on this page (threw, or reported what is no finding): their findings here are missing. */
    failures?: { rule: string; message: string }[];
  }[];
  /** Rules that failed during the run, once per rule (with its first message): the run's findings of them are incomplete. */
  ruleFailures?: NonNullable<AuditResult['ruleFailures']>;
  /**
   * The run's rules (id, category, severity as configured or 'off', description, fix text with
   * the run's options, options), written after the pages: every format describes a rule from
   * here. A report of an older version has none: `seo-ai diff` fills in this version's rules with
   * their defaults; a format given a report without one describes each rule by its findings.
   */
  rules: RuleInfo[];
}

export interface JsonReportExtras {
  weights: Weights;
  /** File origins are written relative to this folder, so reports do not depend on where the checkout is. */
  cwd?: string;
  comparison?: Comparison;
  gate?: GateVerdict;
}

export function toJsonReport(result: AuditResult, tool: ToolInfo, generatedAt: string, extras: JsonReportExtras): JsonReport {
  // Relative to the working directory when the file is under it; elsewhere the absolute path says more than ../../.
  const origin = (o: string): string => {
    if (extras.cwd === undefined || !path.isAbsolute(o)) return o;
    const rel = path.relative(extras.cwd, o);
    return rel.startsWith('..') || path.isAbsolute(rel) ? o : rel.split(path.sep).join('/');
  };
  // An error at a line of a file (a CSV row, a sitemap entry) has its origin as `file:line`: the file part is made relative.
  const errorOrigin = (e: AuditResult['errors'][number]): string => {
    const suffix = e.line === undefined ? '' : `:${e.line}`;
    return suffix !== '' && e.origin.endsWith(suffix) ? `${origin(e.origin.slice(0, -suffix.length))}${suffix}` : origin(e.origin);
  };
  return {
    schemaVersion: 1,
    tool,
    generatedAt,
    source: result.source,
    partial: result.partial,
    summary: result.summary,
    weights: extras.weights,
    notApplicable: result.notApplicable,
    errors: result.errors.map((e) => ({ origin: errorOrigin(e), ...(e.url !== undefined ? { url: e.url } : {}), message: e.message })),
    notes: result.notes,
    ...(result.losses.length > 0 ? { losses: result.losses } : {}),
    ...(extras.comparison ? { comparison: extras.comparison } : {}),
    ...(extras.gate ? { gate: extras.gate } : {}),
    pages: result.pages.map((p) => ({
      url: p.url,
      // A fetched page's origin is its URL: not a file, and reporters place files (SARIF, annotations).
      ...(p.origin !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p.origin) ? { origin: origin(p.origin) } : {}),
      score: p.score,
      findings: p.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        ...(f.value !== undefined ? { value: f.value } : {}),
        ...(f.expected !== undefined ? { expected: f.expected } : {}),
        ...(f.element !== undefined ? { element: f.element } : {}),
        fix: f.fix,
        fingerprint: f.fingerprint,
      })),
      ...(p.warnings.length > 0 ? { warnings: p.warnings } : {}),
      ...(p.rendered ? { rendered: true as const } : {}),
      ...(p.wordShareWithoutJs !== undefined ? { wordShareWithoutJs: p.wordShareWithoutJs } : {}),
      ...(p.extracted !== undefined ? { extracted: p.extracted } : {}),
      ...(p.failures !== undefined && p.failures.length > 0 ? { failures: p.failures } : {}),
    })),
    ...(result.ruleFailures !== undefined && result.ruleFailures.length > 0 ? { ruleFailures: result.ruleFailures } : {}),
    rules: result.rules,
  };
}

/**
 * The gate's verdict and the comparison come before the pages, whatever order they were set in:
 * the verdict is read first. The rule catalogue comes last, after the pages it describes.
 */
export function formatJson(report: JsonReport): string {
  return [...jsonChunks(report)].join('');
}

/**
 * The JSON report as formatJson writes it, a page at a time: a report of 100,000 pages is never
 * one string (the head and the catalogue are; each page is its own).
 */
export function* jsonChunks(report: JsonReport): Generator<string> {
  const { gate, comparison, pages, rules, ...rest } = report;
  const whole = `${JSON.stringify({ ...rest, ...(gate ? { gate } : {}), ...(comparison ? { comparison } : {}), pages: [], ...(rules ? { rules } : {}) }, null, 2)}\n`;
  if (pages.length === 0) {
    yield whole;
    return;
  }
  // The top-level key at its indentation: a string value holding it would have its newline escaped.
  const at = whole.indexOf(PAGES_KEY);
  yield `${whole.slice(0, at)}\n  "pages": [`;
  for (let i = 0; i < pages.length; i++) yield `${i === 0 ? '' : ','}\n    ${JSON.stringify(pages[i], null, 2).replace(/\n/g, '\n    ')}`;
  yield `\n  ]${whole.slice(at + PAGES_KEY.length)}`;
}

/** Where the pages go in the report's text: the top-level key, at its indentation. */
const PAGES_KEY = '\n  "pages": []';
