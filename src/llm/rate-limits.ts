// What an LLM endpoint's rate limits come to in numbers: the limiter's constants, the reset and
// remaining counts of the x-ratelimit-* headers, Retry-After, backoffs, and the rate a server was
// seen to accept. Pure functions; the limiter (limiter.ts) acts on them.
import { parseRetryAfter } from '../http/response.js';

export const DEFAULT_HEADROOM = 0.97;
/**
 * The token bucket holds this many seconds of the (headroomed) tpm. Enough that after an idle spell
 * a few typical requests (hundreds to a few thousand tokens each at usual limits) go at once; small
 * (1/12 of the minute) so the burst is nowhere near what a server counting per second or per
 * minute would refuse. A request larger than the bucket waits for a full bucket and leaves a debt.
 */
export const TOKEN_BUCKET_SECONDS = 5;
/** x-ratelimit-remaining-* at or below this fraction of the limit counts as exhausted: hold starts until the reset. */
export const LOW_REMAINING_FRACTION = 0.02;
/** 5xx/timeout retries: full jitter over min(cap, base × 2^(retry − 1)). */
export const RETRY_BACKOFF_BASE_MS = 1000;
export const RETRY_BACKOFF_CAP_MS = 30_000;
/** A 429 with no header saying how long: pause base × 2^(n − 1) for the n-th 429 episode in a row, capped. */
export const RATE_LIMIT_BACKOFF_BASE_MS = 1000;
export const RATE_LIMIT_BACKOFF_CAP_MS = 60_000;
/** A 429 with no request taken in the last minute to measure the server by lowers the pace to this share of itself. */
export const RATE_LIMIT_DECREASE = 0.7;
/** The lowest pace, in requests per minute, that 429s can bring it to. */
export const MIN_PACE_RPM = 1;
/**
 * Each success raises the pace by this share of the pace the last decrease set (an additive step).
 * Small, so a pace that matches the server takes dozens of successes to overshoot it by a few per
 * cent: a probe, and a 429, every few dozen requests rather than every few.
 */
export const PACE_STEP_SHARE = 1 / 400;
/** The longest pause a 429 may ask for and be waited out; a longer one refuses every request (RateLimitRefusal). */
export const MAX_RATE_LIMIT_PAUSE_MS = 5 * 60_000;
/** How far back the requests taken count towards the rate the server was seen to accept. */
export const OBSERVED_WINDOW_MS = 60_000;

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 1e-3,
  µs: 1e-3,
  ns: 1e-6,
};

/**
 * x-ratelimit-reset-* in milliseconds: Go-style durations as OpenAI and Groq send them ("1s",
 * "120ms", "6m0s", "1m30.5s", "2h0m0s"), or a bare number of seconds. Undefined when unreadable.
 */
export function parseResetDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number(amount) * DURATION_UNITS_MS[unit!]!;
  }
  return total;
}

/** How long a 429 asks everyone to wait, from its headers; undefined when they do not say. */
export function rateLimitDelayMs(headers: Record<string, string>, wallNow: number): number | undefined {
  const ms = headers['retry-after-ms']?.trim();
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const retryAfter = parseRetryAfter(headers['retry-after'], wallNow);
  if (retryAfter !== undefined) return retryAfter;
  // Without Retry-After, the reset of whichever limit ran out; if none says it ran out, the longest.
  const resets = (['requests', 'tokens'] as const).map((kind) => ({
    reset: parseResetDuration(headers[`x-ratelimit-reset-${kind}`]),
    exhausted: lowRemaining(headers, kind, undefined),
  }));
  const known = resets.filter((r) => r.reset !== undefined);
  const exhausted = known.filter((r) => r.exhausted);
  const chosen = exhausted.length > 0 ? exhausted : known;
  return chosen.length > 0 ? Math.max(...chosen.map((r) => r.reset!)) : undefined;
}

/**
 * Whether x-ratelimit-remaining-<kind>, less what was started after the request it answers (the
 * server had not counted that yet), is at or below LOW_REMAINING_FRACTION of the limit (from
 * x-ratelimit-limit-<kind>, else the configured one; with neither, only 0 counts as low).
 */
function lowRemaining(headers: Record<string, string>, kind: 'requests' | 'tokens', configured: number | undefined, startedSince = 0): boolean {
  const remaining = parseCount(headers[`x-ratelimit-remaining-${kind}`]);
  if (remaining === undefined) return false;
  const limit = parseCount(headers[`x-ratelimit-limit-${kind}`]) ?? configured ?? 0;
  return remaining - startedSince <= limit * LOW_REMAINING_FRACTION;
}

/**
 * How long to hold every start because a response says a limit is (nearly) used up: until its
 * x-ratelimit-reset-<kind>. Undefined when nothing is low or the reset is not given. The refill
 * time is the one moment a request is sure to be accepted; starting before it would mostly buy 429s.
 */
export function exhaustedHoldMs(
  headers: Record<string, string>,
  limits: { rpm?: number; tpm?: number },
  startedSince: { requests: number; tokens: number } = { requests: 0, tokens: 0 },
): number | undefined {
  const holds = [
    lowRemaining(headers, 'requests', limits.rpm, startedSince.requests) ? parseResetDuration(headers['x-ratelimit-reset-requests']) : undefined,
    lowRemaining(headers, 'tokens', limits.tpm, startedSince.tokens) ? parseResetDuration(headers['x-ratelimit-reset-tokens']) : undefined,
  ].filter((ms) => ms !== undefined);
  return holds.length > 0 ? Math.max(...holds) : undefined;
}

function parseCount(value: string | undefined): number | undefined {
  const text = value?.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Exponential backoff with full jitter for the n-th retry (1-based): uniform in [0, min(cap, base × 2^(n − 1))). */
export function retryBackoffMs(retry: number, random: () => number = Math.random): number {
  if (!Number.isInteger(retry) || retry < 1) throw new RangeError(`retry must be a positive integer, got ${retry}`);
  const ceiling = Math.min(RETRY_BACKOFF_CAP_MS, RETRY_BACKOFF_BASE_MS * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** The pause after the n-th 429 in a row that gave no delay: deterministic, as it is one pause for everyone. */
export function rateLimitBackoffMs(consecutive: number): number {
  return Math.min(RATE_LIMIT_BACKOFF_CAP_MS, RATE_LIMIT_BACKOFF_BASE_MS * 2 ** (Math.max(1, consecutive) - 1));
}

/**
 * Requests per minute the server was seen to accept: the k requests it took (`starts`, their start
 * times, oldest first), over the time from the first of them to `until`, when it will take the
 * next. Undefined with none to go by.
 */
export function observedRpm(starts: readonly number[], until: number): number | undefined {
  const first = starts[0];
  if (first === undefined || until <= first) return undefined;
  return (starts.length * 60_000) / (until - first);
}

