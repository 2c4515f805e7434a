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
import { duration, normalizeHeaders } from '../http/response.js';
import { DEFAULT_HEADROOM, MAX_RATE_LIMIT_PAUSE_MS, MIN_PACE_RPM, OBSERVED_WINDOW_MS, PACE_STEP_SHARE, RATE_LIMIT_DECREASE, TOKEN_BUCKET_SECONDS, exhaustedHoldMs, observedRpm, rateLimitBackoffMs, rateLimitDelayMs, retryBackoffMs } from './rate-limits.js';

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

// Float slack when comparing a wake-up time with the time it was due, so that a virtual clock's
// rounding (now + (at − now) !== at) cannot cause an endless series of zero-length sleeps.
const EPSILON_MS = 1e-6;

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

export * from './rate-limits.js';

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
