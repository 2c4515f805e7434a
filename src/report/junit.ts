// JUnit XML for CI test reporters (Jenkins, GitLab, GitHub actions that read JUnit): a suite per
// rule category, a test case per page. A case fails when the page has findings of that category,
// so a reporter's failure count reads as "pages with problems of this kind". With a comparison
// only new findings fail: a CI gate reads failures as regressions, and findings the baseline
// already had are listed in the case's output instead.
//
// Jenkins' junit-10.xsd (xunit plugin) accepts this output except for two attributes it does not
// declare: `timestamp` on <testsuites> (only there, so the file holds a single time, the run's)
// and `file` on <testcase>, which GitLab and the GitHub JUnit actions read to link a case to its file.
import type { JsonReport } from './json.js';
import { printable } from './painter.js';
import { ruleInfo } from './rule-info.js';
import { cmp, type FindingRef } from '../gate/snapshot.js';

type Page = JsonReport['pages'][number];
type PageFinding = Page['findings'][number];

/** Whether a finding of this run was already in the compared run. */
export type FindingStatus = 'new' | 'unchanged';

/**
 * The status of every finding of the report, aligned with report.pages[i].findings[j], or
 * undefined without a comparison. A finding is unchanged when the comparison lists its
 * fingerprint as unchanged on its page, counted as a multiset the way compare() matches them
 * (the first occurrences of a fingerprint are the unchanged ones). Anything the comparison does
 * not account for is new: a gate must not hide a finding it cannot place.
 */
export function findingStatuses(report: JsonReport): FindingStatus[][] | undefined {
  const comparison = report.comparison;
  if (!comparison) return undefined;
  const byUrl = new Map(comparison.pages.map((p) => [p.url, p]));
  return report.pages.map((page) => {
    const left = new Map<string, number>();
    for (const f of byUrl.get(page.url)?.unchanged ?? []) left.set(f.fingerprint, (left.get(f.fingerprint) ?? 0) + 1);
    return page.findings.map((f) => {
      const n = left.get(f.fingerprint) ?? 0;
      if (n === 0) return 'new';
      left.set(f.fingerprint, n - 1);
      return 'unchanged';
    });
  });
}

/**
 * The findings each kept page no longer has, by URL; empty without a comparison. A removed page's
 * findings are not fixed (and the page is not in the report to list them under).
 */
export function fixedFindings(report: JsonReport): Map<string, FindingRef[]> {
  return new Map((report.comparison?.pages ?? []).filter((p) => p.status === 'kept' && p.fixed.length > 0).map((p) => [p.url, p.fixed]));
}

export function formatJunit(report: JsonReport): string {
  const statuses = findingStatuses(report);
  const fixedByUrl = fixedFindings(report);
  const categories = suiteCategories(report);
  const skips = notApplicableCategories(report);
  const label = report.comparison?.baseline.label;
  const tool = report.tool.name;

  const suites = categories.map((category) => {
    let failures = 0;
    let skipped = 0;
    const cases = report.pages.map((page, i) => {
      const inCategory = (f: { rule: string; severity: PageFinding['severity'] }): boolean => ruleInfo(report, f.rule, { severity: f.severity }).category === category;
      const failing: PageFinding[] = [];
      const unchanged: PageFinding[] = [];
      page.findings.forEach((f, j) => {
        if (!inCategory(f)) return;
        if (statuses?.[i]?.[j] === 'unchanged') unchanged.push(f);
        else failing.push(f);
      });
      const fixed = (fixedByUrl.get(page.url) ?? []).filter(inCategory);

      const body: string[] = [];
      const first = failing[0];
      if (first) {
        failures++;
        body.push(`      <failure type="${attr(first.rule)}" message="${attr(`${first.rule}: ${first.message}`)}">${text(failing.map(findingText).join(''))}</failure>`);
      } else if (skips.has(category) && unchanged.length === 0) {
        // No rule of this category ran (e.g. web rules on a folder audit): "passed" would claim a check that never happened.
        skipped++;
        body.push(`      <skipped message="${attr(`not applicable: ${skips.get(category)}`)}"/>`);
      }
      const out = [
        ...(unchanged.length > 0 ? [`Unchanged since ${label} (not failed):\n${unchanged.map(findingText).join('')}`] : []),
        ...(fixed.length > 0 ? [`Fixed since ${label}:\n${fixed.map((f) => fixedText(f, report)).join('')}`] : []),
      ];
      if (out.length > 0) body.push(`      <system-out>${text(out.join('\n'))}</system-out>`);

      const open = `    <testcase name="${attr(page.url)}" classname="${attr(`${tool}.${category}`)}"${page.origin !== undefined ? ` file="${attr(page.origin)}"` : ''} time="0"`;
      return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
    });
    const head =
      `  <testsuite name="${attr(category)}" tests="${report.pages.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0"`;
    return { failures, xml: cases.length === 0 ? `${head}/>` : `${head}>\n${cases.join('\n')}\n  </testsuite>` };
  });

  const tests = report.pages.length * categories.length;
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(tool)}" tests="${tests}" failures="${failures}" errors="0" time="0" timestamp="${attr(report.generatedAt)}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * Every category of the run's rules (the report's catalogue), so a category without findings shows
 * as passed rather than missing, plus any category the report's findings name that the catalogue
 * does not (a rule it lacks is 'other'), in name order.
 */
function suiteCategories(report: JsonReport): string[] {
  const categories = new Set<string>((report.rules ?? []).map((r) => r.category));
  for (const page of report.pages) for (const f of page.findings) categories.add(ruleInfo(report, f.rule, { severity: f.severity }).category);
  return [...categories].sort(cmp);
}

/** Categories none of whose rules ran in this run, with the reasons given, joined. */
function notApplicableCategories(report: JsonReport): Map<string, string> {
  const reasons = new Map(report.notApplicable.map((n) => [n.rule, n.reason]));
  const byCategory = new Map<string, string[]>();
  for (const rule of report.rules ?? []) byCategory.set(rule.category, [...(byCategory.get(rule.category) ?? []), rule.id]);
  const skipped = new Map<string, string>();
  for (const [category, ids] of byCategory) {
    if (!ids.every((id) => reasons.has(id))) continue;
    skipped.set(category, [...new Set(ids.map((id) => reasons.get(id)!))].join('; '));
  }
  return skipped;
}

/** One finding as lines of a failure or of the case output: everything needed to act on it. */
// Page text goes on one line (printable): a CI runner that shows this file line by line must not
// read a page's "\n::error::" as a workflow command.
function findingText(f: PageFinding): string {
  return (
    `${f.severity} ${f.rule}: ${printable(f.message)}\n` +
    (f.element !== undefined ? `  element: ${printable(f.element)}\n` : '') +
    (f.value !== undefined ? `  value: ${printable(f.value)}\n` : '') +
    (f.expected !== undefined ? `  expected: ${f.expected}\n` : '') +
    `  fix: ${f.fix}\n`
  );
}

/** A fixed finding: a baseline file keeps no message, so the rule's description stands in. */
function fixedText(f: FindingRef, report: JsonReport): string {
  const message = f.message ?? ruleInfo(report, f.rule, { severity: f.severity }).description;
  return `${f.severity} ${f.rule}: ${printable(message)}\n` + (f.element !== undefined ? `  element: ${printable(f.element)}\n` : '');
}

/**
 * Characters XML 1.0 does not allow at all, not even as references: C0 controls other than tab,
 * LF and CR, U+FFFE and U+FFFF, and surrogates not part of a pair. Page text can hold any of them,
 * and one would make the whole file unreadable to the CI, so they are dropped.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Element text. CR is written as a reference, which parsers would otherwise turn into LF. */
function text(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes. Tab, LF and CR as references: parsers turn them into spaces otherwise. */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
