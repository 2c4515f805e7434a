// Client-side rate limiting for LLM requests: --rpm, --tpm and --concurrency, plus what the server
// says (429s, Retry-After, x-ratelimit-* headers). Pure scheduling: the caller makes the request
// between acquire() and the permit's done()/rateLimited()/failed(). Time comes from an injectable
// clock and sleep, so tests run on virtual time.
//
// Requests are paced, not windowed: starts are spaced evenly at 60000 / (rpm × headroom) ms, so a
// server enforcing its limit with a token bucket (most do, in slices of a second or so) never sees
// a burst. Tokens come from a bucket refilled continuously at tpm × headroom per minute.
//
// The pace adapts to the server. The first 429 of an episode lowers it to the rate the server was
// seen to accept: the requests of the last minute it took (answered other than 429), over the time
// from the first of them to the end of the pause it asked for. A server slower than --rpm, or one
// that sends no x-ratelimit-* headers, so gets requests spaced at its own rate instead of released
// together after each pause. With no request taken to measure by, the pace drops to
// RATE_LIMIT_DECREASE of itself. Each success raises it by a small fixed step back towards --rpm.
// Without --rpm there is no pace until a 429 follows a request taken; then the same rules, uncapped.
// Not a blind × 0.7 on every 429: a server that answers 429 now and then whatever the pace would
// drive that to nothing, as the slow climb could never keep up. The observed rate includes time we
// left idle (backoffs, rows between requests), so it can still come out below what the server
// would take; the climb gives that back.
import { abortableSleep } from '../sleep.js';
import { duration, normalizeHeaders, parseRetryAfter } from '../http/response.js';

export interface LimiterOptions {
  /** Requests per minute; undefined = unlimited. */
  rpm?: number;
  /** Tokens per minute (prompt + max completion estimate); undefined = unlimited. */
  tpm?: number;
  /** Requests in flight at most. */
  concurrency: number;
  /** Fraction of the limits to aim for (default 0.97), leaving room for clock skew and other clients. */
  headroom?: number;
  /** Milliseconds, default performance.now(). */
  now?: () => number;
  /**
   * Default setTimeout-based. The limiter aborts `signal` when it no longer needs the wake-up (the
   * queue emptied), so a long 429 pause does not keep the process alive; a sleep may ignore it.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The longest pause a 429 may ask for (default MAX_RATE_LIMIT_PAUSE_MS); see RateLimitRefusal. */
  maxPauseMs?: number;
}

/**
 * The server answered 429 asking for a pause longer than the limiter waits (a daily quota spent,
 * a Retry-After of days): every request waiting, and every one asked for after, is refused with
 * this, at once, rather than the run stalling for as long as the server said, or hammering it.
 */
export class RateLimitRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RateLimitRefusal';
  }
}

export interface Permit {
  /** Call when the response arrived: real tokens used (to correct the estimate) and the response headers (lower-case names). */
  done(result: { tokens?: number; headers?: Record<string, string> }): void;
  /** The request got 429: pauses everyone per retry-after-ms / retry-after / x-ratelimit-reset-* (or a backoff if none), then the caller retries. */
  rateLimited(headers: Record<string, string>): void;
  /** Failed otherwise (5xx, timeout, connection): frees the slot; the caller decides on retry. */
  failed(): void;
}

export interface LimiterStats {
  /** Permits granted (retries included: each is a request the server counts). */
  started: number;
  /** rateLimited() calls. */
  rateLimited: number;
  /** Virtual time during which no request could start because of a 429 or an exhausted x-ratelimit-remaining-*. */
  pausedMs: number;
  /** Real tokens reported by done(), or the estimate when it reported none. */
  tokensUsed: number;
}

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

// Float slack when comparing a wake-up time with the time it was due, so that a virtual clock's
// rounding (now + (at − now) !== at) cannot cause an endless series of zero-length sleeps.
const EPSILON_MS = 1e-6;

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

function abortError(reason: unknown): Error {
  const error = new Error('aborted while waiting for the LLM rate limiter', { cause: reason });
  error.name = 'AbortError';
  return error;
}

interface Waiter {
  tokens: number;
  grant: (permit: Permit) => void;
  refuse: (error: RateLimitRefusal) => void;
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

export class LlmLimiter {
  /** Requests in flight at most (the client sizes its circuit breaker by it). */
  readonly concurrency: number;
  private readonly rpm: number | undefined;
  private readonly tpm: number | undefined;
  private readonly headroom: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Current pace in requests per minute: --rpm, lowered by 429s and raised back by successes; undefined = unpaced. */
  private paceRpm: number | undefined;
  /** What each success adds to paceRpm, set by the last decrease. */
  private paceStep = 0;
  /**
   * Start times of the requests of the last OBSERVED_WINDOW_MS that the server took (answered other
   * than 429: a 5xx or a timeout used its quota as much as a success), oldest first.
   */
  private takenStarts: number[] = [];
  /** Tokens per ms and bucket size; rate 0 without a tpm. */
  private readonly tokenRate: number;
  private readonly bucketCapacity: number;

  private readonly queue: Waiter[] = [];
  private active = 0;
  private nextStart = -Infinity;
  private tokenLevel: number;
  private refilledAt: number;
  /** No start before this: a 429's pause or an exhausted limit's reset. */
  private pausedUntil = -Infinity;
  /** 429 episodes in a row without a success in between, and when the latest began. */
  private consecutiveRateLimits = 0;
  private rateLimitEpisodeAt = -Infinity;
  private wake: { at: number; controller: AbortController } | undefined;
  /** Sum of the estimates of every start, to know what was started after a given one. */
  private tokensStarted = 0;
  private readonly counters = { started: 0, rateLimited: 0, pausedMs: 0, tokensUsed: 0 };
  private readonly maxPauseMs: number;
  /** Set once a 429 asked for too long a pause: every request is refused with it. */
  private refusal: RateLimitRefusal | undefined;

  constructor(options: LimiterOptions) {
    const headroom = options.headroom ?? DEFAULT_HEADROOM;
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
    if (!(headroom > 0 && headroom <= 1)) throw new RangeError(`headroom must be in (0, 1], got ${headroom}`);
    for (const [name, value] of [['rpm', options.rpm], ['tpm', options.tpm]] as const) {
      if (value !== undefined && !(value > 0 && Number.isFinite(value))) throw new RangeError(`${name} must be a positive number, got ${value}`);
    }
    this.concurrency = options.concurrency;
    this.rpm = options.rpm;
    this.tpm = options.tpm;
    this.headroom = headroom;
    this.paceRpm = options.rpm;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? abortableSleep;
    this.maxPauseMs = options.maxPauseMs ?? MAX_RATE_LIMIT_PAUSE_MS;
    this.tokenRate = options.tpm === undefined ? 0 : (options.tpm * headroom) / 60_000;
    this.bucketCapacity = this.tokenRate * TOKEN_BUCKET_SECONDS * 1000;
    // Full at the start, like the server's own bucket.
    this.tokenLevel = this.bucketCapacity;
    this.refilledAt = this.now();
  }

  /** Waits until a request estimated at `tokens` may start under every limit; resolves with a permit. Rejects with an AbortError if `signal` aborts while waiting. */
  acquire(tokens: number, signal?: AbortSignal): Promise<Permit> {
    if (!(tokens >= 0 && Number.isFinite(tokens))) return Promise.reject(new RangeError(`tokens must be a non-negative number, got ${tokens}`));
    if (signal?.aborted) return Promise.reject(abortError(signal.reason));
    if (this.refusal) return Promise.reject(this.refusal);
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = (): void => {
        // Still queued, so it holds no slot and no tokens: leaving the queue is all there is to undo.
        const index = this.queue.indexOf(waiter);
        if (index === -1) return;
        this.queue.splice(index, 1);
        reject(abortError(signal?.reason));
        // The head may have changed to a request that can start now, or the queue emptied.
        this.pump();
      };
      const waiter: Waiter = {
        tokens,
        grant: (permit) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(permit);
        },
        refuse: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Backoff for the n-th retry (1-based) of a 5xx/timeout: full jitter, uniform in [0, min(30 s, 1 s × 2^(n − 1))). */
  backoffMs(retry: number): number {
    return retryBackoffMs(retry);
  }

  stats(): LimiterStats {
    return { ...this.counters };
  }

  /** The pace now, in requests per minute (before headroom): --rpm as adapted to 429s; undefined = unpaced. */
  pace(): number | undefined {
    return this.paceRpm;
  }

  /** Spacing of starts, ms; 0 when unpaced. */
  private interval(): number {
    return this.paceRpm === undefined ? 0 : 60_000 / (this.paceRpm * this.headroom);
  }

  /** Starts queued requests, in order, while every limit allows; otherwise arranges to be woken when the head may start. */
  private pump(): void {
    for (;;) {
      const head = this.queue[0];
      // A full house is woken by a permit being settled, not by time.
      if (head === undefined || this.active >= this.concurrency) return this.cancelWake();
      const now = this.now();
      const at = this.earliestStart(head.tokens, now);
      if (at > now + EPSILON_MS) return this.scheduleWake(at, now);
      this.queue.shift();
      head.grant(this.start(head.tokens, now));
    }
  }

  private earliestStart(tokens: number, now: number): number {
    return Math.max(this.pausedUntil, this.nextStart, this.tokensReadyAt(tokens, now));
  }

  private tokensReadyAt(tokens: number, now: number): number {
    if (this.tpm === undefined) return -Infinity;
    this.refill(now);
    // A request larger than the bucket goes when the bucket is full (and leaves it in debt).
    const needed = Math.min(tokens, this.bucketCapacity);
    return this.tokenLevel >= needed ? now : now + (needed - this.tokenLevel) / this.tokenRate;
  }

  /**
   * A token level, its debt capped at one minute of tpm: a server counts tokens over a minute, so
   * a minute after any request, however large (a 5 MB prompt, or a server reporting 2 million
   * completion tokens), its window has forgotten it. Uncapped, one such answer would hold every
   * later request for hours.
   */
  private owing(level: number): number {
    return Math.max(level, -this.tokenRate * 60_000);
  }

  private refill(now: number): void {
    if (now <= this.refilledAt) return;
    this.tokenLevel = Math.min(this.bucketCapacity, this.tokenLevel + (now - this.refilledAt) * this.tokenRate);
    this.refilledAt = now;
  }

  private start(estimate: number, now: number): Permit {
    const before = { requests: this.counters.started, tokens: this.tokensStarted };
    this.active++;
    this.counters.started++;
    this.tokensStarted += estimate;
    if (this.tpm !== undefined) this.tokenLevel = this.owing(this.tokenLevel - estimate);
    // Counted from the slot this start was due in when it is at most `lateness` (the headroom's
    // share of the interval) behind it, so timer lateness does not add up, yet no two starts come
    // closer than 60000 / pace; from now when later (an idle spell, a pause), so idle time is not
    // banked as a burst.
    const interval = this.interval();
    const lateness = interval * (1 - this.headroom);
    if (this.paceRpm !== undefined) this.nextStart = (now - this.nextStart <= lateness ? this.nextStart : now) + interval;
    const startedAt = now;
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      this.active--;
      return true;
    };
    return {
      done: ({ tokens, headers }) => {
        if (!settle()) return;
        this.counters.tokensUsed += tokens ?? estimate;
        if (tokens !== undefined && this.tpm !== undefined) {
          const at = this.now();
          this.refill(at);
          // Estimates count the whole max completion, so this is usually a refund.
          this.tokenLevel = this.owing(Math.min(this.bucketCapacity, this.tokenLevel - (tokens - estimate)));
        }
        this.consecutiveRateLimits = 0;
        this.recordTaken(startedAt);
        this.raisePace();
        if (headers !== undefined) {
          // Starts after this one are in flight or done, and this response's remaining-* did not count them.
          const since = { requests: this.counters.started - before.requests - 1, tokens: this.tokensStarted - before.tokens - estimate };
          const hold = exhaustedHoldMs(normalizeHeaders(headers), { rpm: this.rpm, tpm: this.tpm }, since);
          if (hold !== undefined) this.pauseUntil(this.now() + hold);
        }
        this.pump();
      },
      rateLimited: (headers) => {
        if (!settle()) return;
        this.counters.rateLimited++;
        // The 429 used no tokens as far as the server's accounting is known; the estimate stays
        // debited anyway, as it may have been counted.
        const at = this.now();
        // 429s from requests started before the current episode's pause are that episode's
        // stragglers: they must not escalate the backoff (a full house would double it 50 times).
        // Likewise they were sent at the old pace, so only the episode's first 429 lowers it.
        const opensEpisode = startedAt >= this.rateLimitEpisodeAt;
        if (opensEpisode) {
          this.consecutiveRateLimits++;
          this.rateLimitEpisodeAt = at;
        }
        const delay = rateLimitDelayMs(normalizeHeaders(headers), Date.now()) ?? rateLimitBackoffMs(this.consecutiveRateLimits);
        if (delay > this.maxPauseMs) return this.refuseAll(delay);
        if (opensEpisode) this.lowerPace(at, at + delay);
        this.pauseUntil(at + delay);
        this.pump();
      },
      failed: () => {
        if (!settle()) return;
        this.recordTaken(startedAt);
        this.pump();
      },
    };
  }

  /** A request the server took: it counts towards the observed rate. */
  private recordTaken(startedAt: number): void {
    this.takenStarts.push(startedAt);
    // Kept to about a minute's worth (lowerPace() filters exactly).
    const horizon = this.now() - OBSERVED_WINDOW_MS;
    while (this.takenStarts[0] !== undefined && this.takenStarts[0] < horizon) this.takenStarts.shift();
  }

  /** A success: the pace climbs a step back towards --rpm. */
  private raisePace(): void {
    if (this.paceRpm !== undefined && this.paceRpm !== this.rpm) this.paceRpm = Math.min(this.rpm ?? Infinity, this.paceRpm + this.paceStep);
  }

  /** A 429 at `at` that lets the next request in at `resumeAt`: down to what the server accepted, never up. */
  private lowerPace(at: number, resumeAt: number): void {
    // Requests may settle out of start order; the window is small (at most a minute of them).
    this.takenStarts = this.takenStarts.filter((start) => start >= at - OBSERVED_WINDOW_MS).sort((a, b) => a - b);
    const observed = observedRpm(this.takenStarts, resumeAt);
    let lowered: number;
    if (observed !== undefined) lowered = Math.min(this.paceRpm ?? Infinity, observed);
    else if (this.paceRpm !== undefined) lowered = this.paceRpm * RATE_LIMIT_DECREASE;
    // Without a pace and without a request taken, nothing says what the server takes: the pause alone must do.
    else return;
    this.paceRpm = Math.max(MIN_PACE_RPM, lowered);
    this.paceStep = this.paceRpm * PACE_STEP_SHARE;
  }

  /** A 429 asked for a pause past maxPauseMs: no request waits for it, none is sent meanwhile. */
  private refuseAll(delay: number): void {
    this.refusal ??= new RateLimitRefusal(
      `rate limited (429): the server asks to wait ${duration(delay)}, longer than the ${duration(this.maxPauseMs)} seo-ai waits; try again later (a daily quota may be spent)`,
    );
    this.cancelWake();
    for (const waiter of this.queue.splice(0)) waiter.refuse(this.refusal);
  }

  private pauseUntil(until: number): void {
    const now = this.now();
    this.counters.pausedMs += Math.max(0, until - Math.max(this.pausedUntil, now));
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private scheduleWake(at: number, now: number): void {
    // An earlier wake-up already pending will re-check then.
    if (this.wake !== undefined && this.wake.at <= at) return;
    this.cancelWake();
    const wake = { at, controller: new AbortController() };
    this.wake = wake;
    const woke = (): void => {
      if (this.wake === wake) this.wake = undefined;
      if (!wake.controller.signal.aborted) this.pump();
    };
    this.sleep(at - now, wake.controller.signal).then(woke, woke);
  }

  private cancelWake(): void {
    this.wake?.controller.abort();
    this.wake = undefined;
  }
}
