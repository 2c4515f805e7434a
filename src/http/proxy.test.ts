// HTTP_PROXY, HTTPS_PROXY and NO_PROXY: which variable wins, and what the HTTP client then sends
// through a real (counting) proxy on 127.0.0.1. Env objects are passed in: process.env is never read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../testing/http-server.js';
import { startProxyServer, type ProxyServer } from '../testing/proxy-server.js';
import { createHttpClient, type FetchResult } from './fetch.js';
import { proxiedFetch, proxyFor, proxySettings, type ProxyEnv } from './proxy.js';

describe('proxySettings', () => {
  it('is undefined without a proxy variable, NO_PROXY alone included', () => {
    expect(proxySettings({})).toBeUndefined();
    expect(proxySettings({ NO_PROXY: '*', no_proxy: 'example.com' })).toBeUndefined();
    expect(proxySettings({ HTTP_PROXY: '', https_proxy: '' })).toBeUndefined();
  });

  it('takes the lower-case spelling over the upper-case one, each variable on its own', () => {
    expect(proxySettings({ HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2', NO_PROXY: 'a.example', no_proxy: 'b.example' })).toEqual({
      httpProxy: 'http://lower:1',
      httpsProxy: 'http://upper:2',
      noProxy: 'b.example',
    });
  });

  it('counts a lower-case variable set empty as set: it turns that proxy off', () => {
    expect(proxySettings({ HTTP_PROXY: 'http://upper:1', http_proxy: '', HTTPS_PROXY: 'http://upper:2' })).toEqual({ httpProxy: '', httpsProxy: 'http://upper:2', noProxy: '' });
  });
});

describe('proxyFor: the proxy a URL goes through, for messages', () => {
  const s = proxySettings({ HTTP_PROXY: 'http://user:secret@proxy.corp:3128', NO_PROXY: 'localhost,.internal.example,10.0.0.1:8080' })!;
  it('names the proxy without its credentials, and nothing for URLs NO_PROXY exempts', () => {
    expect(proxyFor(new URL('https://shop.example/'), s)).toBe('http://proxy.corp:3128');
    expect(proxyFor(new URL('http://localhost:8080/'), s)).toBeUndefined();
    expect(proxyFor(new URL('http://a.internal.example/'), s)).toBeUndefined();
    expect(proxyFor(new URL('http://internal.example/'), s)).toBeUndefined();
    expect(proxyFor(new URL('http://10.0.0.1:8080/'), s)).toBeUndefined();
    expect(proxyFor(new URL('http://10.0.0.1:9090/'), s)).toBe('http://proxy.corp:3128');
    expect(proxyFor(new URL('http://x/'), proxySettings({ HTTP_PROXY: 'http://p:1', NO_PROXY: '*' }))).toBeUndefined();
    expect(proxyFor(new URL('http://x/'), undefined)).toBeUndefined();
  });

  it('a request the proxy does not answer fails naming the proxy, never its password', async () => {
    const client = createHttpClient({ retries: 0, env: { HTTP_PROXY: 'http://user:secret@127.0.0.1:9' } });
    try {
      const r = await client.fetchPage('http://127.0.0.1:1/');
      expect(r.error).toBe('connection refused (ECONNREFUSED) through the proxy http://127.0.0.1:9 after 1 attempt');
    } finally {
      await client.close();
    }
  });
});

describe('the HTTP client through a proxy', () => {
  let site: TestServer;
  let a: ProxyServer;
  let b: ProxyServer;
  let sitePort: string;

  beforeAll(async () => {
    site = await startHttpServer({
      '/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<title>home</title>'),
      '/old': (_req, res) => void res.writeHead(301, { location: '/' }).end(),
      '/head-refused': (req, res) => void res.writeHead(req.method === 'HEAD' ? 405 : 200, { 'content-type': 'text/plain' }).end('ok'),
    });
    sitePort = new URL(site.url('/')).port;
    [a, b] = await Promise.all([startProxyServer(), startProxyServer()]);
  });
  afterAll(async () => Promise.all([site?.close(), a?.close(), b?.close()]));
  beforeEach(() => {
    a.requests.length = 0;
    b.requests.length = 0;
  });

  const fetchWith = async (env: ProxyEnv, url: string, method: 'GET' | 'HEAD' = 'GET'): Promise<FetchResult> => {
    const client = createHttpClient({ env, retries: 0 });
    try {
      return await client.fetchPage(url, { method });
    } finally {
      await client.destroy();
    }
  };
  const seen = (proxy: ProxyServer): string[] => proxy.requests.map((r) => `${r.method} ${r.target}${r.path}`);

  it('sends every request, each redirect hop, as an absolute-form request to HTTP_PROXY', async () => {
    const moved = await fetchWith({ HTTP_PROXY: a.url }, site.url('/old'));
    expect(moved.status).toBe(200);
    expect(moved.redirects.map((hop) => hop.status)).toEqual([301]);
    expect(new TextDecoder().decode(moved.body)).toBe('<title>home</title>');
    const head = await fetchWith({ HTTP_PROXY: a.url }, site.url('/head-refused'), 'HEAD');
    expect(head.status).toBe(405);
    expect(seen(a)).toEqual([`GET 127.0.0.1:${sitePort}/old`, `GET 127.0.0.1:${sitePort}/`, `HEAD 127.0.0.1:${sitePort}/head-refused`]);
  });

  it('goes direct without a proxy variable', async () => {
    expect((await fetchWith({ NO_PROXY: '' }, site.url('/'))).status).toBe(200);
    expect(seen(a)).toEqual([]);
  });

  it('takes http_proxy over HTTP_PROXY, and HTTP_PROXY (not HTTPS_PROXY) for an http URL', async () => {
    expect((await fetchWith({ HTTP_PROXY: a.url, http_proxy: b.url, HTTPS_PROXY: a.url }, site.url('/'))).status).toBe(200);
    expect(seen(a)).toEqual([]);
    expect(seen(b)).toEqual([`GET 127.0.0.1:${sitePort}/`]);
  });

  it('tunnels an https URL with CONNECT through HTTPS_PROXY, or through HTTP_PROXY when that is the only one', async () => {
    // The site speaks plain HTTP, so the TLS handshake inside the tunnel fails: the CONNECT is what counts.
    const tunnelled = await fetchWith({ HTTP_PROXY: a.url, HTTPS_PROXY: b.url }, `https://127.0.0.1:${sitePort}/`);
    expect(tunnelled.status).toBe(0);
    expect(seen(a)).toEqual([]);
    expect(seen(b)).toEqual([`CONNECT 127.0.0.1:${sitePort}`]);
    await fetchWith({ HTTP_PROXY: a.url }, `https://127.0.0.1:${sitePort}/`);
    expect(seen(a)).toEqual([`CONNECT 127.0.0.1:${sitePort}`]);
  });

  it('goes direct for a host in NO_PROXY: the host, host:port, .domain or *', async () => {
    for (const noProxy of ['127.0.0.1', `127.0.0.1:${sitePort}`, 'example.com, 127.0.0.1', '*']) {
      expect((await fetchWith({ HTTP_PROXY: a.url, NO_PROXY: noProxy }, site.url('/'))).status).toBe(200);
    }
    // .localhost covers localhost itself (and its subdomains); whether the direct request then
    // reaches the site (IPv4 or IPv6 first) does not matter here.
    await fetchWith({ HTTP_PROXY: a.url, NO_PROXY: '.localhost' }, `http://localhost:${sitePort}/`);
    expect(seen(a)).toEqual([]);
  });

  it('proxies a host NO_PROXY does not name: another port, another domain; no_proxy wins over NO_PROXY', async () => {
    await fetchWith({ HTTP_PROXY: a.url, NO_PROXY: '127.0.0.1:1' }, site.url('/'));
    await fetchWith({ HTTP_PROXY: a.url, NO_PROXY: '.example.com,localhost.example' }, site.url('/'));
    await fetchWith({ HTTP_PROXY: a.url, NO_PROXY: '127.0.0.1', no_proxy: 'example.com' }, site.url('/'));
    expect(seen(a)).toEqual([`GET 127.0.0.1:${sitePort}/`, `GET 127.0.0.1:${sitePort}/`, `GET 127.0.0.1:${sitePort}/`]);
  });

  it('gives the LLM a fetch through the same proxy, and none without a proxy variable', async () => {
    expect(proxiedFetch({}, { NO_PROXY: '*' })).toBeUndefined();
    const viaProxy = proxiedFetch({}, { HTTP_PROXY: a.url });
    const response = await viaProxy!(site.url('/'), { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    await response.text();
    expect(seen(a)).toEqual([`POST 127.0.0.1:${sitePort}/`]);
  });
});
