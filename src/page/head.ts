// What the head says: every meta (descriptions, viewport, robots, Open Graph), canonical and
// hreflang links. Collected by the one parse (html-parse.ts); links met once the body began are
// ignored, as search engines ignore them.
import { collapse } from './collapse.js';
import { splitTokens } from './elements.js';
import { robotsFrom } from './robots.js';
import { resolveHreflang } from './urls.js';
import type { MetaTag, Page } from './types.js';

export class HeadFacts {
  private readonly all: MetaTag[] = [];
  private readonly descriptions: string[] = [];
  private viewport: string | undefined;
  private readonly og: Record<string, string> = {};
  private readonly robotsValues: string[] = [];
  private readonly canonicals: string[] = [];
  private readonly hreflangRaw: { lang: string; href: string }[] = [];

  meta(attrs: Record<string, string>): void {
    const tag: MetaTag = { content: attrs.content ?? '' };
    if (attrs.name !== undefined) tag.name = attrs.name.trim().toLowerCase();
    if (attrs.property !== undefined) tag.property = attrs.property.trim().toLowerCase();
    if (attrs['http-equiv'] !== undefined) tag.httpEquiv = attrs['http-equiv'].trim().toLowerCase();
    this.all.push(tag);
    const content = collapse(tag.content);
    if (tag.name === 'description') this.descriptions.push(content);
    else if (tag.name === 'viewport' && this.viewport === undefined) this.viewport = content;
    else if (tag.name === 'robots' || tag.name === 'googlebot') this.robotsValues.push(content);
    const prop = tag.property ?? (tag.name?.startsWith('og:') ? tag.name : undefined);
    if (prop?.startsWith('og:') && this.og[prop] === undefined) this.og[prop] = content;
  }

  /** A `<link>` in the head (the caller leaves out those in the body). */
  link(attrs: Record<string, string>): void {
    const rel = splitTokens(attrs.rel);
    const href = attrs.href?.trim();
    if (rel.includes('canonical') && href !== undefined) this.canonicals.push(href);
    // An hreflang link without href is still a (broken) hreflang declaration; hreflang-invalid reports it.
    if (rel.includes('alternate') && attrs.hreflang !== undefined) this.hreflangRaw.push({ lang: attrs.hreflang, href: href ?? '' });
  }

  facts(headers: Record<string, string>): Pick<Page, 'meta' | 'canonicals' | 'robots' | 'hreflang'> {
    const meta: Page['meta'] = { descriptions: this.descriptions, og: this.og, all: this.all };
    if (this.descriptions[0] !== undefined) meta.description = this.descriptions[0];
    if (this.viewport !== undefined) meta.viewport = this.viewport;
    return { meta, canonicals: this.canonicals, robots: robotsFrom(this.robotsValues, headers['x-robots-tag']), hreflang: resolveHreflang(this.hreflangRaw) };
  }
}
