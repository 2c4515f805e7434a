import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocsUrl } from '../engine/catalogue.js';
import { SEVERITIES, type Severity } from '../engine/types.js';
import { cmp } from '../gate/snapshot.js';
import type { JsonReport } from './json.js';
import { ruleInfo } from './rule-info.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub code scanning rejects a run with more results than this (and shows the top 5,000). */
export const MAX_SARIF_RESULTS = 25_000;

export interface SarifOptions {
  /** Most results in the run; the most severe are kept. Defaults to GitHub's limit. */
  maxResults?: number;
  /**
   * With a comparison, emit the fixed findings as baselineState "absent" results (default false).
   * GitHub code scanning ignores baselineState, so it would show them as open alerts: a SARIF
   * meant for upload is better without them.
   */
  absent?: boolean;
}

type Level = 'error' | 'warning' | 'note';
type BaselineState = 'new' | 'unchanged' | 'absent';

const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** What GitHub reads from properties["problem.severity"] to order and filter non-security alerts. */
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'recommendation',
};
/** GitHub's limits on rule names and descriptions. */
const MAX_NAME = 255;
const MAX_DESCRIPTION = 1024;

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; precision: 'very-high'; 'problem.severity': string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  baselineState?: BaselineState;
  properties: { url: string; severity: Severity; element?: string; value?: string; expected?: string };
}

interface SarifNotification {
  level: 'warning';
  message: { text: string };
}

/** One result before it is written: a finding of this run, or a fixed one of the baseline. */
interface Candidate {
  rule: string;
  severity: Severity;
  message?: string;
  fix?: string;
  url: string;
  origin?: string;
  fingerprint: string;
  element?: string;
  value?: string;
  expected?: string;
  state?: BaselineState;
}

/**
 * The report as SARIF 2.1.0 in the subset GitHub code scanning reads: one run, every rule that
 * has a result, one result per finding located at the page's file (or CSV row, or URL).
 */
export function formatSarif(report: JsonReport, options: SarifOptions = {}): string {
  const all = candidates(report, options.absent ?? false);
  const rules = sarifRules(all, report);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const kept = mostSevere(all, options.maxResults ?? MAX_SARIF_RESULTS);
  const dropped = all.length - kept.length;
  const notifications: SarifNotification[] = report.errors.map((e) => ({ level: 'warning', message: { text: braces(`${e.origin}: ${e.message}`) } }));
  if (dropped > 0) {
    notifications.push({
      level: 'warning',
      message: { text: `${dropped} of ${all.length} results left out: a run may hold at most ${kept.length}; the most severe are kept` },
    });
  }
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, semanticVersion: report.tool.version, version: report.tool.version, rules } },
        invocations: [
          {
            executionSuccessful: !report.partial,
            endTimeUtc: report.generatedAt,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results: kept.map((c) => {
          const i = index.get(c.rule)!;
          return sarifResult(c, i, rules[i]!.defaultConfiguration.level, report);
        }),
        properties: {
          siteScore: report.summary.score,
          pages: report.summary.pages,
          partial: report.partial,
          ...(dropped > 0 ? { droppedResults: dropped } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** Every finding in page order; with a comparison, marked new or unchanged, then the fixed ones. */
function candidates(report: JsonReport, absent: boolean): Candidate[] {
  const deltas = new Map((report.comparison?.pages ?? []).map((p) => [p.url, p]));
  const out: Candidate[] = [];
  for (const page of report.pages) {
    const delta = deltas.get(page.url);
    // compare() matches fingerprints as a multiset, earliest first: the first k occurrences of a
    // fingerprint are the unchanged ones, any after them are new.
    const unchanged = new Map<string, number>();
    for (const f of delta?.unchanged ?? []) unchanged.set(f.fingerprint, (unchanged.get(f.fingerprint) ?? 0) + 1);
    for (const f of page.findings) {
      let state: BaselineState | undefined;
      if (report.comparison) {
        const left = unchanged.get(f.fingerprint) ?? 0;
        state = left > 0 ? 'unchanged' : 'new';
        if (left > 0) unchanged.set(f.fingerprint, left - 1);
      }
      out.push({ ...f, url: page.url, ...(page.origin !== undefined ? { origin: page.origin } : {}), ...(state ? { state } : {}) });
    }
  }
  if (report.comparison && absent) {
    const origins = new Map(report.pages.map((p) => [p.url, p.origin]));
    for (const p of report.comparison.pages) {
      // A removed page's findings are gone with it, not fixed.
      if (p.status !== 'kept') continue;
      const origin = origins.get(p.url);
      for (const f of p.fixed) {
        out.push({
          rule: f.rule,
          severity: f.severity,
          ...(f.message !== undefined ? { message: f.message } : {}),
          url: p.url,
          ...(origin !== undefined ? { origin } : {}),
          fingerprint: f.fingerprint,
          ...(f.element !== undefined ? { element: f.element } : {}),
          state: 'absent',
        });
      }
    }
  }
  return out;
}

/** The rules of the candidates, sorted by id; a rule's level is the severity this run gave it. */
function sarifRules(all: readonly Candidate[], report: JsonReport): SarifRule[] {
  const first = new Map<string, Candidate>();
  for (const c of all) if (!first.has(c.rule)) first.set(c.rule, c);
  const documented = new Set((report.rules ?? []).filter((r) => !r.undocumented).map((r) => r.id));
  return [...first.values()]
    .sort((a, b) => cmp(a.rule, b.rule))
    .map((c) => {
      const info = ruleInfo(report, c.rule, { severity: c.severity, ...(c.message ? { message: c.message } : {}), ...(c.fix ? { fix: c.fix } : {}) });
      // Required by GitHub, which rejects empty strings: the id stands in for a missing text.
      const text = info.description || c.rule;
      const description = clip(text, MAX_DESCRIPTION);
      const fix = info.fix === '' ? '' : `\n\nHow to fix: ${info.fix}`;
      const fixMarkdown = info.fix === '' ? '' : `\n\n**How to fix:** ${escapeMarkdown(info.fix)}`;
      return {
        id: c.rule,
        name: clip(pascalCase(c.rule) || c.rule, MAX_NAME),
        shortDescription: { text: description },
        fullDescription: { text: description },
        help: { text: `${text}${fix}`, markdown: `${escapeMarkdown(text)}${fixMarkdown}` },
        // Its section of docs/rules.md for the version that wrote the report: only a rule of the
        // report's catalogue that docs/rules.md has (not one known from its findings alone).
        ...(documented.has(c.rule) ? { helpUri: ruleDocsUrl(report.tool, c.rule) } : {}),
        defaultConfiguration: { level: LEVEL[c.severity] },
        properties: { tags: ['seo', info.category], precision: 'very-high', 'problem.severity': PROBLEM_SEVERITY[c.severity] },
      };
    });
}

/**
 * At most `max` candidates: the most severe, earlier before later (so a fixed finding, listed
 * after this run's, loses a tie); written in their original order so the output reads page by page.
 */
function mostSevere(all: readonly Candidate[], max: number): Candidate[] {
  if (all.length <= max) return [...all];
  return all
    .map((c, i) => ({ c, i }))
    .sort((x, y) => SEVERITIES.indexOf(x.c.severity) - SEVERITIES.indexOf(y.c.severity) || x.i - y.i)
    .slice(0, Math.max(0, max))
    .sort((x, y) => x.i - y.i)
    .map(({ c }) => c);
}

function sarifResult(c: Candidate, ruleIndex: number, ruleLevel: Level, report: JsonReport): SarifResult {
  const where = artifact(c.url, c.origin);
  const text = c.message || ruleInfo(report, c.rule, { severity: c.severity }).description;
  return {
    ruleId: c.rule,
    ruleIndex,
    // A fixed finding has no severity in this run: it is shown at its rule's level.
    level: c.state === 'absent' ? ruleLevel : LEVEL[c.severity],
    message: { text: braces(`${c.state === 'absent' ? 'Fixed: ' : ''}${text} (${c.url})`) },
    locations: [{ physicalLocation: { artifactLocation: where.artifactLocation, region: { startLine: where.startLine } } }],
    // GitHub matches alerts across runs by primaryLocationLineHash only; the fingerprint (rule,
    // page, element) is a better identity than a hash of the page's first line would be.
    partialFingerprints: { primaryLocationLineHash: c.fingerprint, 'seoAiFingerprint/v1': c.fingerprint },
    ...(c.state ? { baselineState: c.state } : {}),
    properties: {
      url: c.url,
      severity: c.severity,
      ...(c.element !== undefined ? { element: c.element } : {}),
      ...(c.value !== undefined ? { value: c.value } : {}),
      ...(c.expected !== undefined ? { expected: c.expected } : {}),
    },
  };
}

/**
 * Where a page's results are shown: its file relative to the repository root (%SRCROOT%), the
 * CSV file at the page's row, or, for a page fetched over HTTP, its host and path (see webPath).
 */
function artifact(url: string, origin: string | undefined): { artifactLocation: { uri: string; uriBaseId?: string }; startLine: number } {
  // URL.pathname is percent-encoded already: not encoded twice.
  if (origin === undefined) return { artifactLocation: { uri: webPath(url), uriBaseId: '%SRCROOT%' }, startLine: 1 };
  const row = /^(.+):(\d+)$/.exec(origin);
  const file = row ? row[1]! : origin;
  const startLine = row ? Math.max(1, Number(row[2])) : 1;
  // An absolute path (a report written without a working directory) is a file: URI; a relative
  // one is relative to the checkout, which is what GitHub resolves relative URIs against.
  if (path.isAbsolute(file)) return { artifactLocation: { uri: pathToFileURL(file).href }, startLine };
  return { artifactLocation: { uri: encodePath(file), uriBaseId: '%SRCROOT%' }, startLine };
}

/**
 * A fetched page as a repository-relative path, host then path ("shop.example/products/tent"; a
 * port as "_8080", no query): code scanning refuses an upload whose locations have a scheme other
 * than the checkout's file: one, so a page URL cannot stand as it is. The URL is in the message
 * and in properties.url.
 */
function webPath(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return encodePath(url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
  }
  const host = u.port === '' ? u.hostname : `${u.hostname}_${u.port}`;
  const rest = u.pathname.replace(/\/+$/, '');
  // WHATWG leaves a stray "%" and characters like | ^ [ ] as they are: a URI reference may not hold them.
  return `${host}${rest}`.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c));
}

/** A relative path as a URI reference: spaces, non-ASCII, '?' and '#' percent-encoded. */
function encodePath(file: string): string {
  return file
    .split('/')
    .map((s) => encodeURI(s).replace(/[?#]/g, (ch) => encodeURIComponent(ch)))
    .join('/');
}

/** SARIF §3.11.5: in message strings "{" and "}" are written "{{" and "}}" (single ones mark placeholders). */
function braces(text: string): string {
  return text.replace(/[{}]/g, (c) => c + c);
}

/** "title-too-long" → "TitleTooLong": SARIF rule names are identifiers, ids are kebab-case. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** Rule docs name HTML tags ("<title>"); unescaped, GitHub's markdown renderer would drop them. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
