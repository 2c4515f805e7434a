// The batch test server driven through the real `openai` SDK: upload, create, poll, collect, list,
// cancel, expire, fail, and the limits.
import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startBatchServer, type BatchServer, type BatchServerOptions } from './batch-server.js';

let server: BatchServer | undefined;
afterEach(async () => server?.close());

async function client(options: BatchServerOptions = {}): Promise<OpenAI> {
  server = await startBatchServer({ apiKey: 'sk-test', ...options });
  return new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, maxRetries: 0 });
}

const jsonl = (n: number): string => Array.from({ length: n }, (_, i) => JSON.stringify({ custom_id: `row-${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Title for row ${i}` }] } })).join('\n');

async function submit(openai: OpenAI, n: number, metadata?: Record<string, string>): Promise<OpenAI.Batches.Batch> {
  const file = await openai.files.create({ file: await toFile(Buffer.from(jsonl(n)), 'batch.jsonl'), purpose: 'batch' });
  return openai.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', ...(metadata ? { metadata } : {}) });
}

describe('the batch test server, through the openai SDK', () => {
  it('runs a batch: in progress until its time has come, then completed with an output file of one answer per request', async () => {
    const openai = await client({ runMs: 150, reply: (line) => ({ content: `answer to ${line.custom_id}` }) });
    const batch = await submit(openai, 3, { run: 'seo-ai-test' });
    expect(batch.status).toBe('in_progress');
    expect((await openai.batches.retrieve(batch.id)).status).toBe('in_progress');
    await new Promise((r) => setTimeout(r, 200));
    const done = await openai.batches.retrieve(batch.id);
    expect(done.status).toBe('completed');
    expect(done.request_counts).toEqual({ total: 3, completed: 3, failed: 0 });
    expect(done.error_file_id).toBeNull();
    const lines = (await (await openai.files.content(done.output_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; response: { status_code: number; body: OpenAI.ChatCompletion } });
    expect(lines.map((l) => [l.custom_id, l.response.status_code, l.response.body.choices[0]!.message.content])).toEqual([
      ['row-0', 200, 'answer to row-0'],
      ['row-1', 200, 'answer to row-1'],
      ['row-2', 200, 'answer to row-2'],
    ]);
    // Listed with the metadata that names the run, newest first.
    const listed = [];
    for await (const b of openai.batches.list({ limit: 1 })) listed.push(b);
    expect(listed.map((b) => [b.id, b.metadata])).toEqual([[batch.id, { run: 'seo-ai-test' }]]);
  });

  it('partly fails: refused requests go to the error file with their custom_id', async () => {
    const openai = await client({ reply: (line) => (line.custom_id === 'row-1' ? { status: 400, code: 'invalid_value', message: 'refused' } : { content: 'ok' }) });
    const done = await openai.batches.retrieve((await submit(openai, 3)).id);
    expect(done.request_counts).toEqual({ total: 3, completed: 2, failed: 1 });
    const errors = (await (await openai.files.content(done.error_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; response: { status_code: number } });
    expect(errors.map((e) => [e.custom_id, e.response.status_code])).toEqual([['row-1', 400]]);
  });

  it('expires with part of the requests answered, and the rest in the error file as batch_expired', async () => {
    const openai = await client({ expire: (i) => (i === 0 ? { answered: 1 } : undefined) });
    const done = await openai.batches.retrieve((await submit(openai, 3)).id);
    expect([done.status, done.request_counts]).toEqual(['expired', { total: 3, completed: 1, failed: 2 }]);
    const errors = (await (await openai.files.content(done.error_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; error: { code: string } });
    expect(errors.map((e) => [e.custom_id, e.error.code])).toEqual([['row-1', 'batch_expired'], ['row-2', 'batch_expired']]);
  });

  it('is cancelled, and refuses what OpenAI refuses: too many requests in a file, a wrong key, an unknown batch', async () => {
    const openai = await client({ runMs: 60_000, maxRequests: 2 });
    const running = await submit(openai, 2);
    expect((await openai.batches.cancel(running.id)).status).toBe('cancelling');
    expect((await openai.batches.retrieve(running.id)).status).toBe('cancelled');
    const tooMany = await submit(openai, 3);
    expect(tooMany.status).toBe('failed');
    expect(tooMany.errors?.data?.[0]?.code).toBe('too_many_requests');
    await expect(openai.batches.retrieve('batch_nope')).rejects.toMatchObject({ status: 404 });
    const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: server!.baseURL, maxRetries: 0 });
    await expect(wrong.batches.list()).rejects.toMatchObject({ status: 401 });
    expect(server!.log.filter((l) => l.startsWith('POST /v1/files'))).toHaveLength(2);
  });
});
