import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostLimiter } from './host-limiter.js';

// A fake clock: Date.now() and setTimeout both move only when the test advances them.
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Asks for `n` slots on `host` at once; `started` gets each one's label and start time, in start order. */
function request(limiter: HostLimiter, host: string, labels: string[], started: string[]): Promise<() => void>[] {
  return labels.map((label) =>
    limiter.acquire(host).then((release) => {
      started.push(release ? `${label}@${Date.now()}` : `${label}:refused@${Date.now()}`);
      return release ?? (() => undefined);
    }),
  );
}

const limiterWith = (concurrency: number, delayMs: number): HostLimiter => new HostLimiter({ concurrency, delayMs }, () => Date.now());

describe('HostLimiter', () => {
  it('lets at most `concurrency` requests run on a host, and starts the next in order as each ends', async () => {
    const limiter = limiterWith(2, 0);
    const started: string[] = [];
    const slots = request(limiter, 'a.example', ['1', '2', '3', '4'], started);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['1@0', '2@0']);
    (await slots[1]!)();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['1@0', '2@0', '3@0']);
    // Releasing twice frees one slot, not two.
    (await slots[1]!)();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['1@0', '2@0', '3@0']);
    (await slots[0]!)();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['1@0', '2@0', '3@0', '4@0']);
  });

  it('keeps hosts apart: a busy host does not hold up another', async () => {
    const limiter = limiterWith(1, 0);
    const started: string[] = [];
    request(limiter, 'a.example', ['a1', 'a2'], started);
    request(limiter, 'b.example', ['b1'], started);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a1@0', 'b1@0']);
  });

  it('spaces the starts of requests to one host by delayMs', async () => {
    const limiter = limiterWith(4, 100);
    const started: string[] = [];
    request(limiter, 'a.example', ['1', '2', '3'], started);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['1@0']);
    await vi.advanceTimersByTimeAsync(99);
    expect(started).toEqual(['1@0']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['1@0', '2@100']);
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual(['1@0', '2@100', '3@200']);
  });

  it('never starts two requests closer than delayMs, also after an idle spell shorter than the delay', async () => {
    const limiter = limiterWith(4, 200);
    const started: string[] = [];
    request(limiter, 'a.example', ['1'], started);
    await vi.advanceTimersByTimeAsync(300);
    // 300 ms after the first start: the next may go at once, the one after it not before 500.
    request(limiter, 'a.example', ['2', '3'], started);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['1@0', '2@300']);
    await vi.advanceTimersByTimeAsync(199);
    expect(started).toEqual(['1@0', '2@300']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['1@0', '2@300', '3@500']);
  });

  it('starts at once after a long idle spell, without a burst after it', async () => {
    const limiter = limiterWith(4, 100);
    const started: string[] = [];
    request(limiter, 'a.example', ['1'], started);
    await vi.advanceTimersByTimeAsync(5000);
    request(limiter, 'a.example', ['2', '3'], started);
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual(['1@0', '2@5000', '3@5100']);
  });

  it('configure() changes one host\'s limits, and a raised concurrency lets waiting requests start', async () => {
    const limiter = limiterWith(1, 0);
    limiter.configure('a.example', { delayMs: 200 });
    expect(limiter.limits('a.example')).toEqual({ concurrency: 1, delayMs: 200 });
    expect(limiter.limits('b.example')).toEqual({ concurrency: 1, delayMs: 0 });

    const started: string[] = [];
    request(limiter, 'b.example', ['1', '2', '3'], started);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['1@0']);
    limiter.configure('b.example', { concurrency: 3 });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['1@0', '2@0', '3@0']);
  });

  it('close() refuses waiting and later requests at once (so nobody waits for ever) and leaves no timer behind', async () => {
    const limiter = limiterWith(4, 1000);
    const started: string[] = [];
    request(limiter, 'a.example', ['1', '2'], started);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    limiter.close();
    expect(vi.getTimerCount()).toBe(0);
    request(limiter, 'a.example', ['3'], started);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['1@0', '2:refused@0', '3:refused@0']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(started).toHaveLength(3);
  });
  it('refuses at once a request whose signal aborts while it waits out a Crawl-delay; the others keep their turns', async () => {
    const limiter = limiterWith(1, 86_400_000);
    const stop = new AbortController();
    const first = await limiter.acquire('a.example');
    expect(first).toBeDefined();
    first!();
    const waiting = limiter.acquire('a.example', stop.signal);
    const other: string[] = [];
    void limiter.acquire('a.example').then((r) => other.push(r ? `granted@${Date.now()}` : 'refused'));
    await vi.advanceTimersByTimeAsync(1000);
    stop.abort();
    expect(await waiting).toBeUndefined();
    expect(Date.now()).toBe(1000);
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(other).toEqual(['granted@86400000']);
    expect(await limiter.acquire('a.example', stop.signal)).toBeUndefined();
  });
});
