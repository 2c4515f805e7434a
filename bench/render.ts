/**
 * Rendering throughput: a client-rendered shop (every page an app shell that builds itself from
 * JSON with JavaScript, as fixtures/sites/js-shop does) served from 127.0.0.1, audited through its
 * sitemap as the server sends it and rendered in headless Chromium (--render always).
 *
 *   npm run bench:render                         200 and 2,000 pages
 *   node dist/bench/render.js --pages 500        one size
 *
 * Flags: --pages N (repeatable; default 200 and 2000), --render-concurrency N (default 2),
 * --chromium PATH (default /usr/bin/chromium), --json. Each phase runs in its own process, so its
 * peak RSS is its own; Chromium's processes are sampled every 200 ms and their summed RSS reported
 * at its peak. Target (issue 15): at least 10 rendered pages/s on the 2-core machine, RSS bounded.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { runAudit } from '../src/audit.js';
import { DEFAULT_WEIGHTS } from '../src/engine/config.js';
import { webSource } from '../src/sources/web.js';

interface PhaseResult {
  phase: 'raw' | 'render';
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  peakRssMB: number;
  chromiumPeakRssMB?: number;
  errors: number;
  firstErrors: string[];
}

const APP = `(async function () {
  var id = location.pathname.replace(/^\\/p\\/|\\.html$/g, '');
  var data = await (await fetch('/data/' + id + '.json')).json();
  document.title = data.title;
  var meta = document.createElement('meta'); meta.name = 'description'; meta.content = data.description; document.head.appendChild(meta);
  var main = document.createElement('main');
  main.appendChild(document.createElement('h1')).textContent = data.title;
  data.text.forEach(function (t) { main.appendChild(document.createElement('p')).textContent = t; });
  data.links.forEach(function (l) { var a = main.appendChild(document.createElement('a')); a.href = l; a.textContent = 'Product ' + l; });
  document.getElementById('root').appendChild(main);
})();`;

function serve(pages: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (type: string, body: string, status = 200): void => void res.writeHead(status, { 'content-type': type }).end(body);
    if (url.pathname === '/robots.txt') return send('text/plain', 'User-agent: *\nAllow: /\n');
    if (url.pathname === '/app.js') return send('text/javascript', APP);
    if (url.pathname === '/sitemap.xml') {
      const origin = `http://${req.headers.host}`;
      return send('application/xml', `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from({ length: pages }, (_, i) => `<url><loc>${origin}/p/${i}.html</loc></url>`).join('')}</urlset>`);
    }
    const page = /^\/p\/(\d+)\.html$/.exec(url.pathname);
    if (page) return send('text/html; charset=utf-8', '<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="/app.js" defer></script></head><body><div id="root"></div></body></html>');
    const data = /^\/data\/(\d+)\.json$/.exec(url.pathname);
    if (data) {
      const i = Number(data[1]);
      const text = Array.from({ length: 6 }, (_, k) => `Product ${i} paragraph ${k}: a freestanding tent for two, with two doors, two vestibules and a packed weight of ${(1 + (i % 9) / 10).toFixed(1)} kg.`);
      return send('application/json', JSON.stringify({ title: `Product ${i}: trail tent ${i % 37}, two doors`, description: `Product ${i}, a two-person trail tent.`, text, links: [1, 2, 3].map((d) => `/p/${(i + d) % pages}.html`) }));
    }
    return send('text/plain', 'not found', 404);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Summed RSS of the Chromium processes now, in MB (0 when none). */
function chromiumRssMB(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'rss=,comm='], { encoding: 'utf8' });
    return out.split('\n').filter((l) => /chrom/i.test(l)).reduce((sum, l) => sum + Number(l.trim().split(/\s+/)[0] ?? 0), 0) / 1024;
  } catch {
    return 0;
  }
}

async function phase(kind: 'raw' | 'render', pages: number, concurrency: number, chromium: string): Promise<PhaseResult> {
  const server = await serve(pages);
  const { port } = server.address() as AddressInfo;
  let chromiumPeak = 0;
  const sampler = kind === 'render' ? setInterval(() => (chromiumPeak = Math.max(chromiumPeak, chromiumRssMB())), 200) : undefined;
  const t0 = performance.now();
  const source = await webSource({
    target: `http://127.0.0.1:${port}/sitemap.xml`,
    crawl: false,
    checkLinks: false,
    checkImages: false,
    probeNotFound: false,
    ...(kind === 'render' ? { render: { mode: 'always' as const, chromium, concurrency } } : {}),
  });
  const result = await runAudit({ source, weights: DEFAULT_WEIGHTS, workers: 1 });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  server.close();
  const out: PhaseResult = { phase: kind, pages: result.pages.length, seconds, pagesPerSecond: result.pages.length / seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, errors: result.errors.length, firstErrors: result.errors.slice(0, 3).map((e) => `${e.url ?? e.origin}: ${e.message}`) };
  if (kind === 'render') out.chromiumPeakRssMB = chromiumPeak;
  return out;
}

const { values } = parseArgs({ options: { pages: { type: 'string', multiple: true }, 'render-concurrency': { type: 'string', default: '2' }, chromium: { type: 'string', default: '/usr/bin/chromium' }, json: { type: 'boolean', default: false }, phase: { type: 'string' } } });
const concurrency = Number(values['render-concurrency']);
if (values.phase !== undefined) {
  const [kind, n] = values.phase.split(':') as ['raw' | 'render', string];
  process.stdout.write(`${JSON.stringify(await phase(kind, Number(n), concurrency, values.chromium))}\n`);
} else {
  const sizes = (values.pages ?? ['200', '2000']).map(Number);
  const results: PhaseResult[] = [];
  for (const n of sizes) {
    for (const kind of ['raw', 'render'] as const) {
      const run = spawnSync(process.execPath, [process.argv[1]!, '--phase', `${kind}:${n}`, '--render-concurrency', String(concurrency), '--chromium', values.chromium], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const line = run.stdout.trim().split('\n').pop() ?? '';
      if (!line.startsWith('{')) throw new Error(`the ${kind} phase of ${n} pages ended without a result`);
      results.push(JSON.parse(line) as PhaseResult);
    }
  }
  for (const r of results) for (const e of r.firstErrors) console.error(`${r.phase} ${r.pages}: ${e}`);
  if (values.json) console.log(JSON.stringify(results, null, 2));
  else {
    console.log(`render benchmark — node ${process.version}, render concurrency ${concurrency}`);
    console.log('pages   phase   seconds  pages/s  node peak RSS  Chromium peak RSS  errors');
    for (const r of results) console.log(`${String(r.pages).padStart(5)}   ${r.phase.padEnd(6)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.pagesPerSecond.toFixed(1).padStart(7)}  ${`${r.peakRssMB.toFixed(0)} MB`.padStart(13)}  ${r.chromiumPeakRssMB === undefined ? ''.padStart(17) : `${r.chromiumPeakRssMB.toFixed(0)} MB`.padStart(17)}  ${r.errors}`);
  }
}
