import { Chalk } from 'chalk';
import type { Severity } from '../engine/types.js';
import { plainPainter, type Painter } from '../report/painter.js';
import type { ColorLevel } from './color.js';

export function painter(level: ColorLevel): Painter {
  if (level === 0) return plainPainter;
  const c = new Chalk({ level });
  const bySeverity: Record<Severity, (t: string) => string> = {
    critical: (t) => c.red.bold(t),
    high: (t) => c.red(t),
    medium: (t) => c.yellow(t),
    low: (t) => c.cyan(t),
  };
  return {
    severity: (s, t) => bySeverity[s](t),
    score: (n, t) => (n >= 90 ? c.green(t) : n >= 50 ? c.yellow(t) : c.red(t)),
    dim: (t) => c.dim(t),
    bold: (t) => c.bold(t),
  };
}
