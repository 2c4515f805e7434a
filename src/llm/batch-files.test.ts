import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { startBatchServer } from '../testing/batch-server.js';
import { startOpenAiServer } from '../testing/openai-server.js';
import { batchFiles, chatBody, readBatchResults, type PendingRequest } from './batch-files.js';
import { openAiProvider } from './client.js';

const request = (i: number): PendingRequest => ({ key: `key-${i}`, request: { messages: [{ role: 'user', content: `Write a title for row ${i}` }], maxTokens: 60, jsonSchema: { name: 'row', schema: { type: 'object' } } } });

describe('batch input files', () => {
  it('carry each request as a line with its checkpoint key as custom_id and the body a sync request sends', async () => {
    const [file] = [...batchFiles([request(0)], 'gpt-4o-mini')];
    expect(file!.keys).toEqual(['key-0']);
    const line = JSON.parse(file!.text.trim()) as { custom_id: string; method: string; url: string; body: unknown };
    expect([line.custom_id, line.method, line.url]).toEqual(['key-0', 'POST', '/v1/chat/completions']);
    // The sync client sends the very same body (captured by a test server).
    const server = await startOpenAiServer({});
    try {
      const provider = openAiProvider({ baseURL: server.baseURL, apiKey: 'sk-test', model: 'gpt-4o-mini' });
      await provider.send(request(0).request, new AbortController().signal);
      expect(server.requests[0]!.body).toEqual(line.body);
      expect(line.body).toEqual(chatBody('gpt-4o-mini', request(0).request));
    } finally {
      await server.close();
    }
  });

  it('are split within the limits: at most maxRequests lines and maxBytes bytes a file, in order', () => {
    const requests = Array.from({ length: 7 }, (_, i) => request(i));
    const byCount = [...batchFiles(requests, 'm', { maxRequests: 3, maxBytes: 1e9 })];
    expect(byCount.map((f) => f.text.trim().split('\n').length)).toEqual([3, 3, 1]);
    expect(byCount.map((f) => f.keys)).toEqual([['key-0', 'key-1', 'key-2'], ['key-3', 'key-4', 'key-5'], ['key-6']]);
    const lineBytes = Buffer.byteLength([...batchFiles([request(0)], 'm')][0]!.text);
    const byBytes = [...batchFiles(requests, 'm', { maxRequests: 100, maxBytes: lineBytes * 2 + 1 })].map((f) => f.text);
    expect(byBytes.map((f) => f.trim().split('\n').length)).toEqual([2, 2, 2, 1]);
    for (const f of byBytes) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(lineBytes * 2 + 1);
    expect(byBytes.flatMap((f) => f.trim().split('\n').map((l) => (JSON.parse(l) as { custom_id: string }).custom_id))).toEqual(requests.map((r) => r.key));
    expect(() => [...batchFiles(requests, 'm', { maxRequests: 100, maxBytes: 10 })]).toThrow(/key-0 takes \d+ bytes as a batch line, more than a batch file may hold \(10\): raise --batch-max-bytes to at least \d+/);
  });
});

describe('batch results', () => {
  it('come back by custom_id from a batch run through the real openai SDK: answers, refusals and expired requests', async () => {
    const server = await startBatchServer({
      reply: (line) => (line.custom_id === 'key-1' ? { status: 400, code: 'invalid_value', message: 'refused' } : { content: `{"title":"Title ${line.custom_id}"}`, usage: { prompt_tokens: 20, completion_tokens: 8 } }),
      expire: () => ({ answered: 3 }),
    });
    try {
      const openai = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, maxRetries: 0 });
      const { text } = [...batchFiles([0, 1, 2, 3].map(request), 'gpt-4o-mini')][0]!;
      const file = await openai.files.create({ file: await toFile(Buffer.from(text!), 'batch.jsonl'), purpose: 'batch' });
      const batch = await openai.batches.retrieve((await openai.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' })).id);
      const output = await (await openai.files.content(batch.output_file_id!)).text();
      const errors = await (await openai.files.content(batch.error_file_id!)).text();
      const { results, unreadable } = readBatchResults(output, `${errors}not json\n`);
      expect(Object.fromEntries(results)).toEqual({
        'key-0': { content: '{"title":"Title key-0"}', finishReason: 'stop', usage: { prompt: 20, completion: 8 } },
        'key-1': { error: 'refused (HTTP 400)', code: 'invalid_value', status: 400 },
        'key-2': { content: '{"title":"Title key-2"}', finishReason: 'stop', usage: { prompt: 20, completion: 8 } },
        'key-3': { error: 'This request could not be executed before the completion window expired.', code: 'batch_expired' },
      });
      expect(unreadable).toEqual([`error file line ${errors.trim().split('\n').length + 1}`]);
    } finally {
      await server.close();
    }
  });
});
