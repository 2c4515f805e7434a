import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { covers, recordingIndex, recordingPage, type Fact } from '../src/engine/facts.js';
import { SiteIndex } from '../src/engine/site-index.js';
import { isSiteRule, type PageRule, type Report, type SiteRule } from '../src/engine/types.js';
import { extractPage } from '../src/page/extract.js';
import type { Page } from '../src/page/types.js';
import { rowHtml, rowPage } from '../src/sources/csv.js';
import { webSite } from '../src/testing/test-rule.js';
import { productPage } from '../bench/synthetic-shop.js';
import { rules } from './index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function htmlFiles(dir: string, limit = Infinity): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (out.length >= limit) return;
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.html?$/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Real pages of every kind the repository holds, the synthetic shop's, and CSV rows as the CSV source renders them. */
function corpus(): { name: string; html: string | Uint8Array; url: string }[] {
  const out: { name: string; html: string | Uint8Array; url: string }[] = [];
  for (const dir of ['fixtures/pages', 'fixtures/sites']) {
    for (const file of htmlFiles(path.join(ROOT, dir))) out.push({ name: path.relative(ROOT, file), html: readFileSync(file), url: `https://site.example/${path.relative(ROOT, file)}` });
  }
  for (let i = 0; i < 40; i++) out.push({ name: `synthetic product ${i}`, html: productPage(i, 200), url: `https://shop.example/p/${i}` });


  const cells = ['', 'Blue Widget', 'Blue Widget | Shop', 'Widget'.repeat(30)];
  for (const title of cells) {
    for (const h1 of cells) {
      const page = rowPage({}, [], 1);
      Object.assign(page, { title, meta_description: title === '' ? '' : `${title} in stock, shipped free.`, h1, content: h1 === '' ? '<p>Short.</p>' : `<h2>More</h2><p>${'Widgets for you. '.repeat(40)}</p><h4>Skip</h4><h1>${h1}</h1>` });
      out.push({ name: `row ${title}/${h1}`, html: rowHtml(page), url: 'https://shop.example/products/blue-widget' });
    }
  }
  return out;
}

/** The page as each kind of source gives it: from a file, with keywords, and fetched over HTTP (an error page and a redirect too). */
function variants(html: string | Uint8Array, url: string): Page[] {
  const body = typeof html === 'string' ? Buffer.from(html, 'utf8') : html;
  const web = { redirects: [], inSitemap: true, depth: 1 };
  const plain = extractPage({ url, body });
  const keyed = extractPage({ url, body, keywords: ['widget', 'flink', 'stream'] });
  const fetched = extractPage({ url, body, status: 200, headers: { 'content-type': 'text/html' }, web });
  fetched.linkTargets = Object.fromEntries(fetched.links.flatMap((l) => (l.url ? [[l.url, { ok: false, status: 404 }]] : [])));
  const error = extractPage({ url, body, status: 404, headers: {}, web: { ...web, inSitemap: true } });
  const moved = extractPage({ url, body, status: 200, headers: {}, web: { ...web, requested: `${url}?old`, redirects: [{ url: `${url}?old`, status: 301, location: url }, { url: `${url}?older`, status: 302, location: url }] } });
  return [plain, keyed, fetched, error, moved];
}

const pageRules = rules.filter((r): r is PageRule => !isSiteRule(r));

function run(rule: PageRule, page: Page): Report[] {
  const reports: Report[] = [];
  rule.check(page, { options: rule.options, report: (r) => reports.push(r) });
  return reports;
}

describe('what page rules read', () => {
  const pages = corpus().flatMap((c) => variants(c.html, c.url));

  it('reads nothing it does not declare, over every page in the repository and the synthetic shop', () => {
    const undeclared: Record<string, string[]> = {};
    const observed: Record<string, string[]> = {};
    for (const rule of pageRules) {
      const seen = new Set<string>();
      for (const page of pages) run(rule, recordingPage(page, seen));
      observed[rule.id] = [...seen].sort();
      const extra = [...seen].filter((f) => f.startsWith('unknown:') || !covers(rule.reads, f as Fact));
      if (extra.length > 0) undeclared[rule.id] = extra.sort();
    }
    if (process.env.SEO_AI_PRINT_READS) console.log(JSON.stringify(observed, null, 1));
    expect(undeclared).toEqual({});
  });

  it('a rule that reads the H1s only finds the same with every other heading taken away', () => {
    const h1Only = pageRules.filter((r) => r.reads.includes('h1') && !r.reads.includes('headings'));
    expect(h1Only.length).toBeGreaterThan(0);
    let differing = 0;
    for (const rule of h1Only) {
      for (const page of pages) {
        const stripped = { ...page, headings: page.headings.filter((h) => h.level === 1) };
        if (page.headings.length !== stripped.headings.length) differing++;
        expect(run(rule, stripped), `${rule.id} on ${page.url}`).toEqual(run(rule, page));
      }
    }
    // The pages do hold other headings: the comparison is not of equal pages.
    expect(differing).toBeGreaterThan(100);
  });

  it('site rules read nothing of the site index they do not declare, over the same pages fetched as a crawl gives them', () => {
    const siteRules = rules.filter((r): r is SiteRule => isSiteRule(r));
    // Every page twice over (as a file and fetched), so each duplicate and near-duplicate rule has work.
    const urls = pages.map((p) => p.url);
    const undeclared: Record<string, string[]> = {};
    const observed: Record<string, string[]> = {};
    for (const rule of siteRules) {
      const index = new SiteIndex();
      for (const page of pages) index.add(page);
      index.web = webSite({ sitemapUrls: urls, statuses: Object.fromEntries(urls.map((u) => [u, { ok: true, status: 200 }])), robots: [{ url: 'https://site.example/robots.txt', status: 200, problems: [{ line: 1, text: 'x', message: 'x' }] }] });
      const seen = new Set<string>();
      const reports: Report[] = [];
      rule.check(recordingIndex(index, seen), { options: rule.options, report: (r) => reports.push(r) });
      observed[rule.id] = [...seen].sort();
      const extra = [...seen].filter((f) => f.startsWith('unknown:') || !covers(rule.reads, f as Fact));
      if (extra.length > 0) undeclared[rule.id] = extra.sort();
    }
    if (process.env.SEO_AI_PRINT_READS) console.log(JSON.stringify(observed, null, 1));
    expect(undeclared).toEqual({});
    // The recording sees reads at all: every site rule read something.
    expect(Object.entries(observed).filter(([, facts]) => facts.length === 0)).toEqual([]);
  });
});
