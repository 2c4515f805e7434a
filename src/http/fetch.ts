// The HTTP fetch layer: one keep-alive undici Agent (a proxy agent when the environment names a
// proxy: proxy.ts), redirects followed by hand so the chain is recorded, retries with backoff,
// decoded size-capped bodies. Failures are data, never thrown.
import { performance } from 'node:perf_hooks';
import { abortableSleep } from '../sleep.js';
import { request, type Dispatcher } from 'undici';
import type { Mirror } from './mirror.js';
import { createDispatcher, proxyFor, proxySettings, type ProxyEnv, type ProxySettings } from './proxy.js';
import { describeError, duration, normalizeHeaders, parseRetryAfter, readDecodedBody } from './response.js';

export interface HttpClientOptions {
  /** Used in the default User-Agent, `seo-ai/<version>`. */
  version?: string;
  userAgent?: string;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Cap on the decoded body; the rest is not read and `truncated` is set. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Retries after the first attempt, for network errors, 5xx and 429. */
  retries?: number;
  retryBaseDelayMs?: number;
  /**
   * The longest Retry-After waited for before a retry (default 60 s, and never more than the
   * request timeout): a longer one ends the request at once, as an error naming it, so a server
   * asking for a day's pause cannot stall an audit for a day.
   */
  maxRetryAfterMs?: number;
  /**
   * When the run must be over (Date.now() milliseconds, from --timeout): a Retry-After reaching
   * past it is not waited for either.
   */
  deadline?: number;
  /** Keep-alive connections per origin. */
  connections?: number;
  /** Longest one request may take from sending to the last body byte (a slow drip included). */
  requestTimeoutMs?: number;
  /** Waits `ms`, or less when `signal` aborts (it must then resolve at once). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY (or their lower-case spellings) are read from;
   * process.env by default. Every request, each redirect hop and retry, goes through the proxy.
   */
  env?: ProxyEnv;
  /** A site fetched from another address than its public one (staging, a local build): see Mirror. */
  mirror?: Mirror;
}

export interface RedirectHop {
  url: string;
  status: number;
  location: string;
  /** Set when the hop is a `<meta http-equiv="refresh">` in a page that answered `status`, not a Location header. */
  via?: 'meta refresh';
}

export interface FetchResult {
  /** The URL asked for. */
  url: string;
  /** The URL the returned response came from, after redirects. */
  finalUrl: string;
  /** 0 when no response was received. */
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
  truncated: boolean;
  redirects: RedirectHop[];
  /** Requests made for the final URL (1 when nothing was retried). */
  attempts: number;
  elapsedMs: number;
  /**
   * Time to first byte of the response returned: from sending its request (after any wait for the
   * host's turn, so politeness delays are not counted) to its status and headers, connection set-up
   * included, as browsers count it.
   */
  ttfbMs?: number;
  error?: string;
  /** A redirect that `follow` refused: the response is that redirect; where it pointed and why it was not followed. */
  notFollowed?: { location: string; reason: string };
}

export interface FetchOptions {
  /** HEAD asks for headers only (link checks); the body is then empty. */
  method?: 'GET' | 'HEAD';
  /** This request's cap on the decoded body, instead of the client's. */
  maxBytes?: number;
  /**
   * Waits for permission before each request on the wire (every redirect hop and every retry),
   * e.g. a per-host politeness limiter; call the returned function when that request is done.
   * Undefined means "stop": the fetch ends with the error "aborted".
   */
  gate?: (url: URL) => Promise<(() => void) | undefined>;
  /** Whether to follow a redirect to `url`: a reason not to (robots.txt, crawl scope), or undefined to follow. */
  follow?: (url: string) => string | undefined;
  /**
   * The run's stop: aborting it ends the request in flight and any wait for a retry at once, with
   * the error "aborted".
   */
  signal?: AbortSignal;
}

export interface HttpClient {
  /** The User-Agent sent, which robots.txt groups are matched against. */
  readonly userAgent: string;
  fetchPage(url: string, options?: FetchOptions): Promise<FetchResult>;
  /** Waits for requests in flight, then closes the connections. */
  close(): Promise<void>;
  /** Abandons requests in flight (an interrupted run) and closes the connections. */
  destroy(): Promise<void>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const ACCEPT_ENCODING = 'gzip, deflate, br';

type Settings = Required<Omit<HttpClientOptions, 'version' | 'deadline' | 'env' | 'mirror'>> & Pick<HttpClientOptions, 'deadline' | 'mirror'>;

function settingsFrom(options: HttpClientOptions): Settings {
  return {
    userAgent: options.userAgent ?? `seo-ai/${options.version ?? '0.0.0'}`,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 15_000,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 30_000,
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 10,
    retries: options.retries ?? 2,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
    maxRetryAfterMs: Math.min(options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    connections: options.connections ?? 6,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    sleep: options.sleep ?? abortableSleep,
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    ...(options.mirror === undefined ? {} : { mirror: options.mirror }),
  };
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The longest Retry-After waited for by default; see HttpClientOptions.maxRetryAfterMs. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

interface PageResponse {
  kind: 'response';
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  truncated: boolean;
  /** A 429 or 5xx not retried because its Retry-After is too long: why. */
  error?: string;
  /** From the request's start (after any wait for its turn) to its response headers. */
  ttfbMs?: number;
}
interface Failure {
  kind: 'failure';
  message: string;
  retryable: boolean;
}
/** A 5xx or 429 that will be retried; its body was drained. */
interface RetryableStatus {
  kind: 'retryable-status';
  status: number;
  headers: Record<string, string>;
  retryAfterMs?: number;
}
type Attempt = PageResponse | Failure | RetryableStatus;

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  return new UndiciClient(settingsFrom(options), options.env ?? process.env);
}

/** The client on undici: every redirect hop comes back to it and is recorded; retries, deadlines and Retry-After as set. */
class UndiciClient implements HttpClient {
  readonly userAgent: string;
  private readonly agent: Dispatcher;
  private readonly proxies: ProxySettings | undefined;

  constructor(
    private readonly settings: Settings,
    env: ProxyEnv,
  ) {
    this.userAgent = settings.userAgent;
    this.proxies = proxySettings(env);
    // Undici's request() follows no redirects unless the redirect interceptor is composed in,
    // which it is not: every hop comes back to us and is recorded (and goes through the proxy).
    this.agent = createDispatcher(settings, env);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  destroy(): Promise<void> {
    return this.agent.destroy();
  }

  private async attempt(url: URL, method: 'GET' | 'HEAD', maxBytes: number, isLastTry: boolean, gate: FetchOptions['gate'], stop: AbortSignal | undefined): Promise<Attempt> {
    const release = gate ? await gate(url) : () => undefined;
    if (release === undefined || stop?.aborted) {
      release?.();
      return ABORTED;
    }
    // Undici's timers are idle timers: a server dripping a byte a second would never trip them, so
    // each attempt has a deadline of its own. Not AbortSignal.timeout inside AbortSignal.any: Node
    // holds that timeout signal only weakly, and a garbage collection before it fires loses it, so
    // the attempt would wait for the drip forever. This timer and controller are held until the end.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('request deadline', 'TimeoutError')), this.settings.requestTimeoutMs);
    const onStop = (): void => deadline.abort(stop?.reason);
    stop?.addEventListener('abort', onStop, { once: true });
    // On the last try a 5xx or 429 is returned as the response it is.
    const sent = performance.now();
    try {
      const response = await request(this.settings.mirror?.toWire(url) ?? url, {
        dispatcher: this.agent,
        method,
        signal: deadline.signal,
        headers: { 'user-agent': this.settings.userAgent, accept: ACCEPT, 'accept-encoding': ACCEPT_ENCODING },
      });
      const ttfbMs = Math.round(performance.now() - sent);
      const headers = normalizeHeaders(response.headers);
      const status = response.statusCode;
      if (!isLastTry && (status === 429 || status >= 500)) {
        // Drained, not left hanging, so the keep-alive connection can be reused.
        await response.body.dump();
        const retryAfterMs = parseRetryAfter(headers['retry-after'], Date.now());
        return { kind: 'retryable-status', status, headers, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
      }
      if (method === 'HEAD' || (REDIRECT_STATUSES.has(status) && headers.location !== undefined)) {
        await response.body.dump();
        return { kind: 'response', status, headers, body: new Uint8Array(), truncated: false, ttfbMs };
      }
      const { body, truncated } = await readDecodedBody(response.body, headers['content-encoding'], maxBytes);
      return { kind: 'response', status, headers, body, truncated, ttfbMs };
    } catch (error) {
      // The run was stopped: not a fault of the server, and not to be retried.
      if (stop?.aborted) return ABORTED;
      if (error instanceof Error && (error.name === 'TimeoutError' || (error.name === 'AbortError' && /timeout/i.test(String(error.message))))) {
        return { kind: 'failure', message: `no complete answer within ${this.settings.requestTimeoutMs / 1000} s`, retryable: true };
      }
      const failure = describeError(error);
      return { kind: 'failure', ...failure, message: `${failure.message}${this.route(url)}` };
    } finally {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
      release();
    }
  }

  /**
   * Where a request that got no answer went, when that is not the URL itself: the staging address
   * a public URL is fetched from, the proxy it went through. A failure then names what failed.
   */
  private route(url: URL): string {
    const wire = this.settings.mirror?.toWire(url) ?? url;
    const proxy = proxyFor(wire, this.proxies);
    return `${wire.origin !== url.origin ? ` at ${wire.origin}` : ''}${proxy !== undefined ? ` through the proxy ${proxy}` : ''}`;
  }

  private backoffMs(retry: number): number {
    const ceiling = this.settings.retryBaseDelayMs * 2 ** retry;
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  /**
   * Why a Retry-After is not waited for: longer than the client waits at all, or than the run has
   * left. Undefined when it is waited for.
   */
  private retryAfterRefusal(retryAfterMs: number, header: string | undefined): string | undefined {
    const value = (header ?? '').trim();
    // Seconds are said as days or hours when that is what they come to; a date, as the wait it means.
    const plain = /^\d+$/.test(value);
    const asked = `Retry-After: ${value}${plain && retryAfterMs < 120_000 ? '' : ` (${plain ? '' : 'in '}${duration(retryAfterMs)})`}`;
    if (retryAfterMs > this.settings.maxRetryAfterMs) {
      return `${asked} is longer than the ${duration(this.settings.maxRetryAfterMs)} seo-ai waits to retry; not retried`;
    }
    if (this.settings.deadline !== undefined && Date.now() + retryAfterMs > this.settings.deadline) {
      return `${asked} is longer than the ${duration(Math.max(0, this.settings.deadline - Date.now()))} left before the run's deadline (--timeout); not retried`;
    }
    return undefined;
  }

  /** Attempts one URL with retries; returns the last attempt and how many were made. */
  private async fetchWithRetries(url: URL, method: 'GET' | 'HEAD', maxBytes: number, gate: FetchOptions['gate'], stop: AbortSignal | undefined): Promise<{ result: PageResponse | Failure; attempts: number }> {
    for (let attempts = 1; ; attempts++) {
      const isLastTry = attempts > this.settings.retries;
      const result = await this.attempt(url, method, maxBytes, isLastTry, gate, stop);
      if (result.kind === 'response') return { result, attempts };
      if (result.kind === 'failure' && (isLastTry || !result.retryable)) return { result, attempts };
      const retryAfterMs = result.kind === 'retryable-status' ? result.retryAfterMs : undefined;
      if (result.kind === 'retryable-status' && retryAfterMs !== undefined) {
        const refusal = this.retryAfterRefusal(retryAfterMs, result.headers['retry-after']);
        if (refusal !== undefined) {
          const error = `HTTP ${result.status} with ${refusal}`;
          return { result: { kind: 'response', status: result.status, headers: result.headers, body: new Uint8Array(), truncated: false, error }, attempts };
        }
      }
      // Abortable: a stopped run does not sit out a backoff or a Retry-After.
      await this.settings.sleep(retryAfterMs ?? this.backoffMs(attempts - 1), stop);
      if (stop?.aborted) return { result: ABORTED, attempts };
    }
  }

  async fetchPage(requested: string, options: FetchOptions = {}): Promise<FetchResult> {
    const method = options.method ?? 'GET';
    const started = performance.now();
    const redirects: RedirectHop[] = [];
    const finish = (fields: Partial<FetchResult> & { finalUrl: string }): FetchResult => ({
      url: requested,
      status: 0,
      headers: {},
      body: new Uint8Array(),
      truncated: false,
      redirects,
      attempts: 0,
      ...fields,
      elapsedMs: Math.round(performance.now() - started),
    });

    const first = parseHttpUrl(requested);
    if (typeof first === 'string') return finish({ finalUrl: requested, error: first });
    let current = first;
    const seen = new Set([current.href]);

    for (;;) {
      const { result, attempts } = await this.fetchWithRetries(current, method, options.maxBytes ?? this.settings.maxBytes, options.gate, options.signal);
      const finalUrl = current.href;
      if (result.kind === 'failure') {
        const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
        return finish({ finalUrl, attempts, error: `${result.message} after ${tries}` });
      }
      const { status, headers, body, truncated } = result;
      if (result.error !== undefined) return finish({ finalUrl, status, headers, attempts, error: result.error });
      const location = headers.location;
      if (!REDIRECT_STATUSES.has(status) || location === undefined) {
        return finish({ finalUrl, status, headers, body, truncated, attempts, ...(result.ttfbMs === undefined ? {} : { ttfbMs: result.ttfbMs }) });
      }

      redirects.push({ url: finalUrl, status, location });
      const fail = (error: string): FetchResult => finish({ finalUrl, status, headers, attempts, error });
      const parsed = parseHttpUrl(location, current);
      // A staging server redirecting to its own address means the public URL it stands for.
      const next = typeof parsed === 'string' ? parsed : (this.settings.mirror?.fromWire(parsed) ?? parsed);
      if (typeof next === 'string') return fail(`bad redirect from ${finalUrl}: ${next}`);
      const chain = [...redirects.map((hop) => hop.url), next.href].join(' → ');
      if (seen.has(next.href)) return fail(`redirect loop: ${chain}`);
      if (redirects.length > this.settings.maxRedirects) {
        return fail(`too many redirects (more than ${this.settings.maxRedirects}): ${chain}`);
      }
      const refused = options.follow?.(next.href);
      if (refused !== undefined) return finish({ finalUrl, status, headers, attempts, notFollowed: { location: next.href, reason: refused } });
      seen.add(next.href);
      current = next;
    }
  }
}

const ABORTED: Failure = { kind: 'failure', message: 'aborted', retryable: false };

/** The URL without its fragment, or a message saying why it cannot be fetched. */
function parseHttpUrl(text: string, base?: URL): URL | string {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return `invalid URL "${text}"`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `unsupported protocol "${url.protocol}" in ${url.href}: only http: and https: URLs can be fetched`;
  }
  url.hash = '';
  return url;
}
