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
