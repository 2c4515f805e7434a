// Politeness per host: at most `concurrency` requests at once, and request starts spaced by at
// least `delayMs` (the larger of the configured delay and robots.txt's Crawl-delay).

export interface HostLimits {
  concurrency: number;
  delayMs: number;
}

interface HostState {
  limits: HostLimits;
  active: number;
  /** Earliest time the next request may start. */
  nextStart: number;
  waiting: ((granted: boolean) => void)[];
  timer?: NodeJS.Timeout;
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();
  private closed = false;

  constructor(
    private readonly defaults: HostLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Sets one host's limits (e.g. after reading its robots.txt); waiting requests a raised limit allows start now. */
  configure(host: string, limits: Partial<HostLimits>): void {
    const state = this.state(host);
    state.limits = { ...state.limits, ...limits };
    if (!this.closed) this.pump(state);
  }

  limits(host: string): HostLimits {
    return this.state(host).limits;
  }

  /**
   * Waits for a slot on `host`; call the returned function when the request is done.
   * Undefined once the limiter is closed or `signal` aborts (the run was stopped): the request must not be made.
   */
  async acquire(host: string, signal?: AbortSignal): Promise<(() => void) | undefined> {
    const state = this.state(host);
    const granted = await new Promise<boolean>((resolve) => {
      if (this.closed || signal?.aborted) return resolve(false);
      // A stopped run does not wait out a Crawl-delay: the waiter leaves the queue at once.
      const onAbort = (): void => {
        const index = state.waiting.indexOf(grant);
        if (index === -1) return;
        state.waiting.splice(index, 1);
        resolve(false);
      };
      const grant = (ok: boolean): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      state.waiting.push(grant);
      this.pump(state);
    });
    if (!granted) return undefined;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.active--;
      this.pump(state);
    };
  }

  /** Drops every waiting request (they never start) and stops the timers: the run is over. */
  close(): void {
    this.closed = true;
    for (const state of this.hosts.values()) {
      clearTimeout(state.timer);
      state.timer = undefined;
      // Waiters learn that they will not run, so whoever awaits them can finish.
      for (const resolve of state.waiting.splice(0)) resolve(false);
    }
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { limits: { ...this.defaults }, active: 0, nextStart: 0, waiting: [] };
      this.hosts.set(host, state);
    }
    return state;
  }

  private pump(state: HostState): void {
    while (state.waiting.length > 0 && state.active < state.limits.concurrency) {
      const now = this.now();
      if (state.limits.delayMs > 0 && now < state.nextStart) {
        if (!state.timer) {
          state.timer = setTimeout(() => {
            state.timer = undefined;
            this.pump(state);
          }, Math.ceil(state.nextStart - now));
        }
        return;
      }
      state.active++;
      // Spaced from this start, as it happens: counting from the time it was due instead (to keep a
      // late timer's lateness from adding up) would let the next start come sooner than delayMs
      // after this one, which is what Crawl-delay forbids. Lateness costs a millisecond a request.
      state.nextStart = now + state.limits.delayMs;
      state.waiting.shift()!(true);
    }
  }
}
