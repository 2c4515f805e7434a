// The OpenAI-compatible provider: the `openai` SDK against any OpenAI-compatible base URL (OpenAI,
// Ollama, vLLM, LM Studio, llama.cpp). It says how to send one attempt and what a failed attempt
// was; the limiter, retries, budget, circuit breaker, time limit and key redaction around it are
// src/llm/guards.ts, shared by every provider. The SDK's own retries are off: it would retry a 429
// without telling the rest of the pipeline to slow.
import { chatBody } from './batch-files.js';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { proxiedFetch, type ProxyEnv } from '../http/proxy.js';
import { RewriteError } from '../optimize/rewriter.js';
import { AnswerTooLargeError, cappedFetch } from './capped-fetch.js';
import { guardedClient, LlmError, type Answer, type CompletionRequest, type Failure, type GuardOptions, type LlmClient, type Provider } from './guards.js';

export {
  BREAKER_FAILURES,
  breakerThreshold,
  estimateTokens,
  LlmError,
  RATE_LIMIT_RETRIES,
  usageOf,
  type ChatMessage,
  type Completion,
  type CompletionRequest,
  type LlmClient,
  type LlmStats,
} from './guards.js';

/** The guards' options (limiter, time limit, retries, budget, key…), and where and how to reach the endpoint. */
export interface LlmClientOptions extends GuardOptions {
  baseURL?: string;
  /** Bytes of one response body read at most (default MAX_ANSWER_BYTES); a larger answer fails its request. */
  maxAnswerBytes?: number;
  /** Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY are read from (process.env by default), as the crawler reads them. */
  env?: ProxyEnv;
}

/**
 * The most of one response body that is read. Our largest answer, an FAQ of 1,500 tokens, is
 * some 6 KB of JSON, 36 KB if every character were escaped as \uXXXX; an endpoint that ignores
 * max_tokens must not make us read (and then parse, clean and check) megabytes.
 */
export const MAX_ANSWER_BYTES = 256 * 1024;

function headersOf(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h && typeof (h as Headers).forEach === 'function') (h as Headers).forEach((v, k) => (out[k.toLowerCase()] = v));
  else if (h && typeof h === 'object') for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
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

/** A 200 answer that is no chat completion (a web page, JSON of another shape). */
class NotAnApiAnswer extends Error {
  constructor(readonly body: string) {
    super('not a chat completion');
  }
}

/** The first 200 characters of an answer's body, on one line, for a message. */
function excerpt(body: string): string {
  const line = body.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** HTTP statuses that mean "no API at this path" when the body is not an API's error (a static server answers a POST with 501). */
const NO_API_HERE = new Set([404, 405, 501]);

/**
 * The endpoint is not the API it should be: a message naming the URL, the status, what came back
 * and what to check. Nothing will change on a retry, so the run stops.
 */
function notAnApi(url: string, status: number, body: string, model: string): Failure {
  // The SDK keeps no body of JSON without an "error" key (vLLM's {"object":"error",…}): said as unknown, not as empty.
  const said = body === '' ? 'a body the SDK could not read as an API error' : `"${excerpt(body)}"`;
  return {
    kind: 'not-an-api',
    message: `${url} answered HTTP ${status} with ${said}, which is no OpenAI-compatible chat completion: check --llm-url (or OPENAI_BASE_URL, config llm.baseUrl), the API's base URL that /chat/completions follows (e.g. https://api.openai.com/v1, http://localhost:11434/v1), and --model (${model})`,
  };
}

/** The OpenAI-compatible endpoint as a Provider. */
export function openAiProvider(options: Pick<LlmClientOptions, 'baseURL' | 'apiKey' | 'model' | 'timeoutMs' | 'maxAnswerBytes' | 'env'>): Provider {
  // Through the environment's proxy when one is set (undici's defaults otherwise, as Node's own
  // fetch has); the cap wraps whichever fetch it is.
  const viaProxy = proxiedFetch({}, options.env ?? process.env);
  const sdk = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    fetch: cappedFetch(options.maxAnswerBytes ?? MAX_ANSWER_BYTES, viaProxy),
    maxRetries: 0,
    // Only until the headers arrive: the SDK clears it then. The guards' own timer covers the body.
    timeout: options.timeoutMs ?? 60_000,
  });
  // Which name the endpoint takes for the completion limit (see wantsMaxCompletionTokens).
  let limitParam: 'max_tokens' | 'max_completion_tokens' = 'max_tokens';
  return {
    endpoint: sdk.baseURL,
    async send(request: CompletionRequest, signal: AbortSignal): Promise<Answer> {
      const { data, response } = await sdk.chat.completions
        // The same body a batch line carries (batch-files.ts), so both ways ask the same.
        .create(chatBody(options.model, request, limitParam) as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, { signal })
        .withResponse();
      // A web page or JSON of another shape answered with 200: the SDK hands it on as it is.
      if (typeof data !== 'object' || data === null || !Array.isArray((data as { choices?: unknown }).choices)) {
        throw new NotAnApiAnswer(typeof data === 'string' ? data : JSON.stringify(data));
      }
      const choice = data.choices[0];
      return { content: choice?.message?.content ?? '', reported: data.usage, finishReason: choice?.finish_reason ?? 'stop', headers: headersOf(response.headers) };
    },
    classify(error: unknown, timedOut: boolean): Failure {
      const large = tooLarge(error);
      if (large && !timedOut) return { kind: 'too-large', maxBytes: large.maxBytes };
      if (wantsMaxCompletionTokens(error) && limitParam === 'max_tokens') {
        // Asked again at once with the other name; not a failure of the request.
        limitParam = 'max_completion_tokens';
        return { kind: 'again' };
      }
      // Our timer fired (the SDK reports it as a user abort, or as an AbortError from the body), or the SDK's did.
      if (timedOut || error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
      if (error instanceof APIUserAbortError) return { kind: 'aborted' };
      if (error instanceof APIConnectionError || lostMidAnswer(error)) {
        return { kind: 'connection', reason: error instanceof APIConnectionError ? error.message : 'connection lost while reading the answer' };
      }
      const url = `${sdk.baseURL.replace(/\/+$/, '')}/chat/completions`;
      if (error instanceof NotAnApiAnswer) return notAnApi(url, 200, error.body, options.model);
      // No API error in the body (an HTML page, text, nothing) on a path that should be the API.
      if (error instanceof APIError && NO_API_HERE.has(error.status ?? 0) && error.error === undefined) {
        return notAnApi(url, error.status!, error.message.replace(/^\d{3}\s*/, '').replace(/^status code \(no body\)$/, ''), options.model);
      }
      // The API itself says the model or path does not exist: every request would hear the same.
      if (error instanceof APIError && error.status === 404) {
        return { kind: 'not-an-api', message: `${url} answered HTTP 404: "${excerpt(error.message.replace(/^\d{3}\s*/, ''))}": check --model (${options.model}) and --llm-url` };
      }
      if (error instanceof APIError && error.status === 429) return { kind: 'rate-limit', headers: headersOf(error.headers) };
      if (error instanceof APIError && (error.status ?? 0) >= 500) return { kind: 'server', status: error.status, detail: error.message };
      if (error instanceof APIError && (error.status === 401 || error.status === 403)) {
        return { kind: 'auth', message: `the endpoint refused the API key (HTTP ${error.status}); check OPENAI_API_KEY and --llm-url` };
      }
      const status = error instanceof APIError ? ` (HTTP ${error.status})` : '';
      return { kind: 'refused', message: `request refused${status}: ${error instanceof Error ? error.message : String(error)}`, answered: error instanceof APIError };
    },
  };
}

export function createLlmClient(options: LlmClientOptions): LlmClient {
  return guardedClient(openAiProvider(options), options);
}

/**
 * A request's failure as the optimize loop takes it: a refused key, an endpoint that is no API, a
 * stop or the budget end the run (the first two need a fix before a rerun goes on); a request
 * deferred to a batch leaves its row waiting; any other failure fails the row alone.
 */
export function rewriteErrorOf(error: LlmError): RewriteError {
  const needsFix = error.kind === 'auth' || error.kind === 'not-an-api' || error.needsFix;
  return new RewriteError(error.message, needsFix || error.kind === 'aborted' || error.kind === 'budget' || error.kind === 'unreachable', needsFix, error.kind === 'deferred');
}
