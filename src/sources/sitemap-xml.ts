import { Parser } from 'htmlparser2';

// Caps shared by the sitemap readers over HTTP (sitemap-fetch.ts) and in a folder
// (folder-sitemap.ts), so a hostile sitemap costs the same bounded work on either path.

/**
 * Sitemap files read per run at most. Each is read once however often indexes list it, so an
 * index that lists itself, or fans out, reads at most this many.
 */
export const MAX_SITEMAPS = 1000;
export { DEFAULT_MAX_PAGES } from './defaults.js';

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
  /** xhtml:link rel="alternate" hreflang alternates. */
  alternates?: { hreflang: string; href: string }[];
  /** 1-based line of the entry, for messages. */
  line: number;
}

export interface ParsedSitemap {
  kind: 'urlset' | 'sitemapindex';
  entries: SitemapEntry[];
  /** Entries that were skipped, with their line. */
  problems: string[];
}

export class SitemapError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'SitemapError';
  }
}

/**
 * Parses a sitemap or sitemap index. htmlparser2's XML mode decodes only the predefined and
 * numeric entities and never reads a DTD, so entity-expansion ("billion laughs") and XXE
 * sitemaps cannot make us expand or fetch anything.
 */
export function parseSitemapXml(xml: string): ParsedSitemap {
  const lineStarts = [0];
  for (let i = xml.indexOf('\n'); i !== -1; i = xml.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineAt = (index: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  let root: string | undefined;
  let rootClosed = false;
  const entries: SitemapEntry[] = [];
  const problems: string[] = [];
  let current: { loc?: string; lastmod?: string; alternates: { hreflang: string; href: string }[]; line: number } | undefined;
  let field: 'loc' | 'lastmod' | undefined;
  let text = '';
  let depth = 0;
  let error: SitemapError | undefined;

  const local = (name: string): string => name.slice(name.indexOf(':') + 1).toLowerCase();

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const tag = local(name);
        depth++;
        if (depth === 1) {
          root = tag;
          if (tag !== 'urlset' && tag !== 'sitemapindex' && !error) {
            error = new SitemapError(`not a sitemap: the root element is <${name}>, expected <urlset> or <sitemapindex>`, lineAt(parser.startIndex));
          }
          return;
        }
        if (depth === 2 && (tag === 'url' || tag === 'sitemap')) {
          current = { alternates: [], line: lineAt(parser.startIndex) };
        } else if (current && depth === 3 && (tag === 'loc' || tag === 'lastmod')) {
          field = tag;
          text = '';
        } else if (current && depth === 3 && tag === 'link' && (attrs.rel ?? '').toLowerCase() === 'alternate' && attrs.hreflang && attrs.href) {
          current.alternates.push({ hreflang: attrs.hreflang, href: attrs.href.trim() });
        }
      },
      ontext(t) {
        if (field) text += t;
      },
      onclosetag(name, isImplied) {
        const tag = local(name);
        if (depth === 1) rootClosed = !isImplied;
        if (isImplied && !error && depth <= 2) {
          error = new SitemapError(`<${name}> is never closed: the file looks truncated`, lineAt(xml.length - 1));
        }
        if (field && depth === 3 && tag === field) {
          if (current) current[field] = text.trim();
          field = undefined;
        } else if (current && depth === 2) {
          if (current.loc) {
            const entry: SitemapEntry = { loc: current.loc, line: current.line };
            if (current.lastmod) entry.lastmod = current.lastmod;
            if (current.alternates.length > 0) entry.alternates = current.alternates;
            entries.push(entry);
          } else {
            problems.push(`line ${current.line}: <${name}> without <loc> was skipped`);
          }
          current = undefined;
        }
        depth--;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  if (error) throw error;
  if (root === undefined) throw new SitemapError('not a sitemap: no XML elements found');
  if (!rootClosed) throw new SitemapError(`<${root}> is never closed: the file looks truncated`, lineAt(xml.length - 1));
  return { kind: root === 'sitemapindex' ? 'sitemapindex' : 'urlset', entries, problems };
}
