// What the optimize reports (Markdown, output.ts; HTML, report-html.ts) both say the same way.
import { collapse } from '../page/extract.js';
import { textWidth } from '../page/pixels.js';
import { charLength } from '../page/text.js';
import type { SourceError } from '../sources/types.js';
import type { ReportResult } from './outcome.js';

/** Characters and pixels as the length and width rules count them: of the text with its white space collapsed, at the font size the run's width rule measures with. */
export function measure(fontPx: number, value: string): string {
  const text = collapse(value);
  return `${charLength(text)} chars, ${Math.round(textWidth(text, fontPx))} px`;
}

/** Errors of rows that have no outcome (malformed rows skipped with --skip-bad-rows): listed, so none goes unseen. */
export function skippedRows(result: ReportResult): SourceError[] {
  const lines = new Set(result.rows.map((r) => r.line));
  return result.before.errors.filter((e) => e.line === undefined || !lines.has(e.line));
}
