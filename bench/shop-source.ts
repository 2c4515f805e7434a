import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { cachedLinkChecker } from '../src/sources/link-check.js';
import type { Source, SourceItem } from '../src/sources/types.js';
import { BASE_URL, GENERATOR_VERSION, product, productIndexOf, productPage, productPath, sitemapXml, staticPage, staticPaths } from './synthetic-shop.js';

/** Written last, so a folder whose generation was interrupted is never mistaken for a complete one. */
const MARKER = '.seo-ai-bench-shop.json';

interface Marker {
  version: number;
  pages: number;
}

export interface ShopFolder {
  dir: string;
  reused: boolean;
}

export function productFile(dir: string, i: number): string {
  return path.join(dir, ...productPath(product(i)).split('/'), 'index.html');
}

/** The shop's product files under `dir`, generated unless the folder already holds this very shop. */
export function ensureShopFolder(dir: string, pages: number, log: (line: string) => void): ShopFolder {
  const markerFile = path.join(dir, MARKER);
  const marker = existsSync(markerFile) ? (JSON.parse(readFileSync(markerFile, 'utf8')) as Marker) : undefined;
  if (marker && marker.version === GENERATOR_VERSION && marker.pages === pages) return { dir, reused: true };
  if (!marker && existsSync(dir) && readdirSync(dir).length > 0) {
    // Never delete a folder we did not make: the user may have named the wrong one.
    throw new Error(`${dir} is not empty and was not made by this benchmark (no ${MARKER}); name an empty or new folder with --dir`);
  }
  rmSync(markerFile, { force: true });
  for (const sub of ['products', 'c']) rmSync(path.join(dir, sub), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`writing ${pages} product pages to ${dir} …`);
  for (const p of staticPaths()) {
    mkdirSync(path.join(dir, p), { recursive: true });
    writeFileSync(path.join(dir, p, 'index.html'), staticPage(p));
  }
  for (let i = 0; i < pages; i++) {
    const file = productFile(dir, i);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, productPage(i, pages));
    if ((i + 1) % 10_000 === 0) log(`  ${i + 1} / ${pages}`);
  }
  const fd = openSync(path.join(dir, 'sitemap.xml'), 'w');
  try {
    for (const chunk of sitemapXml(pages)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  writeFileSync(markerFile, JSON.stringify({ version: GENERATOR_VERSION, pages } satisfies Marker));
  return { dir, reused: false };
}

/**
 * The same shop served straight from the generator: no files, one page's HTML alive at a time,
 * so a 100,000-page run needs no disk. Link targets are checked the way the folder source checks
 * them (a target exists when the folder would hold a file for it), so the rules see the same facts.
 * It has no worker-thread link check (LinkCheckSpec knows folders only), so it audits in one thread.
 */
export function generatedShopSource(pages: number, limit = pages): Source {
  const statics = new Set(staticPaths().map((p) => `/${p}`));
  const checkLinks = cachedLinkChecker(BASE_URL, (u) =>
    statics.has(u.pathname) || productIndexOf(u.pathname, pages) !== undefined ? { ok: true } : { ok: false, reason: `no page at ${u.pathname}` },
  );
  return {
    // The pages are what a folder export of the shop holds, and links are checked with folder semantics.
    kind: 'folder',
    target: `(generated in memory: ${pages} pages)`,
    http: false,
    baseUrl: BASE_URL,
    size: limit,
    notes: ['pages generated in memory, not read from files'],
    async *items(): AsyncIterable<SourceItem> {
      for (let i = 0; i < limit; i++) {
        const url = `${BASE_URL}${productPath(product(i))}`;
        yield { page: { url, body: Buffer.from(productPage(i, pages), 'utf8'), origin: url } };
      }
    },
    checkLinks,
  };
}

/** At most the first `count` items of a source: the warm-up pass. */
export function firstItems(source: Source, count: number): Source {
  return {
    ...source,
    async *items(): AsyncIterable<SourceItem> {
      let n = 0;
      for await (const item of source.items()) {
        if (n++ >= count) return;
        yield item;
      }
    },
  };
}
