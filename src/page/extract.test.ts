import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPage, MAX_DEPTH } from './extract.js';
import { robotsFrom } from './robots.js';
import type { Page } from './types.js';

const URL_ = 'https://shop.example/products/blue-widget';
const extract = (html: string, headers: Record<string, string> = {}, url = URL_): Page =>
  extractPage({ url, body: Buffer.from(html, 'utf8'), headers });
const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/pages/seonaut/${name}`, import.meta.url));

describe('titles', () => {
  it('keeps every document title and uses the first', () => {
    const p = extract('<head><title>Head title</title></head><body><title>Body title</title></body>');
    expect(p.titles).toEqual(['Head title', 'Body title']);
    expect(p.title).toBe('Head title');
  });

  it('ignores <title> inside <svg> and <math>', () => {
    const p = extract('<body><svg><title>Icon</title></svg><math><title>m</title></math><title>Real</title></body>');
    expect(p.titles).toEqual(['Real']);
  });

  it('reads UPPERCASE tags, collapses white space and decodes entities', () => {
    const p = extract('<HTML LANG="de"><HEAD><TITLE>\n  Caf&eacute; &amp;\t Bar&nbsp;&#x1F600;  </TITLE></HEAD></HTML>');
    expect(p.title).toBe('Café & Bar 😀');
    expect(p.lang).toBe('de');
  });

  it('does not see a title in a comment', () => {
    const p = extract('<!-- <title>Old</title> --><title>New</title>');
    expect(p.titles).toEqual(['New']);
  });

  it('has no title when there is none, and an empty one for <title>&nbsp;</title>', () => {
    expect(extract('<p>x</p>').title).toBeUndefined();
    expect(extract('<title>&nbsp; </title>').titles).toEqual(['']);
  });

  it('reads an unclosed <title> to the end of the document, as browsers do', () => {
    // <title> is raw text: the rest of the page becomes the title and nothing is parsed as markup.
    const p = extract('<html><head><title>Unclosed<body><h1>Heading</h1><p>text');
    expect(p.title).toBe('Unclosed<body><h1>Heading</h1><p>text');
    expect(p.headings).toEqual([]);
    expect(p.text).toBe('');
  });

  it('does not take a <title> out of a <textarea>', () => {
    const p = extract('<title>Yes</title><textarea><title>No</title></textarea>');
    expect(p.titles).toEqual(['Yes']);
  });
});

describe('meta tags', () => {
  it('reads descriptions, viewport and og:* with case-insensitive names', () => {
    const p = extract(`<head>
      <META NAME="Description" CONTENT="  First   description ">
      <meta name="description" content="Second">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta property="OG:Title" content="OG one"><meta property="og:title" content="OG two">
      <meta name="og:image" content="/i.png">
      <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
    </head>`);
    expect(p.meta.descriptions).toEqual(['First description', 'Second']);
    expect(p.meta.description).toBe('First description');
    expect(p.meta.viewport).toBe('width=device-width, initial-scale=1');
    expect(p.meta.og).toEqual({ 'og:title': 'OG one', 'og:image': '/i.png' });
    expect(p.meta.all).toHaveLength(7);
    expect(p.meta.all[6]).toEqual({ httpEquiv: 'content-type', content: 'text/html; charset=utf-8' });
  });

  it('keeps an empty description as empty, and a missing content as empty', () => {
    expect(extract('<meta name="description" content="">').meta.description).toBe('');
    expect(extract('<meta name="description">').meta.description).toBe('');
  });
});

describe('headings', () => {
  it('gives a heading with only an image its alt text', () => {
    const p = extract('<h1><img src="/logo.png" alt="Brand"></h1><h2><a href="/"><img alt=" Logo "></a> Home</h2>');
    expect(p.headings).toEqual([{ level: 1, text: 'Brand' }, { level: 2, text: 'Logo Home' }]);
    expect(p.images).toEqual([{ src: '/logo.png', alt: 'Brand' }, { src: '', alt: ' Logo ' }]);
  });

  it('collapses nested markup, entities and NBSP-only headings', () => {
    const p = extract('<H1 CLASS="x">Fish &amp; <em>Chips</em>\n<br>to go</H1><h2>&nbsp;</h2><h3></h3>');
    expect(p.headings).toEqual([
      { level: 1, text: 'Fish & Chips to go' },
      { level: 2, text: '' },
      { level: 3, text: '' },
    ]);
  });

  it('ends an open heading when another heading starts, as browsers do', () => {
    const p = extract('<h1>Title<h2>Sub</h2><h3>Last<p>para</p>');
    expect(p.headings).toEqual([
      { level: 1, text: 'Title' },
      { level: 2, text: 'Sub' },
      { level: 3, text: 'Last para' },
    ]);
  });

  it('ignores headings in comments and in svg, and script text inside a heading', () => {
    const p = extract('<!-- <h1>Old</h1> --><h1>Now<script>var x = 1</script></h1><svg><h2>no</h2></svg>');
    expect(p.headings).toEqual([{ level: 1, text: 'Now' }]);
  });
});

describe('visible text', () => {
  it('leaves out script, style, noscript, template and [hidden]', () => {
    const p = extract(`<body><script>var a = "script"</script><style>.s{}</style><noscript>noscript</noscript>
      <template><p>template</p></template><div hidden>hidden <b>too</b></div><p>visible</p></body>`);
    expect(p.text).toBe('visible');
    expect(p.wordCount).toBe(1);
  });

  it('uses <main> when there is one', () => {
    const p = extract('<body><nav>Menu</nav><article>Teaser</article><main>Main <nav>in-main nav</nav> text</main><footer>Foot</footer></body>');
    expect(p.text).toBe('Main in-main nav text');
  });

  it('uses role="main" like <main>', () => {
    expect(extract('<body><div>Chrome</div><div role="main">Content</div></body>').text).toBe('Content');
  });

  it('uses <article> when there is no main', () => {
    expect(extract('<body><nav>Menu</nav><article><header>Art head</header>Body</article><aside>Side</aside></body>').text).toBe('Art head Body');
  });

  it('uses the body minus nav, header, footer, aside and their ARIA roles otherwise', () => {
    const p = extract(`<body><header>Logo</header><nav>Menu</nav><div role="navigation">Crumbs</div>
      <p>Content here</p><aside>Ads</aside><div role="contentinfo">Legal</div><footer>Foot</footer></body>`);
    expect(p.text).toBe('Content here');
  });

  it('falls back from an empty <main> to the body', () => {
    expect(extract('<body><main> </main><p>Only text</p></body>').text).toBe('Only text');
  });

  it('separates block elements but joins inline ones', () => {
    expect(extract('<p>a</p><p>b</p>').text).toBe('a b');
    expect(extract('<b>bo</b>ld and <span>sp</span><em>an</em> x<br>y <del>de</del>l').text).toBe('bold and span x y del');
    expect(extract('<ul><li>one<li>two</ul><table><tr><td>c1<td>c2</table>').text).toBe('one two c1 c2');
  });

  it('keeps the text around an svg, but not the svg text', () => {
    expect(extract('<p>before <svg><path d="M0 0"/><text>svg</text></svg> after</p>').text).toBe('before after');
  });

  it('does not count image alt text or comments as text', () => {
    expect(extract('<p>A <img alt="picture"> B<!-- comment --></p>').text).toBe('A B');
  });

  it('reads text when </head> and <body> are missing', () => {
    expect(extract('<html><head><title>T</title><p>no body tag</p>').text).toBe('no body tag');
    const p = extract('<head><title>T</title>Stray text<meta name="description" content="d"></head><p>x</p>');
    expect(p.text).toBe('Stray text x');
    expect(p.meta.description).toBe('d');
  });

  it('keeps head content out of the text', () => {
    const p = extract('<head>\n <noscript><link rel="stylesheet" href="a.css"></noscript><style>p{}</style><title>T</title>\n</head><body>Body</body>');
    expect(p.text).toBe('Body');
  });
});

describe('links', () => {
  it('resolves hrefs against <base href> and tells internal from external by host', () => {
    const p = extract(
      `<base href="https://shop.example/en/">
      <a href="shoes">Shoes</a><a href="/about">About</a><a href="//shop.example/x">Proto-relative</a>
      <a href="http://shop.example/http">Plain http</a><a href="https://blog.shop.example/">Subdomain</a>
      <a href="https://other.example/">Other</a><a href="mailto:a@shop.example">Mail</a>
      <a href="#top">Top</a><a href="">Empty</a><a href="http://[bad">Bad</a>`,
    );
    expect(p.links.map((l) => [l.href, l.url, l.internal])).toEqual([
      ['shoes', 'https://shop.example/en/shoes', true],
      ['/about', 'https://shop.example/about', true],
      ['//shop.example/x', 'https://shop.example/x', true],
      ['http://shop.example/http', 'http://shop.example/http', true],
      ['https://blog.shop.example/', 'https://blog.shop.example/', false],
      ['https://other.example/', 'https://other.example/', false],
      ['mailto:a@shop.example', 'mailto:a@shop.example', false],
      ['#top', 'https://shop.example/en/#top', true],
      ['', undefined, false],
      ['http://[bad', undefined, false],
    ]);
  });

  it('makes relative links external when <base> points at another host', () => {
    const p = extract('<base href="https://cdn.example/"><a href="page">P</a>');
    expect(p.links[0]).toMatchObject({ url: 'https://cdn.example/page', internal: false });
  });

  it('resolves against the page URL when <base href> is relative or missing', () => {
    expect(extract('<base href="/sub/"><a href="x">x</a>').links[0]?.url).toBe('https://shop.example/sub/x');
    expect(extract('<a href="x">x</a>').links[0]?.url).toBe('https://shop.example/products/x');
  });

  it('reads rel tokens separated by spaces or commas, lower-cased', () => {
    const p = extract('<a href="/a" REL="NoFollow  UGC">a</a><a href="/b" rel="sponsored,ugc">b</a><a href="/c">c</a>');
    expect(p.links.map((l) => l.rel)).toEqual([['nofollow', 'ugc'], ['sponsored', 'ugc'], []]);
  });

  it('collects link text with entities, inline markup and image alts', () => {
    const p = extract('<a href="/x">Fish&nbsp;&amp; <b>chips</b> <img alt="icon"></a><A HREF="/y"><IMG ALT="Logo"></A>');
    expect(p.links.map((l) => l.text)).toEqual(['Fish & chips icon', 'Logo']);
  });

  it('closes an open link when another <a> starts, as browsers do', () => {
    const p = extract('<a href="/outer">outer <a href="/inner">inner</a> tail</a><a name="anchor"></a>');
    expect(p.links.map((l) => [l.href, l.text])).toEqual([['/outer', 'outer'], ['/inner', 'inner']]);
  });

  it('records links without an href not at all', () => {
    expect(extract('<a name="x">named</a><a>plain</a>').links).toEqual([]);
  });
});

describe('<template> content', () => {
  it('is inert: no titles, headings, links, images, meta, JSON-LD or text from inside it', () => {
    const p = extract(`<head><title>Doc</title><template><title>Tpl</title><meta name="description" content="tpl"></template></head>
      <body><h1>Real <template><h2>card</h2></template>heading</h1>
      <template><a href="/tpl">Tpl link</a><img src="/tpl.png" alt="x">
      <script type="application/ld+json">{"a":1}</script><p>tpl text</p></template><p>Body</p></body>`);
    expect(p.titles).toEqual(['Doc']);
    expect(p.meta.descriptions).toEqual([]);
    expect(p.headings).toEqual([{ level: 1, text: 'Real heading' }]);
    expect(p.links).toEqual([]);
    expect(p.images).toEqual([]);
    expect(p.jsonLd).toEqual([]);
    expect(p.text).toBe('Real heading Body');
  });
});

describe('canonical and hreflang', () => {
  it('keeps canonicals in order, trimmed, and hreflang exactly as written', () => {
    const p = extract(`<link rel="canonical" href=" /c ">
      <link REL="Canonical" href="https://shop.example/c2">
      <link rel="alternate" hreflang=" en-GB" href="/en">
      <link rel="alternate" HREFLANG="de-de" href="https://shop.example/de">
      <link rel="alternate" hreflang="x-default" href="https://shop.example/">
      <link rel="alternate" type="application/rss+xml" href="/feed">`);
    expect(p.canonicals).toEqual(['/c', 'https://shop.example/c2']);
    expect(p.hreflang).toEqual([
      { lang: ' en-GB', href: '/en' },
      { lang: 'de-de', href: 'https://shop.example/de', url: 'https://shop.example/de' },
      { lang: 'x-default', href: 'https://shop.example/', url: 'https://shop.example/' },
    ]);
  });
});

describe('canonical and hreflang outside the head', () => {
  it('ignores canonical and hreflang links in the body, as search engines do', () => {
    const p = extract(`<html><head><link rel="canonical" href="/head"></head>
      <body><p>x</p><link rel="canonical" href="/body"><link rel="alternate" hreflang="de" href="https://shop.example/de"></body></html>`);
    expect(p.canonicals).toEqual(['/head']);
    expect(p.hreflang).toEqual([]);
  });

  it('takes body content in a head without </head> as the start of the body', () => {
    const p = extract('<head><title>T</title><img src="/pixel.gif"><link rel="canonical" href="/late">');
    expect(p.canonicals).toEqual([]);
    expect(p.images).toEqual([{ src: '/pixel.gif' }]);
  });

  it('keeps links between </head> and <body>, and after markup in a head <noscript>', () => {
    const p = extract(`<head><noscript><iframe src="https://www.googletagmanager.com/ns.html"></iframe></noscript>
      <link rel="canonical" href="/a"></head><link rel="alternate" hreflang="fr" href="https://shop.example/fr"><body>x</body>`);
    expect(p.canonicals).toEqual(['/a']);
    expect(p.hreflang).toEqual([{ lang: 'fr', href: 'https://shop.example/fr', url: 'https://shop.example/fr' }]);
  });

  it('records an hreflang link without href, with an empty href', () => {
    expect(extract('<link rel="alternate" hreflang="de">').hreflang).toEqual([{ lang: 'de', href: '' }]);
    expect(extract('<link rel="canonical">').canonicals).toEqual([]);
  });
});

describe('JSON-LD', () => {
  it('parses valid blocks and keeps errors for broken ones', () => {
    const p = extract(`<script type="application/ld+json">{"@type": "Product", "name": "Widget"}</script>
      <script type=" Application/LD+JSON ">[{"@type":"BreadcrumbList"}]</script>
      <script type="application/ld+json">{"@type": "Product",}</script>
      <script type="application/ld+json">  </script>
      <script type="application/json">{"not": "ld"}</script>`);
    expect(p.jsonLd).toHaveLength(4);
    expect(p.jsonLd[0]).toEqual({ raw: '{"@type": "Product", "name": "Widget"}', value: { '@type': 'Product', name: 'Widget' } });
    expect(p.jsonLd[1]?.value).toEqual([{ '@type': 'BreadcrumbList' }]);
    expect(p.jsonLd[2]).toMatchObject({ raw: '{"@type": "Product",}', error: expect.stringMatching(/JSON/) });
    expect(p.jsonLd[2]?.value).toBeUndefined();
    expect(p.jsonLd[3]).toMatchObject({ raw: '', error: expect.any(String) });
  });

  it('leaves out the value of a block nested deeper than 128 levels, which nothing could walk', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const p = extract(`<script type="application/ld+json">${deep}</script>`);
    expect(p.jsonLd).toEqual([{ raw: deep, error: 'nests deeper than 128 levels', tooDeep: true }]);
    expect(() => structuredClone(p)).not.toThrow();
  });

  it('keeps markup-looking text inside JSON-LD out of the page text', () => {
    const p = extract('<script type="application/ld+json">{"description": "<b>x</b>"}</script><p>text</p>');
    expect(p.jsonLd[0]?.value).toEqual({ description: '<b>x</b>' });
    expect(p.text).toBe('text');
  });
});

describe('robots', () => {
  it('reads meta robots and googlebot, case-insensitively, but not other bots', () => {
    const p = extract('<meta name="ROBOTS" content="NoIndex, Follow"><meta name="googlebot" content="nosnippet"><meta name="bingbot" content="nofollow">');
    expect(p.robots).toEqual({ directives: ['noindex', 'follow', 'nosnippet'], noindex: true, nofollow: false });
  });

  it('reads X-Robots-Tag, with and without a bot name', () => {
    expect(extract('', { 'x-robots-tag': 'noindex' }).robots.noindex).toBe(true);
    expect(extract('', { 'x-robots-tag': 'googlebot: noindex' }).robots).toEqual({ directives: ['noindex'], noindex: true, nofollow: false });
    expect(extract('', { 'x-robots-tag': 'otherbot: noindex' }).robots).toEqual({ directives: [], noindex: false, nofollow: false });
    expect(extract('', { 'x-robots-tag': 'GoogleBot-News: noindex' }).robots.noindex).toBe(false);
  });

  it('applies a bot name to the directives after it, until the next bot name', () => {
    expect(robotsFrom([], 'otherbot: noindex, nofollow')).toEqual({ directives: [], noindex: false, nofollow: false });
    expect(robotsFrom([], 'noarchive, otherbot: noindex, googlebot: nofollow')).toEqual({
      directives: ['noarchive', 'nofollow'],
      noindex: false,
      nofollow: true,
    });
  });

  it('does not take unavailable_after (or other valued directives) for a bot name', () => {
    // Read on 2025-01-01 the date is to come; on 2025-07-01 it has passed, and the page is noindex.
    expect(robotsFrom([], 'unavailable_after: 2025-06-25T15:00:00+01:00', Date.UTC(2025, 0, 1))).toEqual({
      directives: ['unavailable_after: 2025-06-25t15:00:00+01:00'],
      noindex: false,
      nofollow: false,
    });
    expect(robotsFrom([], 'unavailable_after: 2025-06-25T15:00:00+01:00', Date.UTC(2025, 6, 1))).toEqual({
      directives: ['unavailable_after: 2025-06-25t15:00:00+01:00'],
      noindex: true,
      nofollow: false,
      unavailableAfter: '2025-06-25t15:00:00+01:00',
    });
    expect(robotsFrom([], 'max-snippet: 20, noindex').directives).toEqual(['max-snippet: 20', 'noindex']);
  });

  it('keeps the comma of an RFC 850 date inside the unavailable_after directive', () => {
    const date = 'unavailable_after: Friday, 25-Jun-10 15:00:00 PST';
    expect(robotsFrom([date], undefined).directives).toEqual(['unavailable_after: friday, 25-jun-10 15:00:00 pst']);
    expect(robotsFrom([], `googlebot: ${date}, noindex`).directives).toEqual([
      'unavailable_after: friday, 25-jun-10 15:00:00 pst',
      'noindex',
    ]);
  });

  it('treats none as noindex and nofollow, and merges meta and header', () => {
    expect(robotsFrom(['none'], undefined)).toMatchObject({ noindex: true, nofollow: true });
    expect(robotsFrom(['nofollow'], 'noindex')).toEqual({ directives: ['nofollow', 'noindex'], noindex: true, nofollow: true });
  });
});

describe('page fields', () => {
  it('records status, bytes, keywords, headers and a truncation warning', () => {
    const body = Buffer.from('<title>T</title>');
    const p = extractPage({ url: URL_, body, status: 200, headers: { 'x-a': 'b' }, keywords: ['widget'], truncated: true });
    expect(p).toMatchObject({ url: URL_, status: 200, bytes: body.length, keywords: ['widget'], headers: { 'x-a': 'b' }, charset: 'utf-8' });
    expect(p.warnings).toEqual([`page truncated at ${body.length} bytes; findings describe the part read`]);
  });

  it('leaves out keywords when none are given and lang when absent', () => {
    const p = extractPage({ url: URL_, body: Buffer.from('<p>x</p>'), keywords: [] });
    expect('keywords' in p).toBe(false);
    expect(p.lang).toBeUndefined();
  });
});

describe('SEOnaut parser test pages', () => {
  it('extracts parser.html', () => {
    const p = extractPage({ url: 'https://example.com/', body: fixture('parser.html') });
    expect(p.lang).toBe('en');
    expect(p.titles).toEqual(['Test Page Title']);
    expect(p.meta.description).toBe('Test Page Description');
    expect(p.meta.all.find((m) => m.httpEquiv === 'refresh')?.content).toBe("0;URL='/'");
    expect(p.canonicals).toEqual(['/canonical/']);
    expect(p.robots).toEqual({ directives: ['noindex', 'nofollow'], noindex: true, nofollow: true });
    expect(p.hreflang).toEqual([
      { lang: 'fr', href: 'https://example.com/fr', url: 'https://example.com/fr' },
      { lang: 'x-default', href: 'https://example.com/', url: 'https://example.com/' },
    ]);
    expect(p.headings).toEqual([
      { level: 1, text: 'H1 Title' },
      { level: 2, text: 'H2 Title' },
      { level: 5, text: 'Wrong heading order' },
    ]);
    expect(p.links).toHaveLength(9);
    expect(p.links.map((l) => [l.href, l.text, l.internal])).toEqual([
      ['/link1', 'link1', true],
      ['link2', 'link2', true],
      ['https://example.com/link3', 'link3', true],
      ['https://external.com/test', 'link3', false],
      ['javascript:void(0);', 'Javascript link', false],
      ['mailto:foo@example.com', 'Email link', false],
      ['/home', 'logo', true],
      ['https://example.com', 'Absolute link', true],
      ['#anchor', 'Anchor', true],
    ]);
    expect(p.links[0]?.rel).toEqual(['nofollow']);
    expect(p.links[3]?.rel).toEqual(['sponsored', 'ugc']);
    expect(p.images.map((i) => [i.src.slice(0, 22), i.alt])).toEqual([
      ['/img/logo.png', 'logo'],
      ['', 'no src'],
      ['/img/home.png', 'home'],
      ['data:image/jpeg;base64', 'data image'],
      ['/img/pic-narrow.png', 'picture alt'],
    ]);
    expect(p.jsonLd).toEqual([]);
    expect(p.text).toBe(
      'link1 link2 link3 link3 Javascript link Email link Absolute link Anchor H1 Title word1 word2 H2 Title word1 Wrong heading order',
    );
    expect(p.wordCount).toBe(21);
  });

  it('extracts test.html (a template fragment without markup)', () => {
    const p = extractPage({ url: 'https://example.com/', body: fixture('test.html') });
    expect(p.titles).toEqual([]);
    expect(p.headings).toEqual([]);
    expect(p.links).toEqual([]);
    expect(p.text).toBe('Page Title: {{ .PageTitle }}');
    expect(p.wordCount).toBe(3);
  });
});

describe('nesting deeper than MAX_DEPTH', () => {
  it('keeps a page nested up to the cap whole', () => {
    const p = extract(`<title>T</title><h1>Top</h1>${'<div>'.repeat(MAX_DEPTH - 3)}<p>deep <a href="/x">link</a></p>${'</div>'.repeat(MAX_DEPTH - 3)}<h2>After</h2>`);
    expect(p.warnings).toEqual([]);
    expect(p.links.map((l) => l.href)).toEqual(['/x']);
    expect(p.headings.map((h) => h.text)).toEqual(['Top', 'After']);
  });

  it('reads elements past the cap as siblings of the deepest one, as Chromium does, to the end of the page', () => {
    const html = `<title>T</title><h1>Top</h1><main>${'<div>'.repeat(MAX_DEPTH + 100)}<h2>Deep</h2><a href="/deep">deep link</a>${'</div>'.repeat(MAX_DEPTH + 100)}<p>End <a href="/end">end link</a></p></main><footer><a href="/f">footer</a></footer>`;
    const p = extract(html);
    expect(p.warnings).toEqual([]);
    expect(p.headings).toEqual([
      { level: 1, text: 'Top' },
      { level: 2, text: 'Deep' },
    ]);
    expect(p.links.map((l) => [l.href, l.text])).toEqual([
      ['/deep', 'deep link'],
      ['/end', 'end link'],
      ['/f', 'footer'],
    ]);
    // Still inside <main> after the flattening; the footer is still chrome.
    expect(p.text).toBe("Deep deep link End end link");
  });

  it('closes a flattened element with its own closing tag, not the page\'s wrapper of the same name (and <main> with it)', () => {
    const deep = (n: number) =>
      `<title>T</title><body><div id=page><header><a href="/nav">Nav</a></header><main><h1>Main title</h1>${'<div>'.repeat(n)}deep${'</div>'.repeat(n)}` +
      `<h2>After deep block</h2><p>Important body copy of the page.</p></main><footer><a href="/f">Footer link</a></footer></div></body>`;
    const shallow = extract(deep(100));
    const flattened = extract(deep(600));
    expect(flattened.warnings).toEqual([]);
    expect(flattened.text).toBe(shallow.text);
    expect(flattened.text).toBe('Main title deep After deep block Important body copy of the page.');
    expect(flattened.headings).toEqual(shallow.headings);
    expect(flattened.links).toEqual(shallow.links);
  });

  it('a flattened element\'s closing tag also closes what opened inside it: a heading, a link, a nav', () => {
    const page = (n: number, inner: string) => extract(`<title>T</title><body><div id=page><main>${'<div>'.repeat(n)}<div>${inner}</div> Deep text.${'</div>'.repeat(n)}</main></div></body>`);
    for (const inner of ['<h2>Title', '<a href="/x">Shop', '<nav>menu']) {
      const shallow = page(400, inner);
      const deep = page(600, inner);
      expect(deep.warnings).toEqual([]);
      expect({ text: deep.text, headings: deep.headings, links: deep.links }).toEqual({ text: shallow.text, headings: shallow.headings, links: shallow.links });
    }
    expect(page(600, '<h2>Title').headings).toEqual([{ level: 2, text: 'Title' }]);
  });

  it('stays linear when closing tags for elements never opened follow 800,000 flattened ones', () => {
    const started = performance.now();
    const p = extract(`<main><h1>Deep</h1>${'<div>'.repeat(800_000)}x${'</span>'.repeat(200_000)}${'</div>'.repeat(800_000)}<p>after</p></main>`);
    // A few seconds at most; quadratic it would run for minutes.
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(p.text).toBe('Deep x after');
  });

  it('reads to the end pages that nest deep only as htmlparser2 sees them: unclosed <p><font> pairs, table rows of <td><div>', () => {
    const fonts = `<title>Old page</title><h1>Catalogue</h1>${'<p><font face="Arial">Item text'.repeat(600)}<h2>Contact</h2><a href="/contact">Write to us</a>`;
    const a = extract(fonts);
    expect(a.warnings).toEqual([]);
    expect(a.headings.map((h) => h.text)).toEqual(['Catalogue', 'Contact']);
    expect(a.links.map((l) => l.href)).toEqual(['/contact']);
    expect(a.wordCount).toBe(1 + 2 * 600 + 1 + 3);
    const rows = `<title>Price list</title><h1>Prices</h1><table>${'<tr><td><div>Tent 199'.repeat(600)}</table><h2>Terms</h2><a href="/terms">terms</a>`;
    const b = extract(rows);
    expect(b.warnings).toEqual([]);
    expect(b.headings.map((h) => h.text)).toEqual(['Prices', 'Terms']);
    expect(b.links.map((l) => l.href)).toEqual(['/terms']);
  });

  it('stops in foreign content nested past the cap (svg in svg), closes what is open, and says so', () => {
    const head = `<html><head><title>T</title></head><body><h1>Top <a href="/a">open link`;
    const html = `${head}${'<svg>'.repeat(MAX_DEPTH)}<h2>lost</h2><a href="/lost">lost</a></body></html>`;
    const p = extract(html);
    // html, body, h1 and a are open: the cut comes with the (MAX_DEPTH - 4)th svg's child.
    const cutAt = head.length + '<svg>'.length * (MAX_DEPTH - 4);
    expect(p.warnings).toEqual([
      `elements nest more than ${MAX_DEPTH} deep at character ${cutAt}: the rest of the page (${html.length - cutAt} characters) was not parsed; findings describe the part before it`,
    ]);
    expect(p.title).toBe('T');
    expect(p.headings).toEqual([{ level: 1, text: 'Top open link' }]);
    expect(p.links.map((l) => [l.href, l.text])).toEqual([['/a', 'open link']]);
  });

  it('is linear in the depth: 800,000 nested elements (4 MB) in well under a second', () => {
    const started = performance.now();
    const p = extract(`<h1>Deep</h1>${'<div>'.repeat(800_000)}x <a href="/end">end</a>`);
    // About a second alone, more beside other tests; quadratic it ran past 150 s. bench has the figures.
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(p.headings).toEqual([{ level: 1, text: 'Deep' }]);
    expect(p.links.map((l) => l.href)).toEqual(['/end']);
    expect(p.warnings).toEqual([]);
  });
});

describe('extractPage: a rendered page and the HTML the server sent', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('stays noindex when the server sends noindex and a script removes it: Google does not render a noindex page', () => {
    const p = extractPage({ url: 'https://shop.example/a', body: enc('<html><head><title>A</title></head><body><h1>A</h1></body></html>'), raw: enc('<html><head><meta name="robots" content="noindex"></head><body></body></html>') });
    expect(p.robots.noindex).toBe(true);
    expect(p.robots.directives).toEqual([]);
    expect(p.beforeJs?.robots).toEqual(['noindex']);
  });
  it('is indexable when neither says noindex, and noindex when only the rendered page does', () => {
    const plain = enc('<html><head><title>A</title></head><body></body></html>');
    expect(extractPage({ url: 'https://shop.example/a', body: plain, raw: plain }).robots.noindex).toBe(false);
    expect(extractPage({ url: 'https://shop.example/a', body: enc('<meta name="robots" content="noindex">'), raw: plain }).robots.noindex).toBe(true);
  });
});
