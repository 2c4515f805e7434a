// What every LLM provider's client must guarantee, written once: a request waits its turn at the
// limiter; a spending budget (--max-cost) is never passed, counting what requests in flight may
// still cost; retries by what failed (5xx, timeouts and lost connections with backoff, 429s
// counted apart, since the limiter answers them by slowing everyone); a circuit breaker that gives
// up on an endpoint that stopped answering altogether; one request's time limit to the last byte;
// and the API key never in a message, an answer, a log or a report.
//
// A provider (src/llm/client.ts is the OpenAI-compatible one) supplies only how to send one
// attempt and what a failed attempt was: see Provider.
import { costUsd, type Price } from './cost.js';
import { REDACTED } from './hostile.js';
import { RateLimitRefusal, type LlmLimiter, type Permit } from './limiter.js';
import { countTokens } from './tokens.js';
import { abortableSleep } from '../sleep.js';
import { formatBytes } from './capped-fetch.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  maxTokens: number;
  /** A JSON schema the answer must follow (structured output), with its name. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  temperature?: number;
}

export interface Completion {
  content: string;
  usage: { prompt: number; completion: number };
  finishReason: string;
}

export interface LlmStats {
  requests: number;
  rateLimited: number;
  serverErrors: number;
  timeouts: number;
  tokens: { prompt: number; completion: number };
}

export class LlmError extends Error {
  constructor(
    message: string,
    /** 'unreachable': the circuit breaker is open; every later request fails the same way, so the run should stop. */
    /** 'too-large': the answer went over the byte cap (the endpoint ignored max_tokens); not retried, it would cost the same again. */
    /** 'not-an-api': the endpoint does not answer as an OpenAI-compatible API; no request will ever succeed, so the run stops. */
    /** 'deferred': optimize --batch: the request goes into a batch; its row waits for the answer (a later round). */
    readonly kind: 'auth' | 'bad-request' | 'rate-limit' | 'server' | 'timeout' | 'connection' | 'unreachable' | 'aborted' | 'budget' | 'too-large' | 'not-an-api' | 'deferred',
    /** The run cannot go on as it is (a budget smaller than one request): a flag or setting must change first. */
    readonly needsFix = false,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

/** Which request of the run this is: its checkpoint key and what it asks for ("title", "row:title+meta", "faq", "judge"). */
export interface RequestTag {
  key: string;
  kind: string;
}

export interface LlmClient {
  readonly model: string;
  /** `tag` names the request; a client that sends at once needs none, a batch run's collects the request under it. */
  complete(request: CompletionRequest, tag?: RequestTag): Promise<Completion>;
  stats(): LlmStats;
}

/** One attempt's answer, as a provider got it. */
export interface Answer {
  content: string;
  /** Usage as the server reported it, when it did. */
  reported?: { prompt_tokens?: number; completion_tokens?: number } | null;
  finishReason: string;
  /** The response's headers, lower-case (the limiter reads rate-limit headers from them). */
  headers: Record<string, string>;
}

/**
 * What a failed attempt was, in the terms every provider shares. `answered`: the endpoint gave an
 * HTTP answer (the breaker's count of silence starts again).
 */
export type Failure =
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'connection'; reason: string }
  | { kind: 'rate-limit'; headers: Record<string, string> }
  | { kind: 'server'; status: number; detail: string }
  | { kind: 'auth'; message: string }
  | { kind: 'refused'; message: string; answered: boolean }
  | { kind: 'too-large'; maxBytes: number }
  /** The endpoint is not the API it should be (a web page, 404 or 501 on the completions path, JSON of another shape): what it answered, and what to check. */
  | { kind: 'not-an-api'; message: string }
  /** Ask again at once, no failure of the request (the provider changed how it asks). */
  | { kind: 'again' };

/** How to talk to one kind of endpoint: the one part a new provider writes. */
export interface Provider {
  /** Names the endpoint in messages (its base URL). */
  readonly endpoint: string;
  /** Sends one attempt; `signal` aborts it (a stop, or the request's time limit). */
  send(request: CompletionRequest, signal: AbortSignal): Promise<Answer>;
  /** What a failed attempt was; `timedOut` when our time limit aborted it. */
  classify(error: unknown, timedOut: boolean): Failure;
}

export interface GuardOptions {
  model: string;
  apiKey: string;
  limiter: LlmLimiter;
  /** One request's time limit, from sending it to the last byte of the answer (default 60 s). */
  timeoutMs?: number;
  /** Retries of one request after a 5xx, timeout or connection error (default 4). */
  retries?: number;
  /** Retries of one request after a 429, counted apart from `retries` (default RATE_LIMIT_RETRIES). */
  rateLimitRetries?: number;
  signal?: AbortSignal;
  /** Waits `ms`, or less when `signal` aborts (it must then resolve at once). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Stop sending once this much would be spent: requests in flight finish, new ones are refused. */
  budget?: { maxUsd: number; price: Price; pool?: BudgetPool };
}

/**
 * 429s one request may meet before it fails. The limiter pauses everyone after each (up to a minute
 * when the server gives no delay) and slows the pace, so 20 is minutes of waiting: a server that
 * still refuses after that is not one a slower pace will win over.
 */
export const RATE_LIMIT_RETRIES = 20;

/**
 * The circuit breaker opens after this many connection failures and timeouts in a row, across all
 * requests, with no HTTP answer in between, or 3 × concurrency if that is more: a whole round of
 * requests in flight failing together (a server briefly overloaded) does not open it, three do.
 * Open, it fails every request at once: without it each row of a dead endpoint would pay its whole
 * retry ladder (12,000 rows × 5 timeouts is days).
 */
export const BREAKER_FAILURES = 8;

export function breakerThreshold(concurrency: number): number {
  return Math.max(BREAKER_FAILURES, 3 * concurrency);
}

/** Tokens a request may use: its prompt by the tokenizer, plus the completion it may return. */
export function estimateTokens(request: CompletionRequest): number {
  let prompt = 0;
  for (const m of request.messages) prompt += countTokens(m.content) + 4;
  return prompt + request.maxTokens;
}

/**
 * Usage as the server reported it; where it did not (some proxies and local servers send none), our
 * own count, so that cost, --max-cost and the tpm limiter still see what was spent.
 */
export function usageOf(reported: { prompt_tokens?: number; completion_tokens?: number } | null | undefined, promptEstimate: number, content: string): Completion['usage'] {
  return {
    prompt: reported?.prompt_tokens ?? promptEstimate,
    completion: reported?.completion_tokens ?? countTokens(content),
  };
}

/** Whatever a server echoes back, the key never reaches a message, a log or a report. */
export function redactor(apiKey: string): (text: string) => string {
  return (text) => (apiKey.length >= 4 ? text.split(apiKey).join(REDACTED) : text);
}

/** Connection failures and timeouts in a row, across all requests; open, every request fails at once with the message it opened with. */
export class CircuitBreaker {
  private streak = 0;
  private openedWith: string | undefined;

  constructor(private readonly threshold: number) {}

  get open(): boolean {
    return this.openedWith !== undefined;
  }

  error(): LlmError {
    return new LlmError(this.openedWith ?? 'unreachable', 'unreachable');
  }

  /** Counts an attempt that got no answer; true when the breaker is (now) open. */
  noAnswer(describe: (streak: number) => string): boolean {
    this.streak++;
    if (this.openedWith === undefined && this.streak >= this.threshold) this.openedWith = describe(this.streak);
    return this.open;
  }

  /** Any HTTP answer, even a 429 or a 5xx, shows the endpoint is there. */
  answered(): void {
    this.streak = 0;
  }
}

/** What a --max-cost budget has spent and holds for requests in flight: shared by the clients of one run (the rewriter's and the judge's). */
export interface BudgetPool {
  spent: number;
  committed: number;
}

/** --max-cost: what was spent, and the most requests in flight may still cost, at this client's model's price. */
export class SpendBudget {
  private readonly pool: BudgetPool;

  constructor(private readonly budget: GuardOptions['budget']) {
    this.pool = budget?.pool ?? { spent: 0, committed: 0 };
  }

  private get spent(): number {
    return this.pool.spent;
  }

  private get committed(): number {
    return this.pool.committed;
  }

  /** Reserves the worst a request can cost (its prompt and every completion token it may use), or refuses it; the release gives it back. */
  reserve(request: CompletionRequest, estimate: number): () => void {
    const { budget } = this;
    if (!budget) return () => undefined;
    const worst = costUsd({ prompt: estimate - request.maxTokens, completion: request.maxTokens }, budget.price);
    if (worst > budget.maxUsd) throw budgetTooSmall(budget.maxUsd, worst);
    if (this.spent + this.committed + worst > budget.maxUsd) {
      throw new LlmError(`--max-cost $${budget.maxUsd} reached ($${(this.spent + this.committed).toFixed(4)} spent or in flight; the next request could cost up to $${worst.toFixed(4)})`, 'budget');
    }
    this.pool.committed += worst;
    return () => void (this.pool.committed -= worst);
  }

  spend(usage: Completion['usage']): void {
    if (this.budget) this.pool.spent += costUsd(usage, this.budget.price);
  }
}

/** A dollar amount as messages give it: four decimals, or two significant digits below a cent (a request's cost). */
export function usd(amount: number): string {
  return `$${amount >= 0.01 || amount === 0 ? amount.toFixed(4) : amount.toPrecision(2)}`;
}

/** --max-cost below what one request may cost: no rerun gets past it until it is raised. */
export function budgetTooSmall(maxUsd: number, worst: number): LlmError {
  return new LlmError(`--max-cost $${maxUsd} is less than one request may cost (up to ${usd(worst)}): raise --max-cost`, 'budget', true);
}

/** A client with every guarantee above around a provider's attempts. */
export function guardedClient(provider: Provider, options: GuardOptions): LlmClient {
  const client = new GuardedClient(provider, options);
  return { model: options.model, complete: (request) => client.complete(request), stats: () => client.stats() };
}

/** What to do after a failed attempt: try again after a backoff, try again now, or the error that ends the request. */
type Next = 'backoff' | 'now' | LlmError;

class GuardedClient {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly rateLimitRetries: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly redact: (text: string) => string;
  private readonly breaker: CircuitBreaker;
  private readonly budget: SpendBudget;
  private readonly counts: LlmStats = { requests: 0, rateLimited: 0, serverErrors: 0, timeouts: 0, tokens: { prompt: 0, completion: 0 } };
  /** An answer came back: the endpoint is the API it should be, and requests go side by side. */
  private proven = false;
  /** The one request in flight while the endpoint is not proven (see complete); settled when it ends. */
  private probe: Promise<void> | undefined;
  /** Set once the endpoint has shown it is not an OpenAI-compatible API: every later request ends with it, unsent. */
  private notAnApi: LlmError | undefined;

  constructor(
    private readonly provider: Provider,
    private readonly options: GuardOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.retries = options.retries ?? 4;
    this.rateLimitRetries = options.rateLimitRetries ?? RATE_LIMIT_RETRIES;
    this.sleep = options.sleep ?? abortableSleep;
    this.redact = redactor(options.apiKey);
    this.breaker = new CircuitBreaker(breakerThreshold(options.limiter.concurrency));
    this.budget = new SpendBudget(options.budget);
  }

  stats(): LlmStats {
    return { ...this.counts, tokens: { ...this.counts.tokens } };
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    // Until one answer shows the endpoint is the API it should be, requests go one at a time (the
    // probe): a wrong URL (a web server, a path that is not the API) costs one request, not a run's
    // worth. A probe that fails otherwise (a timeout, a 502) hands the turn to the next request.
    while (!this.proven && this.probe !== undefined) await this.probe;
    if (this.notAnApi) throw this.notAnApi;
    if (this.breaker.open) throw this.breaker.error();
    const estimate = estimateTokens(request);
    let settle = (): void => undefined;
    const probing = !this.proven;
    if (probing) this.probe = new Promise<void>((resolve) => (settle = resolve));
    try {
      const release = this.budget.reserve(request, estimate);
      try {
        const completion = await this.completeWithRetries(request, estimate);
        this.proven = true;
        return completion;
      } finally {
        release();
      }
    } catch (error) {
      if (error instanceof LlmError && error.kind === 'not-an-api') this.notAnApi = error;
      throw error;
    } finally {
      if (probing) {
        this.probe = undefined;
        settle();
      }
    }
  }

  private async completeWithRetries(request: CompletionRequest, estimate: number): Promise<Completion> {
    const tries = { failures: 0, rateLimits: 0 };
    const { options, breaker } = this;
    for (;;) {
      if (options.signal?.aborted) throw stopped();
      if (breaker.open) throw breaker.error();
      const permit = await options.limiter.acquire(estimate, options.signal).catch((error: unknown) => {
        // A 429 asked for a pause too long to wait: this request fails, saying so.
        if (error instanceof RateLimitRefusal) throw new LlmError(error.message, 'rate-limit');
        throw stopped();
      });
      // The breaker may have opened while this one waited its turn.
      if (breaker.open) {
        permit.failed();
        throw breaker.error();
      }
      this.counts.requests++;
      const outcome = await this.attempt(request);
      if ('answer' in outcome) {
        breaker.answered();
        // A proxy may echo the Authorization header into the answer: it would reach the checkpoint and the outputs.
        const content = this.redact(outcome.answer.content);
        const usage = usageOf(outcome.answer.reported, estimate - request.maxTokens, content);
        this.count(usage);
        permit.done({ tokens: usage.prompt + usage.completion, headers: outcome.answer.headers });
        return { content, usage, finishReason: outcome.answer.finishReason };
      }
      if (options.signal?.aborted) {
        permit.failed();
        throw stopped();
      }
      const next = this.afterFailure(this.provider.classify(outcome.error, outcome.timedOut), permit, request, estimate, tries);
      if (next instanceof LlmError) throw next;
      if (next === 'now') continue;
      tries.failures++;
      // A stopped run does not sit out a backoff: the next turn of the loop says "stopped".
      await this.sleep(options.limiter.backoffMs(tries.failures), options.signal);
    }
  }

  /** One attempt, under the request's time limit and the run's signal. */
  private async attempt(request: CompletionRequest): Promise<{ answer: Answer } | { error: unknown; timedOut: boolean }> {
    // Each attempt gets a signal of its own, tied to ours for as long as it lasts (an SDK may never
    // remove the listener it puts on a signal, so none pile up on ours). It also carries the
    // request's time limit: an SDK's own may stop at the headers, and a server that sends them and
    // then stalls the body would otherwise hold the request for ever.
    const { signal } = this.options;
    const own = new AbortController();
    const forward = (): void => own.abort();
    signal?.addEventListener('abort', forward, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      own.abort();
    }, this.timeoutMs);
    try {
      return { answer: await this.provider.send(request, own.signal) };
    } catch (error) {
      return { error, timedOut };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  /** A failed attempt, by what it was: counted, told to the limiter and the breaker, and what comes next. */
  private afterFailure(failure: Failure, permit: Permit, request: CompletionRequest, estimate: number, tries: { failures: number; rateLimits: number }): Next {
    const { breaker, redact, counts } = this;
    const last = tries.failures >= this.retries;
    const attempts = tries.failures + 1;
    const seconds = this.timeoutMs / 1000;
    if (failure.kind !== 'timeout' && failure.kind !== 'connection' && failure.kind !== 'aborted' && (failure.kind !== 'refused' || failure.answered)) breaker.answered();
    if (failure.kind === 'rate-limit') {
      counts.rateLimited++;
      permit.rateLimited(failure.headers);
      tries.rateLimits++;
      if (tries.rateLimits > this.rateLimitRetries) return new LlmError(`rate limited (429) ${tries.rateLimits} times; the server kept refusing after the pipeline slowed down`, 'rate-limit');
      return 'now'; // the limiter holds everyone back for as long as the server asked, and slows the pace
    }
    if (failure.kind === 'too-large') {
      // Unread, so uncounted: charged as the most it was allowed to cost, the whole max_tokens.
      this.count({ prompt: estimate - request.maxTokens, completion: request.maxTokens });
      permit.done({ tokens: estimate });
      return new LlmError(`the answer was larger than ${formatBytes(failure.maxBytes)} (asked for ${request.maxTokens} tokens at most): the endpoint ignores max_tokens`, 'too-large');
    }
    permit.failed();
    switch (failure.kind) {
      case 'again':
        return 'now';
      case 'aborted':
        return stopped();
      case 'timeout':
        counts.timeouts++;
        if (this.noAnswer(`no answer within ${seconds} s`)) return breaker.error();
        return last ? new LlmError(`no answer within ${seconds} s after ${attempts} attempts`, 'timeout') : 'backoff';
      case 'connection':
        if (this.noAnswer(`connection failed: ${failure.reason}`)) return breaker.error();
        return last ? new LlmError(redact(`connection failed after ${attempts} attempts: ${failure.reason}`), 'connection') : 'backoff';
      case 'server':
        counts.serverErrors++;
        return last ? new LlmError(redact(`server error ${failure.status} after ${attempts} attempts: ${failure.detail}`), 'server') : 'backoff';
      case 'auth':
        return new LlmError(failure.message, 'auth');
      case 'not-an-api':
        // After answers came back, a page or odd JSON is a passing fault on the way (a proxy's), not a wrong URL.
        if (this.proven) {
          counts.serverErrors++;
          return last ? new LlmError(redact(`not a chat completion after ${attempts} attempts: ${failure.message}`), 'server') : 'backoff';
        }
        return new LlmError(redact(failure.message), 'not-an-api');
      case 'refused':
        return new LlmError(redact(failure.message), 'bad-request');
    }
  }

  private noAnswer(last: string): boolean {
    return this.breaker.noAnswer((streak) => this.redact(`the LLM endpoint ${this.provider.endpoint} is unreachable: ${streak} requests in a row got no answer (last: ${last})`));
  }

  private count(usage: Completion['usage']): void {
    this.budget.spend(usage);
    this.counts.tokens.prompt += usage.prompt;
    this.counts.tokens.completion += usage.completion;
  }
}

const stopped = (): LlmError => new LlmError('stopped', 'aborted');
