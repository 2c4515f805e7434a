/**
 * Colour depth of the terminal report: 0 none, 1 16 colours, 2 256, 3 16 million. The environment
 * is read with the precedence Node documents for its own output (tty.WriteStream#getColorDepth):
 * - `--no-color` on the command line turns colour off, whatever the environment says;
 * - FORCE_COLOR, when set, decides alone: "", "1" or "true" 16 colours, "2" 256, "3" 16 million,
 *   any other value ("0", "false") none; NO_COLOR and NODE_DISABLE_COLORS are then ignored;
 * - otherwise NO_COLOR or NODE_DISABLE_COLORS (any value but empty, as no-color.org says) turn it off;
 * - otherwise only a terminal gets colour, and not one that says TERM=dumb.
 */
export type ColorLevel = 0 | 1 | 2 | 3;

export function colorLevel(env: NodeJS.ProcessEnv, isTTY: boolean, colorFlag: boolean): ColorLevel {
  if (!colorFlag) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === '1' || force === 'true') return 1;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 0;
  }
  if ((env.NO_COLOR ?? '') !== '' || (env.NODE_DISABLE_COLORS ?? '') !== '') return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  // Beyond 16 colours only when the terminal says so; the report uses the 16 basic ones anyway.
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (/-256(color)?$/i.test(env.TERM ?? '')) return 2;
  return 1;
}
