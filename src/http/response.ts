// Turning an undici response into plain data: headers, a decoded and size-capped body,
// Retry-After, and network errors as short human-readable messages.
import { pipeline, type Readable, type Transform } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export type RawHeaders = Record<string, string | string[] | undefined>;

/** Lower-case names; repeated headers joined with ", " (set-cookie included). */
export function normalizeHeaders(raw: RawHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export interface DecodedBody {
  body: Uint8Array;
  truncated: boolean;
}

export class UnsupportedEncodingError extends Error {
  constructor(encoding: string) {
    super(`unsupported content-encoding "${encoding}"`);
  }
}

// Lenient flushes, as browsers are: a truncated compressed stream still yields what arrived.
function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH });
    case 'deflate':
      return createInflate({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH });
    case 'br':
      return createBrotliDecompress({
        flush: constants.BROTLI_OPERATION_FLUSH,
        finishFlush: constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      throw new UnsupportedEncodingError(encoding);
  }
}

/**
 * Reads `body`, undoing Content-Encoding (applied in listed order, so undone in reverse),
 * and stops after `maxBytes` decoded bytes, destroying the rest of the stream.
 */
export async function readDecodedBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<DecodedBody> {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  let decoders: Transform[];
  try {
    decoders = encodings.reverse().flatMap((e) => decoderFor(e) ?? []);
  } catch (error) {
    body.destroy();
    throw error;
  }
  const decoded: Readable =
    decoders.length === 0
      ? body
      : (pipeline([body, ...decoders], () => {
          // Errors surface through iteration of the last stream; nothing to do here.
        }) as Transform);

  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of decoded as AsyncIterable<Buffer>) {
    const room = maxBytes - size;
    if (chunk.length >= room) {
      truncated = chunk.length > room;
      chunks.push(chunk.subarray(0, room));
      size += room;
      if (truncated) break;
      continue;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  if (truncated) {
    body.destroy();
    decoded.destroy();
  }
  return { body: new Uint8Array(Buffer.concat(chunks, size)), truncated };
}

/** Retry-After (delay-seconds or HTTP-date) in milliseconds, or undefined when absent or invalid. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A wait as people say it: "45 s", "20 min", "5 h", "11.6 days". */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Math.round(s * 10) / 10} s`;
  if (s < 7200) return `${Math.round(s / 6) / 10} min`;
  if (s < 172_800) return `${Math.round(s / 360) / 10} h`;
  return `${Math.round(s / 8640) / 10} days`;
}

const NETWORK_ERRORS: Readonly<Record<string, { label: string; retryable: boolean }>> = {
  ECONNREFUSED: { label: 'connection refused', retryable: true },
  ECONNRESET: { label: 'connection reset', retryable: true },
  ECONNABORTED: { label: 'connection aborted', retryable: true },
  EPIPE: { label: 'connection broken', retryable: true },
  ETIMEDOUT: { label: 'connection timed out', retryable: true },
  EAI_AGAIN: { label: 'temporary DNS failure', retryable: true },
  UND_ERR_SOCKET: { label: 'connection closed by server', retryable: true },
  UND_ERR_CONNECT_TIMEOUT: { label: 'connect timeout', retryable: true },
  UND_ERR_HEADERS_TIMEOUT: { label: 'timeout waiting for response headers', retryable: true },
  UND_ERR_BODY_TIMEOUT: { label: 'timeout reading response body', retryable: true },
  ENOTFOUND: { label: 'host not found', retryable: false },
  EHOSTUNREACH: { label: 'host unreachable', retryable: false },
  ENETUNREACH: { label: 'network unreachable', retryable: false },
};

export interface DescribedError {
  message: string;
  retryable: boolean;
}

export function describeError(error: unknown): DescribedError {
  if (error instanceof UnsupportedEncodingError) return { message: error.message, retryable: false };
  const code = errorCode(error);
  const known = code === undefined ? undefined : NETWORK_ERRORS[code];
  if (known !== undefined) return { message: `${known.label} (${code})`, retryable: known.retryable };
  const text = error instanceof Error ? error.message : String(error);
  return { message: code === undefined ? text : `${text} (${code})`, retryable: false };
}

// undici wraps socket errors; the system code (e.g. ECONNRESET) may sit on `cause`.
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const own = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const cause = 'cause' in error ? errorCode(error.cause) : undefined;
  if (own === 'UND_ERR_SOCKET' && cause !== undefined && NETWORK_ERRORS[cause] !== undefined) return cause;
  return own ?? cause;
}
