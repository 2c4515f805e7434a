// The provider's Files and Batch API through the `openai` SDK, as optimize --batch uses it: upload
// an input file, create a batch naming the run in its metadata, look a batch up, list the
// account's batches newest first, and read a file's content. Creating a batch is never retried by
// the SDK: a create whose answer was lost may have created the batch, which a retry would pay for
// twice; the caller lists the account's batches instead (see runBatch).
import OpenAI, { APIConnectionError, APIError, toFile } from 'openai';
import { proxiedFetch, type ProxyEnv } from '../http/proxy.js';
import { InputError } from '../sources/types.js';
import { redactor } from './guards.js';

/** A batch as the API describes it (the fields optimize --batch reads). */
export interface ApiBatch {
  id: string;
  status: string;
  input_file_id: string;
  output_file_id?: string | null;
  error_file_id?: string | null;
  created_at: number;
  request_counts?: { total: number; completed: number; failed: number } | null;
  metadata?: Record<string, string> | null;
  errors?: { data?: { code?: string; message?: string; line?: number | null }[] } | null;
}

/** The statuses after which a batch changes no more: its files can be read. */
export const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

export interface BatchApi {
  /** Names the endpoint in messages. */
  readonly endpoint: string;
  /** Fails fast, with what to do, when the endpoint has no Batch API. */
  check(): Promise<void>;
  upload(name: string, content: string): Promise<string>;
  create(fileId: string, metadata: Record<string, string>): Promise<ApiBatch>;
  retrieve(id: string): Promise<ApiBatch>;
  /** The account's batches, newest first, until `stop` says a batch is older than wanted. */
  list(stop: (batch: ApiBatch) => boolean): AsyncIterable<ApiBatch>;
  content(fileId: string): Promise<string>;
}

/** HTTP statuses that mean "nothing at this path": the endpoint has no Batch API. */
const NO_BATCH_API = new Set([404, 405, 501]);

export function openAiBatchApi(options: { apiKey: string; baseURL?: string; env?: ProxyEnv }): BatchApi {
  const redact = redactor(options.apiKey);
  const fetch = proxiedFetch({}, options.env ?? process.env);
  const sdk = new OpenAI({ apiKey: options.apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}), fetch, maxRetries: 2, timeout: 120_000 });
  const endpoint = sdk.baseURL.replace(/\/+$/, '');
  /** An API failure as a message naming the endpoint and what failed; the key never in it. */
  const failure = (what: string, error: unknown): Error => {
    if (error instanceof APIError && (error.status === 401 || error.status === 403)) return new InputError(`${endpoint} refused the API key (HTTP ${error.status}) while ${what}; check OPENAI_API_KEY and --llm-url`);
    const detail = error instanceof Error ? error.message : String(error);
    // Nothing is lost: every step done is in the checkpoint, and the same command goes on from it.
    return new InputError(redact(`${what} at ${endpoint} failed: ${detail}; what was done is recorded in the checkpoint, and the same command goes on from there`));
  };
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw failure(what, error);
    }
  };
  return {
    endpoint,
    async check() {
      try {
        await sdk.batches.list({ limit: 1 });
      } catch (error) {
        if (error instanceof APIError && NO_BATCH_API.has(error.status ?? 0)) {
          throw new InputError(`${endpoint} has no Batch API (GET ${endpoint}/batches answered HTTP ${error.status}): run without --batch, or point --llm-url at a provider with one (OpenAI, Azure OpenAI, Groq, Together…)`);
        }
        if (error instanceof APIConnectionError) throw new InputError(redact(`${endpoint} cannot be reached (${error.message}): check --llm-url and the network`));
        throw failure('listing batches', error);
      }
    },
    upload: (name, content) => call(`uploading ${name}`, async () => (await sdk.files.create({ file: await toFile(Buffer.from(content, 'utf8'), name), purpose: 'batch' })).id),
    create: (fileId, metadata) =>
      call(`creating the batch of ${fileId}`, async () => (await sdk.batches.create({ input_file_id: fileId, endpoint: '/v1/chat/completions', completion_window: '24h', metadata }, { maxRetries: 0 })) as unknown as ApiBatch),
    retrieve: (id) => call(`looking up batch ${id}`, async () => (await sdk.batches.retrieve(id)) as unknown as ApiBatch),
    async *list(stop) {
      try {
        for await (const batch of sdk.batches.list({ limit: 100 })) {
          if (stop(batch as unknown as ApiBatch)) return;
          yield batch as unknown as ApiBatch;
        }
      } catch (error) {
        throw failure('listing batches', error);
      }
    },
    content: (fileId) => call(`reading file ${fileId}`, async () => (await sdk.files.content(fileId)).text()),
  };
}
