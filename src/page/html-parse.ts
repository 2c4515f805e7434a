// The single parse of a page: htmlparser2's streaming tokenizer (no DOM) feeds the handlers below,
// which keep a small stack of what is open (visible or not, page chrome or main content, head or
// body, foreign content) and collect the plain facts a Page holds. Deep nesting is flattened past
// MAX_DEPTH as Chromium does, with "phantoms" for the elements moved aside (see Frame.phantoms).
import { Parser } from 'htmlparser2';
import { collapse } from './collapse.js';
import { anchorOf, CHROME, CHROME_ROLES, FOREIGN_CONTEXT, HEAD_CONTENT, HEADING_LEVEL, INLINE, INVISIBLE, MAX_DEPTH, NOSNIPPET_ELEMENTS, PARSE_CHUNK, parseJsonLd, type Frame, type RawLink } from './elements.js';
import { DomHandler } from 'domhandler';
import { HeadFacts } from './head.js';
import { MarkupFacts } from './markup.js';
import { VisibleText } from './visible-text.js';
import { countWords } from './text.js';
import type { Heading, Image, JsonLdBlock, Page, PlaceholderLink } from './types.js';

export { MAX_DEPTH };
import { resolveLinks } from './urls.js';

/** Thrown when a parse's deadline passes mid-page: the page is not audited (a timer cannot fire while it parses). */
export class ParseStopped extends Error {
  constructor(readonly url: string) {
    super(`${url}: the time budget ran out while this page was parsed`);
    this.name = 'ParseStopped';
  }
}

export interface ParseOptions {
  /** A Date.now() time: past it, parsing stops with ParseStopped. */
  deadline?: number;
  /** False: wordCount is left 0, for a caller that wants only the text (segmenting it costs more than parsing it). */
  countWords?: boolean;
  /**
   * Also build the document tree (domhandler) from the same parse, as `page.dom`: for CSS selector
   * checks and extraction, which a config asks for. Off by default: the tree costs memory and time.
   */
  dom?: boolean;
}

type ParserInternals = { stack?: unknown; onclosetag(start: number, end: number): void; getSlice(start: number, end: number): string; startIndex: number; endIndex: number };

/** One page's parse: the open elements, and the facts collected so far. */
export class HtmlParse {
  private readonly stack: Frame[] = [];
  private invisible = 0;
  private chrome = 0;
  private main = 0;
  private article = 0;
  private foreign = 0;
  private inHead = 0;
  private inert = 0;
  /** Body content has begun: `<link>`s from here on are not in the head, and search engines ignore their canonical and hreflang. */
  private inBody = false;
  private lang: string | undefined;
  private baseHref: string | undefined;
  private readonly titles: string[] = [];
  private titleBuf: string | undefined;
  /** Metas, canonical and hreflang links (head.ts). */
  private readonly head = new HeadFacts();
  private readonly headings: Heading[] = [];
  private headingBuf: string | undefined;
  private headingLevel: Heading['level'] = 1;
  private readonly rawLinks: RawLink[] = [];
  /** `<a>` elements without an href: placeholders, or links a crawler cannot follow (link-uncrawlable). */
  private readonly placeholders: PlaceholderLink[] = [];
  /** The open `<a>`: links never nest, a new `<a>` closes the open one as browsers do. */
  private openLink: (RawLink & { placeholder?: Omit<PlaceholderLink, 'text'> }) | undefined;
  private readonly images: Image[] = [];
  /** The DOM's size and ids, resources, forms, pictures (markup.ts). */
  private readonly markup = new MarkupFacts();
  /** Head elements met in the body, where search engines ignore them: "title", "meta description", "meta robots". */
  private readonly outsideHead: string[] = [];
  private readonly jsonLd: JsonLdBlock[] = [];
  private jsonLdBuf: string | undefined;
  /** The visible text, kept to choose the main text at the end (visible-text.ts). */
  private readonly text = new VisibleText();
  /** data-nosnippet elements open. */
  private nosnippet = 0;
  /** A block boundary was passed: the next visible text starts with a space (added once, not per tag). */
  private pendingSpace = false;
  /** Where the page nested past MAX_DEPTH (a character offset), once it has. */
  private cutAt: number | undefined;
  /** Phantoms open in all: while there are none, closing tags go straight to the parser. */
  private phantomCount = 0;
  private readonly parser: Parser;
  private readonly internals: ParserInternals;
  /** The document tree, when asked for (ParseOptions.dom). */
  private tree: DomHandler | undefined;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly options: ParseOptions,
  ) {
    // The tree follows the parser's own stack (every open and close it emits), as htmlparser2's parseDocument builds it.
    const tree = options.dom ? (this.tree = new DomHandler(undefined, { withStartIndices: false })) : undefined;
    this.parser = new Parser(
      {
        onopentagname: () => this.onopentagname(),
        onopentag: (name, attrs) => {
          tree?.onopentag(name, attrs);
          this.onopentag(name, attrs);
        },
        ontext: (text) => {
          tree?.ontext(text);
          this.ontext(text);
        },
        // After a cut, the parser closes the element it was opening (a void one): it was never pushed.
        onclosetag: (name) => {
          tree?.onclosetag();
          if (this.cutAt === undefined) this.closeTag(name);
        },
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
    // Closing tags pass by the phantoms first (see Frame.phantoms). The tokenizer calls the
    // parser's own onclosetag for each closing tag it reads; this stands in front of it.
    const internals = this.parser as unknown as ParserInternals;
    this.internals = internals;
    const parserClose = internals.onclosetag.bind(this.parser);
    internals.onclosetag = (start: number, end: number): void => {
      if (this.phantomCount > 0 && this.closesPhantom(internals.getSlice(start, end).toLowerCase())) {
        // What the parser does after a closing tag: the next node starts after it.
        internals.endIndex = end;
        internals.startIndex = end + 1;
        return;
      }
      parserClose(start, end);
    };
  }

  /** Parses the page's text and returns its facts. */
  run(html: string): Page {
    const { deadline } = this.options;
    for (let at = 0; at < html.length && this.cutAt === undefined; at += PARSE_CHUNK) {
      if (deadline !== undefined && at > 0 && Date.now() >= deadline) throw new ParseStopped(this.url);
      this.parser.write(html.length <= PARSE_CHUNK ? html : html.slice(at, at + PARSE_CHUNK));
    }
    if (this.cutAt === undefined) this.parser.end();
    const warnings: string[] = [];
    if (this.cutAt !== undefined) {
      // What the parser does at the end of a page: every element still open is closed there.
      for (let i = this.stack.length - 1; i >= 0; i--) this.closeTag(this.stack[i]!.name);
      warnings.push(`elements nest more than ${MAX_DEPTH} deep at character ${this.cutAt}: the rest of the page (${html.length - this.cutAt} characters) was not parsed; findings describe the part before it`);
    }
    return this.page(html.length, warnings);
  }

  private appendVisible(text: string): void {
    const s = this.pendingSpace ? ` ${text}` : text;
    this.pendingSpace = false;
    this.text.append(s, { main: this.main > 0, article: this.article > 0, body: this.chrome === 0, nosnippet: this.nosnippet > 0 });
  }

  /**
   * Called as the parser puts a tag on its stack, before onopentag. Past MAX_DEPTH the element
   * before it is closed, so the new one becomes its sibling, as Chromium does: the parser's
   * stack (and each tag's cost) stays bounded, and a page that nests only as htmlparser2 reads it
   * (600 unclosed <p><font> pairs, table rows of <td><div> never closed) is read to its end.
   * Foreign content (svg, math) is not flattened: there the parse stops, as before, with a warning.
   */
  private onopentagname(): void {
    if (this.cutAt !== undefined) return;
    const open = this.internals.stack;
    if (!Array.isArray(open) || open.length <= MAX_DEPTH) return;
    const deepest = open[1] as string;
    if (FOREIGN_CONTEXT.has(deepest)) return;
    open.splice(1, 1);
    // Closed for what the rules see (the new element is its sibling), but still open in the
    // document: a phantom above the element below it, with the phantoms it had above itself.
    const { stack } = this;
    const closed = stack[stack.length - 1]!;
    const moved = closed.phantoms;
    closed.phantoms = undefined;
    this.closeTag(deepest);
    const below = stack[stack.length - 1];
    if (below) {
      this.addPhantom(below, deepest);
      for (const name of moved ?? []) this.addPhantom(below, name);
    }
  }

  private onopentag(name: string, attrs: Record<string, string>): void {
    if (this.cutAt !== undefined) return;
    const { stack } = this;
    if (stack.length >= MAX_DEPTH) {
      // Stop at once, before this element: what is open is closed below, as at the end of a page.
      this.cutAt = this.parser.startIndex;
      this.parser.pause();
      return;
    }
    if (!HEAD_CONTENT.has(name)) {
      this.endOpenHead();
      // Markup inside a head <noscript> (a GTM iframe, say) is raw text to a scripting browser: the head goes on.
      const parent = stack[stack.length - 1];
      if (name !== 'html' && name !== 'head' && !(parent && HEAD_CONTENT.has(parent.name))) this.inBody = true;
    }
    this.push(name, attrs);
    if (!INLINE.has(name)) this.separate();
    if (this.inert > 0) return;
    this.markup.counted(attrs);
    this.element(name, attrs);
  }

  /** A head element met after the body began (a browser leaves it in the body, and search engines skip it there). */
  private noteOutsideHead(what: string): void {
    if (this.inBody && this.inHead === 0 && this.foreign === 0 && !this.outsideHead.includes(what)) this.outsideHead.push(what);
  }

  /** The element's frame: what it starts (invisible text, page chrome, main content, the head…). */
  private push(name: string, attrs: Record<string, string>): void {
    const frame: Frame = { name, invisible: false, chrome: false, main: false, article: false, foreign: false, head: false, inert: false };
    if (name === 'svg' || name === 'math') frame.foreign = true;
    if (INVISIBLE.has(name) || attrs.hidden !== undefined) frame.invisible = true;
    const role = attrs.role?.toLowerCase();
    if (CHROME.has(name) || (role !== undefined && CHROME_ROLES.has(role))) frame.chrome = true;
    if (name === 'main' || role === 'main') frame.main = true;
    if (name === 'article') frame.article = true;
    if (name === 'template') frame.inert = true;
    if (attrs['data-nosnippet'] !== undefined && NOSNIPPET_ELEMENTS.has(name)) frame.nosnippet = true;
    this.stack.push(frame);
    if (frame.nosnippet) this.nosnippet++;
    if (frame.foreign) this.foreign++;
    if (frame.invisible) this.invisible++;
    if (frame.chrome) this.chrome++;
    if (frame.main) this.main++;
    if (frame.article) this.article++;
    if (frame.inert) this.inert++;
    if (name === 'head') {
      frame.head = true;
      this.inHead++;
    }
  }

  /** What an element tells: the page's language and base, a title, a meta, a link, an image, JSON-LD, a heading. */
  private element(name: string, attrs: Record<string, string>): void {
    this.markup.opened(name, attrs);
    switch (name) {
      case 'html':
        if (attrs.lang !== undefined && this.lang === undefined) this.lang = attrs.lang.trim();
        break;
      case 'base':
        if (attrs.href !== undefined && this.baseHref === undefined) this.baseHref = attrs.href.trim();
        break;
      case 'title':
        if (this.foreign === 0) {
          this.titleBuf = '';
          this.noteOutsideHead('title');
        }
        break;
      case 'meta': {
        const metaName = attrs.name?.trim().toLowerCase();
        if (metaName === 'description') this.noteOutsideHead('meta description');
        else if (metaName === 'robots' || metaName === 'googlebot') this.noteOutsideHead('meta robots');
        this.head.meta(attrs);
        break;
      }
      case 'link':
        if (!this.inBody) this.head.link(attrs);
        break;
      case 'a':
        this.closeLink();
        this.openLink = anchorOf(attrs);
        break;
      case 'img':
        this.onImage(attrs);
        break;
      case 'script':
        if ((attrs.type ?? '').trim().toLowerCase() === 'application/ld+json') this.jsonLdBuf = '';
        break;
      default: {
        const level = HEADING_LEVEL[name];
        if (level !== undefined && this.foreign === 0) {
          // A heading opened inside another ends it, as in browsers (`<h1>A<h2>B</h2>` is two headings).
          this.closeHeading();
          this.headingBuf = '';
          this.headingLevel = level;
        }
      }
    }
  }

  private onImage(attrs: Record<string, string>): void {
    const img: Image = { src: (attrs.src ?? '').trim() };
    // Sized in the markup: width and height attributes, or both in its style (what reserves its space before it loads).
    const style = attrs.style ?? '';
    if ((attrs.width !== undefined && attrs.height !== undefined) || (/(?:^|;)\s*width\s*:/i.test(style) && /(?:^|;)\s*height\s*:/i.test(style)) || /aspect-ratio\s*:/i.test(style)) img.sized = true;
    if (attrs.alt !== undefined) img.alt = attrs.alt;
    if (attrs.role !== undefined) img.role = attrs.role.trim().toLowerCase();
    this.images.push(img);
    const alt = attrs.alt?.trim();
    if (alt) {
      if (this.headingBuf !== undefined) this.headingBuf += ` ${alt} `;
      if (this.openLink) this.openLink.text += ` ${alt} `;
    }
  }

  private ontext(text: string): void {
    if (this.titleBuf !== undefined) {
      this.titleBuf += text;
      return;
    }
    if (this.jsonLdBuf !== undefined) {
      this.jsonLdBuf += text;
      return;
    }
    if ((!this.inBody || this.inHead > 0) && /\S/.test(text)) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined || top.name === 'html' || top.head) this.inBody = true;
      this.endOpenHead();
    }
    if (this.invisible > 0 || this.foreign > 0) return;
    if (this.headingBuf !== undefined) this.headingBuf += text;
    if (this.openLink) this.openLink.text += text;
    this.appendVisible(text);
  }

  private addPhantom(frame: Frame, name: string): void {
    (frame.phantoms ??= []).push(name);
    (frame.phantomNames ??= new Map()).set(name, (frame.phantomNames.get(name) ?? 0) + 1);
    this.phantomCount++;
  }

  /**
   * A closing tag whose innermost open element of that name is a phantom closes the phantom (and
   * the phantoms inside it) and nothing else: true. False: the parser closes a real element.
   */
  private closesPhantom(name: string): boolean {
    const { stack } = this;
    for (let f = stack.length - 1; f >= 0; f--) {
      const frame = stack[f]!;
      if (frame.phantomNames?.has(name)) {
        // The real elements above this frame opened inside the phantom: they close with it, in
        // the parser's stack too (its top is its first entry). Foreign content is left to the parser.
        const inside = stack.length - 1 - f;
        const open = this.internals.stack;
        if (inside > 0) {
          if (!Array.isArray(open) || stack.slice(f + 1).some((fr) => FOREIGN_CONTEXT.has(fr.name))) return false;
          open.splice(0, inside);
          for (let k = 0; k < inside; k++) this.closeTag(stack[stack.length - 1]!.name);
        }
        const phantoms = frame.phantoms!;
        let j = phantoms.length - 1;
        while (phantoms[j] !== name) j--;
        for (let k = j; k < phantoms.length; k++) {
          const left = frame.phantomNames.get(phantoms[k]!)! - 1;
          if (left === 0) frame.phantomNames.delete(phantoms[k]!);
          else frame.phantomNames.set(phantoms[k]!, left);
        }
        this.phantomCount -= phantoms.length - j;
        phantoms.length = j;
        return true;
      }
      if (frame.name === name) return false;
    }
    return false;
  }

  /** An element ends: what it started stops, and what it held (a title, a link, a heading) is taken. */
  private closeTag(name: string): void {
    const frame = this.stack.pop();
    if (frame?.phantoms) this.phantomCount -= frame.phantoms.length;
    if (frame) {
      if (frame.foreign) this.foreign--;
      if (frame.invisible) this.invisible--;
      if (frame.chrome) this.chrome--;
      if (frame.main) this.main--;
      if (frame.article) this.article--;
      if (frame.head) this.inHead--;
      if (frame.inert) this.inert--;
      if (frame.nosnippet) this.nosnippet--;
    }
    if (this.inert > 0) return;
    this.markup.closed(name);
    if (!INLINE.has(name)) this.separate();
    if (name === 'title' && this.titleBuf !== undefined) {
      this.titles.push(collapse(this.titleBuf));
      this.titleBuf = undefined;
    } else if (name === 'a') {
      this.closeLink();
    } else if (name === 'script' && this.jsonLdBuf !== undefined) {
      this.jsonLd.push(parseJsonLd(this.jsonLdBuf));
      this.jsonLdBuf = undefined;
    } else if (HEADING_LEVEL[name] !== undefined && this.foreign === 0) {
      this.closeHeading();
    }
  }

  private separate(): void {
    if (this.invisible > 0 || this.foreign > 0 || this.inHead > 0) return;
    if (this.headingBuf !== undefined) this.headingBuf += ' ';
    if (this.openLink) this.openLink.text += ' ';
    this.pendingSpace = true;
  }

  /**
   * `</head>` and `<body>` are optional: body content met directly in the head ends it. htmlparser2
   * keeps the head open until its end tag, so the frame stops counting as head and invisible here.
   */
  private endOpenHead(): void {
    const top = this.stack[this.stack.length - 1];
    if (!top?.head) return;
    top.head = false;
    top.invisible = false;
    this.inHead--;
    this.invisible--;
  }

  private closeLink(): void {
    const open = this.openLink;
    this.openLink = undefined;
    if (!open) return;
    const { placeholder, ...link } = open;
    if (placeholder) this.placeholders.push({ ...placeholder, text: collapse(open.text) });
    else this.rawLinks.push({ ...link, text: collapse(open.text) });
  }

  private closeHeading(): void {
    if (this.headingBuf !== undefined) this.headings.push({ level: this.headingLevel, text: collapse(this.headingBuf) });
    this.headingBuf = undefined;
  }

  /** The facts collected, as a Page: links resolved against the page's base, the main text chosen. */
  private page(bytes: number, warnings: string[]): Page {
    const { url, headers } = this;
    const links = resolveLinks(this.rawLinks, url, this.baseHref);
    const { text, snippetHidden } = this.text.result();
    const page: Page = {
      url,
      headers,
      charset: 'utf-8',
      warnings,
      titles: this.titles,
      ...this.head.facts(headers),
      headings: this.headings,
      links,
      placeholderLinks: this.placeholders,
      ...this.markup.facts(),
      outsideHead: this.outsideHead,
      images: this.images,
      jsonLd: this.jsonLd,
      text,
      snippetHidden,
      wordCount: this.options.countWords === false ? 0 : countWords(text),
      bytes,
    };
    if (this.lang !== undefined) page.lang = this.lang;
    if (this.titles[0] !== undefined) page.title = this.titles[0];
    if (this.tree) {
      this.tree.onend();
      page.dom = this.tree.root;
    }
    return page;
  }
}
