// HTTP headers feed the page rules: X-Robots-Tag (for all bots, or bot-prefixed) is noindex.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../audit.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { serveSite, type Handler, type SiteServer } from '../testing/site-server.js';
import { webSource } from './web.js';

const page = (title: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title><meta name="description" content="${'A description long enough to pass the length rules of the catalogue, more or less. '.repeat(2).trim()}"></head><body><h1>${title}</h1></body></html>`;

describe('X-Robots-Tag over HTTP', () => {
  let server: SiteServer;
  beforeAll(async () => {
    const paths = ['/all', '/googlebot', '/otherbot', '/plain'];
    const tags: Record<string, string | undefined> = { '/all': 'noindex', '/googlebot': 'googlebot: noindex, nofollow', '/otherbot': 'otherbot: noindex' };
    const handlers = Object.fromEntries(
      paths.map((p) => [
        p,
        ((_req, res) => {
          const tag = tags[p];
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(tag ? { 'x-robots-tag': tag } : {}) });
          res.end(page(`Page ${p.slice(1)} of the header test site, long enough`));
        }) as Handler,
      ]),
    );
    server = await serveSite(undefined, {
      ...handlers,
      '/sitemap.xml': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((p) => `<url><loc>${server.url(p)}</loc></url>`).join('')}</urlset>`);
      },
    });
  });
  afterAll(async () => server?.close());

  it('is noindex for all bots and for Googlebot, not for another bot', async () => {
    const result = await runAudit({ source: await webSource({ target: server.url('/sitemap.xml') }), weights: DEFAULT_WEIGHTS, workers: 1 });
    const rules = (path: string) =>
      result.pages.find((p) => p.url === server.url(path))!.findings.map((f) => f.rule).filter((r) => r === 'noindex' || r === 'sitemap-non-indexable');
    expect(result.pages.map((p) => p.url)).toEqual(['/all', '/googlebot', '/otherbot', '/plain'].map((p) => server.url(p)));
    expect(rules('/all')).toEqual(['noindex', 'sitemap-non-indexable']);
    expect(rules('/googlebot')).toEqual(['noindex', 'sitemap-non-indexable']);
    expect(rules('/otherbot')).toEqual([]);
    expect(rules('/plain')).toEqual([]);
  });
});
