/**
 * The synthetic shop served over HTTP on 127.0.0.1, for the crawl benchmark.
 *
 * The server runs in a worker thread of the process that starts it (the benchmark's orchestrating
 * process, whose own thread only waits for the phases' child processes), so serving never shares
 * an event loop with the crawler being measured, nor its heap or RSS.
 *
 * What it serves: every product page of bench/synthetic-shop.ts at its path, with the pages'
 * absolute https://shop.example/ URLs rewritten to the local origin; the generator's other pages
 * (home, categories, shop pages), given the navigation a crawler needs to find the products from
 * the home page (the generator's versions carry no links); /sitemap.xml, an index of child sitemaps
 * of at most 50,000 URLs listing every page; /robots.txt allowing all with a Sitemap: line; and a
 * tiny 200 for anything under /media/ and /assets/, as a real shop would.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { escapeHtml } from './text-gen.js';
import { BASE_URL, product, productIndexOf, productPage, productPath, staticPage, staticPaths } from './synthetic-shop.js';

/** The sitemap protocol's limit per file. */
export const SITEMAP_MAX_URLS = 50_000;

export interface ShopServerOptions {
  /** Product pages; the site also has the generator's static pages. */
  pages: number;
  /**
   * Render every page once at start and serve the bytes (about 50 KB a page), so serving costs
   * next to nothing beside the crawler; otherwise each request renders its page.
   */
  cache: boolean;
  /**
   * Milliseconds each answer waits before it is sent: a site that far away. 0 (loopback) measures
   * our CPU cost alone; a real site's latency is what a crawl usually waits on.
   */
  latencyMs?: number;
}

/** What the server answered since the last reset. */
export interface ServerCounts {
  requests: number;
  /** 200 HTML answers: the pages a client fetched (HEAD included). */
  pages: number;
  notFound: number;
  /** robots.txt, sitemaps, media and assets. */
  other: number;
  /** Body bytes sent. */
  bytes: number;
}

export interface ServerStats extends ServerCounts {
  /** When each request arrived, in ms on the server thread's clock. */
  times: number[];
}

export interface ShopServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  origin: string;
  /** Every page the sitemaps list: static pages and products. */
  sitePages: number;
  cached: boolean;
  /** Rendering the cache and starting to listen. */
  startSeconds: number;
  /** The counts since the last reset; `reset` starts new ones. */
  stats(reset: boolean): Promise<ServerStats>;
  close(): Promise<void>;
}

type ToWorker = { type: 'stats'; reset: boolean };
type FromWorker = { type: 'ready'; port: number; startSeconds: number } | { type: 'stats'; stats: ServerStats };

interface Answer {
  status: number;
  type: string;
  body: Buffer;
}

/** The shop's page paths (no leading slash): the generator's static pages, then the products. */
export function sitePaths(pages: number): string[] {
  const out = staticPaths();
  for (let i = 0; i < pages; i++) out.push(productPath(product(i)));
  return out;
}

/** A generated page with its absolute shop URLs pointing at the local origin instead. */
export function localise(html: string, origin: string): string {
  return html.replaceAll(BASE_URL, `${origin}/`);
}

/**
 * The generator's static page with links a crawler can follow: the home page links every static
 * page, a category page every product of its category, the others the home page.
 */
export function staticPageWithLinks(path: string, productsOf: ReadonlyMap<string, number[]>): string {
  let links: string[];
  if (path === '') links = staticPaths().slice(1);
  else {
    const category = /^c\/([a-z]+)\/$/.exec(path)?.[1];
    const products = category === undefined ? [] : (productsOf.get(category) ?? []);
    links = ['', ...products.map((i) => productPath(product(i)))];
  }
  const items = links.map((p) => `<li><a href="/${p}">${escapeHtml(p === '' ? 'Home' : p)}</a></li>`).join('');
  return staticPage(path).replace('</body>', `<nav><ul>${items}</ul></nav></body>`);
}

/** The sitemap index and its children, keyed by request path. */
export function sitemaps(origin: string, paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const children: string[] = [];
  for (let start = 0; start < paths.length; start += SITEMAP_MAX_URLS) {
    const name = `/sitemap-${children.length + 1}.xml`;
    const urls = paths.slice(start, start + SITEMAP_MAX_URLS).map((p) => `<url><loc>${origin}/${p}</loc></url>\n`);
    out.set(name, `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('')}</urlset>\n`);
    children.push(`<sitemap><loc>${origin}${name}</loc></sitemap>\n`);
  }
  out.set('/sitemap.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${children.join('')}</sitemapindex>\n`);
  return out;
}

export function robotsTxt(origin: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${origin}/sitemap.xml\n`;
}

const ASSET_TYPES: Record<string, string> = { jpg: 'image/jpeg', webp: 'image/webp', svg: 'image/svg+xml', css: 'text/css', js: 'text/javascript' };
const HTML = 'text/html; charset=utf-8';
const NOT_FOUND: Answer = { status: 404, type: 'text/plain; charset=utf-8', body: Buffer.from('not found') };

/** The site's router: a pure function of the path once the fixed answers are built. */
function shop(options: ShopServerOptions, origin: string): (pathname: string) => Answer {
  const { pages } = options;
  const productsOf = new Map<string, number[]>();
  for (let i = 0; i < pages; i++) {
    const { category } = product(i);
    const list = productsOf.get(category) ?? [];
    list.push(i);
    productsOf.set(category, list);
  }
  const fixed = new Map<string, Answer>();
  for (const p of staticPaths()) fixed.set(`/${p}`, { status: 200, type: HTML, body: Buffer.from(staticPageWithLinks(p, productsOf)) });
  for (const [p, xml] of sitemaps(origin, sitePaths(pages))) fixed.set(p, { status: 200, type: 'application/xml', body: Buffer.from(xml) });
  fixed.set('/robots.txt', { status: 200, type: 'text/plain; charset=utf-8', body: Buffer.from(robotsTxt(origin)) });
  const render = (i: number): Buffer => Buffer.from(localise(productPage(i, pages), origin));
  const cached = options.cache ? Array.from({ length: pages }, (_, i) => render(i)) : undefined;

  return (pathname) => {
    const answer = fixed.get(pathname);
    if (answer) return answer;
    const i = productIndexOf(pathname, pages);
    if (i !== undefined) return { status: 200, type: HTML, body: cached?.[i] ?? render(i) };
    if (pathname.startsWith('/media/') || pathname.startsWith('/assets/')) {
      return { status: 200, type: ASSET_TYPES[pathname.slice(pathname.lastIndexOf('.') + 1)] ?? 'application/octet-stream', body: Buffer.alloc(0) };
    }
    return NOT_FOUND;
  };
}

function newStats(): ServerStats {
  return { requests: 0, pages: 0, notFound: 0, other: 0, bytes: 0, times: [] };
}

/** The worker thread's job: build the site, listen, count, answer the main thread's questions. */
async function serve(options: ShopServerOptions): Promise<void> {
  const port = parentPort!;
  const t0 = performance.now();
  const server = createServer();
  // The origin goes into the pages, so the port is known before they are built.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: tcpPort } = server.address() as AddressInfo;
  const route = shop(options, `http://127.0.0.1:${tcpPort}`);
  let stats = newStats();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    stats.times.push(performance.now());
    stats.requests++;
    const answer = route((req.url ?? '/').split('?', 1)[0]!);
    if (answer.status === 404) stats.notFound++;
    else if (answer.type === HTML) stats.pages++;
    else stats.other++;
    // Node sends no body for HEAD; the length is still the GET's, as HTTP asks.
    if (req.method !== 'HEAD') stats.bytes += answer.body.length;
    const send = (): void => {
      res.writeHead(answer.status, { 'content-type': answer.type, 'content-length': answer.body.length }).end(answer.body);
    };
    if (options.latencyMs) setTimeout(send, options.latencyMs);
    else send();
  });
  port.on('message', (m: ToWorker) => {
    port.postMessage({ type: 'stats', stats } satisfies FromWorker);
    if (m.reset) stats = newStats();
  });
  port.postMessage({ type: 'ready', port: tcpPort, startSeconds: (performance.now() - t0) / 1000 } satisfies FromWorker);
}

interface ServerWorkerData {
  shopServer: ShopServerOptions;
}

if (!isMainThread && (workerData as Partial<ServerWorkerData> | null)?.shopServer) void serve((workerData as ServerWorkerData).shopServer);

/** Starts the server in a worker thread and resolves once it listens with every page ready. */
export function startShopServer(options: ShopServerOptions): Promise<ShopServer> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { shopServer: options } satisfies ServerWorkerData });
  // Stats questions are answered in order, so replies are matched to them first in, first out.
  const replies: ((stats: ServerStats) => void)[] = [];
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'stats') {
        replies.shift()?.(m.stats);
        return;
      }
      resolve({
        origin: `http://127.0.0.1:${m.port}`,
        sitePages: staticPaths().length + options.pages,
        cached: options.cache,
        startSeconds: m.startSeconds,
        stats: (reset) =>
          new Promise((done) => {
            replies.push(done);
            worker.postMessage({ type: 'stats', reset } satisfies ToWorker);
          }),
        close: async () => {
          await worker.terminate();
        },
      });
    });
  });
}
