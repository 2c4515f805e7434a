// HTTP_PROXY and NO_PROXY end to end: the built CLI crawling a site on 127.0.0.1, and asking an
// OpenAI-compatible server, through a counting forward proxy on 127.0.0.1.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliAsync } from '../src/testing/cli.js';
import { fakeModel } from '../src/testing/fake-model.js';
import { startOpenAiServer } from '../src/testing/openai-server.js';
import { startProxyServer, type ProxyServer } from '../src/testing/proxy-server.js';
import { rebasedCopy, serveSite, type SiteServer } from '../src/testing/site-server.js';

const DEMO = fileURLToPath(new URL('../fixtures/sites/demo-shop', import.meta.url));
const CSV = fileURLToPath(new URL('../fixtures/csv/demo-shop.csv', import.meta.url));
const KEY = 'sk-test-4f9d1c2b7a8e6f5d3c1b0a9e8d7c6b5a';

/**
 * The proxy variables as a test sets them: every spelling named, so none leaks in from the
 * machine running the tests (a lower-case one would win over ours). Undefined unsets it.
 */
function proxyEnv(vars: { HTTP_PROXY?: string; NO_PROXY?: string }): Record<string, string> {
  const env: Record<string, string | undefined> = { HTTP_PROXY: vars.HTTP_PROXY, NO_PROXY: vars.NO_PROXY, http_proxy: undefined, no_proxy: undefined, HTTPS_PROXY: undefined, https_proxy: undefined };
  return env as Record<string, string>;
}

interface JsonReport {
  generatedAt: string;
  pages: { url: string }[];
}

describe('proxies from the environment', () => {
  let site: SiteServer;
  let proxy: ProxyServer;
  let root: string | undefined;

  beforeAll(async () => {
    site = await serveSite(() => root, {
      '/robots.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow:\n'),
    });
    root = rebasedCopy(DEMO, 'https://demo-shop.example', site.origin);
    proxy = await startProxyServer();
  });
  afterAll(async () => Promise.all([site?.close(), proxy?.close()]));
  beforeEach(() => {
    site.requests.length = 0;
    proxy.requests.length = 0;
  });

  const audit = async (env: Record<string, string>): Promise<JsonReport> => {
    const r = await runCliAsync(['audit', site.url('/'), '--format', 'json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as JsonReport;
  };
  const siteHost = (): string => new URL(site.origin).host;
  /** What the site was asked, as the proxy's log says it: method and path, sorted. */
  const served = (): string[] => site.requests.map((r) => `${r.method} ${r.url}`).sort();

  it('a crawl with HTTP_PROXY: robots.txt, the sitemap and every page go through the proxy, and the report is the same', async () => {
    const direct = await audit(proxyEnv({}));
    const directRequests = served();
    expect(proxy.requests).toEqual([]);
    site.requests.length = 0;

    const proxied = await audit(proxyEnv({ HTTP_PROXY: proxy.url }));
    // Every request the crawl made reached the site through the proxy, and nothing else did.
    expect(proxy.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(served());
    expect(new Set(proxy.requests.map((r) => r.target))).toEqual(new Set([siteHost()]));
    expect(served()).toEqual(directRequests);
    const paths = new Set(proxy.requests.map((r) => r.path));
    for (const must of ['/robots.txt', '/sitemap.xml', ...proxied.pages.map((p) => new URL(p.url).pathname)]) expect(paths).toContain(must);
    expect(proxied.pages.length).toBeGreaterThanOrEqual(45);
    expect({ ...proxied, generatedAt: '' }).toEqual({ ...direct, generatedAt: '' });
  });

  it('with NO_PROXY naming the site (host, or host:port) the proxy sees nothing', async () => {
    for (const noProxy of ['127.0.0.1', siteHost()]) {
      const report = await audit(proxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: noProxy }));
      expect(report.pages.length).toBeGreaterThanOrEqual(45);
    }
    expect(site.requests.length).toBeGreaterThan(90);
    expect(proxy.requests).toEqual([]);
  });

  it('optimize with an LLM sends every chat completion through HTTP_PROXY', async () => {
    const llm = await startOpenAiServer({ reply: fakeModel, apiKey: KEY });
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-proxy-'));
      copyFileSync(CSV, path.join(dir, 'shop.csv'));
      const r = await runCliAsync(['optimize', '--csv', 'shop.csv', '--llm-url', llm.baseURL, '--concurrency', '4'], {
        cwd: dir,
        env: { ...proxyEnv({ HTTP_PROXY: proxy.url }), OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' },
      });
      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(0);
      expect(llm.requests.length).toBeGreaterThan(5);
      const llmHost = new URL(llm.baseURL).host;
      const posts = proxy.requests.filter((p) => p.method === 'POST' && p.target === llmHost && p.path === '/v1/chat/completions');
      expect(posts).toHaveLength(llm.requests.length);
      expect(proxy.counts()).toEqual({ [llmHost]: proxy.requests.length });
    } finally {
      await llm.close();
    }
  });
});
