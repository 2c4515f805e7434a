// A real HTTP server on 127.0.0.1 and a free port, for tests of the fetch layer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  /** Absolute URL of `path` on this server. */
  url(path: string): string;
  close(): Promise<void>;
}

/** Routes match the request path (without query); a "*" route takes every other path; unknown paths get a 404. */
export async function startHttpServer(routes: Record<string, RouteHandler>): Promise<TestServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = routes[path] ?? routes['*'];
    if (handler === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive and deliberately stalled connections would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
