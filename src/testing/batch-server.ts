// An OpenAI-compatible Files and Batch API on 127.0.0.1 and a free port, for tests and the batch
// benchmark (issue 16): POST /v1/files (multipart, purpose "batch"), GET /v1/files/{id} and
// /content, POST /v1/batches, GET /v1/batches/{id}, GET /v1/batches (listed newest first, paged with
// `after` and `limit`), POST /v1/batches/{id}/cancel. A batch runs its requests through `reply`
// after `runMs`, and can expire, fail some requests, or be cancelled, so a client's every path can
// be driven with the real `openai` SDK. Shapes follow OpenAI's API reference.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One line of a batch input file. */
export interface BatchLine {
  custom_id: string;
  method: string;
  url: string;
  body: Record<string, unknown>;
}

/** What a request of a batch gets: an answer's content, or an error (it goes to the error file). */
export type BatchReply = { content: string; usage?: { prompt_tokens: number; completion_tokens: number } } | { status: number; code: string; message: string };

export interface BatchServerOptions {
  /** The answer to each request of a batch. Default: a fixed content. */
  reply?: (line: BatchLine) => BatchReply;
  /** How long a batch takes from creation to completed (ms). Default 0: done at the first look after creation. */
  runMs?: number;
  /** Whether the batch created n-th (0-based) expires instead of completing, and how many of its requests are answered before it does. */
  expire?: (batchIndex: number) => { answered: number } | undefined;
  /** Require this bearer key. */
  apiKey?: string;
  /** Most requests a batch input file may hold (OpenAI: 50,000). */
  maxRequests?: number;
  /** Largest input file (bytes; OpenAI: 200 MB). */
  maxBytes?: number;
  /**
   * Called with each request before the server acts on it and again after, before it answers: a
   * test stops its client there (kill -9 after the upload is stored, after the batch is created…),
   * and the answer then goes nowhere.
   */
  onRequest?: (request: { method: string; path: string; stage: 'before' | 'after' }) => void | Promise<void>;
}

export interface BatchFile {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  content: Buffer;
}

export interface Batch {
  id: string;
  object: 'batch';
  endpoint: string;
  errors: null | { object: 'list'; data: { code: string; message: string; line: number | null }[] };
  input_file_id: string;
  completion_window: string;
  status: 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
}

export interface BatchServer {
  baseURL: string;
  files: Map<string, BatchFile>;
  batches: Batch[];
  /** Every request the server got, as "METHOD /path" (query left out). */
  log: string[];
  /** The custom_id of every request a batch answered (what an account pays for), in order; a sync completion as "sync". */
  answered: string[];
  close(): Promise<void>;
}

const now = (): number => Math.floor(Date.now() / 1000);
const id = (prefix: string): string => `${prefix}${randomBytes(12).toString('hex')}`;

export async function startBatchServer(options: BatchServerOptions = {}): Promise<BatchServer> {
  const files = new Map<string, BatchFile>();
  const batches: Batch[] = [];
  const started = new Map<string, number>();
  const log: string[] = [];
  const answered: string[] = [];
  const reply = options.reply ?? ((): BatchReply => ({ content: 'Hello from the batch server.' }));

  /** Moves a batch on as time passes: its requests are answered when its time has come. */
  const advance = (batch: Batch): void => {
    if (batch.status !== 'in_progress' && batch.status !== 'cancelling') return;
    const index = batches.indexOf(batch);
    if (batch.status === 'cancelling') {
      batch.status = 'cancelled';
      batch.cancelled_at = now();
      return;
    }
    if (Date.now() - started.get(batch.id)! < (options.runMs ?? 0)) return;
    const lines = parseLines(files.get(batch.input_file_id)!.content);
    const expiry = options.expire?.(index);
    const inWindow = expiry ? lines.slice(0, expiry.answered) : lines;
    const out: string[] = [];
    const errors: string[] = [];
    for (const line of inWindow) {
      const r = reply(line);
      if ('content' in r) {
        answered.push(line.custom_id);
        const usage = r.usage ?? { prompt_tokens: 10, completion_tokens: 10 };
        out.push(JSON.stringify({ id: id('batch_req_'), custom_id: line.custom_id, response: { status_code: 200, request_id: id('req_'), body: completion(line, r.content, usage) }, error: null }));
      } else {
        errors.push(JSON.stringify({ id: id('batch_req_'), custom_id: line.custom_id, response: { status_code: r.status, request_id: id('req_'), body: { error: { message: r.message, type: 'invalid_request_error', param: null, code: r.code } } }, error: null }));
      }
    }
    if (expiry) {
      // Requests not answered in the window go to the error file as expired.
      for (const line of lines.slice(expiry.answered)) errors.push(JSON.stringify({ id: id('batch_req_'), custom_id: line.custom_id, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }));
    }
    if (out.length > 0) batch.output_file_id = addFile(files, `${batch.id}_output.jsonl`, 'batch_output', `${out.join('\n')}\n`).id;
    if (errors.length > 0) batch.error_file_id = addFile(files, `${batch.id}_error.jsonl`, 'batch_output', `${errors.join('\n')}\n`).id;
    batch.request_counts = { total: lines.length, completed: out.length, failed: errors.length };
    batch.finalizing_at = now();
    if (expiry) {
      batch.status = 'expired';
      batch.expired_at = now();
    } else {
      batch.status = 'completed';
      batch.completed_at = now();
    }
  };

  const server = createServer((req, res) => {
    void hooked(req, res).catch((error: unknown) => send(res, 500, errorBody(String(error), 'server_error')));
  });

  /** The request between the test's two looks at it (see onRequest). */
  async function hooked(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '');
    await options.onRequest?.({ method, path, stage: 'before' });
    const held = { status: 0, body: undefined as unknown, raw: undefined as Buffer | undefined };
    await handle(req, {
      json: (status, body) => Object.assign(held, { status, body }),
      bytes: (bytes) => Object.assign(held, { status: 200, raw: bytes }),
    });
    await options.onRequest?.({ method, path, stage: 'after' });
    if (res.destroyed) return;
    if (held.raw) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(held.raw);
    else send(res, held.status, held.body);
  }

  interface Reply {
    json(status: number, body: unknown): void;
    bytes(content: Buffer): void;
  }

  async function handle(req: IncomingMessage, res: Reply): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    log.push(`${req.method} ${url.pathname}`);
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) return res.json(401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    const body = await readBody(req);
    const path = url.pathname.replace(/\/+$/, '');
    if (req.method === 'POST' && path === '/v1/files') {
      const form = parseMultipart(body, req.headers['content-type'] ?? '');
      const file = form.file;
      if (!file) return res.json(400, errorBody("Missing required parameter: 'file'.", 'invalid_request_error'));
      if (form.purpose?.content.toString() !== 'batch') return res.json(400, errorBody("'purpose' must be 'batch' here.", 'invalid_request_error'));
      const stored = addFile(files, file.filename ?? 'upload.jsonl', 'batch', file.content);
      return res.json(200, fileObject(stored));
    }
    const fileMatch = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (req.method === 'GET' && fileMatch) {
      const file = files.get(fileMatch[1]!);
      if (!file) return res.json(404, errorBody(`No such File object: ${fileMatch[1]}`, 'invalid_request_error'));
      if (fileMatch[2]) {
        res.bytes(file.content);
        return;
      }
      return res.json(200, fileObject(file));
    }
    if (req.method === 'POST' && path === '/v1/batches') {
      const params = JSON.parse(body.toString() || '{}') as { input_file_id?: string; endpoint?: string; completion_window?: string; metadata?: Record<string, string> };
      const input = params.input_file_id ? files.get(params.input_file_id) : undefined;
      if (!input) return res.json(400, errorBody(`No such File object: ${params.input_file_id ?? '(none)'}`, 'invalid_request_error'));
      if (params.endpoint !== '/v1/chat/completions') return res.json(400, errorBody(`Unsupported endpoint: ${params.endpoint ?? '(none)'}`, 'invalid_request_error'));
      const batch = newBatch(params.input_file_id!, params.endpoint, params.completion_window ?? '24h', params.metadata ?? null);
      const lines = parseLines(input.content);
      const tooMany = lines.length > (options.maxRequests ?? 50_000);
      const tooBig = input.bytes > (options.maxBytes ?? 200 * 1024 * 1024);
      if (tooMany || tooBig) {
        batch.status = 'failed';
        batch.failed_at = now();
        batch.errors = { object: 'list', data: [{ code: tooMany ? 'too_many_requests' : 'file_too_large', message: tooMany ? `The batch input file holds ${lines.length} requests; at most ${options.maxRequests ?? 50_000} are allowed.` : 'The batch input file is larger than allowed.', line: null }] };
      } else {
        batch.status = 'in_progress';
        batch.in_progress_at = now();
        batch.request_counts.total = lines.length;
        started.set(batch.id, Date.now());
      }
      batches.push(batch);
      return res.json(200, batch);
    }
    const batchMatch = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    if (batchMatch) {
      const batch = batches.find((b) => b.id === batchMatch[1]);
      if (!batch) return res.json(404, errorBody(`No batch found with id '${batchMatch[1]}'.`, 'invalid_request_error'));
      if (req.method === 'POST' && batchMatch[2]) {
        if (batch.status === 'in_progress' || batch.status === 'validating') {
          batch.status = 'cancelling';
          batch.cancelling_at = now();
        }
        return res.json(200, batch);
      }
      if (req.method === 'GET' && !batchMatch[2]) {
        advance(batch);
        return res.json(200, batch);
      }
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      // A request asked at once (optimize --batch-retry sync), answered by the same `reply`.
      const r = reply({ custom_id: '', method: 'POST', url: '/v1/chat/completions', body: JSON.parse(body.toString() || '{}') as Record<string, unknown> });
      if (!('content' in r)) return res.json(r.status, errorBody(r.message, 'invalid_request_error', r.code));
      answered.push('sync');
      return res.json(200, completion({ custom_id: '', method: 'POST', url: '', body: JSON.parse(body.toString()) as Record<string, unknown> }, r.content, r.usage ?? { prompt_tokens: 10, completion_tokens: 10 }));
    }
    if (req.method === 'GET' && path === '/v1/batches') {
      const newest = [...batches].reverse();
      const after = url.searchParams.get('after');
      const from = after ? newest.findIndex((b) => b.id === after) + 1 : 0;
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const data = newest.slice(from, from + limit);
      for (const b of data) advance(b);
      return res.json(200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: from + limit < newest.length });
    }
    return res.json(404, errorBody(`Unknown request URL: ${req.method} ${url.pathname}`, 'invalid_request_error'));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    files,
    batches,
    log,
    answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function newBatch(input: string, endpoint: string, window: string, metadata: Record<string, string> | null): Batch {
  const t = now();
  return {
    id: id('batch_'), object: 'batch', endpoint, errors: null, input_file_id: input, completion_window: window, status: 'validating', output_file_id: null, error_file_id: null,
    created_at: t, in_progress_at: null, expires_at: t + 24 * 3600, finalizing_at: null, completed_at: null, failed_at: null, expired_at: null, cancelling_at: null, cancelled_at: null,
    request_counts: { total: 0, completed: 0, failed: 0 }, metadata,
  };
}

function completion(line: BatchLine, content: string, usage: { prompt_tokens: number; completion_tokens: number }): Record<string, unknown> {
  return {
    id: id('chatcmpl-'), object: 'chat.completion', created: now(), model: String(line.body.model ?? 'gpt-4o-mini'),
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function addFile(files: Map<string, BatchFile>, filename: string, purpose: string, content: Buffer | string): BatchFile {
  const bytes = Buffer.from(content);
  const file: BatchFile = { id: id('file-'), object: 'file', bytes: bytes.length, created_at: now(), filename, purpose, content: bytes };
  files.set(file.id, file);
  return file;
}

function fileObject({ content: _content, ...file }: BatchFile): Omit<BatchFile, 'content'> {
  return file;
}

function parseLines(content: Buffer): BatchLine[] {
  return content
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as BatchLine);
}

function errorBody(message: string, type: string, code: string | null = null): { error: { message: string; type: string; param: null; code: string | null } } {
  return { error: { message, type, param: null, code } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The parts of a multipart/form-data body, by field name. */
function parseMultipart(body: Buffer, contentType: string): Record<string, { filename?: string; content: Buffer }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return {};
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]!}`);
  const parts: Record<string, { filename?: string; content: Buffer }> = {};
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString();
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    if (name !== undefined) parts[name] = { ...(filename !== undefined ? { filename } : {}), content: part.subarray(split + 4) };
    at = next;
  }
  return parts;
}
