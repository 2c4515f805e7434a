import { SEVERITIES, type Severity } from '../engine/types.js';
import type { JsonReport } from './json.js';
import { formatMarkdown } from './markdown.js';

export interface GithubOptions {
  /** Annotation lines at most, the "left out" notice included. */
  max?: number;
}

/** GitHub keeps 50 annotations per job (and 10 of each level per step); more are dropped unseen. */
export const DEFAULT_MAX_ANNOTATIONS = 50;

type Page = JsonReport['pages'][number];
type Finding = Page['findings'][number];

const LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' };

/**
 * The findings as GitHub Actions workflow commands, one line each, most severe first, so the
 * ones GitHub shows are the ones that matter. With a comparison only the new findings are
 * annotated: the old ones are the baseline's, and a PR should see what it added.
 *
 * No ::group:: around them: the runner turns each command into an annotation wherever it
 * stands, and plain lines let the CLI print them next to anything else.
 */
export function formatGithubAnnotations(report: JsonReport, options: GithubOptions = {}): string {
  const max = Math.max(1, Math.floor(options.max ?? DEFAULT_MAX_ANNOTATIONS));
  const all = annotated(report);
  if (all.length === 0) return '';
  const shown = pick(all, max);
  const lines = shown.map(({ page, finding }) => annotation(page, finding));
  const left = all.length - shown.length;
  if (left > 0) {
    const what = report.comparison ? (left === 1 ? 'new finding' : 'new findings') : left === 1 ? 'finding' : 'findings';
    const more = shown.length > 0 ? ' more' : '';
    lines.push(
      `::notice title=seo-ai::${left}${more} ${what} not annotated (GitHub shows ${PER_LEVEL} errors, ${PER_LEVEL} warnings and ${PER_LEVEL} notices per step; at most ${max} ${max === 1 ? 'annotation' : 'annotations'} here): the job summary and the JSON report (--format json) list every one`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** GitHub shows at most this many annotations of each level from one step, and drops the rest unseen. */
export const PER_LEVEL = 10;

/**
 * The annotations GitHub will show, most severe first: at most PER_LEVEL of each level and `max`
 * in all. When some are left out, the notice that says so takes a place among the notices and
 * within `max`, or GitHub would drop the very line that explains the drop.
 */
function pick(all: readonly Annotated[], max: number): Annotated[] {
  const taken = (limitNotices: number, limitTotal: number): Annotated[] => {
    const count = { error: 0, warning: 0, notice: 0 };
    const out: Annotated[] = [];
    for (const a of all) {
      const level = LEVEL[a.finding.severity];
      const cap = level === 'notice' ? limitNotices : PER_LEVEL;
      if (count[level] >= cap || out.length >= limitTotal) continue;
      count[level]++;
      out.push(a);
    }
    return out;
  };
  const everything = taken(PER_LEVEL, max);
  return everything.length === all.length ? everything : taken(PER_LEVEL - 1, max - 1);
}

type Annotated = { page: Page; finding: Finding };

/** The Markdown to append to $GITHUB_STEP_SUMMARY (the CLI appends it; this only makes the text). */
export function githubStepSummary(report: JsonReport): string {
  return formatMarkdown(report);
}

/** The findings to annotate, most severe first, in report order within a severity. */
function annotated(report: JsonReport): { page: Page; finding: Finding }[] {
  const fresh = newFingerprints(report);
  const out: { page: Page; finding: Finding }[] = [];
  for (const page of report.pages) {
    const left = fresh?.get(page.url);
    for (const finding of page.findings) {
      if (left) {
        // A fingerprint found twice on a page and once in the baseline is one new finding, not two.
        const n = left.get(finding.fingerprint) ?? 0;
        if (n === 0) continue;
        left.set(finding.fingerprint, n - 1);
      } else if (fresh) {
        continue;
      }
      out.push({ page, finding });
    }
  }
  // Array sort is stable: report order survives within a severity.
  return out.sort((a, b) => SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity));
}

/** With a comparison, how many times each fingerprint is new on each page; without one, undefined (all findings count). */
function newFingerprints(report: JsonReport): Map<string, Map<string, number>> | undefined {
  if (!report.comparison) return undefined;
  const byUrl = new Map<string, Map<string, number>>();
  for (const p of report.comparison.pages) {
    if (p.new.length === 0) continue;
    const counts = new Map<string, number>();
    for (const f of p.new) counts.set(f.fingerprint, (counts.get(f.fingerprint) ?? 0) + 1);
    byUrl.set(p.url, counts);
  }
  return byUrl;
}

function annotation(page: Page, finding: Finding): string {
  const props: string[] = [];
  if (page.origin !== undefined) {
    const { file, line } = originLocation(page.origin);
    props.push(`file=${escapeProperty(file)}`, `line=${line}`);
  }
  props.push(`title=${escapeProperty(finding.rule)}`);
  return `::${LEVEL[finding.severity]} ${props.join(',')}::${escapeData(`${finding.message} (${page.url})`)}`;
}

/** A CSV row's origin is `file:line`; a file of a folder is the whole page, so its first line. */
export function originLocation(origin: string): { file: string; line: number } {
  const m = /^(.+):(\d+)$/.exec(origin);
  return m ? { file: m[1]!, line: Number(m[2]) } : { file: origin, line: 1 };
}

/** A command's message, escaped as the runner unescapes it: a newline cannot start another command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value, which additionally ends at `,` (next property) and `:` (the message). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
