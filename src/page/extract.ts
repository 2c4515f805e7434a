import { Parser } from 'htmlparser2';
import { decodeHtml } from './decode.js';
import { countWords } from './text.js';
import type { Heading, HreflangLink, Image, JsonLdBlock, Link, MetaTag, Page, PageInput, Robots } from './types.js';

/** Elements whose text is never visible. */
const INVISIBLE = new Set(['script', 'style', 'noscript', 'template', 'head']);
/** Page chrome left out of the content when there is no main/article. */
const CHROME = new Set(['nav', 'header', 'footer', 'aside']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary']);
/** Inline elements: text on either side of them joins without a space. */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'label',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
]);
const HEADING_LEVEL: Record<string, Heading['level']> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

interface Frame {
  name: string;
  /** What closing this element undoes. */
  invisible: boolean;
  chrome: boolean;
  main: boolean;
  article: boolean;
  foreign: boolean;
}

/**
 * Parses one page once, in a single streaming pass (htmlparser2's tokenizer, no DOM),
 * and returns the plain-data Page every rule reads.
 */
export function extractPage(input: PageInput): Page {
  const headers = input.headers ?? {};
  const decoded = decodeHtml(input.body, headers['content-type']);
  const warnings: string[] = [];
  if (decoded.warning) warnings.push(decoded.warning);
  if (input.truncated) warnings.push(`page truncated at ${input.body.length} bytes; findings describe the part read`);
  const page = extractFromHtml(decoded.text, input.url, headers);
  page.charset = decoded.charset;
  page.bytes = input.body.length;
  page.warnings = warnings;
  if (input.status !== undefined) page.status = input.status;
  if (input.keywords && input.keywords.length > 0) page.keywords = input.keywords;
  return page;
}

/** The parse itself, from already-decoded text (also used by tests and the CSV source). */
export function extractFromHtml(html: string, url: string, headers: Record<string, string> = {}): Page {
  const stack: Frame[] = [];
  let invisible = 0;
  let chrome = 0;
  let main = 0;
  let article = 0;
  let foreign = 0;
  let inHead = 0;

  let lang: string | undefined;
  let baseHref: string | undefined;
  const titles: string[] = [];
  let titleBuf: string | undefined;
  const metaAll: MetaTag[] = [];
  const descriptions: string[] = [];
  let viewport: string | undefined;
  const og: Record<string, string> = {};
  const canonicals: string[] = [];
  const robotsValues: string[] = [];
  const hreflangRaw: { lang: string; href: string }[] = [];
  const headings: Heading[] = [];
  let headingBuf: string | undefined;
  let headingLevel: Heading['level'] = 1;
  const rawLinks: { href: string; text: string; rel: string[] }[] = [];
  const linkStack: { href: string; text: string; rel: string[] }[] = [];
  const images: Image[] = [];
  const jsonLd: JsonLdBlock[] = [];
  let jsonLdBuf: string | undefined;

  let mainText = '';
  let articleText = '';
  let bodyText = '';

  const appendVisible = (s: string): void => {
    if (main > 0) mainText += s;
    if (article > 0) articleText += s;
    if (chrome === 0) bodyText += s;
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const frame: Frame = { name, invisible: false, chrome: false, main: false, article: false, foreign: false };
        if (name === 'svg' || name === 'math') frame.foreign = true;
        if (INVISIBLE.has(name) || attrs.hidden !== undefined) frame.invisible = true;
        const role = attrs.role?.toLowerCase();
        if (CHROME.has(name) || (role !== undefined && CHROME_ROLES.has(role))) frame.chrome = true;
        if (name === 'main' || role === 'main') frame.main = true;
        if (name === 'article') frame.article = true;
        stack.push(frame);
        if (frame.foreign) foreign++;
        if (frame.invisible) invisible++;
        if (frame.chrome) chrome++;
        if (frame.main) main++;
        if (frame.article) article++;
        if (name === 'head') inHead++;
        if (!INLINE.has(name)) separate();

        switch (name) {
          case 'html':
            if (attrs.lang !== undefined && lang === undefined) lang = attrs.lang.trim();
            break;
          case 'base':
            if (attrs.href !== undefined && baseHref === undefined) baseHref = attrs.href.trim();
            break;
          case 'title':
            if (foreign === 0) titleBuf = '';
            break;
          case 'meta':
            onMeta(attrs);
            break;
          case 'link':
            onLink(attrs);
            break;
          case 'a':
            if (attrs.href !== undefined) {
              linkStack.push({ href: attrs.href.trim(), text: '', rel: splitTokens(attrs.rel) });
            }
            break;
          case 'img': {
            const img: Image = { src: (attrs.src ?? '').trim() };
            if (attrs.alt !== undefined) img.alt = attrs.alt;
            if (attrs.role !== undefined) img.role = attrs.role.trim().toLowerCase();
            images.push(img);
            const alt = attrs.alt?.trim();
            if (alt) {
              if (headingBuf !== undefined) headingBuf += ` ${alt} `;
              for (const l of linkStack) l.text += ` ${alt} `;
            }
            break;
          }
          case 'script':
            if ((attrs.type ?? '').trim().toLowerCase() === 'application/ld+json') jsonLdBuf = '';
            break;
          default: {
            const level = HEADING_LEVEL[name];
            if (level !== undefined && foreign === 0) {
              headingBuf = '';
              headingLevel = level;
            }
          }
        }
      },
      ontext(text) {
        if (titleBuf !== undefined) {
          titleBuf += text;
          return;
        }
        if (jsonLdBuf !== undefined) {
          jsonLdBuf += text;
          return;
        }
        if (invisible > 0 || foreign > 0) return;
        if (headingBuf !== undefined) headingBuf += text;
        for (const l of linkStack) l.text += text;
        appendVisible(text);
      },
      onclosetag(name) {
        const frame = stack.pop();
        if (frame) {
          if (frame.foreign) foreign--;
          if (frame.invisible) invisible--;
          if (frame.chrome) chrome--;
          if (frame.main) main--;
          if (frame.article) article--;
        }
        if (name === 'head') inHead--;
        if (!INLINE.has(name)) separate();
        if (name === 'title' && titleBuf !== undefined) {
          titles.push(collapse(titleBuf));
          titleBuf = undefined;
        } else if (name === 'a') {
          const l = linkStack.pop();
          if (l) rawLinks.push({ ...l, text: collapse(l.text) });
        } else if (name === 'script' && jsonLdBuf !== undefined) {
          jsonLd.push(parseJsonLd(jsonLdBuf));
          jsonLdBuf = undefined;
        } else if (headingBuf !== undefined && HEADING_LEVEL[name] !== undefined) {
          headings.push({ level: headingLevel, text: collapse(headingBuf) });
          headingBuf = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );

  function separate(): void {
    if (invisible > 0 || foreign > 0 || inHead > 0) return;
    if (headingBuf !== undefined) headingBuf += ' ';
    for (const l of linkStack) l.text += ' ';
    appendVisible(' ');
  }

  function onMeta(attrs: Record<string, string>): void {
    const tag: MetaTag = { content: attrs.content ?? '' };
    if (attrs.name !== undefined) tag.name = attrs.name.trim().toLowerCase();
    if (attrs.property !== undefined) tag.property = attrs.property.trim().toLowerCase();
    if (attrs['http-equiv'] !== undefined) tag.httpEquiv = attrs['http-equiv'].trim().toLowerCase();
    metaAll.push(tag);
    const content = collapse(tag.content);
    if (tag.name === 'description') descriptions.push(content);
    else if (tag.name === 'viewport' && viewport === undefined) viewport = content;
    else if (tag.name === 'robots' || tag.name === 'googlebot') robotsValues.push(content);
    const prop = tag.property ?? (tag.name?.startsWith('og:') ? tag.name : undefined);
    if (prop?.startsWith('og:') && og[prop] === undefined) og[prop] = content;
  }

  function onLink(attrs: Record<string, string>): void {
    const rel = splitTokens(attrs.rel);
    if (attrs.href === undefined) return;
    const href = attrs.href.trim();
    if (rel.includes('canonical')) canonicals.push(href);
    if (rel.includes('alternate') && attrs.hreflang !== undefined) {
      hreflangRaw.push({ lang: attrs.hreflang, href });
    }
  }

  parser.end(html);

  const base = resolveBase(url, baseHref);
  const pageHost = safeUrl(url)?.hostname;
  const links: Link[] = rawLinks.map((l) => {
    const resolved = safeUrl(l.href, base);
    const link: Link = { href: l.href, text: l.text, rel: l.rel, internal: false };
    if (resolved && l.href !== '') {
      link.url = resolved.href;
      link.internal = (resolved.protocol === 'http:' || resolved.protocol === 'https:') && resolved.hostname === pageHost;
    }
    return link;
  });
  const hreflang: HreflangLink[] = hreflangRaw.map((h) => {
    const abs = isAbsoluteUrl(h.href) ? safeUrl(h.href) : undefined;
    return abs ? { ...h, url: abs.href } : h;
  });

  const text = collapse(mainText.trim() ? mainText : articleText.trim() ? articleText : bodyText);
  const page: Page = {
    url,
    headers,
    charset: 'utf-8',
    warnings: [],
    titles,
    meta: { descriptions, og, all: metaAll },
    canonicals,
    robots: robotsFrom(robotsValues, headers['x-robots-tag']),
    hreflang,
    headings,
    links,
    images,
    jsonLd,
    text,
    wordCount: countWords(text),
    bytes: html.length,
  };
  if (lang !== undefined) page.lang = lang;
  if (titles[0] !== undefined) page.title = titles[0];
  if (descriptions[0] !== undefined) page.meta.description = descriptions[0];
  if (viewport !== undefined) page.meta.viewport = viewport;
  return page;
}

function splitTokens(value: string | undefined): string[] {
  if (!value) return [];
  return value.toLowerCase().split(/\s+/).filter(Boolean);
}

function parseJsonLd(raw: string): JsonLdBlock {
  const text = raw.trim();
  try {
    return { raw: text, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { raw: text, error: (err as Error).message };
  }
}

export function isAbsoluteUrl(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href);
}

export function safeUrl(href: string, base?: string | URL): URL | undefined {
  try {
    return new URL(href, base);
  } catch {
    return undefined;
  }
}

function resolveBase(url: string, baseHref: string | undefined): string | URL {
  if (baseHref) {
    const b = safeUrl(baseHref, url);
    if (b) return b;
  }
  return url;
}

/** Directives that carry a value after a colon; anything else before a colon names a bot. */
const VALUED_DIRECTIVES = new Set(['max-snippet', 'max-image-preview', 'max-video-preview', 'unavailable_after']);

/**
 * Directives from meta robots/googlebot contents and X-Robots-Tag values that apply to all bots
 * or to Googlebot. X-Robots-Tag may prefix directives with a bot name ("googlebot: noindex").
 */
export function robotsFrom(metaValues: string[], xRobotsTag: string | undefined): Robots {
  const directives: string[] = [];
  for (const v of metaValues) {
    for (const d of v.split(',')) if (d.trim()) directives.push(d.trim().toLowerCase());
  }
  if (xRobotsTag) {
    let applies = true;
    for (const part of xRobotsTag.split(',')) {
      let token = part.trim().toLowerCase();
      const m = /^([a-z0-9_-]+)\s*:\s*(.*)$/.exec(token);
      if (m && !VALUED_DIRECTIVES.has(m[1]!)) {
        applies = m[1] === 'googlebot';
        token = m[2]!.trim();
      }
      if (applies && token) directives.push(token);
    }
  }
  const names = directives.map((d) => d.split(':')[0]!.trim());
  const noindex = names.includes('noindex') || names.includes('none');
  const nofollow = names.includes('nofollow') || names.includes('none');
  return { directives, noindex, nofollow };
}
