// The Batch API's side of optimize (issue 16): a run's requests as JSONL input files, split within
// the provider's limits, and the output and error files read back by custom_id. A request's body is
// the one a synchronous request sends (chatBody), and its custom_id the request's checkpoint key,
// so an answer collected from a batch lands in the checkpoint exactly where a sync answer would.
import type { CompletionRequest } from './guards.js';

/** The limits of one batch input file. OpenAI: 50,000 requests and 200 MB. */
export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

export const OPENAI_BATCH_LIMITS: BatchLimits = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 };

/** The chat completion body for `model`, as a synchronous request sends it and a batch line carries it. */
export function chatBody(model: string, request: CompletionRequest, limitParam: 'max_tokens' | 'max_completion_tokens' = 'max_tokens'): Record<string, unknown> {
  return {
    model,
    messages: request.messages,
    [limitParam]: request.maxTokens,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.jsonSchema ? { response_format: { type: 'json_schema', json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true } } } : {}),
  };
}

/** One request of the run: its checkpoint key (the batch line's custom_id) and what it asks. */
export interface PendingRequest {
  key: string;
  request: CompletionRequest;
}

/**
 * The requests as JSONL input files, each within `limits` (requests and bytes, the final newline
 * counted), one at a time: a run's files are never all in memory at once. A single request larger
 * than maxBytes is refused: no file could carry it.
 */
export function* batchFiles(requests: readonly PendingRequest[], model: string, limits: BatchLimits = OPENAI_BATCH_LIMITS, limitParam: 'max_tokens' | 'max_completion_tokens' = 'max_tokens'): Generator<{ text: string; keys: string[] }> {
  let lines: string[] = [];
  let keys: string[] = [];
  let bytes = 0;
  for (const { key, request } of requests) {
    const line = JSON.stringify({ custom_id: key, method: 'POST', url: '/v1/chat/completions', body: chatBody(model, request, limitParam) });
    const size = Buffer.byteLength(line) + 1;
    if (size > limits.maxBytes) throw new Error(`the request ${key} takes ${size} bytes as a batch line, more than a batch file may hold (${limits.maxBytes}): raise --batch-max-bytes to at least ${size}`);
    if (lines.length > 0 && (lines.length >= limits.maxRequests || bytes + size > limits.maxBytes)) {
      yield { text: `${lines.join('\n')}\n`, keys };
      lines = [];
      keys = [];
      bytes = 0;
    }
    lines.push(line);
    keys.push(key);
    bytes += size;
  }
  if (lines.length > 0) yield { text: `${lines.join('\n')}\n`, keys };
}

/** What a batch said of one request: its answer, or why it has none (refused, failed, expired). */
export type BatchResult = { content: string; finishReason: string; usage: { prompt: number; completion: number } } | { error: string; code?: string; status?: number };

/**
 * The answers of a batch's output file and the failures of its error file, by custom_id. A line
 * that cannot be read is said by its number, never silently dropped.
 */
export function readBatchResults(output: string, errors = ''): { results: Map<string, BatchResult>; unreadable: string[] } {
  const results = new Map<string, BatchResult>();
  const unreadable: string[] = [];
  const each = (text: string, file: string, take: (line: Record<string, unknown>) => void): void => {
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      try {
        take(JSON.parse(raw) as Record<string, unknown>);
      } catch {
        unreadable.push(`${file} line ${i + 1}`);
      }
    });
  };
  const read = (line: Record<string, unknown>): void => {
    const id = line.custom_id;
    if (typeof id !== 'string') throw new Error('no custom_id');
    const response = line.response as { status_code?: number; body?: Record<string, unknown> } | null;
    const error = line.error as { code?: string; message?: string } | null;
    if (response?.status_code === 200 && response.body) {
      const body = response.body as { choices?: { message?: { content?: string | null }; finish_reason?: string }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } };
      const choice = body.choices?.[0];
      results.set(id, { content: choice?.message?.content ?? '', finishReason: choice?.finish_reason ?? 'stop', usage: { prompt: body.usage?.prompt_tokens ?? 0, completion: body.usage?.completion_tokens ?? 0 } });
      return;
    }
    const apiError = (response?.body as { error?: { code?: string; message?: string } } | undefined)?.error;
    const said = error ?? apiError;
    results.set(id, { error: `${said?.message ?? 'no answer'}${response?.status_code ? ` (HTTP ${response.status_code})` : ''}`, ...(said?.code ? { code: said.code } : {}), ...(response?.status_code ? { status: response.status_code } : {}) });
  };
  each(output, 'output file', read);
  each(errors, 'error file', read);
  return { results, unreadable };
}
