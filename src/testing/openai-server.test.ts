import OpenAI, { APIConnectionError, APIConnectionTimeoutError, AuthenticationError, InternalServerError, RateLimitError } from 'openai';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT, formatResetDuration, startOpenAiServer, type OpenAiServer, type OpenAiServerOptions } from './openai-server.js';

let server: OpenAiServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(options?: OpenAiServerOptions): Promise<{ client: OpenAI; server: OpenAiServer }> {
  server = await startOpenAiServer(options);
  return { client: new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-test', maxRetries: 0 }), server };
}

const ask = (client: OpenAI, text = 'Write a title', extra: Record<string, unknown> = {}) =>
  client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], ...extra });

/** The error a promise rejects with, to assert on its class and fields. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the request to fail'),
    (error: unknown) => error,
  );
}

describe('formatResetDuration', () => {
  it('writes durations the way OpenAI’s x-ratelimit-reset-* headers do', () => {
    expect(formatResetDuration(0)).toBe('0s');
    expect(formatResetDuration(16.2)).toBe('17ms');
    expect(formatResetDuration(1000)).toBe('1s');
    expect(formatResetDuration(8640)).toBe('8.64s');
    expect(formatResetDuration(360_000)).toBe('6m0s');
    expect(formatResetDuration(179_560)).toBe('2m59.56s');
    expect(formatResetDuration(3_723_000)).toBe('1h2m3s');
  });
});

describe('startOpenAiServer with the openai SDK', () => {
  it('answers a chat completion with content and word-count usage, and records the request', async () => {
    const { client, server } = await clientFor({ reply: (req) => ({ content: `echo: ${req.messages[0]?.content}` }) });
    const completion = await ask(client, 'Write a short title');
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'echo: Write a short title' });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.status).toBe(200);
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer sk-test');
    expect(server.requests[0]?.body.messages).toEqual([{ role: 'user', content: 'Write a short title' }]);
  });

  it('uses a reply’s own usage and finish reason, and a fixed content by default', async () => {
    const { client } = await clientFor({
      reply: (_req, index) =>
        index === 0 ? { content: 'cut', finishReason: 'length', usage: { prompt_tokens: 100, completion_tokens: 7 } } : { content: DEFAULT_CONTENT },
    });
    const first = await ask(client);
    expect(first.choices[0]?.finish_reason).toBe('length');
    expect(first.usage).toEqual({ prompt_tokens: 100, completion_tokens: 7, total_tokens: 107 });
    expect((await ask(client)).choices[0]?.message.content).toBe(DEFAULT_CONTENT);
  });

  it('passes response_format through to the recorded body', async () => {
    const { client, server } = await clientFor();
    const responseFormat = {
      type: 'json_schema',
      json_schema: { name: 'title', strict: true, schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false } },
    } as const;
    await ask(client, 'Title please', { response_format: responseFormat, max_completion_tokens: 50, temperature: 0.2 });
    expect(server.requests[0]?.body).toMatchObject({ response_format: responseFormat, max_completion_tokens: 50, temperature: 0.2 });
  });

  it('exposes x-ratelimit headers through withResponse()', async () => {
    const { client } = await clientFor({ rpm: 60, tpm: 1000 });
    const { response } = await ask(client, 'one two three', { max_tokens: 10 }).withResponse();
    // One request of a full 60 refills in 1 s; 3 prompt words + max_tokens 10 of 1000 refill in 780 ms.
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('60');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('59');
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('1s');
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe('987');
    expect(response.headers.get('x-ratelimit-reset-tokens')).toBe('780ms');
  });

  it('sends no x-ratelimit headers when no limit is set', async () => {
    const { client } = await clientFor();
    const { response } = await ask(client).withResponse();
    expect([...response.headers.keys()].filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
  });

  it('answers 429 once the rpm bucket is empty and recovers after the advertised retry-after', async () => {
    const { client, server } = await clientFor({ rpm: 60 });
    // The bucket refills one request a second: on a loaded machine the first 60 may take longer
    // than that, so ask until the 429 comes (the bucket holds 60, so never before the 61st).
    let ok = 0;
    let error: unknown;
    while (error === undefined && ok < 120) {
      error = await ask(client).then(
        () => {
          ok++;
          return undefined;
        },
        (e: unknown) => e,
      );
    }
    expect(ok).toBeGreaterThanOrEqual(60);
    expect(error).toBeInstanceOf(RateLimitError);
    const limited = error as RateLimitError;
    expect(limited.status).toBe(429);
    expect(limited.type).toBe('requests');
    expect(limited.code).toBe('rate_limit_exceeded');
    expect(limited.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(limited.headers.get('retry-after')).toBe('1');
    const waitMs = Number(limited.headers.get('retry-after-ms'));
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(1000);
    await sleep(waitMs);
    const { response } = await ask(client).withResponse();
    expect(response.status).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([...Array<number>(ok).fill(200), 429, 200]);
  });

  it('refuses with 429 type tokens a request that can never fit the tpm limit', async () => {
    const { client } = await clientFor({ tpm: 20 });
    const error = await failure(ask(client, 'a few words', { max_tokens: 100 }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).type).toBe('tokens');
    expect((error as RateLimitError).message).toBe('429 Request too large on tokens per min (TPM): Limit 20, Requested 103.');
    expect((error as RateLimitError).headers.get('retry-after')).toBeNull();
  });

  it('sends exactly the retry headers of a scripted 429', async () => {
    const { client } = await clientFor({ reply: () => ({ status: 429, retryAfterMs: 250 }) });
    const error = (await failure(ask(client))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.headers.get('retry-after-ms')).toBe('250');
    expect(error.headers.get('retry-after')).toBeNull();
  });

  it('maps a 500 to InternalServerError', async () => {
    const { client, server } = await clientFor({ reply: () => ({ status: 500 }) });
    const error = await failure(ask(client));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(500);
    expect((error as InternalServerError).type).toBe('server_error');
    expect(server.requests[0]?.status).toBe(500);
  });

  it('trips the SDK timeout when the server hangs', async () => {
    const { client, server } = await clientFor({ reply: () => ({ hang: true }) });
    const error = await failure(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { timeout: 300 }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests[0]?.status).toBe(0);
  });

  it('answers a delayed reply after its delay', async () => {
    const { client, server } = await clientFor({ reply: () => ({ delayMs: 150, then: { content: 'late' } }) });
    const started = performance.now();
    const completion = await ask(client);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(completion.choices[0]?.message.content).toBe('late');
    expect(server.requests[0]?.status).toBe(200);
  });

  it('gives APIConnectionError when the connection is reset', async () => {
    const { client, server } = await clientFor({ reply: () => ({ destroy: true }) });
    const error = await failure(ask(client));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests[0]?.status).toBe(0);
  });

  it('answers 401 with an OpenAI error body when the key does not match, without echoing it', async () => {
    const { client, server } = await clientFor({ apiKey: 'sk-right' });
    const error = await failure(ask(client));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
    expect((error as AuthenticationError).message).toBe('401 Incorrect API key provided.');
    expect(server.requests[0]?.status).toBe(401);
    const right = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-right', maxRetries: 0 });
    expect((await ask(right)).choices[0]?.message.content).toBe(DEFAULT_CONTENT);
  });

  it('answers malformed JSON with 400 and lists models', async () => {
    const { client, server } = await clientFor();
    const response = await fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: '{"model":', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null },
    });
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['gpt-4o-mini', 'gpt-4o']);
  });
});
