// A small forward proxy on 127.0.0.1 that counts what it carries, for tests of HTTP_PROXY and
// friends: absolute-form requests (an http target) are forwarded and logged by target host:port
// and path; CONNECT (an https target) is tunnelled and logged by host:port alone, since what
// goes through the tunnel is encrypted.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** host:port of the target. */
  target: string;
  /** The path and query asked for; empty for a CONNECT. */
  path: string;
}

export interface ProxyServer {
  /** The proxy's URL, for HTTP_PROXY. */
  readonly url: string;
  /** host:port of the proxy. */
  readonly host: string;
  /** Every request carried, in the order they arrived. */
  readonly requests: ProxiedRequest[];
  /** How many requests (CONNECTs included) went to each target host:port. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

const HOP_BY_HOP = ['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade'];

function forward(req: IncomingMessage, res: ServerResponse, log: ProxiedRequest[]): void {
  let target: URL;
  try {
    target = new URL(req.url ?? '');
  } catch {
    // Origin-form: this is a proxy, not a web server.
    res.writeHead(400, { 'content-type': 'text/plain' }).end('absolute-form requests only');
    return;
  }
  const port = target.port || '80';
  log.push({ method: req.method ?? 'GET', target: `${target.hostname}:${port}`, path: `${target.pathname}${target.search}` });
  const headers = { ...req.headers };
  for (const name of HOP_BY_HOP) delete headers[name];
  const upstream = request({ host: target.hostname, port, method: req.method, path: `${target.pathname}${target.search}`, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('bad gateway');
  });
  // A client gone mid-answer (a capped read) closes the upstream too, as a real proxy would.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

function tunnel(req: IncomingMessage, client: Socket, head: Buffer, log: ProxiedRequest[]): void {
  const target = req.url ?? '';
  log.push({ method: 'CONNECT', target, path: '' });
  const colon = target.lastIndexOf(':');
  const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon).replace(/^\[|\]$/g, ''), () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  const drop = (): void => {
    upstream.destroy();
    client.destroy();
  };
  upstream.on('error', () => {
    if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    drop();
  });
  client.on('error', drop);
}

/** Starts the proxy on 127.0.0.1 and a free port. */
export async function startProxyServer(): Promise<ProxyServer> {
  const requests: ProxiedRequest[] = [];
  const tunnels = new Set<Socket>();
  const server = createServer((req, res) => forward(req, res, requests));
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    tunnel(req, socket, head, requests);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    counts() {
      const out: Record<string, number> = {};
      for (const r of requests) out[r.target] = (out[r.target] ?? 0) + 1;
      return out;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive connections and open tunnels would otherwise hold close() open.
        server.closeAllConnections();
        for (const socket of tunnels) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
