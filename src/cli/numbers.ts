// Every number a flag takes is checked when the command line is read, before anything runs and
// whatever the command would do with it: "--max-pages ten", "--rpm -5" or "--attempts 2.5" is a
// usage error (exit 2) naming the flag, the value and what it takes. The value stays the text given;
// the command converts it.
import { UsageError } from './io.js';

export type NumberSpec =
  /** A whole number from min to max. */
  | { whole: true; min: number; max: number }
  /** Any number from min to max. */
  | { whole?: false; min: number; max: number }
  /** Any number above 0, up to max. */
  | { above0: true; max: number };

function checkNumber(flag: string, value: string, spec: NumberSpec): string {
  const n = Number(value);
  const finite = value.trim() !== '' && Number.isFinite(n);
  if ('above0' in spec) {
    if (!finite || n <= 0 || n > spec.max) throw new UsageError(`${flag} ${value}: expected a number above 0 (at most ${spec.max})`);
  } else if (spec.whole) {
    if (!finite || !Number.isInteger(n) || n < spec.min || n > spec.max) throw new UsageError(`${flag} ${value}: expected a whole number from ${spec.min} to ${spec.max}`);
  } else if (!finite || n < spec.min || n > spec.max) {
    throw new UsageError(`${flag} ${value}: expected a number from ${spec.min} to ${spec.max}`);
  }
  return value;
}

/** A commander argument parser that checks the number (see checkNumber). */
export function numberArg(flag: string, spec: NumberSpec): (value: string) => string {
  return (value) => checkNumber(flag, value, spec);
}

export const WHOLE_MAX = 1_000_000_000;

/** A number flag's value (checked when the command line was read), else the fallback (the config's, or none). */
export function flagNumber(value: string | undefined, fallback: number | undefined): number | undefined {
  return value === undefined ? fallback : Number(value);
}
