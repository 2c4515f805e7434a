// The one progress line of audit and optimize: ora's spinner on stderr, only on a terminal wide
// enough to draw it and never with --quiet, redrawn at most ten times a second. ora is loaded only
// when there is a line to draw: a run in CI or piped never pays for it.
import type { CliIo } from './io.js';

export interface ProgressLine {
  /** The line's new text; dropped when the last draw was under 100 ms ago, unless `force`. */
  update(text: string, force?: boolean): void;
  stop(): void;
}

const REDRAW_MS = 100;

export async function progressLine(io: CliIo, quiet: boolean, first: string): Promise<ProgressLine | undefined> {
  // ora loops forever clearing lines on a terminal that reports no width: draw only with a real one.
  const columns = (io.stderr as { columns?: number }).columns ?? 0;
  if (quiet || io.stderr.isTTY !== true || columns < 20) return undefined;
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: io.stderr, text: first }).start();
  let lastDraw = 0;
  return {
    update(text, force = false) {
      const now = Date.now();
      if (!force && now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      // One line: a longer one would wrap, and the spinner would redraw only its last part.
      spinner.text = text.length > columns - 4 ? `${text.slice(0, columns - 5)}…` : text;
    },
    stop() {
      spinner.stop();
    },
  };
}
