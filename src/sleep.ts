/**
 * setTimeout as a promise that resolves early, and at once, when `signal` aborts (or has
 * already): every wait of a run (a backoff, a Retry-After, a rate limit's pause) ends on a stop.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    // Rounded up: setTimeout truncates to whole milliseconds, and waking early costs another timer.
    const timer = setTimeout(done, Math.ceil(ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}
