// A static web server over a folder, like the ones sites are published on: directories answer
// through index.html (and redirect to their trailing-slash URL), /x serves x.html when there is
// no x, 404.html is the not-found page,
// and tests can put their own handlers in front of any path. Every request is logged.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface LoggedRequest {
  method: string;
  /** Path and query, as requested. */
  url: string;
  userAgent: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface SiteServer {
  origin: string;
  url(p: string): string;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml',
  '.gz': 'application/gzip',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
};

/**
 * Serves `root` on 127.0.0.1 and a free port: a folder, undefined (handlers only), or a function
 * read on each request (for a folder written after the server's origin is known).
 */
export async function serveSite(rootOf: string | undefined | (() => string | undefined), handlers: Record<string, Handler> = {}): Promise<SiteServer> {
  const requests: LoggedRequest[] = [];
  const server = createServer((req, res) => {
    const root = typeof rootOf === 'function' ? rootOf() : rootOf;
    const url = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', url, userAgent: req.headers['user-agent'] ?? '', at: performance.now() });
    const pathname = new URL(url, 'http://localhost').pathname;
    const handler = handlers[pathname];
    if (handler) return handler(req, res);
    if (root === undefined) return notFound(res, undefined, req.method);
    let file: string;
    try {
      file = path.join(root, decodeURIComponent(pathname));
    } catch {
      return notFound(res, root, req.method);
    }
    if (!file.startsWith(root)) return notFound(res, root, req.method);
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: `${pathname}/` }).end();
        return;
      }
      file = path.join(file, 'index.html');
    }
    // Clean URLs, as Netlify or Apache's MultiViews serve them: /about answers with about.html.
    if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    if (!existsSync(file) || !statSync(file).isFile()) return notFound(res, root, req.method);
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (p) => `${origin}${p}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function notFound(res: ServerResponse, root: string | undefined, method: string | undefined): void {
  const page = root === undefined ? undefined : path.join(root, '404.html');
  const body = page && existsSync(page) ? readFileSync(page) : Buffer.from('<!doctype html><title>Not found</title><h1>Not found</h1>');
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(method === 'HEAD' ? undefined : body);
}

/**
 * Copies a built site to a temporary folder with every `from` origin (e.g. "https://flink.apache.org")
 * in its text files replaced by `to` (the test server's origin), so the pages link to the server.
 */
export function rebasedCopy(root: string, from: string, to: string): string {
  const out = mkdtempSync(path.join(tmpdir(), 'seo-ai-site-'));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const src = path.join(dir, entry.name);
      const dst = path.join(out, path.relative(root, src));
      if (entry.isDirectory()) {
        mkdirSync(dst, { recursive: true });
        walk(src);
      } else if (/\.(html|xml|txt)$/i.test(entry.name)) {
        writeFileSync(dst, readFileSync(src, 'latin1').split(from).join(to), 'latin1');
      } else {
        writeFileSync(dst, readFileSync(src));
      }
    }
  };
  walk(root);
  return out;
}
