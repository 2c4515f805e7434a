// A fetch for the openai SDK that reads at most `maxBytes` of a response body. An endpoint that
// ignores max_tokens (or a proxy gone wrong) could otherwise send megabytes, which the SDK would
// read whole and parse, and we would clean, count and check. Past the cap the request is aborted
// (the socket closed: no more is read) and the body read rejects with AnswerTooLargeError.

/** Why a body read stopped: the answer is over the cap. */
export class AnswerTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the answer is larger than ${formatBytes(maxBytes)}`);
    this.name = 'AnswerTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** `fetch` with the response body capped at `maxBytes` (a larger Content-Length fails before any is read). */
export function cappedFetch(maxBytes: number, inner: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    // Our own controller, tied to the caller's signal, so that going over the cap can close the connection.
    const controller = new AbortController();
    const outer = init?.signal;
    const forward = (): void => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    const release = (): void => outer?.removeEventListener('abort', forward);
    let response: Response;
    try {
      response = await inner(input, { ...init, signal: controller.signal });
    } catch (error) {
      release();
      throw error;
    }
    const declared = Number(response.headers.get('content-length'));
    if (response.body === null) {
      release();
      return response;
    }
    const tooLarge = new AnswerTooLargeError(maxBytes);
    if (Number.isFinite(declared) && declared > maxBytes) {
      release();
      controller.abort(tooLarge);
      return withBody(response, errored(tooLarge));
    }
    const reader = response.body.getReader();
    let read = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(sink) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            sink.close();
            return;
          }
          read += value.byteLength;
          if (read > maxBytes) {
            release();
            controller.abort(tooLarge);
            sink.error(tooLarge);
            return;
          }
          sink.enqueue(value);
        } catch (error) {
          release();
          sink.error(error);
        }
      },
      cancel(reason) {
        release();
        return reader.cancel(reason);
      },
    });
    return withBody(response, body);
  };
}

function errored(error: Error): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(sink) {
      sink.error(error);
    },
  });
}

function withBody(response: Response, body: ReadableStream<Uint8Array>): Response {
  const out = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // The SDK reads the URL for its messages; a new Response has none.
  Object.defineProperty(out, 'url', { value: response.url });
  return out;
}
