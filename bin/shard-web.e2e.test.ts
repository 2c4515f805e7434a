// Sharded audits of sitemaps over HTTP, end to end: the built CLI against sites served on
// 127.0.0.1. Each shard fetches only its own sitemap URLs; the merge of the shards writes the
// report the unsharded run writes, byte for byte apart from generatedAt, its last notes (link
// targets checked, images sized, sitemap URLs that are files, redirects away) counted as one run
// counts them. A crawl cannot be split before it starts: refused, with what to do.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureShopFolder } from '../bench/shop-source.js';
import { ROOT, runCliAsync } from '../src/testing/cli.js';
import { rebasedCopy, serveSite, type SiteServer } from '../src/testing/site-server.js';
import { shardOf } from '../src/shard/shard.js';

const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-shard-web-'));
// How fast a page answers is the one finding that depends on the moment, not on the site
// (response-slow, on a machine busy with other tests): off, so runs of one site compare byte for byte.
writeFileSync(path.join(dir, 'seo-ai.config.json'), '{ "rules": { "response-slow": "off" } }\n');
const servers: SiteServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) => runCliAsync(args, { cwd: dir });
const withoutTime = (file: string): string => {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
  delete report.generatedAt;
  return JSON.stringify(report, null, 2);
};

/** Serves a copy of `root` with its `from` origin rewritten to the server's; `extra` handlers beside it. */
async function serve(root: string, from: string, extra: Parameters<typeof serveSite>[1] = {}, edit?: (copy: string, origin: string) => void): Promise<SiteServer> {
  let copy: string | undefined;
  const server = await serveSite(() => copy, extra);
  servers.push(server);
  copy = rebasedCopy(root, from, server.origin);
  edit?.(copy, server.origin);
  return server;
}

/** Audits `target` in `n` shards and whole, each run's requests to `server` kept; the merged and whole JSON reports. */
async function shardedAndWhole(server: SiteServer, target: string, n: number, name: string): Promise<{ merged: string; whole: string; requests: { method: string; url: string }[][] }> {
  const files = Array.from({ length: n }, (_, i) => `${name}-${i + 1}.jsonl`);
  const requests: { method: string; url: string }[][] = [];
  for (const [i, file] of files.entries()) {
    const from = server.requests.length;
    const r = await run(['audit', target, '--shard', `${i + 1}/${n}`, '--output', file, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    requests.push(server.requests.slice(from));
  }
  const merged = await run(['merge', ...files.reverse(), '--format', 'json', '--output', `${name}-merged.json`, '--quiet']);
  expect(merged.stderr).toBe('');
  const whole = await run(['audit', target, '--format', 'json', '--output', `${name}-whole.json`, '--quiet']);
  expect(merged.code).toBe(whole.code);
  return { merged: withoutTime(`${name}-merged.json`), whole: withoutTime(`${name}-whole.json`), requests };
}

describe('seo-ai audit <sitemap URL> --shard i/n, and merge', () => {
  it('the demo shop over HTTP in 3 shards: the unsharded report, each page fetched by its own shard only', async () => {
    const server = await serve(path.join(ROOT, 'fixtures/sites/demo-shop'), 'https://demo-shop.example');
    const { merged, whole, requests } = await shardedAndWhole(server, server.url('/sitemap.xml'), 3, 'demo');
    expect(merged).toBe(whole);
    const report = JSON.parse(whole) as { pages: { url: string }[] };
    expect(report.pages).toHaveLength(45);
    // A page is asked for (GET) by the shard it falls in, and by no other: link checks leave it to that shard.
    const pages = new Set(report.pages.map((p) => new URL(p.url).pathname));
    requests.forEach((list, i) => {
      const got = list.filter((r) => r.method === 'GET' && pages.has(new URL(r.url, server.origin).pathname)).map((r) => `${server.origin}${r.url}`);
      expect(got.length).toBeGreaterThan(0);
      for (const url of got) expect(shardOf(url, 3)).toBe(i + 1);
    });
  }, 60_000);

  it("a sitemap with a PDF, JSON, redirects between its own URLs and off the site: the run's notes counted as one run counts them", async () => {
    const server = await serve(
      path.join(ROOT, 'fixtures/sites/demo-shop'),
      'https://demo-shop.example',
      {
        '/guide.pdf': (_req, res) => void res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '4' }).end('%PDF'),
        '/stock.json': (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"in_stock":true}'),
        '/old-tent/': (_req, res) => void res.writeHead(301, { location: '/products/trailhead-2-tent/' }).end(),
        '/old-bag/': (_req, res) => void res.writeHead(301, { location: '/products/glacier-20-down-sleeping-bag/' }).end(),
        '/elsewhere/': (_req, res) => void res.writeHead(302, { location: 'https://other.example/' }).end(),
      },
      (copy, origin) => {
        // The shop's sitemap, with a file, a data URL, two moved pages and one that left the site.
        const extra = ['/guide.pdf', '/stock.json', '/old-tent/', '/old-bag/', '/elsewhere/'].map((p) => `  <url><loc>${origin}${p}</loc></url>\n`).join('');
        const sitemap = readFileSync(path.join(copy, 'sitemap.xml'), 'utf8');
        writeFileSync(path.join(copy, 'sitemap.xml'), sitemap.replace('</urlset>', `${extra}</urlset>`));
      },
    );
    for (const n of [2, 4]) {
      const { merged, whole } = await shardedAndWhole(server, server.url('/sitemap.xml'), n, `odd-${n}`);
      expect(merged).toBe(whole);
      const report = JSON.parse(whole) as { notes: string[]; errors: { url?: string }[]; pages: { url: string }[] };
      // Each of these is one shard's finding in the sharded run: the merge counts them over every shard.
      expect(report.notes).toEqual([
        `50 URLs read from ${server.origin}/sitemap.xml`,
        "checked 1 link target outside the run's pages (0 on other hosts)",
        'sized 63 images (0 on other hosts)',
        `2 sitemap URLs not HTML, listed and not scored: ${server.origin}/guide.pdf (application/pdf), ${server.origin}/stock.json (application/json)`,
        '1 URL redirected off the crawl (another host, robots.txt, or the patterns); not audited',
      ]);
      expect(report.errors.map((e) => e.url)).toEqual([`${server.origin}/elsewhere/`]);
      // The moved pages are their targets' pages, once each.
      const urls = report.pages.map((p) => p.url);
      expect(new Set(urls).size).toBe(urls.length);
      expect(urls).toContain(`${server.origin}/products/trailhead-2-tent/`);
    }
  }, 60_000);

  it('refuses shards of a site that changed between jobs (robots.txt), and a shard file with a page taken out', async () => {
    let robots = 'User-agent: *\nAllow: /\n';
    const server = await serve(path.join(ROOT, 'fixtures/sites/demo-shop'), 'https://demo-shop.example', {
      '/robots.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(robots),
    });
    const target = server.url('/sitemap.xml');
    expect((await run(['audit', target, '--shard', '1/2', '--output', 'ch-1.jsonl', '--quiet'])).code).toBe(0);
    robots = 'User-agent: *\nDisallow: /category/\n';
    expect((await run(['audit', target, '--shard', '2/2', '--output', 'ch-2.jsonl', '--quiet'])).code).toBe(0);
    const changed = await run(['merge', 'ch-1.jsonl', 'ch-2.jsonl', '--format', 'json', '--output', 'ch.json']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toBe(`seo-ai: ch-2.jsonl and ch-1.jsonl read different pages of ${target} (the input changed between shard jobs); audit every shard of the same input again\n`);

    robots = 'User-agent: *\nAllow: /\n';
    expect((await run(['audit', target, '--shard', '2/2', '--output', 'ch-2.jsonl', '--quiet'])).code).toBe(0);
    // A page line taken out, and the header's count made to match: the place it held is missing.
    const lines = readFileSync(path.join(dir, 'ch-2.jsonl'), 'utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!) as { pages: number };
    header.pages--;
    writeFileSync(path.join(dir, 'cut.jsonl'), `${[JSON.stringify(header), ...lines.slice(2)].join('\n')}\n`);
    const cut = await run(['merge', 'ch-1.jsonl', 'cut.jsonl', '--format', 'json', '--output', 'cut.json']);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/^seo-ai: the shards hold 44 of the run's 45 items \(the first missing is at place \d+\); a shard file was edited — audit it again\n$/);
  }, 60_000);

  it('a page two sitemap URLs lead to whose check failed in both shards is one error, at the first place, as one run has it', async () => {
    const server = await serve(path.join(ROOT, 'fixtures/sites/demo-shop'), 'https://demo-shop.example', { '/old-tent/': (_req, res) => void res.writeHead(301, { location: '/products/trailhead-2-tent/' }).end() }, (copy, origin) => {
      const sitemap = readFileSync(path.join(copy, 'sitemap.xml'), 'utf8');
      writeFileSync(path.join(copy, 'sitemap.xml'), sitemap.replace('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n  <url><loc>${origin}/old-tent/</loc></url>`));
    });
    const tent = server.url('/products/trailhead-2-tent/');
    // The shard count that puts the old URL and the tent's own in different shards.
    const n = [2, 3, 4, 5].find((k) => shardOf(server.url('/old-tent/'), k) !== shardOf(tent, k))!;
    const files = Array.from({ length: n }, (_, i) => `tw-${i + 1}.jsonl`);
    for (const [i, f] of files.entries()) expect((await run(['audit', server.url('/sitemap.xml'), '--shard', `${i + 1}/${n}`, '--output', f, '--quiet'])).code).toBe(0);
    // Both shards met the tent's page: the one that followed /old-tent/ (place 0), the other at its own place.
    // Their checks are made to have failed, as a page the parser breaks on would (an error in the page's place).
    const failed = (file: string): number => {
      const lines = readFileSync(path.join(dir, file), 'utf8').trim().split('\n');
      const header = JSON.parse(lines[0]!) as { pages: number; errors: number; unchecked: [number, string][] };
      let place = -1;
      const rest = lines.slice(1).filter((l) => {
        const line = JSON.parse(l) as { p?: number; o?: string; result?: { url: string } };
        if (line.result?.url !== tent) return true;
        place = line.p!;
        return false;
      });
      header.pages--;
      header.errors++;
      header.unchecked.push([place, tent]);
      const error = { e: place, error: { origin: place === 0 ? server.url('/old-tent/') : tent, url: tent, message: 'could not be audited (internal error: boom); please report this page' }, c: 1 };
      writeFileSync(path.join(dir, file), `${[JSON.stringify(header), ...rest, JSON.stringify(error)].join('\n')}\n`);
      return place;
    };
    const places = [shardOf(server.url('/old-tent/'), n), shardOf(tent, n)].map((k) => failed(files[k - 1]!));
    expect(places[0]).toBe(0);
    expect(places[1]).toBeGreaterThan(0);
    const merged = await run(['merge', ...files, '--format', 'json', '--output', 'tw.json', '--quiet']);
    expect(merged.stderr).toBe('');
    const report = JSON.parse(readFileSync(path.join(dir, 'tw.json'), 'utf8')) as { pages: { url: string }[]; errors: { origin: string; url?: string }[] };
    expect(report.errors.filter((e) => e.url === tent)).toEqual([expect.objectContaining({ origin: server.url('/old-tent/'), url: tent })]);
    expect(report.pages.map((p) => p.url)).not.toContain(tent);
  }, 60_000);

  it('the list of a complete crawl stands for it: an orphan page over HTTP is found in the list audited in shards, as the crawl finds it', async () => {
    const server = await serve(
      path.join(ROOT, 'fixtures/sites/demo-shop'),
      'https://demo-shop.example',
      {
        '/chain-a/': (_req, res) => void res.writeHead(301, { location: '/chain-b/' }).end(),
        '/chain-b/': (_req, res) => void res.writeHead(301, { location: '/chain-end/' }).end(),
      },
      (copy, origin) => {
      // A page reached through two redirects from a link of the home page: the list names the link's URL, and its audit meets the same chain.
      mkdirSync(path.join(copy, 'chain-end'));
      writeFileSync(path.join(copy, 'chain-end/index.html'), '<!doctype html><html lang="en"><head><title>Where the old gear guide went after two moves</title><meta name="description" content="The gear guide moved twice and ended here; the home page still links to its first address, which redirects two times before it arrives."></head><body><h1>Moved guide</h1><p>Two moves later, the guide is here.</p></body></html>');
      // And a file that moved by <meta http-equiv="refresh">: a link to it is a link to a redirect, in the crawl and in the list's audit.
      mkdirSync(path.join(copy, 'old-guide'));
      writeFileSync(path.join(copy, 'old-guide/index.html'), '<!doctype html><meta http-equiv="refresh" content="0; url=/chain-end/"><title>Moved</title>');
      writeFileSync(path.join(copy, 'index.html'), readFileSync(path.join(copy, 'index.html'), 'utf8').replace('</body>', '<a href="/chain-a/">Old gear guide</a> <a href="/old-guide/">The guide</a></body>'));
      // A page the sitemap lists and no page links to.
      mkdirSync(path.join(copy, 'forgotten'));
      writeFileSync(path.join(copy, 'forgotten/index.html'), '<!doctype html><html lang="en"><head><title>Forgotten gear guide for winter camping trips</title><meta name="description" content="An old guide to winter camping gear that no page of the shop links to any more, kept online for the few who still find it by search."></head><body><h1>Forgotten guide</h1><p>Winter camping needs a warm bag, a good pad and a stove that works in the cold.</p></body></html>');
      const sitemap = readFileSync(path.join(copy, 'sitemap.xml'), 'utf8');
      writeFileSync(path.join(copy, 'sitemap.xml'), sitemap.replace('</urlset>', `  <url><loc>${origin}/forgotten/</loc></url>\n</urlset>`));
      },
    );
    const crawl = await run(['audit', server.url('/'), '--list-urls', 'crawl-urls.txt', '--format', 'json', '--output', 'orphan-crawl.json', '--quiet']);
    expect(crawl.code).toBe(0);
    const list = readFileSync(path.join(dir, 'crawl-urls.txt'), 'utf8').split('\n');
    expect(list[0]).toBe(`# seo-ai: the pages a crawl from ${server.url('/')} reached (every page it could reach), each with its click depth`);
    expect(list[1]).toBe(`${server.url('/')}\t0`);
    const { merged, whole } = await shardedAndWhole(server, 'crawl-urls.txt', 3, 'orphan');
    expect(merged).toBe(whole);
    type Report = { pages: { url: string; findings: { rule: string }[] }[] };
    const findings = (r: Report): Record<string, string[]> => Object.fromEntries(r.pages.map((p) => [p.url, p.findings.map((f) => f.rule).sort()]));
    const crawled = JSON.parse(readFileSync(path.join(dir, 'orphan-crawl.json'), 'utf8')) as Report;
    expect(findings(JSON.parse(whole) as Report)).toEqual(findings(crawled));
    expect(findings(crawled)[server.url('/forgotten/')]).toContain('orphan-page');
    expect(findings(crawled)[server.url('/chain-end/')]).toContain('redirect-chain');
    expect(findings(crawled)[server.url('/')]).toContain('link-to-redirect');
    expect(list).toContain(`${server.url('/chain-a/')}\t1`);
  }, 60_000);

  it("a crawl of a staging server (--base-url) lists its URLs there: the list's audit fetches them there too, whole or in shards, reported under the public URLs", async () => {
    // The shop as built, its links naming https://demo-shop.example/, served on 127.0.0.1.
    const server = await serveSite(path.join(ROOT, 'fixtures/sites/demo-shop'));
    servers.push(server);
    const base = ['--base-url', 'https://demo-shop.example/'];
    const crawl = await run(['audit', server.url('/'), ...base, '--list-urls', 'staging.txt', '--format', 'json', '--output', 'staging-crawl.json', '--quiet']);
    expect(crawl.code).toBe(0);
    const lines = readFileSync(path.join(dir, 'staging.txt'), 'utf8').trim().split('\n').slice(1);
    expect(lines.every((l) => l.startsWith(`${server.origin}/`))).toBe(true);
    const files = [1, 2].map((i) => `staging-${i}.jsonl`);
    for (const [i, f] of files.entries()) expect((await run(['audit', 'staging.txt', ...base, '--shard', `${i + 1}/2`, '--output', f, '--quiet'])).code).toBe(0);
    expect((await run(['merge', ...files, '--format', 'json', '--output', 'staging-merged.json', '--quiet'])).code).toBe(0);
    expect((await run(['audit', 'staging.txt', ...base, '--format', 'json', '--output', 'staging-whole.json', '--quiet'])).code).toBe(0);
    expect(withoutTime('staging-merged.json')).toBe(withoutTime('staging-whole.json'));
    const pages = (JSON.parse(withoutTime('staging-whole.json')) as { pages: { url: string }[] }).pages.map((p) => p.url);
    const crawled = (JSON.parse(readFileSync(path.join(dir, 'staging-crawl.json'), 'utf8')) as { pages: { url: string }[] }).pages.map((p) => p.url);
    expect(pages).toEqual(crawled);
    expect(pages.every((u) => u.startsWith('https://demo-shop.example/'))).toBe(true);
  }, 60_000);

  it('a 2,000-page synthetic shop over HTTP with site-rule defects split across 2 shards', async () => {
    const shop = path.join(dir, 'shop');
    ensureShopFolder(shop, 2000, () => undefined);
    const server = await serve(shop, 'https://shop.example');
    const { merged, whole } = await shardedAndWhole(server, server.url('/sitemap.xml'), 2, 'shop');
    expect(merged).toBe(whole);
    const report = JSON.parse(whole) as { pages: { url: string; findings: { rule: string }[] }[] };
    expect(report.pages).toHaveLength(2000);
    const rules = new Set(report.pages.flatMap((p) => p.findings.map((f) => f.rule)));
    for (const rule of ['title-duplicate', 'content-near-duplicate']) expect(rules).toContain(rule);
  }, 180_000);

  it('a crawl cannot be split before it starts: refused, saying what to do', async () => {
    const server = await serve(path.join(ROOT, 'fixtures/sites/demo-shop'), 'https://demo-shop.example');
    const r = await run(['audit', server.url('/'), '--shard', '1/2', '--output', 'crawl-1.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`seo-ai: --shard: ${server.url('/')} is crawled from its links, and a crawl finds its pages as it goes: it cannot be split before it starts. Audit a sitemap in shards (e.g. ${server.origin}/sitemap.xml), or crawl once with --list-urls urls.txt and audit that list in shards (seo-ai audit urls.txt --shard i/n)\n`);
  });

  it('--list-urls writes the pages a crawl reached; that list, audited in shards, merges into its unsharded audit', async () => {
    const server = await serve(path.join(ROOT, 'fixtures/sites/demo-shop'), 'https://demo-shop.example');
    const crawl = await run(['audit', server.url('/'), '--list-urls', 'urls.txt', '--format', 'json', '--output', 'crawl.json']);
    expect(crawl.code).toBe(0);
    expect(crawl.stderr).toContain('URLs written to urls.txt; audit them in shards with: seo-ai audit urls.txt --shard i/n --output shard-i.jsonl\n');
    const crawled = JSON.parse(readFileSync(path.join(dir, 'crawl.json'), 'utf8')) as { pages: { url: string; origin?: string }[] };
    // Every URL the crawl fetched, in its order, one a line with its click depth, after a line saying the crawl reached every page.
    const lines = readFileSync(path.join(dir, 'urls.txt'), 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^# seo-ai: the pages a crawl from .* reached \(every page it could reach\), each with its click depth$/);
    expect(lines.slice(1).every((l) => /^\S+\t\d+$/.test(l))).toBe(true);
    expect(lines.slice(1).map((l) => l.split('\t')[0])).toEqual(expect.arrayContaining(crawled.pages.map((p) => p.origin ?? p.url)));
    const { merged, whole } = await shardedAndWhole(server, 'urls.txt', 3, 'list');
    expect(merged).toBe(whole);
    const listed = JSON.parse(whole) as { pages: { url: string }[]; notes: string[] };
    expect(listed.pages.map((p) => p.url)).toEqual(crawled.pages.map((p) => p.url));
    writeFileSync(path.join(dir, 'spaced.txt'), `${server.url('/')} 3\n`);
    expect((await run(['audit', 'spaced.txt'])).stderr).toBe('seo-ai: spaced.txt:1: after the URL comes its click depth, a tab and a whole number (as audit --list-urls writes it), or nothing\n');
    expect(listed.notes).toContain(`${crawled.pages.length} URLs read from urls.txt`);
    // A list is no crawl: a page's links are checked, not followed.
    writeFileSync(path.join(dir, 'two.txt'), `# two pages\n${server.url('/')}\n\n${server.url('/about/')}\n`);
    const two = await run(['audit', 'two.txt', '--format', 'json', '--output', 'two.json', '--quiet']);
    expect(two.code).toBe(0);
    expect((JSON.parse(readFileSync(path.join(dir, 'two.json'), 'utf8')) as { pages: { url: string }[] }).pages.map((p) => p.url)).toEqual([server.url('/'), server.url('/about/')]);

    writeFileSync(path.join(dir, 'bad.txt'), `${server.url('/')}\nnot a url\n`);
    const bad = await run(['audit', 'bad.txt']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('seo-ai: bad.txt:2: "not a url" is no http(s) URL; a URL list has one absolute URL a line (as audit --list-urls writes it)\n');
    writeFileSync(path.join(dir, 'two-in-a-line.txt'), `${server.url('/')} ${server.url('/about/')}\n`);
    expect((await run(['audit', 'two-in-a-line.txt'])).stderr).toBe(`seo-ai: two-in-a-line.txt:1: "${server.url('/')} ${server.url('/about/')}" is no http(s) URL; a URL list has one absolute URL a line (as audit --list-urls writes it)\n`);
    writeFileSync(path.join(dir, 'two-sites.txt'), `${server.url('/')}\nhttps://other.example/x\n`);
    const sites = await run(['audit', 'two-sites.txt']);
    expect([sites.code, sites.stderr]).toEqual([2, `seo-ai: two-sites.txt:2: https://other.example/x is on other.example, and the list's first URL on ${new URL(server.origin).host}; a URL list names the pages of one site\n`]);
    const folder = await run(['audit', path.join(ROOT, 'fixtures/sites/demo-shop'), '--list-urls', 'x.txt']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/^seo-ai: --list-urls x\.txt: it writes the URLs of the pages a crawl over HTTP reaches; .* is no URL \(its pages are audited in shards as they are: --shard i\/n\)\n$/);
  }, 60_000);
});
