import { describe, expect, it } from 'vitest';
import { colorLevel } from './color.js';

describe('colorLevel: the precedence Node documents', () => {
  it('FORCE_COLOR decides alone when set, over NO_COLOR, NODE_DISABLE_COLORS, a pipe and TERM=dumb', () => {
    const cases: [string, number][] = [['', 1], ['1', 1], ['true', 1], ['2', 2], ['3', 3], ['0', 0], ['false', 0], ['yes', 0], ['4', 0]];
    for (const [force, level] of cases) {
      expect([force, colorLevel({ FORCE_COLOR: force, NO_COLOR: '1', NODE_DISABLE_COLORS: '1', TERM: 'dumb' }, false, true)]).toEqual([force, level]);
    }
  });
  it('--no-color beats everything, FORCE_COLOR too', () => {
    expect(colorLevel({ FORCE_COLOR: '3' }, true, false)).toBe(0);
  });
  it('without FORCE_COLOR: NO_COLOR or NODE_DISABLE_COLORS (not empty) turn colour off on a terminal', () => {
    expect(colorLevel({ NO_COLOR: '1' }, true, true)).toBe(0);
    expect(colorLevel({ NO_COLOR: 'anything' }, true, true)).toBe(0);
    expect(colorLevel({ NODE_DISABLE_COLORS: '1' }, true, true)).toBe(0);
    expect(colorLevel({ NO_COLOR: '' }, true, true)).toBe(1);
  });
  it('only a terminal gets colour, and not TERM=dumb; depth from COLORTERM and TERM', () => {
    expect(colorLevel({}, false, true)).toBe(0);
    expect(colorLevel({ TERM: 'dumb' }, true, true)).toBe(0);
    expect(colorLevel({ TERM: 'xterm' }, true, true)).toBe(1);
    expect(colorLevel({ TERM: 'xterm-256color' }, true, true)).toBe(2);
    expect(colorLevel({ TERM: 'xterm-256color', COLORTERM: 'truecolor' }, true, true)).toBe(3);
  });
});
