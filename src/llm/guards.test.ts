// Another provider writes only `send` and `classify`: the guarantees come from guardedClient. A fake
// provider (no HTTP, no SDK) shows each one: retries by failure class, the breaker, the budget,
// key redaction, the time limit.
import { describe, expect, it } from 'vitest';
import { guardedClient, LlmError, type Answer, type CompletionRequest, type Failure, type Provider } from './guards.js';
import { LlmLimiter } from './limiter.js';

const KEY = 'sk-fake-provider-key-1234';
const request: CompletionRequest = { messages: [{ role: 'user', content: 'Write a title.' }], maxTokens: 20 };

/** A provider whose attempts go by a script: an answer, or an error classified as given. */
function scripted(steps: (Answer | Failure | 'hang')[]): Provider & { sent: number } {
  const provider = {
    endpoint: 'fake://provider',
    sent: 0,
    async send(_request: CompletionRequest, signal: AbortSignal): Promise<Answer> {
      const step = steps[Math.min(provider.sent++, steps.length - 1)]!;
      if (step === 'hang') return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      if ('content' in step) return step;
      throw step;
    },
    classify(error: unknown, timedOut: boolean): Failure {
      return timedOut ? { kind: 'timeout' } : (error as Failure);
    },
  };
  return provider;
}

const client = (provider: Provider, extra: Partial<Parameters<typeof guardedClient>[1]> = {}) =>
  guardedClient(provider, { model: 'fake', apiKey: KEY, limiter: new LlmLimiter({ concurrency: 1 }), sleep: async () => undefined, retries: 2, ...extra });
const answer = (content: string): Answer => ({ content, finishReason: 'stop', headers: {}, reported: { prompt_tokens: 10, completion_tokens: 5 } });

describe('guardedClient around a provider of its own', () => {
  it('retries a server error with backoff and returns the answer, counted, the key redacted', async () => {
    const provider = scripted([{ kind: 'server', status: 503, detail: 'busy' }, answer(`A title echoing ${KEY}`)]);
    const c = client(provider);
    const done = await c.complete(request);
    expect(done).toEqual({ content: 'A title echoing [redacted]', usage: { prompt: 10, completion: 5 }, finishReason: 'stop' });
    expect(provider.sent).toBe(2);
    expect(c.stats()).toMatchObject({ requests: 2, serverErrors: 1, tokens: { prompt: 10, completion: 5 } });
  });

  it('gives up after the retries, saying how many attempts, and never retries a refused key', async () => {
    await expect(client(scripted([{ kind: 'server', status: 500, detail: 'oops' }])).complete(request)).rejects.toThrow('server error 500 after 3 attempts: oops');
    const refused = scripted([{ kind: 'auth', message: 'the endpoint refused the key' }]);
    await expect(client(refused).complete(request)).rejects.toMatchObject({ kind: 'auth' });
    expect(refused.sent).toBe(1);
  });

  it('opens the breaker after enough attempts with no answer, and then fails at once', async () => {
    const provider = scripted([{ kind: 'connection', reason: 'refused' }]);
    const c = client(provider, { retries: 20 });
    const error = (await c.complete(request).catch((e: unknown) => e)) as LlmError;
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe('the LLM endpoint fake://provider is unreachable: 8 requests in a row got no answer (last: connection failed: refused)');
    const sent = provider.sent;
    await expect(c.complete(request)).rejects.toMatchObject({ kind: 'unreachable' });
    expect(provider.sent).toBe(sent);
  });

  it('refuses a request the budget could not pay for, before sending it', async () => {
    const provider = scripted([answer('x')]);
    const c = client(provider, { budget: { maxUsd: 0.000001, price: { input: 1000, output: 1000 } } });
    await expect(c.complete(request)).rejects.toMatchObject({ kind: 'budget' });
    expect(provider.sent).toBe(0);
  });

  it('ends an attempt at the time limit, however the provider waits', async () => {
    const c = client(scripted(['hang']), { timeoutMs: 30, retries: 0 });
    await expect(c.complete(request)).rejects.toThrow('no answer within 0.03 s after 1 attempts');
  });
});
