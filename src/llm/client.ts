// The LLM client: the `openai` SDK against any OpenAI-compatible base URL (OpenAI, Ollama, vLLM,
// LM Studio, llama.cpp), with our limiter in front of every request and our retries around it
// (the SDK's own are off: it would retry a 429 without telling the rest of the pipeline to slow).
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { countTokens } from 'gpt-tokenizer';
import { costUsd, type Price } from './cost.js';
import type { LlmLimiter } from './limiter.js';

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
    readonly kind: 'auth' | 'bad-request' | 'rate-limit' | 'server' | 'timeout' | 'connection' | 'aborted' | 'budget',
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
  /** One request's time limit (default 60 s). */
  timeoutMs?: number;
  /** Retries of one request after a 429, 5xx, timeout or connection error (default 4). */
  retries?: number;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  /** Stop sending once this much would be spent: requests in flight finish, new ones are refused. */
  budget?: { maxUsd: number; price: Price };
}

export interface LlmClient {
  readonly model: string;
  complete(request: CompletionRequest): Promise<Completion>;
  stats(): LlmStats;
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

export function createLlmClient(options: LlmClientOptions): LlmClient {
  const sdk = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: 0,
    timeout: options.timeoutMs ?? 60_000,
  });
  const retries = options.retries ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const stats: LlmStats = { requests: 0, rateLimited: 0, serverErrors: 0, timeouts: 0, tokens: { prompt: 0, completion: 0 } };
  // Whatever a server echoes back, the key never reaches a message, a log or a report.
  const redact = (text: string): string => (options.apiKey.length >= 4 ? text.split(options.apiKey).join('[redacted]') : text);

  let spent = 0;
  let committed = 0;
  async function complete(request: CompletionRequest): Promise<Completion> {
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
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw new LlmError('stopped', 'aborted');
      const permit = await options.limiter.acquire(estimate, options.signal).catch(() => {
        throw new LlmError('stopped', 'aborted');
      });
      stats.requests++;
      // The SDK never removes the abort listener it puts on a signal: each request gets a signal
      // of its own, tied to ours for as long as the request lasts, so none pile up on ours.
      const own = new AbortController();
      const forward = (): void => own.abort();
      options.signal?.addEventListener('abort', forward, { once: true });
      try {
        const { data, response } = await sdk.chat.completions
          .create(
            {
              model: options.model,
              messages: request.messages,
              max_tokens: request.maxTokens,
              ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
              ...(request.jsonSchema ? { response_format: { type: 'json_schema', json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true } } } : {}),
            },
            { signal: own.signal },
          )
          .withResponse();
        const usage = { prompt: data.usage?.prompt_tokens ?? 0, completion: data.usage?.completion_tokens ?? 0 };
        if (options.budget) spent += costUsd(usage, options.budget.price);
        stats.tokens.prompt += usage.prompt;
        stats.tokens.completion += usage.completion;
        permit.done({ tokens: usage.prompt + usage.completion || estimate, headers: headersOf(response.headers) });
        const choice = data.choices[0];
        return { content: choice?.message?.content ?? '', usage, finishReason: choice?.finish_reason ?? 'stop' };
      } catch (error) {
        const last = attempt >= retries;
        if (error instanceof APIUserAbortError || options.signal?.aborted) {
          permit.failed();
          throw new LlmError('stopped', 'aborted');
        }
        if (error instanceof APIConnectionTimeoutError) {
          permit.failed();
          stats.timeouts++;
          if (last) throw new LlmError(`no answer within ${(options.timeoutMs ?? 60_000) / 1000} s after ${attempt + 1} attempts`, 'timeout');
        } else if (error instanceof APIConnectionError) {
          permit.failed();
          if (last) throw new LlmError(redact(`connection failed after ${attempt + 1} attempts: ${error.message}`), 'connection');
        } else if (error instanceof APIError && error.status === 429) {
          stats.rateLimited++;
          permit.rateLimited(headersOf(error.headers));
          if (last) throw new LlmError(`rate limited (429) on all ${attempt + 1} attempts`, 'rate-limit');
          continue; // the limiter holds everyone back for as long as the server asked
        } else if (error instanceof APIError && (error.status ?? 0) >= 500) {
          permit.failed();
          stats.serverErrors++;
          if (last) throw new LlmError(redact(`server error ${error.status} after ${attempt + 1} attempts: ${error.message}`), 'server');
        } else if (error instanceof APIError && (error.status === 401 || error.status === 403)) {
          permit.failed();
          throw new LlmError(`the endpoint refused the API key (HTTP ${error.status}); check OPENAI_API_KEY and --base-url`, 'auth');
        } else {
          permit.failed();
          const status = error instanceof APIError ? ` (HTTP ${error.status})` : '';
          throw new LlmError(redact(`request refused${status}: ${error instanceof Error ? error.message : String(error)}`), 'bad-request');
        }
      } finally {
        options.signal?.removeEventListener('abort', forward);
      }
      await sleep(options.limiter.backoffMs(attempt + 1));
    }
  }

  return { model: options.model, complete, stats: () => ({ ...stats, tokens: { ...stats.tokens } }) };
}
