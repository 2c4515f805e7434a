// The LLM client: the `openai` SDK against any OpenAI-compatible base URL (OpenAI, Ollama, vLLM,
// LM Studio, llama.cpp), with our limiter in front of every request and our retries around it
// (the SDK's own are off: it would retry a 429 without telling the rest of the pipeline to slow).
//
// Three budgets bound a request: `retries` for 5xx, timeouts and connection errors (with backoff);
// `rateLimitRetries` for 429s, counted apart because the limiter answers those by slowing everyone
// down, so they say the run is too fast, not that the request is bad; and the circuit breaker,
// shared by all requests, which gives up on an endpoint that stopped answering altogether.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { AnswerTooLargeError, cappedFetch, formatBytes } from './capped-fetch.js';
import { costUsd, type Price } from './cost.js';
import { REDACTED } from './hostile.js';
import { countTokens } from './tokens.js';
import { abortableSleep } from '../sleep.js';
import { RateLimitRefusal, type LlmLimiter } from './limiter.js';

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
    readonly kind: 'auth' | 'bad-request' | 'rate-limit' | 'server' | 'timeout' | 'connection' | 'unreachable' | 'aborted' | 'budget' | 'too-large',
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export interface LlmClientOptions {
  baseURL?: string;
  apiKey: string;
  model: string;
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
  budget?: { maxUsd: number; price: Price };
  /** Bytes of one response body read at most (default MAX_ANSWER_BYTES); a larger answer fails its request. */
  maxAnswerBytes?: number;
}

/**
 * The most of one response body that is read. Our largest answer, an FAQ of 1,500 tokens, is
 * some 6 KB of JSON, 36 KB if every character were escaped as \uXXXX; an endpoint that ignores
 * max_tokens must not make us read (and then parse, clean and check) megabytes.
 */
export const MAX_ANSWER_BYTES = 256 * 1024;

export interface LlmClient {
  readonly model: string;
  complete(request: CompletionRequest): Promise<Completion>;
  stats(): LlmStats;
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

function headersOf(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h && typeof (h as Headers).forEach === 'function') (h as Headers).forEach((v, k) => (out[k.toLowerCase()] = v));
  else if (h && typeof h === 'object') for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
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

/**
 * A connection lost after the headers, while the body was read: fetch rejects with a bare TypeError
 * ("terminated") caused by a socket error, which the SDK passes on as is. Retryable like any
 * connection failure, not a refusal.
 */
function lostMidAnswer(error: unknown): boolean {
  const cause = error instanceof TypeError ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string';
}

/**
 * A 400 saying this model takes max_completion_tokens instead of max_tokens (OpenAI's reasoning
 * models). max_tokens is what every OpenAI-compatible server accepts (Ollama, vLLM, llama.cpp,
 * LM Studio; some of them ignore max_completion_tokens), so it is sent first.
 */
function wantsMaxCompletionTokens(error: unknown): boolean {
  return error instanceof APIError && error.status === 400 && /max_completion_tokens/.test(error.message);
}

/** The answer went over the byte cap: the SDK passes the body read's error on as is, or as a cause. */
function tooLarge(error: unknown): AnswerTooLargeError | undefined {
  if (error instanceof AnswerTooLargeError) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof AnswerTooLargeError ? cause : undefined;
}

export function createLlmClient(options: LlmClientOptions): LlmClient {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const sdk = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    fetch: cappedFetch(maxAnswerBytes),
    maxRetries: 0,
    // Only until the headers arrive: the SDK clears it then. Our own timer (below) covers the body.
    timeout: timeoutMs,
  });
  const retries = options.retries ?? 4;
  const rateLimitRetries = options.rateLimitRetries ?? RATE_LIMIT_RETRIES;
  const threshold = breakerThreshold(options.limiter.concurrency);
  const sleep = options.sleep ?? abortableSleep;
  const stats: LlmStats = { requests: 0, rateLimited: 0, serverErrors: 0, timeouts: 0, tokens: { prompt: 0, completion: 0 } };
  // Whatever a server echoes back, the key never reaches a message, a log or a report.
  const redact = (text: string): string => (options.apiKey.length >= 4 ? text.split(options.apiKey).join(REDACTED) : text);

  // The circuit breaker: connection failures and timeouts in a row and, once open, the message every request fails with.
  let unreachableStreak = 0;
  let open: string | undefined;
  const breakerError = (): LlmError => new LlmError(open ?? 'unreachable', 'unreachable');
  /** Counts a connection failure or timeout (`last` says which); true when the breaker is open. */
  function noAnswer(last: string): boolean {
    unreachableStreak++;
    if (open === undefined && unreachableStreak >= threshold) {
      open = redact(`the LLM endpoint ${sdk.baseURL} is unreachable: ${unreachableStreak} requests in a row got no answer (last: ${last})`);
    }
    return open !== undefined;
  }
  // Any HTTP answer, even a 429 or a 5xx, shows the endpoint is there.
  const answered = (): void => {
    unreachableStreak = 0;
  };

  let spent = 0;
  let committed = 0;
  // Which name the endpoint takes for the completion limit (see wantsMaxCompletionTokens).
  let limitParam: 'max_tokens' | 'max_completion_tokens' = 'max_tokens';
  async function complete(request: CompletionRequest): Promise<Completion> {
    if (open !== undefined) throw breakerError();
    const estimate = estimateTokens(request);
    const budget = options.budget;
    // The worst this request can cost: its prompt, and every completion token it may use.
    const worst = budget ? costUsd({ prompt: estimate - request.maxTokens, completion: request.maxTokens }, budget.price) : 0;
    if (budget && spent + committed + worst > budget.maxUsd) {
      throw new LlmError(`--max-cost $${budget.maxUsd} reached ($${(spent + committed).toFixed(4)} spent or in flight; the next request could cost up to $${worst.toFixed(4)})`, 'budget');
    }
    committed += worst;
    try {
      return await completeWithRetries(request, estimate);
    } finally {
      committed -= worst;
    }
  }

  async function completeWithRetries(request: CompletionRequest, estimate: number): Promise<Completion> {
    let failures = 0;
    let rateLimits = 0;
    for (;;) {
      if (options.signal?.aborted) throw new LlmError('stopped', 'aborted');
      if (open !== undefined) throw breakerError();
      const permit = await options.limiter.acquire(estimate, options.signal).catch((error: unknown) => {
        // A 429 asked for a pause too long to wait: this request fails, saying so.
        if (error instanceof RateLimitRefusal) throw new LlmError(error.message, 'rate-limit');
        throw new LlmError('stopped', 'aborted');
      });
      // The breaker may have opened while this one waited its turn.
      if (open !== undefined) {
        permit.failed();
        throw breakerError();
      }
      stats.requests++;
      // The SDK never removes the abort listener it puts on a signal: each request gets a signal
      // of its own, tied to ours for as long as the request lasts, so none pile up on ours. It also
      // carries the request's time limit: the SDK's own stops at the headers, and a server that
      // sends them and then stalls the body would otherwise hold the request for ever.
      const own = new AbortController();
      const forward = (): void => own.abort();
      options.signal?.addEventListener('abort', forward, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        own.abort();
      }, timeoutMs);
      try {
        const { data, response } = await sdk.chat.completions
          .create(
            {
              model: options.model,
              messages: request.messages,
              [limitParam]: request.maxTokens,
              ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
              ...(request.jsonSchema ? { response_format: { type: 'json_schema', json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true } } } : {}),
            },
            { signal: own.signal },
          )
          .withResponse();
        answered();
        const choice = data.choices[0];
        // A proxy may echo the Authorization header into the answer: it would reach the checkpoint and the outputs.
        const content = redact(choice?.message?.content ?? '');
        const usage = usageOf(data.usage, estimate - request.maxTokens, content);
        if (options.budget) spent += costUsd(usage, options.budget.price);
        stats.tokens.prompt += usage.prompt;
        stats.tokens.completion += usage.completion;
        permit.done({ tokens: usage.prompt + usage.completion, headers: headersOf(response.headers) });
        return { content, usage, finishReason: choice?.finish_reason ?? 'stop' };
      } catch (error) {
        const last = failures >= retries;
        if (options.signal?.aborted) {
          permit.failed();
          throw new LlmError('stopped', 'aborted');
        }
        const large = tooLarge(error);
        if (large && !timedOut) {
          answered();
          // Unread, so uncounted: charged as the most it was allowed to cost, the whole max_tokens.
          const usage = { prompt: estimate - request.maxTokens, completion: request.maxTokens };
          if (options.budget) spent += costUsd(usage, options.budget.price);
          stats.tokens.prompt += usage.prompt;
          stats.tokens.completion += usage.completion;
          permit.done({ tokens: estimate });
          throw new LlmError(`the answer was larger than ${formatBytes(large.maxBytes)} (asked for ${request.maxTokens} tokens at most): the endpoint ignores max_tokens`, 'too-large');
        }
        if (wantsMaxCompletionTokens(error) && limitParam === 'max_tokens') {
          // Asked again at once with the other name; not a failure of the request.
          answered();
          permit.failed();
          limitParam = 'max_completion_tokens';
          continue;
        }
        // Our timer fired (the SDK reports it as a user abort, or as an AbortError from the body), or the SDK's did.
        if (timedOut || error instanceof APIConnectionTimeoutError) {
          permit.failed();
          stats.timeouts++;
          if (noAnswer(`no answer within ${timeoutMs / 1000} s`)) throw breakerError();
          if (last) throw new LlmError(`no answer within ${timeoutMs / 1000} s after ${failures + 1} attempts`, 'timeout');
        } else if (error instanceof APIUserAbortError) {
          permit.failed();
          throw new LlmError('stopped', 'aborted');
        } else if (error instanceof APIConnectionError || lostMidAnswer(error)) {
          permit.failed();
          const reason = error instanceof APIConnectionError ? error.message : 'connection lost while reading the answer';
          if (noAnswer(`connection failed: ${reason}`)) throw breakerError();
          if (last) throw new LlmError(redact(`connection failed after ${failures + 1} attempts: ${reason}`), 'connection');
        } else if (error instanceof APIError && error.status === 429) {
          answered();
          stats.rateLimited++;
          permit.rateLimited(headersOf(error.headers));
          rateLimits++;
          if (rateLimits > rateLimitRetries) throw new LlmError(`rate limited (429) ${rateLimits} times; the server kept refusing after the pipeline slowed down`, 'rate-limit');
          continue; // the limiter holds everyone back for as long as the server asked, and slows the pace
        } else if (error instanceof APIError && (error.status ?? 0) >= 500) {
          answered();
          permit.failed();
          stats.serverErrors++;
          if (last) throw new LlmError(redact(`server error ${error.status} after ${failures + 1} attempts: ${error.message}`), 'server');
        } else if (error instanceof APIError && (error.status === 401 || error.status === 403)) {
          answered();
          permit.failed();
          throw new LlmError(`the endpoint refused the API key (HTTP ${error.status}); check OPENAI_API_KEY and --base-url`, 'auth');
        } else {
          if (error instanceof APIError) answered();
          permit.failed();
          const status = error instanceof APIError ? ` (HTTP ${error.status})` : '';
          throw new LlmError(redact(`request refused${status}: ${error instanceof Error ? error.message : String(error)}`), 'bad-request');
        }
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', forward);
      }
      failures++;
      // A stopped run does not sit out a backoff: the next turn of the loop says "stopped".
      await sleep(options.limiter.backoffMs(failures), options.signal);
    }
  }

  return { model: options.model, complete, stats: () => ({ ...stats, tokens: { ...stats.tokens } }) };
}
