import type { Severity } from '../engine/types.js';

/** Colours come from the CLI (chalk, or nothing with NO_COLOR); reporters only say what is what. */
export interface Painter {
  severity(s: Severity, text: string): string;
  score(score: number, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const plainPainter: Painter = {
  severity: (_s, t) => t,
  score: (_n, t) => t,
  dim: (t) => t,
  bold: (t) => t,
};

/**
 * Page-derived text for a terminal or a CI log: on one line, with no control characters. A page
 * title with a newline followed by "::error::" or "::stop-commands::" would otherwise be read by
 * the GitHub runner as a workflow command, and an ESC sequence would drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(/\r\n|[\r\n\t\u2028\u2029]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
