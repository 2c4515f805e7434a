// An OpenAI-compatible server on 127.0.0.1 and a free port, for tests and the LLM benchmark: it
// answers POST /v1/chat/completions (non-streaming) and GET /v1/models the way the real API does,
// and misbehaves on demand (rate limits, 5xx, hangs, resets, slow answers) so the client's
// failure paths can be driven with the real `openai` SDK.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: unknown;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  [k: string]: unknown;
}

/** What the server does with one request: an answer, or a failure. */
export type Reply =
  | { content: string; finishReason?: 'stop' | 'length'; usage?: { prompt_tokens: number; completion_tokens: number } }
  /** Sends exactly the retry headers given (none, one or both), so clients can be tested on each. */
  | { status: 429; retryAfterMs?: number; retryAfterSeconds?: number; body?: string }
  /** An error answer (a 400 to refuse a parameter, a 5xx), with the body given or an OpenAI-style one. */
  | { status: 400 | 500 | 502 | 503; body?: string }
  /** Never answers (the client's timeout path). */
  | { hang: true }
  /** Answers `then` after a delay (nothing is sent if the client has gone by then). */
  | { delayMs: number; then: Reply }
  /** Resets the connection (TCP RST) without answering. */
  | { destroy: true };

export interface OpenAiServerOptions {
  /**
   * Decides each reply; gets the parsed request and its 0-based index among the requests handed
   * to it (those that passed the key check, validation and the rate limiter). Default: answers
   * DEFAULT_CONTENT.
   */
  reply?: (req: ChatRequest, index: number) => Reply | Promise<Reply>;
  /**
   * Requests per minute, enforced as a token bucket of `rpm` requests refilled continuously at
   * rpm/60 per second (so a full bucket allows a burst of `rpm`, then one request every 60/rpm s).
   */
  rpm?: number;
  /**
   * Tokens per minute, a token bucket like `rpm`. A request costs, as OpenAI estimates it before
   * answering, its prompt's words (see countWords) plus max_completion_tokens ?? max_tokens ?? 0.
   */
  tpm?: number;
  /** Require this bearer key (401 otherwise, with an OpenAI-style error body). */
  apiKey?: string;
  /** Model ids listed by GET /v1/models. Default: DEFAULT_MODELS. */
  models?: string[];
}

export interface RecordedRequest {
  /** The parsed JSON body, as sent (even when it failed validation). */
  body: ChatRequest;
  /** All request headers, Authorization included. */
  headers: Record<string, string | string[] | undefined>;
  /** performance.now() when the request arrived. */
  at: number;
  /** HTTP status answered; 0 until answered, and for good after `hang` or `destroy`. */
  status: number;
}

export interface OpenAiServer {
  /** e.g. http://127.0.0.1:PORT/v1, for `new OpenAI({ baseURL })`. */
  baseURL: string;
  /** Every chat completion request whose body was JSON, in arrival order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const DEFAULT_CONTENT = 'Hello from the test server.';
export const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o'];

const MINUTE_MS = 60_000;
// Float refills can land a hair under a whole token after exactly the advertised wait.
const EPSILON = 1e-9;

type Headers = Record<string, string>;

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

function errorBody(message: string, type: string, code: string | null = null): ErrorBody {
  return { error: { message, type, param: null, code } };
}

/** Words split on whitespace: the server's stand-in for a tokenizer in default usage and tpm. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Text of a message's content, whether a string or an array of content parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (part !== null && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : ''))
    .join(' ');
}

/** Rough prompt size: the words of every message's content. */
export function promptWords(req: ChatRequest): number {
  return req.messages.reduce((sum, message) => sum + countWords(textOf(message.content)), 0);
}

/** A duration as OpenAI writes it in x-ratelimit-reset-*: "17ms", "1s", "8.64s", "6m0s", "1h2m3s". */
export function formatResetDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms));
  if (total < 1000) return total === 0 ? '0s' : `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / MINUTE_MS);
  const seconds = `${(total % MINUTE_MS) / 1000}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

/** A bucket of `capacity` refilled continuously to full over one minute. */
interface Bucket {
  capacity: number;
  tokens: number;
  last: number;
}

function newBucket(capacity: number, now: number): Bucket {
  return { capacity, tokens: capacity, last: now };
}

function refill(bucket: Bucket, now: number): void {
  bucket.tokens = Math.min(bucket.capacity, bucket.tokens + ((now - bucket.last) * bucket.capacity) / MINUTE_MS);
  bucket.last = now;
}

/** Milliseconds until the bucket holds `need`; Infinity if it never can. */
function waitFor(bucket: Bucket, need: number): number {
  if (need > bucket.capacity) return Infinity;
  const short = need - bucket.tokens;
  return short <= EPSILON ? 0 : (short * MINUTE_MS) / bucket.capacity;
}

function bucketHeaders(bucket: Bucket, kind: 'requests' | 'tokens'): Headers {
  return {
    [`x-ratelimit-limit-${kind}`]: String(bucket.capacity),
    [`x-ratelimit-remaining-${kind}`]: String(Math.floor(bucket.tokens + EPSILON)),
    [`x-ratelimit-reset-${kind}`]: formatResetDuration(((bucket.capacity - bucket.tokens) * MINUTE_MS) / bucket.capacity),
  };
}

type Admission = { ok: true; headers: Headers } | { ok: false; status: 429; headers: Headers; body: ErrorBody };

/** Takes one request and its estimated tokens from the buckets, or says why and how long to wait. */
function admit(requests: Bucket | undefined, tokens: Bucket | undefined, cost: number, now: number): Admission {
  if (requests) refill(requests, now);
  if (tokens) refill(tokens, now);
  const requestWait = requests ? waitFor(requests, 1) : 0;
  const tokenWait = tokens ? waitFor(tokens, cost) : 0;
  const headersNow = (): Headers => ({
    ...(requests ? bucketHeaders(requests, 'requests') : {}),
    ...(tokens ? bucketHeaders(tokens, 'tokens') : {}),
  });
  if (requestWait === 0 && tokenWait === 0) {
    if (requests) requests.tokens -= 1;
    if (tokens) tokens.tokens -= cost;
    return { ok: true, headers: headersNow() };
  }
  if (tokens && tokenWait === Infinity) {
    // OpenAI refuses outright a request that could never fit, with no point in retrying.
    const message = `Request too large on tokens per min (TPM): Limit ${tokens.capacity}, Requested ${cost}.`;
    return { ok: false, status: 429, headers: headersNow(), body: errorBody(message, 'tokens', 'rate_limit_exceeded') };
  }
  const waitMs = Math.ceil(Math.max(requestWait, tokenWait));
  const bucket = requestWait >= tokenWait ? requests! : tokens!;
  const kind = requestWait >= tokenWait ? 'requests' : 'tokens';
  const per = kind === 'requests' ? 'requests per min (RPM)' : 'tokens per min (TPM)';
  const requested = kind === 'requests' ? 1 : cost;
  const used = Math.ceil(bucket.capacity - bucket.tokens - EPSILON);
  const message =
    `Rate limit reached on ${per}: Limit ${bucket.capacity}, Used ${used}, Requested ${requested}. ` +
    `Please try again in ${formatResetDuration(waitMs)}.`;
  return {
    ok: false,
    status: 429,
    headers: { ...headersNow(), 'retry-after-ms': String(waitMs), 'retry-after': String(Math.ceil(waitMs / 1000)) },
    body: errorBody(message, kind, 'rate_limit_exceeded'),
  };
}

/** Why a parsed body is not a chat completion request, or undefined if it is one. */
function invalidReason(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'The request body must be a JSON object.';
  const record = body as Record<string, unknown>;
  if (typeof record['model'] !== 'string' || record['model'] === '') return "Missing required parameter: 'model'.";
  if (!Array.isArray(record['messages'])) return "Missing required parameter: 'messages'.";
  return undefined;
}

function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function completion(req: ChatRequest, reply: Extract<Reply, { content: string }>, id: number): unknown {
  const usage = reply.usage ?? { prompt_tokens: promptWords(req), completion_tokens: countWords(reply.content) };
  return {
    id: `chatcmpl-test-${id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [{ index: 0, message: { role: 'assistant', content: reply.content, refusal: null }, logprobs: null, finish_reason: reply.finishReason ?? 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** The fake endpoint's state: the requests it recorded, its buckets, the replies it gives. */
class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  readonly timers = new Set<NodeJS.Timeout>();
  private readonly replyTo: NonNullable<OpenAiServerOptions['reply']>;
  private readonly models: readonly string[];
  private readonly requestBucket: ReturnType<typeof newBucket> | undefined;
  private readonly tokenBucket: ReturnType<typeof newBucket> | undefined;
  private replies = 0;
  private answered = 0;

  constructor(private readonly options: OpenAiServerOptions) {
    this.replyTo = options.reply ?? (() => ({ content: DEFAULT_CONTENT }));
    this.models = options.models ?? DEFAULT_MODELS;
    const started = performance.now();
    this.requestBucket = options.rpm === undefined ? undefined : newBucket(options.rpm, started);
    this.tokenBucket = options.tpm === undefined ? undefined : newBucket(options.tpm, started);
  }

  send(res: ServerResponse, status: number, headers: Headers, body: unknown, record?: RecordedRequest): void {
    if (res.destroyed || res.headersSent) return;
    this.answered += 1;
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_test_${this.answered}`, ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
    if (record) record.status = status;
  }

  private act(req: IncomingMessage, res: ServerResponse, body: ChatRequest, reply: Reply, headers: Headers, record: RecordedRequest): void {
    if ('hang' in reply) return;
    if ('destroy' in reply) {
      req.socket.resetAndDestroy();
      return;
    }
    if ('delayMs' in reply) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.act(req, res, body, reply.then, headers, record);
      }, reply.delayMs);
      this.timers.add(timer);
      return;
    }
    if ('content' in reply) return this.send(res, 200, headers, completion(body, reply, this.answered + 1), record);
    if (reply.status === 429) {
      const retry: Headers = {};
      if (reply.retryAfterMs !== undefined) retry['retry-after-ms'] = String(reply.retryAfterMs);
      if (reply.retryAfterSeconds !== undefined) retry['retry-after'] = String(reply.retryAfterSeconds);
      const fallback = errorBody('Rate limit reached for requests.', 'requests', 'rate_limit_exceeded');
      return this.send(res, 429, { ...headers, ...retry }, reply.body ?? fallback, record);
    }
    const fallback = errorBody('The server had an error while processing your request. Sorry about that!', 'server_error');
    this.send(res, reply.status, headers, reply.body ?? fallback, record);
  }

  async chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const raw = await readBody(req);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return this.send(res, 400, {}, errorBody('We could not parse the JSON body of your request.', 'invalid_request_error'));
    }
    const body = parsed as ChatRequest;
    const record: RecordedRequest = { body, headers: { ...req.headers }, at, status: 0 };
    this.requests.push(record);
    if (this.options.apiKey !== undefined && bearerKey(req.headers.authorization) !== this.options.apiKey) {
      // Unlike OpenAI, no masked echo of the key: tests grep that keys appear nowhere.
      return this.send(res, 401, {}, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'), record);
    }
    const invalid = invalidReason(parsed);
    if (invalid !== undefined) return this.send(res, 400, {}, errorBody(invalid, 'invalid_request_error'), record);
    const cost = promptWords(body) + (body.max_completion_tokens ?? body.max_tokens ?? 0);
    const admission = admit(this.requestBucket, this.tokenBucket, cost, performance.now());
    if (!admission.ok) return this.send(res, admission.status, admission.headers, admission.body, record);
    let reply: Reply;
    try {
      reply = await this.replyTo(body, this.replies++);
    } catch (error) {
      // A throwing reply function is a bug in the test; surface it rather than hang the client.
      const message = `reply() threw: ${error instanceof Error ? error.message : String(error)}`;
      return this.send(res, 500, admission.headers, errorBody(message, 'server_error'), record);
    }
    this.act(req, res, body, reply, admission.headers, record);
  }

  listModels(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (this.options.apiKey !== undefined && bearerKey(req.headers.authorization) !== this.options.apiKey) {
      return this.send(res, 401, {}, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    const created = Math.floor(Date.now() / 1000);
    this.send(res, 200, {}, { object: 'list', data: this.models.map((id) => ({ id, object: 'model', created, owned_by: 'test' })) });
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (method === 'POST' && path === '/v1/chat/completions') {
      this.chat(req, res).catch(() => res.destroy());
      return;
    }
    if (method === 'GET' && path === '/v1/models') return this.listModels(req, res);
    req.resume();
    this.send(res, 404, {}, errorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
  }
}

export async function startOpenAiServer(options: OpenAiServerOptions = {}): Promise<OpenAiServer> {
  const fake = new FakeOpenAi(options);
  const server = createServer((req, res) => fake.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests: fake.requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of fake.timers) clearTimeout(timer);
        fake.timers.clear();
        // Hanging requests and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
