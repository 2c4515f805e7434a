// The audit after: the run's rows audited again with the accepted values in place, as each row's
// values become final. A row that ended unchanged reuses its check from before (same bytes, same
// keywords); a row whose title or description alone changed runs again only the rules that read
// the head, on its trial page; every other row is parsed and checked again.
import { createHash } from 'node:crypto';
import type { ResolvedRule } from '../engine/config.js';
import type { Fact } from '../engine/facts.js';
import type { CheckedPage, PageChecker } from '../engine/run.js';
import { isSiteRule, needsHttp } from '../engine/types.js';
import { detach } from '../page/detach.js';
import type { Page, PageInput } from '../page/types.js';
import { rowInput, type CsvPage, type CsvSourceExtras } from '../sources/csv.js';
import type { Source, SourceItem } from '../sources/types.js';
import { detachedCheck, runAudit, type AuditResult } from '../audit.js';
import type { Config } from '../engine/config.js';
import type { Weights } from '../engine/types.js';
import { contentCell } from '../sources/csv.js';
import { normalisedUrl, trialPage } from './candidates.js';

/** What a row page's check depends on, in two parts: its URL and keywords with the bytes up to `</head>`, and with the bytes from there. */
export interface Digest {
  head: string;
  body: string;
}

const HEAD_END = Buffer.from('</head>', 'latin1');

/**
 * A row page's digests. Its title and description are escaped in the head (no "<" in them), so
 * the first `</head>` is where the head ends; the page is the same when both parts are.
 */
export function inputDigest(input: PageInput): Digest {
  const bytes = Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength);
  const end = Math.max(0, bytes.indexOf(HEAD_END));
  const keywords = (input.keywords ?? []).join('\n');
  const part = (from: number, to: number): string => createHash('sha1').update(input.url).update('\0').update(bytes.subarray(from, to)).update('\0').update(keywords).digest('base64');
  return { head: part(0, end), body: part(end, bytes.length) };
}

/** Facts of a page a new title or description changes. */
const HEAD_FACTS: ReadonlySet<Fact> = new Set<Fact>(['title', 'meta', 'head']);
/**
 * Facts a row's trial page (its head, its H1s, no other content) holds exactly as the whole page
 * does, when its content cell adds nothing to the head (HEAD_TAG).
 */
const TRIAL_FACTS: ReadonlySet<Fact> = new Set<Fact>(['title', 'meta', 'head', 'h1', 'keywords', 'http']);
/** Elements of a content cell that could add to what the head says (a <title> in an inline SVG, a <meta>, a <link rel=canonical>, <html lang>). */
export const HEAD_TAG = /<(?:title|meta|link|base|html|head|body)[\s/>]/i;

/**
 * The page rules a new title or description can change the findings of: those that read the
 * title, the description or the head. Undefined when a check cannot be brought up to date by
 * running them alone: one reads a fact the trial page does not hold as the whole page does, or a
 * rule that runs on rows reads the page's size (which the new head changes).
 */
export function headRechecks(rules: readonly ResolvedRule[]): ReadonlySet<string> | undefined {
  const running = rules.flatMap(({ rule }) => (isSiteRule(rule) || needsHttp(rule) ? [] : [rule]));
  if (running.some((rule) => rule.reads.includes('size'))) return undefined;
  const again = running.filter((rule) => rule.reads.some((f) => HEAD_FACTS.has(f)));
  if (again.some((rule) => rule.reads.some((f) => !TRIAL_FACTS.has(f)))) return undefined;
  return new Set(again.map((rule) => rule.id));
}


/**
 * A page's check before, brought up to date for a new head: the findings of the rules that read
 * it are found again on the trial page, every other rule's stand (they read the body, which is
 * the same), and the site rules see the new title and description.
 */
export function headChecked(kept: CheckedPage, trial: Page, checker: PageChecker, again: ReadonlySet<string>): CheckedPage {
  const fresh = checker.findings(trial, again);
  const page = { ...kept.entry.page };
  if (trial.title) page.title = detach(trial.title);
  else delete page.title;
  if (trial.meta.description) page.description = detach(trial.meta.description);
  else delete page.description;
  const findings = [...kept.result.findings.filter((f) => !again.has(f.rule)), ...fresh.findings];
  return { ...kept, entry: { ...kept.entry, page }, result: { ...kept.result, findings } };
}

/**
 * The table's rows as pages again, with the accepted values in place: row i once `ready(i)`
 * resolves (its values are final), or none after it when that says false (the run failed).
 */
export function rewrittenSource(source: Source & CsvSourceExtras, pages: CsvPage[], keywordsFor: ((url: string) => string[] | undefined) | undefined, ready: (row: number) => Promise<boolean>): Source {
  return {
    kind: 'csv',
    target: source.target,
    http: false,
    notes: [],
    size: pages.length,
    ...(source.lacks ? { lacks: source.lacks } : {}),
    async *items(): AsyncIterable<SourceItem> {
      const seen = new Set<string>();
      for (const [i, page] of pages.entries()) {
        if (!(await ready(i))) return;
        const url = normalisedUrl(page.url);
        if (url === undefined || seen.has(url)) continue;
        seen.add(url);
        yield { page: rowInput(page, url, `${source.target}:${page.line}`, keywordsFor) };
      }
    },
  };
}

export interface AuditAfterOptions {
  source: Source & CsvSourceExtras;
  /** The rows' pages, their accepted values put in place as the loop takes them. */
  pages: CsvPage[];
  /** Resolves when row i's values are final; false when the run failed (nothing after it is audited). */
  ready(row: number): Promise<boolean>;
  ruleSettings: Config['rules'] | undefined;
  weights: Weights;
  keywordsFor: ((url: string) => string[] | undefined) | undefined;
  /** Each page's own check before, with the digests of what was checked. */
  checkedBefore: ReadonlyMap<string, { checked: CheckedPage; digest: Digest }>;
  /** Row i ended with its values as they were. */
  unchanged(row: number): boolean;
  /** Row i's accepted values are a title or description only (no H1). */
  headOnly(row: number): boolean;
  /** The page rules that read the head, or undefined when a check cannot be brought up to date with them alone (headRechecks). */
  headRules: ReadonlySet<string> | undefined;
  checker: PageChecker;
  /** Counted here: pages reused whole, and brought up to date for a new head. */
  counts: { reused: number; rechecked: number };
}

/** The audit after (see the top of this file), in worker threads from 200 rows as the audit before. */
export function auditAfter(options: AuditAfterOptions): Promise<AuditResult> {
  const { pages, checkedBefore, counts } = options;
  const rowOfUrl = new Map<string, number>();
  pages.forEach((p, i) => {
    const url = normalisedUrl(p.url);
    if (url !== undefined && !rowOfUrl.has(url)) rowOfUrl.set(url, i);
  });
  /** A row that ends as it began is the page checked before: not parsed and checked again. */
  const reuse = (input: PageInput, kept: { checked: CheckedPage; digest: Digest }): CheckedPage | undefined => {
    const digest = inputDigest(input);
    if (kept.digest.head !== digest.head || kept.digest.body !== digest.body) return undefined;
    counts.reused++;
    return detachedCheck(kept.checked);
  };
  /**
   * A new title or description, the body as it was: the rules that read the head run again, on the
   * row's trial page, and every other rule's findings stand. A page with warnings goes whole: one
   * names a place in the page ("at character N"), which the new head moves.
   */
  const recheckHead = (input: PageInput, kept: { checked: CheckedPage; digest: Digest }, page: CsvPage): CheckedPage | undefined => {
    const again = options.headRules;
    if (again === undefined || HEAD_TAG.test(contentCell(page)) || kept.checked.result.warnings.length > 0) return undefined;
    if (kept.digest.body !== inputDigest(input).body) return undefined;
    counts.rechecked++;
    return headChecked(kept.checked, trialPage(page, input.url, options.keywordsFor), options.checker, again);
  };
  return runAudit({
    source: rewrittenSource(options.source, pages, options.keywordsFor, options.ready),
    ruleSettings: options.ruleSettings,
    weights: options.weights,
    workers: 'auto',
    reuse: (input) => {
      const i = rowOfUrl.get(input.url);
      const kept = i === undefined ? undefined : checkedBefore.get(input.url);
      if (i === undefined || kept === undefined) return undefined;
      return options.unchanged(i) ? reuse(input, kept) : options.headOnly(i) ? recheckHead(input, kept, pages[i]!) : undefined;
    },
  });
}
