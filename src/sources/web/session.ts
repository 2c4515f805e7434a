// One crawl's HTTP session: the client, the per-host limiter every request waits its turn at, and
// the stop. A stop (the audit's signal, or abort()) refuses every request still waiting for its
// turn, ends every wait (a retry's backoff, a Retry-After, a Crawl-delay) and abandons requests in
// flight, so a slow server cannot hold it up.
import { createHttpClient, type FetchResult, type HttpClient, type HttpClientOptions } from '../../http/fetch.js';
import { HostLimiter } from '../../http/host-limiter.js';
import type { Mirror } from '../../http/mirror.js';

export interface SessionOptions {
  /** Requests in flight at once to one host. */
  perHost: number;
  /** Connections the client keeps open. */
  connections: number;
  delayMs: number;
  maxBytes?: number;
  userAgent?: string;
  version?: string;
  http?: Omit<HttpClientOptions, 'userAgent' | 'version' | 'maxBytes'>;
  /** An HTTP client to use instead of a new one (tests); it is then not closed here. */
  client?: HttpClient;
  signal?: AbortSignal;
}

export class WebSession {
  readonly client: HttpClient;
  readonly limiter: HostLimiter;
  /** robots.txt groups are matched on the product token: "seo-ai" of "seo-ai/1.2.3 (+https://…)". */
  readonly token: string;
  /** Told when the run stops (items() waits on it). */
  onStop: () => void = () => undefined;
  private readonly ownsClient: boolean;
  private readonly halt = new AbortController();
  private stoppedEarly = false;
  private abandoned: Promise<void> | undefined;

  constructor(private readonly options: SessionOptions) {
    this.ownsClient = options.client === undefined;
    this.client =
      options.client ??
      createHttpClient({
        ...options.http,
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        ...(options.version ? { version: options.version } : {}),
        ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
        connections: options.connections,
      });
    this.token = this.client.userAgent.split(/[\s/]/)[0] ?? this.client.userAgent;
    this.limiter = new HostLimiter({
      concurrency: Math.max(1, options.perHost),
      delayMs: Math.max(0, options.delayMs),
    });
    options.signal?.addEventListener('abort', this.stop, { once: true });
  }

  /**
   * The run was stopped: by the signal given here, or by the audit's (through stop()). A stop
   * before any page (robots.txt, sitemaps, llms.txt) does not throw: each step after it does
   * nothing, and the source yields what was learnt, so the audit still writes its report, marked partial.
   */
  isStopped(): boolean {
    return this.stoppedEarly || this.options.signal?.aborted === true;
  }

  readonly stop = (): void => {
    if (this.stoppedEarly) return;
    this.stoppedEarly = true;
    this.halt.abort();
    this.limiter.close();
    if (this.ownsClient) void this.abandon();
    this.onStop();
  };

  /** The staging or local address the site is fetched from, when it is not its public one. */
  get mirror(): Mirror | undefined {
    return this.options.http?.mirror;
  }

  /** Aborted when the run stops: for waits of the run's own (reading sitemaps). */
  get stopSignal(): AbortSignal {
    return this.halt.signal;
  }

  /** Every request on the wire (each redirect hop, each retry) takes a turn at its host's limiter. */
  private readonly gate = (url: URL): Promise<(() => void) | undefined> => this.limiter.acquire(url.host, this.halt.signal);

  fetch(url: string, options: { method?: 'GET' | 'HEAD'; maxBytes?: number; follow?: (url: string) => string | undefined } = {}): Promise<FetchResult> {
    return this.client.fetchPage(url, {
      method: options.method ?? 'GET',
      gate: this.gate,
      signal: this.halt.signal,
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
      ...(options.follow ? { follow: options.follow } : {}),
    });
  }

  /** Closes a client of our own: at the end, or before an InputError ends the run. */
  async close(): Promise<void> {
    if (!this.ownsClient) return;
    if (this.isStopped()) await this.abandon();
    else await this.client.close();
  }

  private abandon(): Promise<void> {
    return (this.abandoned ??= this.client.destroy().catch(() => undefined));
  }
}
