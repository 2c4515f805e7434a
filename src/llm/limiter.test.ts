import { afterEach, describe, expect, it, vi } from 'vitest';
import { LlmLimiter, MAX_RATE_LIMIT_PAUSE_MS, observedRpm, RateLimitRefusal, parseResetDuration, rateLimitDelayMs, type LimiterOptions, type Permit } from './limiter.js';

/** Macrotask turn: every promise chain the limiter started has settled. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Virtual time: now() and sleep() move only when a test calls advance(). */
class VirtualClock {
  time = 0;
  private timers: { at: number; resolve: () => void }[] = [];

  readonly now = (): number => this.time;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const timer = { at: this.time + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((t) => t !== timer);
        resolve();
      }, { once: true });
    });

  /** Sleeps not yet over and not cancelled. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, waking each sleep at its own time, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await flush();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.resolve();
      await flush();
    }
    this.time = target;
    await flush();
  }

  /** Advances to an absolute time. */
  advanceTo(time: number): Promise<void> {
    return this.advance(time - this.time);
  }
}

interface Harness {
  clock: VirtualClock;
  limiter: LlmLimiter;
  /** "label@time" of every start, in start order. */
  started: string[];
  /** Acquires `tokens` as `label`; resolves with its permit once started. */
  request(label: string, tokens?: number, signal?: AbortSignal): Promise<Permit>;
}

function harness(options: Omit<LimiterOptions, 'now' | 'sleep'>): Harness {
  const clock = new VirtualClock();
  const limiter = new LlmLimiter({ ...options, now: clock.now, sleep: clock.sleep });
  const started: string[] = [];
  const request = (label: string, tokens = 0, signal?: AbortSignal): Promise<Permit> =>
    limiter.acquire(tokens, signal).then((permit) => {
      started.push(`${label}@${clock.time}`);
      return permit;
    });
  return { clock, limiter, started, request };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('LlmLimiter: requests per minute', () => {
  it('spaces starts evenly at 60000 / (rpm × 0.97) ms, the first at once, with no burst', async () => {
    const { clock, limiter } = harness({ rpm: 600, concurrency: 10 });
    const interval = 60_000 / (600 * 0.97);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) void limiter.acquire(0).then(() => times.push(clock.time));
    await clock.advance(0);
    expect(times).toEqual([0]);
    await clock.advance(interval - 0.01);
    expect(times).toEqual([0]);
    await clock.advance(0.01);
    expect(times).toHaveLength(2);
    await clock.advance(3 * interval);
    expect(times).toHaveLength(5);
    times.forEach((time, i) => expect(time).toBeCloseTo(i * interval, 6));
    expect(interval).toBeCloseTo(103.09, 2);
  });

  it('after an idle spell starts at once, then spaced again: idle time is not banked as a burst', async () => {
    const { clock, started, request } = harness({ rpm: 600, headroom: 1, concurrency: 10 });
    void request('a');
    await clock.advance(5000);
    void request('b');
    void request('c');
    void request('d');
    await clock.advance(250);
    expect(started).toEqual(['a@0', 'b@5000', 'c@5100', 'd@5200']);
  });

  it('absorbs a start held up by at most the headroom\'s share of the interval; a later one counts from itself', async () => {
    // Interval 103.09 ms, of which 3.09 ms is headroom: no two starts closer than 100 ms (the limit itself).
    const { clock, limiter } = harness({ rpm: 600, concurrency: 1 });
    const interval = 60_000 / (600 * 0.97);
    const times: number[] = [];
    const request = async (): Promise<Permit> => {
      const permit = await limiter.acquire(0);
      times.push(clock.time);
      return permit;
    };
    const a = request();
    const b = request();
    const c = request();
    const d = request();
    await clock.advance(105);
    // b waited for a's slot until 105, 1.9 ms late: c's slot stays at 2 intervals.
    (await a).done({});
    await clock.advance(0);
    (await b).done({});
    await clock.advanceTo(2 * interval);
    expect(times).toEqual([0, 105, 2 * interval]);
    // c frees its slot 10 ms after d was due: d's start is too late to absorb, so e counts from d.
    void request();
    await clock.advanceTo(3 * interval + 10);
    (await c).done({});
    await clock.advance(0);
    (await d).done({});
    await clock.advanceTo(4 * interval + 10);
    expect(times).toEqual([0, 105, 2 * interval, 3 * interval + 10, 4 * interval + 10]);
  });
});

describe('LlmLimiter: concurrency', () => {
  it('lets at most `concurrency` run, starts the next in order as one is settled, and counts a permit settled twice once', async () => {
    const { clock, limiter, started, request } = harness({ concurrency: 2 });
    const permits = ['a', 'b', 'c', 'd', 'e'].map((label) => request(label));
    await clock.advance(0);
    expect(started).toEqual(['a@0', 'b@0']);
    (await permits[1]!).failed();
    await clock.advance(0);
    expect(started).toEqual(['a@0', 'b@0', 'c@0']);
    (await permits[1]!).failed();
    (await permits[1]!).done({});
    await clock.advance(10);
    expect(started).toEqual(['a@0', 'b@0', 'c@0']);
    (await permits[0]!).done({ tokens: 7 });
    await clock.advance(0);
    expect(started).toEqual(['a@0', 'b@0', 'c@0', 'd@10']);
    (await permits[2]!).rateLimited({ 'retry-after-ms': '0' });
    await clock.advance(0);
    expect(started).toEqual(['a@0', 'b@0', 'c@0', 'd@10', 'e@10']);
    expect(limiter.stats()).toEqual({ started: 5, rateLimited: 1, pausedMs: 0, tokensUsed: 7 });
  });
});

describe('LlmLimiter: tokens per minute', () => {
  // 60000 tpm at headroom 1: one token a millisecond, a bucket of 5 s = 5000 tokens.
  it('holds a request until the bucket has refilled its estimate, in FIFO order; done() refunds an overestimate', async () => {
    const { clock, limiter, started, request } = harness({ tpm: 60_000, headroom: 1, concurrency: 10 });
    const a = request('a', 4000);
    void request('b', 3000);
    // c would fit (1000 left) but waits behind b: first come, first served.
    void request('c', 10);
    await clock.advance(0);
    expect(started).toEqual(['a@0']);
    await clock.advance(500);
    expect(started).toEqual(['a@0']);
    // 1000 + 500 refilled + 2500 refunded = 4000.
    (await a).done({ tokens: 1500 });
    await clock.advance(0);
    expect(started).toEqual(['a@0', 'b@500', 'c@500']);
    // 990 left: a 3000-token request waits 2010 ms for the rest.
    void request('d', 3000);
    await clock.advance(2009);
    expect(started).toHaveLength(3);
    await clock.advance(1);
    expect(started).toEqual(['a@0', 'b@500', 'c@500', 'd@2510']);
    expect(limiter.stats().tokensUsed).toBe(1500);
  });

  it('starts a request larger than the bucket once the bucket is full, and an underestimate corrected by done() delays the next', async () => {
    const { clock, limiter, started, request } = harness({ tpm: 60_000, headroom: 1, concurrency: 10 });
    const big = request('big', 8000);
    void request('next', 1000);
    await clock.advance(100);
    // Level -3000 + 100 refilled; the real use was 1000 more than estimated: -3900, so 1000 are there 4900 ms later.
    (await big).done({ tokens: 9000 });
    await clock.advanceTo(4999);
    expect(started).toEqual(['big@0']);
    await clock.advanceTo(5000);
    expect(started).toEqual(['big@0', 'next@5000']);
    expect(limiter.stats()).toEqual({ started: 2, rateLimited: 0, pausedMs: 0, tokensUsed: 9000 });
  });

  it('counts the estimate as used when done() reports no tokens', async () => {
    const { clock, limiter, request } = harness({ tpm: 60_000, concurrency: 1 });
    const a = request('a', 1234);
    await clock.advance(0);
    (await a).done({});
    expect(limiter.stats().tokensUsed).toBe(1234);
  });
});

describe('LlmLimiter: 429', () => {
  it('pauses everyone for retry-after-ms, then resumes at 0.7 × the pace; the retry queues behind those already waiting', async () => {
    const { clock, limiter, started, request } = harness({ rpm: 600, headroom: 1, concurrency: 4 });
    const a = request('a');
    void request('b');
    void request('c');
    void request('d');
    await clock.advance(150);
    expect(started).toEqual(['a@0', 'b@100']);
    (await a).rateLimited({ 'retry-after-ms': '1000' });
    void request('a-retry');
    await clock.advanceTo(1149);
    expect(started).toEqual(['a@0', 'b@100']);
    await clock.advanceTo(1150);
    expect(started).toEqual(['a@0', 'b@100', 'c@1150']);
    // 600 → 420 requests a minute: starts 1000/7 ms apart.
    expect(limiter.pace()).toBe(420);
    await clock.advanceTo(1500);
    expect(started).toEqual(['a@0', 'b@100', 'c@1150', `d@${1150 + 1000 / 7}`, `a-retry@${1150 + 2000 / 7}`]);
    expect(limiter.stats()).toEqual({ started: 5, rateLimited: 1, pausedMs: 1000, tokensUsed: 0 });
  });

  it('takes retry-after in seconds, extending a pause already running (pausedMs counts the overlap once)', async () => {
    const { clock, limiter, started, request } = harness({ concurrency: 4 });
    const [a, b] = [request('a'), request('b')];
    await clock.advance(10);
    (await a).rateLimited({ 'retry-after-ms': '500' });
    await clock.advance(10);
    (await b).rateLimited({ 'Retry-After': '2' });
    void request('c');
    await clock.advanceTo(2019);
    expect(started).toEqual(['a@0', 'b@0']);
    await clock.advanceTo(2020);
    expect(started).toEqual(['a@0', 'b@0', 'c@2020']);
    expect(limiter.stats()).toMatchObject({ rateLimited: 2, pausedMs: 2010 });
  });

  it('refuses at once every waiting and later request when a 429 asks for longer than 5 min (Retry-After: 999999), sending none', async () => {
    expect(MAX_RATE_LIMIT_PAUSE_MS).toBe(300_000);
    const { clock, limiter, started, request } = harness({ concurrency: 1 });
    const a = request('a');
    const waiting = request('b');
    await clock.advance(10);
    (await a).rateLimited({ 'retry-after': '999999' });
    const message = 'rate limited (429): the server asks to wait 11.6 days, longer than the 5 min seo-ai waits; try again later (a daily quota may be spent)';
    await expect(waiting).rejects.toThrow(new RateLimitRefusal(message));
    await expect(request('c')).rejects.toBeInstanceOf(RateLimitRefusal);
    expect(started).toEqual(['a@0']);
    expect(clock.time).toBe(10);
    expect(limiter.stats()).toMatchObject({ started: 1, rateLimited: 1 });
  });

  it('waits out a 429 that asks for exactly the longest pause', async () => {
    const { clock, started, request } = harness({ concurrency: 1, maxPauseMs: 2000 });
    (await request('a')).rateLimited({ 'retry-after': '2' });
    void request('b');
    await clock.advanceTo(2000);
    expect(started).toEqual(['a@0', 'b@2000']);
  });

  it('takes retry-after as an HTTP date, against the wall clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2025-01-01T00:00:00Z') });
    const { clock, started, request } = harness({ concurrency: 4 });
    const a = request('a');
    await clock.advance(0);
    (await a).rateLimited({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' });
    void request('b');
    await clock.advance(2999);
    expect(started).toEqual(['a@0']);
    await clock.advance(1);
    expect(started).toEqual(['a@0', 'b@3000']);
  });

  it('without a delay header backs off 1 s, 2 s, … per 429 episode; stragglers of an episode do not escalate it, a success resets it', async () => {
    const { clock, limiter, started, request } = harness({ concurrency: 10 });
    const [a, b] = [request('a'), request('b')];
    await clock.advance(10);
    (await a).rateLimited({});
    await clock.advance(10);
    // b started before the episode began: same episode, same 1 s, from now.
    (await b).rateLimited({});
    const c = request('c');
    await clock.advanceTo(1019);
    expect(started).toEqual(['a@0', 'b@0']);
    await clock.advanceTo(1020);
    expect(started).toEqual(['a@0', 'b@0', 'c@1020']);
    // c started after the episode began: a second episode, 2 s.
    (await c).rateLimited({});
    const d = request('d');
    await clock.advanceTo(3019);
    expect(started).toHaveLength(3);
    await clock.advanceTo(3020);
    expect(started).toEqual(['a@0', 'b@0', 'c@1020', 'd@3020']);
    (await d).done({});
    const e = request('e');
    await clock.advance(0);
    (await e).rateLimited({});
    void request('f');
    await clock.advance(999);
    expect(started).toHaveLength(5);
    await clock.advance(1);
    expect(started).toEqual(['a@0', 'b@0', 'c@1020', 'd@3020', 'e@3020', 'f@4020']);
    expect(limiter.stats()).toMatchObject({ rateLimited: 4, pausedMs: 1010 + 2000 + 1000 });
  });

  it('uses x-ratelimit-reset-* when there is no retry-after: the exhausted limit\'s reset', async () => {
    const { clock, started, request } = harness({ concurrency: 4 });
    const a = request('a');
    await clock.advance(0);
    (await a).rateLimited({
      'x-ratelimit-remaining-requests': '50',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-requests': '20s',
      'x-ratelimit-reset-tokens': '1.5s',
    });
    void request('b');
    await clock.advance(1499);
    expect(started).toEqual(['a@0']);
    await clock.advance(1);
    expect(started).toEqual(['a@0', 'b@1500']);
  });
});

describe('LlmLimiter: the pace adapts to 429s', () => {
  it('drops to what the server accepted: a server slower than --rpm gets its own spacing', async () => {
    // --rpm 600, but the server takes one request every 2 s.
    const { clock, limiter, started, request } = harness({ rpm: 600, headroom: 1, concurrency: 4 });
    const a = request('a');
    const b = request('b');
    for (const label of ['c', 'd', 'e']) void request(label);
    await clock.advance(10);
    (await a).done({});
    await clock.advanceTo(100);
    // a succeeded at 0; b, at 100, may come back at 2000: one success in 2 s is 30 a minute.
    (await b).rateLimited({ 'retry-after-ms': '1900' });
    expect(limiter.pace()).toBe(30);
    await clock.advanceTo(6000);
    expect(started).toEqual(['a@0', 'b@100', 'c@2000', 'd@4000', 'e@6000']);
    expect(limiter.stats().rateLimited).toBe(1);
  });

  it('with nothing taken to measure by, lowers the pace to 0.7 ×, once per 429 episode: stragglers sent at the old pace do not lower it again', async () => {
    const { clock, limiter, request } = harness({ rpm: 600, headroom: 1, concurrency: 4 });
    const [a, b] = [request('a'), request('b')];
    await clock.advance(150);
    (await a).rateLimited({ 'retry-after-ms': '500' });
    (await b).rateLimited({ 'retry-after-ms': '500' });
    expect(limiter.pace()).toBe(420);
    const c = request('c');
    await clock.advanceTo(650);
    (await c).rateLimited({ 'retry-after-ms': '500' });
    expect(limiter.pace()).toBeCloseTo(294, 9);
  });

  it('lowers it only as far as the server held it back: a 429 now and then at a pace the server keeps up with costs little', async () => {
    const { clock, limiter, request } = harness({ rpm: 600, headroom: 1, concurrency: 1 });
    // Ten taken at the full pace, one of them answered 500 (it used the server's quota all the same).
    for (let i = 0; i < 10; i++) {
      const p = request(`r${i}`);
      await clock.advanceTo(i * 100);
      if (i === 4) (await p).failed();
      else (await p).done({});
    }
    const limited = request('limited');
    await clock.advanceTo(1000);
    (await limited).rateLimited({ 'retry-after-ms': '100' });
    // 10 taken from 0 to 1100: 545 a minute, where a blind × 0.7 would have made it 420.
    expect(limiter.pace()).toBeCloseTo(600_000 / 1100, 9);
  });

  it('climbs back by 1/400 of the lowered pace per success, up to --rpm and no further', async () => {
    const { clock, limiter, request } = harness({ rpm: 600, headroom: 1, concurrency: 1 });
    const a = request('a');
    await clock.advance(0);
    (await a).rateLimited({ 'retry-after-ms': '10' });
    expect(limiter.pace()).toBe(420);
    const step = 420 / 400;
    for (let i = 1; i <= 172; i++) {
      const p = request(`s${i}`);
      await clock.advance(200);
      (await p).done({});
      if (i === 1) expect(limiter.pace()).toBe(420 + step);
      if (i === 171) expect(limiter.pace()).toBeCloseTo(420 + 171 * step, 9);
    }
    // 420 + 172 × 1.05 = 600.6: capped at --rpm.
    expect(limiter.pace()).toBe(600);
  });

  it('never goes below 1 request a minute', async () => {
    const { clock, limiter, request } = harness({ rpm: 1.2, headroom: 1, concurrency: 1 });
    const a = request('a');
    await clock.advance(0);
    (await a).rateLimited({ 'retry-after-ms': '10' });
    expect(limiter.pace()).toBe(1);
  });

  it('without --rpm: unpaced until a 429 follows a success, then paced at the rate the server accepted, not released together', async () => {
    const { clock, limiter, started, request } = harness({ concurrency: 4 });
    // A 429 with no success before it says nothing about the server's rate: the pause only.
    const first = request('first');
    await clock.advance(0);
    (await first).rateLimited({ 'retry-after-ms': '100' });
    expect(limiter.pace()).toBeUndefined();
    const [a, b] = [request('a'), request('b')];
    await clock.advanceTo(100);
    expect(started).toEqual(['first@0', 'a@100', 'b@100']);
    (await a).done({});
    await clock.advanceTo(200);
    // a (started at 100) succeeded; b, answered at 200, may come back at 1100: one in 1 s.
    (await b).rateLimited({ 'retry-after-ms': '900' });
    expect(limiter.pace()).toBe(60);
    for (const label of ['c', 'd', 'e']) void request(label);
    const interval = 60_000 / (60 * 0.97);
    await clock.advanceTo(1100 + 2 * interval);
    expect(started).toEqual(['first@0', 'a@100', 'b@100', 'c@1100', `d@${1100 + interval}`, `e@${1100 + 2 * interval}`]);
  });

  it('counts only the successes of the last minute', async () => {
    const { clock, limiter, request } = harness({ concurrency: 1 });
    for (const at of [0, 3000, 61_000]) {
      await clock.advanceTo(at);
      const p = request(`s@${at}`);
      await clock.advance(0);
      (await p).done({});
    }
    const b = request('b');
    await clock.advanceTo(62_000);
    // Of the successes at 0, 3000 and 61000, the last two are within a minute of 62000; the next
    // may go at 63000: two in the minute from 3000.
    (await b).rateLimited({ 'retry-after-ms': '1000' });
    expect(limiter.pace()).toBe(2);
  });
});

describe('observedRpm', () => {
  it.each([
    [[], 1000, undefined],
    [[0], 2000, 30],
    [[0, 500, 1000, 1500], 2000, 120],
    [[1000], 1000, undefined],
  ] as [number[], number, number | undefined][])('%j until %s → %s', (starts, until, expected) => {
    expect(observedRpm(starts, until)).toBe(expected);
  });
});

describe('rateLimitDelayMs', () => {
  const wallNow = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    [{ 'retry-after-ms': '1500.5', 'retry-after': '9' }, 1500.5],
    [{ 'retry-after-ms': 'soon', 'retry-after': '9' }, 9000],
    [{ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, 5000],
    [{ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, 0],
    [{ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-reset-tokens': '2s' }, 360_000],
    // Nothing says which ran out: the longer reset.
    [{ 'x-ratelimit-reset-requests': '120ms', 'x-ratelimit-reset-tokens': '2s' }, 2000],
    [{ 'x-ratelimit-remaining-tokens': '0' }, undefined],
    [{}, undefined],
  ] as [Record<string, string>, number | undefined][])('%j → %s', (headers, expected) => {
    expect(rateLimitDelayMs(headers, wallNow)).toBe(expected);
  });
});

describe('LlmLimiter: x-ratelimit-remaining-*', () => {
  it('holds every start until the reset when remaining requests are at or below 2 % of the limit, not when above', async () => {
    const { clock, limiter, started, request } = harness({ rpm: 600, headroom: 1, concurrency: 4 });
    const a = request('a');
    void request('b');
    void request('c');
    await clock.advance(50);
    (await a).done({ headers: { 'x-ratelimit-limit-requests': '600', 'x-ratelimit-remaining-requests': '12', 'x-ratelimit-reset-requests': '1.5s' } });
    await clock.advanceTo(1549);
    expect(started).toEqual(['a@0']);
    await clock.advanceTo(1550);
    expect(started).toEqual(['a@0', 'b@1550']);
    void request('d');
    await clock.advanceTo(1750);
    expect(started).toEqual(['a@0', 'b@1550', 'c@1650', 'd@1750']);
    expect(limiter.stats().pausedMs).toBe(1500);
  });

  it('does not hold when remaining is above 2 %, and takes the configured rpm when the limit header is missing', async () => {
    const { clock, started, request } = harness({ rpm: 600, headroom: 1, concurrency: 4 });
    const a = request('a');
    const b = request('b');
    void request('c');
    await clock.advance(50);
    (await a).done({ headers: { 'x-ratelimit-limit-requests': '600', 'x-ratelimit-remaining-requests': '13', 'x-ratelimit-reset-requests': '1.5s' } });
    await clock.advanceTo(150);
    expect(started).toEqual(['a@0', 'b@100']);
    // Mixed-case names are accepted too.
    (await b).done({ headers: { 'X-RateLimit-Remaining-Requests': '12', 'X-RateLimit-Reset-Requests': '1s' } });
    await clock.advanceTo(1149);
    expect(started).toEqual(['a@0', 'b@100']);
    await clock.advanceTo(1150);
    expect(started).toEqual(['a@0', 'b@100', 'c@1150']);
  });

  it('discounts what was started after the answered request, which the remaining count could not include', async () => {
    for (const [remaining, expected] of [
      ['14', ['a@0', 'b@100', 'c@200', 'd@1250']],
      ['15', ['a@0', 'b@100', 'c@200', 'd@300']],
    ] as const) {
      const { clock, started, request } = harness({ rpm: 600, headroom: 1, concurrency: 10 });
      const a = request('a');
      void request('b');
      void request('c');
      await clock.advance(250);
      // b and c started after a: 14 − 2 = 12 is 2 % of 600, 15 − 2 is not.
      (await a).done({ headers: { 'x-ratelimit-limit-requests': '600', 'x-ratelimit-remaining-requests': remaining, 'x-ratelimit-reset-requests': '1s' } });
      void request('d');
      await clock.advanceTo(1250);
      expect(started).toEqual(expected);
    }
  });

  it('holds for the tokens reset when remaining tokens run out', async () => {
    const { clock, limiter, started, request } = harness({ concurrency: 4 });
    const a = request('a', 100);
    await clock.advance(0);
    (await a).done({ tokens: 90, headers: { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '250ms', 'x-ratelimit-remaining-requests': '0' } });
    void request('b');
    await clock.advance(249);
    expect(started).toEqual(['a@0']);
    await clock.advance(1);
    expect(started).toEqual(['a@0', 'b@250']);
    expect(limiter.stats()).toMatchObject({ pausedMs: 250, tokensUsed: 90 });
  });
});

describe('LlmLimiter: abort', () => {
  it('rejects a waiting acquire with an AbortError, takes nothing, lets the next start and leaves no wake-up behind', async () => {
    const { clock, limiter, started, request } = harness({ tpm: 60_000, headroom: 1, concurrency: 10 });
    void request('a', 4000);
    const controller = new AbortController();
    const b = request('b', 3000, controller.signal);
    const outcome = b.then(() => 'started', (error: Error) => `${error.name}: ${error.message}`);
    void request('c', 500);
    await clock.advance(100);
    expect(started).toEqual(['a@0']);
    expect(clock.pending).toBe(1);
    controller.abort();
    await clock.advance(0);
    expect(await outcome).toBe('AbortError: aborted while waiting for the LLM rate limiter');
    // 1100 in the bucket: c (500) goes at once and so does a 600 one, so b's 3000 was never debited.
    void request('d', 600);
    await clock.advance(0);
    expect(started).toEqual(['a@0', 'c@100', 'd@100']);
    expect(clock.pending).toBe(0);
    expect(limiter.stats().started).toBe(3);
  });

  it('rejects at once when the signal is already aborted, and ignores an abort after the start', async () => {
    const { clock, limiter } = harness({ concurrency: 1 });
    await expect(limiter.acquire(0, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    const controller = new AbortController();
    const permit = await limiter.acquire(5, controller.signal);
    controller.abort();
    permit.done({});
    await clock.advance(0);
    expect(limiter.stats()).toEqual({ started: 1, rateLimited: 0, pausedMs: 0, tokensUsed: 5 });
  });

  it('cancels its wake-up when the last waiter aborts during a 429 pause', async () => {
    const { clock, request } = harness({ concurrency: 1 });
    const a = request('a');
    await clock.advance(0);
    (await a).rateLimited({ 'retry-after': '240' });
    const controller = new AbortController();
    const b = request('b', 0, controller.signal).catch((error: Error) => error.name);
    await clock.advance(0);
    expect(clock.pending).toBe(1);
    controller.abort();
    expect(await b).toBe('AbortError');
    expect(clock.pending).toBe(0);
  });
});

describe('LlmLimiter.backoffMs', () => {
  const limiter = new LlmLimiter({ concurrency: 1 });
  it('is full jitter under min(30 s, 1 s × 2^(retry − 1))', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((retry) => limiter.backoffMs(retry))).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });
  it('stays within [0, ceiling)', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(limiter.backoffMs(3)).toBe(0);
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999_9);
    expect([1, 3, 10].map((retry) => limiter.backoffMs(retry))).toEqual([999, 3999, 29_999]);
  });
  it('refuses a retry number that is not a positive integer', () => {
    expect(() => limiter.backoffMs(0)).toThrow(RangeError);
    expect(() => limiter.backoffMs(1.5)).toThrow(RangeError);
  });
});

describe('parseResetDuration', () => {
  it.each([
    ['1s', 1000],
    ['120ms', 120],
    ['6m0s', 360_000],
    ['1m30.5s', 90_500],
    ['2h0m0s', 7_200_000],
    ['7.66s', 7660],
    ['0s', 0],
    ['1500us', 1.5],
    [' 17ms ', 17],
    ['20', 20_000],
    ['', undefined],
    ['s', undefined],
    ['-1s', undefined],
    ['1x', undefined],
    ['1 s', undefined],
    ['soon', undefined],
  ] as [string, number | undefined][])('%j → %s', (text, expected) => {
    const parsed = parseResetDuration(text);
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toBeCloseTo(expected, 9);
  });
});

describe('LlmLimiter: options', () => {
  it('refuses nonsensical limits', () => {
    expect(() => new LlmLimiter({ concurrency: 0 })).toThrow(new RangeError('concurrency must be a positive integer, got 0'));
    expect(() => new LlmLimiter({ concurrency: -2 })).toThrow(new RangeError('concurrency must be a positive integer, got -2'));
    expect(() => new LlmLimiter({ concurrency: 1.5 })).toThrow(new RangeError('concurrency must be a positive integer, got 1.5'));
    expect(() => new LlmLimiter({ concurrency: Number.NaN })).toThrow(new RangeError('concurrency must be a positive integer, got NaN'));
    expect(() => new LlmLimiter({ concurrency: 1, rpm: 0 })).toThrow('rpm must be a positive number, got 0');
    expect(() => new LlmLimiter({ concurrency: 1, headroom: 1.2 })).toThrow('headroom must be in (0, 1], got 1.2');
  });
});

describe('LlmLimiter on real time', () => {
  it('paces 30 acquires at rpm 1200 over about 29 × 51.5 ms, never faster than the limit', async () => {
    const limiter = new LlmLimiter({ rpm: 1200, concurrency: 30 });
    const times = await Promise.all(Array.from({ length: 30 }, () => limiter.acquire(0).then(() => performance.now())));
    const elapsed = times[29]! - times[0]!;
    // 29 intervals of 60000 / (1200 × 0.97) = 1495 ms; 29 × 50 = 1450 ms would be the limit itself.
    expect(elapsed).toBeGreaterThanOrEqual(1450);
    // Each start waits for the one before (a timer that fires late is never made up for with a
    // burst), so on a loaded machine the late timers add up; the typical gap still shows the pace
    // (a limiter that did not pace would start them all within a few ms). A quarter's slack: a CI
    // runner busy with other test files was measured at 58.7 ms.
    const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
    expect(gaps[14]!).toBeLessThanOrEqual(1.25 * 51.5);
  });
});

describe('LlmLimiter: a huge request', () => {
  it('owes at most a minute of tpm, however many tokens a request took', async () => {
    const { clock, limiter, started, request } = harness({ tpm: 60_000, headroom: 1, concurrency: 10 });
    // The whole bucket (5 s of tpm), so the next waits for the answer.
    const big = request('big', 5000);
    void request('next', 1000);
    // A server that reports 2 million completion tokens: uncapped, the next would wait 33 minutes.
    (await big).done({ tokens: 2_000_000 });
    await clock.advanceTo(60_999);
    expect(started).toEqual(['big@0']);
    await clock.advanceTo(61_000);
    expect(started).toEqual(['big@0', 'next@61000']);
    expect(limiter.stats().tokensUsed).toBe(2_000_000);
  });
});
