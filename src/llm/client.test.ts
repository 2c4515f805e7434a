// The LLM client through the real `openai` SDK, against real servers on 127.0.0.1: the
// OpenAI-compatible test server, or a raw node:http one where a server must misbehave below the
// level of a reply (stall a body, cut it, leave out usage). Backoff sleeps are instant unless a
// test is about time.
import { countTokens } from 'gpt-tokenizer';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../testing/http-server.js';
import { startOpenAiServer, type OpenAiServer, type OpenAiServerOptions, type Reply } from '../testing/openai-server.js';
import { startProxyServer } from '../testing/proxy-server.js';
import { breakerThreshold, createLlmClient, estimateTokens, LlmError, usageOf, type CompletionRequest, type LlmClientOptions } from './client.js';
import { LlmLimiter } from './limiter.js';

const KEY = 'sk-test-client-0123456789abcdef';
const REQUEST: CompletionRequest = { messages: [{ role: 'user', content: 'Write a title for the Alpine trail runner' }], maxTokens: 50 };

let servers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function openAiServer(options: OpenAiServerOptions): Promise<OpenAiServer> {
  const server = await startOpenAiServer(options);
  servers.push(server);
  return server;
}

/** A raw server answering POST /v1/chat/completions with `handler`; its base URL. */
async function rawServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server: TestServer = await startHttpServer({ '/v1/chat/completions': handler });
  servers.push(server);
  return server.url('/v1');
}

/** The base URL of a port nothing listens on (a server's, closed). */
async function refusingBaseURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

function clientFor(baseURL: string, options: Partial<LlmClientOptions> = {}) {
  // No proxy unless a test names one: the machine's HTTP_PROXY is not read.
  return createLlmClient({ apiKey: KEY, baseURL, model: 'gpt-4o-mini', limiter: new LlmLimiter({ concurrency: 1 }), sleep: async () => {}, env: {}, ...options });
}

/** The LlmError a promise rejects with. */
async function llmError(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => expect.fail('expected the request to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

function completionBody(content: string, usage?: { prompt_tokens: number; completion_tokens: number }): string {
  return JSON.stringify({
    id: 'chatcmpl-raw',
    object: 'chat.completion',
    created: 0,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    ...(usage ? { usage } : {}),
  });
}

describe('createLlmClient: timeouts', () => {
  it('times out a server that sends the headers and then stalls the body, within about the time limit', async () => {
    const baseURL = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-raw",');
    });
    const client = clientFor(baseURL, { timeoutMs: 300, retries: 1 });
    const t0 = performance.now();
    const error = await llmError(client.complete(REQUEST));
    const elapsed = performance.now() - t0;
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('no answer within 0.3 s after 2 attempts');
    expect(elapsed).toBeGreaterThanOrEqual(600);
    // Two attempts of 0.3 s and a backoff take about 0.9 s; a stalled body that no timer ended would
    // hang for good. The bound is an order of magnitude off, so a loaded machine does not fail it.
    expect(elapsed).toBeLessThan(9000);
    expect(client.stats()).toMatchObject({ requests: 2, timeouts: 2 });
  });

  it('times out a server that never sends the headers', async () => {
    const server = await openAiServer({ reply: () => ({ hang: true }) });
    const client = clientFor(server.baseURL, { timeoutMs: 200, retries: 0 });
    const error = await llmError(client.complete(REQUEST));
    expect([error.kind, error.message]).toEqual(['timeout', 'no answer within 0.2 s after 1 attempts']);
  });

  it('reports a stop during a stalled body as a stop, not a timeout', async () => {
    const baseURL = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
    });
    const controller = new AbortController();
    const client = clientFor(baseURL, { timeoutMs: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const t0 = performance.now();
    const error = await llmError(client.complete(REQUEST));
    expect([error.kind, error.message]).toEqual(['aborted', 'stopped']);
    // Ended by the abort at 0.1 s, not by the 30 s timeout (an order of magnitude apart, so load cannot blur them).
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('ends at once when stopped during the backoff after a 5xx, not after it', async () => {
    const server = await openAiServer({ reply: (): Reply => ({ status: 503 }) });
    const controller = new AbortController();
    // The real sleep, and a limiter whose backoff after one failure is long: 30 s.
    const limiter = new LlmLimiter({ concurrency: 1 });
    limiter.backoffMs = () => 30_000;
    const client = createLlmClient({ apiKey: KEY, baseURL: server.baseURL, model: 'gpt-4o-mini', limiter, retries: 3, signal: controller.signal });
    const t0 = performance.now();
    const pending = llmError(client.complete(REQUEST));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    const error = await pending;
    expect([error.kind, error.message]).toEqual(['aborted', 'stopped']);
    expect(server.requests).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('retries a connection cut in the middle of the answer like any connection failure', async () => {
    let n = 0;
    const baseURL = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      if (n++ === 0) {
        res.write('{"id":');
        setTimeout(() => req.socket.destroy(), 20);
      } else res.end(completionBody('Alpine Trail Runner', { prompt_tokens: 12, completion_tokens: 4 }));
    });
    const client = clientFor(baseURL);
    const answer = await client.complete(REQUEST);
    expect(answer.content).toBe('Alpine Trail Runner');
    expect(client.stats().requests).toBe(2);
  });
});

describe('createLlmClient: circuit breaker', () => {
  it('opens after 8 connection failures in a row: later requests fail at once, without a connection attempt', async () => {
    const baseURL = await refusingBaseURL();
    const client = clientFor(baseURL, { retries: 4 });
    // Five attempts: the request's own retries run out first.
    expect(await llmError(client.complete(REQUEST))).toMatchObject({ kind: 'connection', message: 'connection failed after 5 attempts: Connection error.' });
    // Three more make eight in a row.
    const unreachable = `the LLM endpoint ${baseURL} is unreachable: 8 requests in a row got no answer (last: connection failed: Connection error.)`;
    expect(await llmError(client.complete(REQUEST))).toMatchObject({ kind: 'unreachable', message: unreachable });
    expect(client.stats().requests).toBe(8);
    const t0 = performance.now();
    expect(await llmError(client.complete(REQUEST))).toMatchObject({ kind: 'unreachable', message: unreachable });
    expect(performance.now() - t0).toBeLessThan(50);
    expect(client.stats().requests).toBe(8);
  });

  it('counts timeouts too (a silent endpoint)', async () => {
    const server = await openAiServer({ reply: () => ({ hang: true }) });
    const client = clientFor(server.baseURL, { timeoutMs: 100, retries: 4 });
    expect((await llmError(client.complete(REQUEST))).kind).toBe('timeout');
    const error = await llmError(client.complete(REQUEST));
    expect([error.kind, error.message]).toEqual(['unreachable', `the LLM endpoint ${server.baseURL} is unreachable: 8 requests in a row got no answer (last: no answer within 0.1 s)`]);
    expect(server.requests).toHaveLength(8);
  });

  it('does not open when any HTTP answer, even a 500, comes between failures', async () => {
    // 7 resets, a 500, 7 resets, then answers: never 8 in a row.
    const server = await openAiServer({ reply: (_req, i): Reply => (i === 7 ? { status: 500 } : i < 15 ? { destroy: true } : { content: 'Alpine Trail Runner' }) });
    const client = clientFor(server.baseURL, { retries: 4 });
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++) kinds.push(await client.complete(REQUEST).then((c) => c.content, (e: LlmError) => e.kind));
    expect(kinds).toEqual(['connection', 'connection', 'connection', 'Alpine Trail Runner']);
    expect(server.requests).toHaveLength(16);
  });

  it('needs 3 × concurrency failures in a row when that is more than 8', () => {
    expect([1, 2, 3, 4, 10].map(breakerThreshold)).toEqual([8, 8, 9, 12, 30]);
  });
});

describe('createLlmClient: 429', () => {
  /** A server that takes one request every `everyMs` and answers the others 429, with or without retry-after-ms. */
  function slowServer(everyMs: number, withRetryAfter: boolean): Promise<OpenAiServer> {
    let next = 0;
    return openAiServer({
      reply: (): Reply => {
        const now = performance.now();
        if (now < next) return withRetryAfter ? { status: 429, retryAfterMs: Math.ceil(next - now) } : { status: 429 };
        next = now + everyMs;
        return { content: 'Alpine Trail Runner' };
      },
    });
  }

  const run = (client: ReturnType<typeof clientFor>, n: number) =>
    Promise.allSettled(Array.from({ length: n }, () => client.complete(REQUEST))).then((results) => results.map((r) => r.status));

  it('a server slower than --rpm, with retry-after-ms: every request succeeds, and only requests sent before the first 429 was read meet one', async () => {
    const server = await slowServer(150, true);
    // --rpm 6000 is a start every 10 ms; the server takes one every 150 ms. A client that ignored
    // retry-after-ms would meet some 15 429s per request; one that heeds it meets at most the
    // burst it sent before the first answer came back: 1 on an idle machine, up to the
    // concurrency (4) on a loaded one, where the burst leaves before any answer is read.
    const client = clientFor(server.baseURL, { limiter: new LlmLimiter({ rpm: 6000, concurrency: 4 }), retries: 1 });
    expect(await run(client, 14)).toEqual(Array(14).fill('fulfilled'));
    const limited = server.requests.filter((r) => r.status === 429).length;
    expect(limited).toBeGreaterThanOrEqual(1);
    expect(limited).toBeLessThanOrEqual(4);
  });

  it('a server slower than --rpm, with no header saying how long: after the pause, requests are spaced, not released together', async () => {
    const server = await slowServer(250, false);
    const client = clientFor(server.baseURL, { limiter: new LlmLimiter({ rpm: 600, concurrency: 4 }), retries: 0 });
    expect(await run(client, 3)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    // Only the second request, sent before anything was known, met a 429.
    expect(server.requests.map((r) => r.status)).toEqual([200, 429, 200, 200]);
    const [, , c, b] = server.requests.map((r) => r.at);
    expect(b! - c!).toBeGreaterThanOrEqual(1000);
  });

  it('without --rpm, after a burst meets 429s, the retries are spaced at the rate the server accepted', async () => {
    const server = await slowServer(400, false);
    const client = clientFor(server.baseURL, { limiter: new LlmLimiter({ concurrency: 3 }), retries: 0 });
    expect(await run(client, 3)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(server.requests.map((r) => r.status)).toEqual([200, 429, 429, 200, 200]);
    const [, , , first, second] = server.requests.map((r) => r.at);
    // Measured where the requests arrive: the first may reach the server late under load, so the
    // gap may be up to a quarter short of the 1 s the client waited (unpaced, it would be ~0).
    expect(second! - first!).toBeGreaterThanOrEqual(750);
  });

  it('429s do not use up `retries`: they have a budget of their own', async () => {
    const server = await openAiServer({ reply: (_req, i): Reply => (i < 3 ? { status: 429, retryAfterMs: 1 } : { content: 'Alpine Trail Runner' }) });
    const client = clientFor(server.baseURL, { retries: 0 });
    expect((await client.complete(REQUEST)).content).toBe('Alpine Trail Runner');
    expect(client.stats()).toMatchObject({ requests: 4, rateLimited: 3 });
  });

  it('fails a request once its 429 budget is spent', async () => {
    const server = await openAiServer({ reply: () => ({ status: 429, retryAfterMs: 1 }) });
    const client = clientFor(server.baseURL, { rateLimitRetries: 3 });
    const error = await llmError(client.complete(REQUEST));
    expect([error.kind, error.message]).toEqual(['rate-limit', 'rate limited (429) 4 times; the server kept refusing after the pipeline slowed down']);
    expect(server.requests).toHaveLength(4);
  });
});

describe('createLlmClient: usage', () => {
  it('counts a missing usage from the prompt estimate and the answer, for stats and --max-cost', async () => {
    const content = 'Alpine Trail Runner – Light Shoes for Long Days';
    const baseURL = await rawServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(completionBody(content)));
    });
    const price = { input: 100, output: 1000 };
    const client = clientFor(baseURL, { budget: { maxUsd: 0.06, price } });
    const answer = await client.complete(REQUEST);
    const usage = { prompt: estimateTokens(REQUEST) - REQUEST.maxTokens, completion: countTokens(content) };
    expect(usage).toEqual({ prompt: 12, completion: 10 });
    expect(answer.usage).toEqual(usage);
    expect(client.stats().tokens).toEqual(usage);
    // $0.0012 + $0.01 spent; the next could cost up to $0.0012 + $0.05: past $0.06 (counted as 0 tokens, it would go).
    expect(await llmError(client.complete(REQUEST))).toMatchObject({ kind: 'budget', message: '--max-cost $0.06 reached ($0.0112 spent or in flight; the next request could cost up to $0.0512)' });
  });

  it("shares one --max-cost budget between two clients (the rewriter's and the judge's), each at its own model's price", async () => {
    const content = 'Alpine Trail Runner – Light Shoes for Long Days';
    const baseURL = await rawServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(completionBody(content)));
    });
    const pool = { spent: 0, committed: 0 };
    const rewriter = clientFor(baseURL, { budget: { maxUsd: 0.06, price: { input: 100, output: 1000 }, pool } });
    const judge = clientFor(baseURL, { model: 'judge-model', budget: { maxUsd: 0.06, price: { input: 1, output: 10 }, pool } });
    await rewriter.complete(REQUEST);
    // $0.0112 spent by the rewriter; the judge's cheap request still fits, and is added.
    await judge.complete(REQUEST);
    expect(pool.spent).toBeCloseTo(0.0112 + 0.000112, 9);
    // What is spent counts both: the judge's share is in the rewriter's refusal.
    expect(await llmError(rewriter.complete(REQUEST))).toMatchObject({ kind: 'budget', message: '--max-cost $0.06 reached ($0.0113 spent or in flight; the next request could cost up to $0.0512)' });
    // The judge itself spent $0.0001 and its next request costs at most $0.0005: the pool's spending stops it.
    pool.spent = 0.0597;
    expect(await llmError(judge.complete(REQUEST))).toMatchObject({ kind: 'budget' });
  });

  it('takes each reported count as given, and estimates only the one missing', () => {
    expect(usageOf({ prompt_tokens: 40, completion_tokens: 9 }, 13, 'Alpine')).toEqual({ prompt: 40, completion: 9 });
    expect(usageOf({ prompt_tokens: 40 }, 13, 'Alpine Trail Runner')).toEqual({ prompt: 40, completion: countTokens('Alpine Trail Runner') });
    expect(usageOf(null, 13, '')).toEqual({ prompt: 13, completion: 0 });
  });
});

describe('createLlmClient: the API key', () => {
  it('is redacted from an answer that echoes it', async () => {
    const server = await openAiServer({ reply: () => ({ content: `debug: you sent Bearer ${KEY}; key=${KEY}` }) });
    const client = clientFor(server.baseURL);
    expect((await client.complete(REQUEST)).content).toBe('debug: you sent Bearer [redacted]; key=[redacted]');
  });
});

describe('createLlmClient: through a proxy', () => {
  async function proxy() {
    const server = await startProxyServer();
    servers.push(server);
    return server;
  }

  it('sends each completion through HTTP_PROXY as an absolute-form POST', async () => {
    const [server, via] = await Promise.all([openAiServer({ reply: () => ({ content: 'Alpine Trail Runner' }) }), proxy()]);
    const client = clientFor(server.baseURL, { env: { HTTP_PROXY: via.url } });
    expect((await client.complete(REQUEST)).content).toBe('Alpine Trail Runner');
    expect((await client.complete(REQUEST)).content).toBe('Alpine Trail Runner');
    const host = new URL(server.baseURL).host;
    expect(via.requests).toEqual([
      { method: 'POST', target: host, path: '/v1/chat/completions' },
      { method: 'POST', target: host, path: '/v1/chat/completions' },
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it('goes direct to a host in NO_PROXY', async () => {
    const [server, via] = await Promise.all([openAiServer({}), proxy()]);
    const client = clientFor(server.baseURL, { env: { HTTP_PROXY: via.url, NO_PROXY: new URL(server.baseURL).host } });
    await client.complete(REQUEST);
    expect(via.requests).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('still caps the answer: an endless one through the proxy fails as too large', async () => {
    const via = await proxy();
    const baseURL = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"x","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"');
      // Written as fast as the socket takes it until the client goes away.
      const chunk = 'a'.repeat(64 * 1024);
      const more = (): void => {
        while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', more);
      };
      res.on('error', () => undefined);
      more();
    });
    const client = clientFor(baseURL, { env: { HTTP_PROXY: via.url }, maxAnswerBytes: 64 * 1024 });
    expect((await llmError(client.complete(REQUEST))).kind).toBe('too-large');
    expect(via.requests).toHaveLength(1);
  });
});

describe('createLlmClient: answer size', () => {
  it('stops reading an answer past the byte cap, closes the connection, and fails the request at once without a retry', async () => {
    let sent = 0;
    let requests = 0;
    const baseURL = await rawServer((req, res) => {
      requests++;
      req.resume();
      // Chunked, no Content-Length: 5 MB of one answer, sent as fast as the socket takes it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"x","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"');
      const chunk = 'a'.repeat(64 * 1024);
      const more = (): void => {
        while (sent < 5_000_000) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end('"},"finish_reason":"stop"}]}');
      };
      more();
    });
    const client = clientFor(baseURL, { maxAnswerBytes: 64 * 1024 });
    const t0 = performance.now();
    const error = await llmError(client.complete(REQUEST));
    expect([error.kind, error.message]).toEqual(['too-large', 'the answer was larger than 64 KB (asked for 50 tokens at most): the endpoint ignores max_tokens']);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(requests).toBe(1);
    // Charged as if it used every token it was allowed.
    expect(client.stats().tokens.completion).toBe(REQUEST.maxTokens);
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toBeLessThan(5_000_000);
  });

  it('refuses an answer whose Content-Length is over the cap before reading it', async () => {
    const baseURL = await rawServer((req, res) => {
      req.resume();
      const body = completionBody('b'.repeat(100_000));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
    });
    const client = clientFor(baseURL, { maxAnswerBytes: 64 * 1024 });
    expect((await llmError(client.complete(REQUEST))).kind).toBe('too-large');
  });

  it('reads an answer under the cap as usual', async () => {
    const server = await openAiServer({ reply: () => ({ content: 'c'.repeat(30_000) }) });
    const client = clientFor(server.baseURL, { maxAnswerBytes: 64 * 1024 });
    expect((await client.complete(REQUEST)).content).toHaveLength(30_000);
  });

  it('sends max_tokens, and max_completion_tokens from then on to an endpoint that asks for it', async () => {
    const server = await openAiServer({
      reply: (req): Reply =>
        req.max_tokens !== undefined
          ? { status: 400, body: JSON.stringify({ error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: 'invalid_request_error', param: 'max_tokens', code: 'unsupported_parameter' } }) }
          : { content: 'Alpine Trail Runner' },
    });
    const client = clientFor(server.baseURL, { retries: 0 });
    expect((await client.complete(REQUEST)).content).toBe('Alpine Trail Runner');
    expect((await client.complete(REQUEST)).content).toBe('Alpine Trail Runner');
    expect(server.requests.map((r) => [r.body.max_tokens, r.body.max_completion_tokens])).toEqual([
      [50, undefined],
      [undefined, 50],
      [undefined, 50],
    ]);
  });
});

describe('createLlmClient: until the endpoint is proven, one request at a time', () => {
  const REQ = { messages: [{ role: 'user' as const, content: 'Rewrite the title.' }], maxTokens: 50 };

  it('a probe that fails (502 on every attempt) hands the turn on; once one answer came back, requests go side by side', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await startOpenAiServer({
      apiKey: KEY,
      reply: async (_req, i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 30));
        inFlight--;
        return i === 0 ? { status: 502 } : { content: 'Alpine Trail Runner' };
      },
    });
    try {
      const client = clientFor(server.baseURL, { limiter: new LlmLimiter({ concurrency: 4 }), retries: 0 });
      const first = await Promise.allSettled([1, 2, 3, 4].map(() => client.complete(REQ)));
      // The 502 probe failed alone; the next request became the probe; after its answer the other two went together.
      expect(first.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect(server.requests.length).toBe(4);
      expect(most).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('after answers came back, a 200 that is no completion (a proxy page) is a passing fault, retried, not a wrong URL', async () => {
    const server = await startHttpServer({
      '*': (req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          calls++;
          if (calls === 2) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy hiccup</html>');
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: `answer ${calls}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } }));
        });
      },
    });
    let calls = 0;
    try {
      const client = clientFor(server.url('/v1'), { retries: 2 });
      expect((await client.complete(REQ)).content).toBe('answer 1');
      // The page is retried; the third answer is a completion again.
      expect((await client.complete(REQ)).content).toBe('answer 3');
      expect(calls).toBe(3);
    } finally {
      await server.close();
    }
  });
});
