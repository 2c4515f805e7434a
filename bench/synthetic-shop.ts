import { capitalise, escapeHtml, int, paragraph, pick, rng, seedOf, sentence, textOfLength, word, words, type Rng } from './text-gen.js';

/**
 * A made-up shop whose product pages look like real ones to the parser and the rules: 20–80 KB,
 * a mega-menu, JSON-LD, reviews, related products, and the usual share of SEO mistakes (titles
 * too short or too long, a few duplicated; descriptions missing, short, long or doubled; images
 * without alt; missing canonical, lang, viewport, og:image or H1; noindex; broken JSON-LD; a
 * skipped heading level; "Read more" links; a broken or javascript: link; colour variants whose
 * copy duplicates their parent's).
 * Page i is a pure function of i and the page count, so the folder and the in-memory generator
 * serve byte-identical pages.
 */

export const BASE_URL = 'https://shop.example/';
/** Bump when the pages change, so a cached folder from an older generator is rebuilt. */
export const GENERATOR_VERSION = 1;

/** Independent random streams per page, so a title can be rebuilt without building the page. */
const Salt = { Name: 1, Title: 2, Head: 3, Content: 4, Own: 5 } as const;

const CATEGORIES = [
  'lighting', 'furniture', 'kitchen', 'bathroom', 'garden', 'textiles', 'decor', 'storage', 'outdoor', 'office',
  'kids', 'pets', 'tools', 'cleaning', 'bedding', 'rugs', 'mirrors', 'clocks', 'plants', 'tableware',
  'cookware', 'electronics', 'sports', 'travel',
];
const SUBCATEGORIES = ['new-in', 'bestsellers', 'premium', 'basics', 'sets'];
const EXTRA_PAGES = ['sale/', 'new/', 'brands/', 'gift-cards/', 'stores/'];
const BRANDS = ['Nordhem', 'Calvoro', 'Lumen & Co', 'Bravik', 'Oakridge', 'Mistral', 'Fjelby', 'Tavola', 'Quarzo', 'Helio', 'Sundry', 'Vantaa'];
const NOUNS = ['lamp', 'chair', 'table', 'shelf', 'vase', 'rug', 'kettle', 'pan', 'towel', 'blanket', 'planter', 'clock', 'mirror', 'stool', 'basket', 'mug'];
const ADJECTIVES = ['oak', 'linen', 'matte', 'brushed', 'compact', 'round', 'tall', 'woven', 'ceramic', 'glass', 'steel', 'velvet', 'rattan', 'marble'];
const COLOURS = ['black', 'white', 'sand', 'olive', 'rust', 'navy', 'grey', 'blush'];
const SPEC_NAMES = ['Width', 'Height', 'Depth', 'Weight', 'Material', 'Finish', 'Colour', 'Care', 'Origin', 'Warranty', 'Power', 'Capacity', 'Assembly', 'Certification', 'Packaging', 'Model', 'EAN', 'Volume', 'Voltage', 'Cable length', 'Bulb', 'Max load', 'Fabric', 'Filling', 'Pattern'];

/** Every internal page besides products (home, categories, shop pages): the mega-menu's targets. */
export function staticPaths(): string[] {
  const out = [''];
  for (const c of CATEGORIES) {
    out.push(`c/${c}/`);
    for (const s of SUBCATEGORIES) out.push(`c/${c}/${s}/`);
  }
  return [...out, ...EXTRA_PAGES];
}

export interface Product {
  index: number;
  name: string;
  slug: string;
  category: string;
  brand: string;
  price: number;
  /** A colour variant of the previous product: same copy, so content-near-duplicate has work. */
  variantOf?: number;
}

export function isVariant(i: number): boolean {
  return i > 0 && i % 53 === 20;
}

export function product(i: number): Product {
  const r = rng(seedOf(i, Salt.Name));
  const category = pick(r, CATEGORIES);
  const brand = pick(r, BRANDS);
  const base = `${capitalise(pick(r, ADJECTIVES))} ${pick(r, NOUNS)} ${capitalise(word(r))}`;
  const variantOf = isVariant(i) ? i - 1 : undefined;
  const name = variantOf !== undefined ? `${product(variantOf).name} ${capitalise(pick(r, COLOURS))}` : `${base} ${int(r, 10, 990)}`;
  const slug = `${name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-p${i}`;
  const p: Product = { index: i, name, slug, category, brand, price: int(r, 399, 149999) / 100 };
  if (variantOf !== undefined) p.variantOf = variantOf;
  return p;
}

export function productPath(p: Product): string {
  return `products/${p.slug}/`;
}

/** The product index a path names, when it is a product page of a shop of `pages` products. */
export function productIndexOf(pathname: string, pages: number): number | undefined {
  const m = /^\/products\/([a-z0-9-]+-p(\d+))\/$/.exec(pathname);
  if (!m) return undefined;
  const i = Number(m[2]);
  return i < pages && product(i).slug === m[1] ? i : undefined;
}

/** Titles spread across too short, fine and too long; every 101st page repeats its neighbour's. */
function titleOf(i: number): string {
  if (i > 0 && i % 101 === 50) return titleOf(i - 1);
  const p = product(i);
  const r = rng(seedOf(i, Salt.Title));
  const x = r();
  if (x < 0.1) return textOfLength(r, p.name.split(' ').slice(0, 2).join(' '), 8, 29);
  if (x < 0.7) return textOfLength(r, `${p.name} | ${p.brand}`, 30, 60);
  return textOfLength(r, `${p.name} – ${p.brand} ${p.category}, free delivery and 30-day returns`, 61, 110);
}

function descriptionOf(i: number, r: Rng): string[] {
  const p = product(i);
  const x = r();
  if (x < 0.04) return [];
  const start = `Buy the ${p.name} by ${p.brand}.`;
  if (x < 0.3) return [textOfLength(r, start, 40, 119)];
  if (x < 0.8) return [textOfLength(r, start, 120, 160)];
  if (x < 0.99) return [textOfLength(r, start, 161, 260)];
  return [textOfLength(r, start, 120, 160), textOfLength(r, 'Shop now', 60, 140)];
}

const abs = (path: string): string => `${BASE_URL}${path}`;
const money = (n: number): string => `€${n.toFixed(2).replace('.', ',')}`;

function stars(r: Rng): string {
  const n = int(r, 1, 5);
  return `<span class="stars" aria-label="${n} out of 5">${'★'.repeat(n)}${'☆'.repeat(5 - n)}</span>`;
}

let chrome: { css: string; analytics: string; sprite: string; menu: string; footer: string } | undefined;

/** What every page shares (CSS, tracking snippet, menu, footer), built once. */
function sharedChrome(): NonNullable<typeof chrome> {
  if (chrome) return chrome;
  const r = rng(7);
  const css: string[] = [];
  for (let k = 0; k < 25; k++) {
    css.push(`.${word(r)}-${k}{margin:${int(r, 0, 24)}px ${int(r, 0, 24)}px;padding:${int(r, 0, 16)}px;color:#${int(r, 0, 0xffffff).toString(16).padStart(6, '0')};display:${pick(r, ['flex', 'block', 'grid', 'inline-block'])}}`);
  }
  const analytics = `(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-BENCH');\nwindow.shopConfig = ${JSON.stringify({ currency: 'EUR', locale: 'en-IE', features: words(r, 16), endpoints: Object.fromEntries(words(r, 6).map((w) => [w, `/api/${w}`])) })};`;
  const menu: string[] = ['<nav class="mega-menu" aria-label="Main"><ul class="menu">'];
  for (const c of CATEGORIES) {
    menu.push(`<li class="has-sub"><a href="/c/${c}/">${capitalise(c)}</a><ul>`);
    for (const s of SUBCATEGORIES) menu.push(`<li><a href="/c/${c}/${s}/">${capitalise(s.replace('-', ' '))} ${c}</a></li>`);
    menu.push('</ul></li>');
  }
  for (const e of EXTRA_PAGES) menu.push(`<li class="highlight"><a href="/${e}">${capitalise(e.replace(/[-/]/g, ' ').trim())}</a></li>`);
  menu.push('</ul></nav>');
  const footer: string[] = ['<footer class="site-footer"><div class="footer-columns">'];
  for (const col of ['Help', 'Company', 'Legal', 'Follow us']) {
    footer.push(`<div class="footer-col"><h2 class="footer-title">${col}</h2><ul>`);
    for (let k = 0; k < 6; k++) {
      const w = word(r);
      footer.push(`<li><a href="https://help.shop.example/${col.toLowerCase().replace(/ /g, '-')}/${w}">${capitalise(w)} ${word(r)}</a></li>`);
    }
    footer.push('</ul></div>');
  }
  footer.push(`</div><p class="legal">© 2025 Shop Example Ltd. All prices include VAT.&nbsp;<a href="/stores/">Find a store</a></p></footer>`);
  const icons: string[] = ['<svg xmlns="http://www.w3.org/2000/svg" style="display:none">'];
  for (const id of ['heart', 'cart', 'search', 'user', 'truck', 'chevron']) {
    const d: string[] = [];
    for (let k = 0; k < 12; k++) d.push(`${pick(r, ['M', 'L', 'C', 'l', 'c'])}${int(r, 0, 24)}.${int(r, 0, 99)} ${int(r, 0, 24)}.${int(r, 0, 99)}`);
    icons.push(`<symbol id="icon-${id}" viewBox="0 0 24 24"><title>${id}</title><path d="${d.join(' ')}z"/></symbol>`);
  }
  icons.push('</svg>');
  chrome = { css: css.join('\n'), analytics, sprite: icons.join(''), menu: menu.join(''), footer: footer.join('') };
  return chrome;
}

function head(i: number, p: Product, pages: number): string {
  const r = rng(seedOf(i, Salt.Head));
  const url = abs(productPath(p));
  const title = escapeHtml(titleOf(i));
  const descriptions = descriptionOf(i, r).map(escapeHtml);
  const { css, analytics } = sharedChrome();
  const h: string[] = ['<!DOCTYPE html>', r() < 0.03 ? '<html>' : '<html lang="en">', '<head>', '<meta charset="utf-8">', `<title>${title}</title>`];
  for (const d of descriptions) h.push(`<meta name="description" content="${d}">`);
  if (r() >= 0.02) h.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  if (r() < 0.01) h.push('<meta name="robots" content="noindex, follow">');
  const c = r();
  if (c >= 0.05) h.push(`<link rel="canonical" href="${p.variantOf !== undefined && c < 0.5 ? abs(productPath(product(p.variantOf))) : url}">`);
  if (r() < 0.05) {
    for (const lang of ['de', 'fr']) h.push(`<link rel="alternate" hreflang="${lang}" href="${BASE_URL}${lang}/${productPath(p)}">`);
    h.push(`<link rel="alternate" hreflang="x-default" href="${url}">`);
  }
  const image = `${BASE_URL}media/${p.slug}-1.jpg`;
  h.push(`<meta property="og:type" content="product">`, `<meta property="og:title" content="${title}">`, `<meta property="og:url" content="${url}">`);
  if (descriptions[0]) h.push(`<meta property="og:description" content="${descriptions[0]}">`);
  if (r() >= 0.1) h.push(`<meta property="og:image" content="${image}">`);
  h.push('<link rel="preload" href="/assets/app.css" as="style"><link rel="stylesheet" href="/assets/app.css">', `<style>${css}</style>`, `<script>${analytics}</script>`);
  const ld = r();
  if (ld < 0.7) {
    const data = {
      '@context': ld < 0.05 ? undefined : 'https://schema.org',
      '@type': 'Product', name: p.name, image: [image], sku: `SKU-${i}`, brand: { '@type': 'Brand', name: p.brand },
      offers: { '@type': 'Offer', price: p.price.toFixed(2), priceCurrency: 'EUR', availability: 'https://schema.org/InStock', url },
      aggregateRating: { '@type': 'AggregateRating', ratingValue: (int(r, 25, 50) / 10).toFixed(1), reviewCount: int(r, 5, 400) },
    };
    const json = JSON.stringify(data, null, 1);
    h.push(`<script type="application/ld+json">${ld > 0.68 ? json.slice(0, -2) : json}</script>`);
  }
  h.push(`<script>window.dataLayer=window.dataLayer||[];dataLayer.push(${JSON.stringify({ event: 'view_item', item_id: `SKU-${i}`, price: p.price, pages })});</script>`, '</head>');
  return h.join('\n');
}

/** A product tile as shop themes render them: mostly markup, a few words. */
function card(j: number, r: Rng): string {
  const q = product(j);
  const href = `/${productPath(q)}`;
  const img = `/media/${q.slug}-1`;
  return `<li class="card product-card" data-sku="SKU-${j}" data-price="${q.price.toFixed(2)}" data-category="${q.category}"><a class="card-link" href="${href}" data-track="related"><picture><source type="image/webp" srcset="${img}-300.webp 1x, ${img}-600.webp 2x"><img src="${img}-300.jpg" alt="${escapeHtml(q.name)}" loading="lazy" decoding="async" width="300" height="300"></picture><h3 class="card-title">${escapeHtml(q.name)}</h3></a><div class="card-meta"><span class="price" data-currency="EUR">${money(q.price)}</span>${stars(r)}<button class="wishlist" type="button" aria-label="Add to wishlist" data-sku="SKU-${j}"><svg class="icon" aria-hidden="true" width="20" height="20"><use href="#icon-heart"></use></svg></button></div></li>`;
}

/** One product page of a shop of `pages` products. */
export function productPage(i: number, pages: number): string {
  const p = product(i);
  const r = rng(seedOf(p.variantOf ?? i, Salt.Content));
  const own = rng(seedOf(p.variantOf ?? i, Salt.Own));
  const target = 20_000 + Math.floor(own() * 58_000);
  const { sprite, menu, footer } = sharedChrome();
  const name = escapeHtml(p.name);
  const out: string[] = [head(i, p, pages), `<body class="page-product cat-${p.category}">`, sprite];
  out.push(`<header class="site-header"><a class="logo" href="/"><img src="/assets/logo.svg" alt="Shop Example"></a><form role="search" action="/search"><input type="search" name="q" placeholder="Search"><button>Search</button></form>${menu}</header>`);
  out.push('<main id="content">', `<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/c/${p.category}/">${capitalise(p.category)}</a></li><li aria-current="page">${name}</li></ol></nav>`);
  out.push('<div class="product"><section class="gallery">');
  const images = int(r, 3, 8);
  for (let k = 1; k <= images; k++) {
    const alt = own() < 0.08 ? '' : ` alt="${name}, view ${k}"`;
    out.push(`<figure><img src="/media/${p.slug}-${k}.jpg"${alt} width="800" height="800" srcset="/media/${p.slug}-${k}@2x.jpg 2x"></figure>`);
  }
  out.push('<img class="badge" src="/assets/badge.svg" alt="" role="presentation"></section><section class="buy-box">');
  const h = own();
  out.push(h < 0.01 ? `<div class="name">${name}</div>` : `<h1 class="product-title">${name}</h1>`);
  if (h > 0.99) out.push(`<h1>${escapeHtml(p.brand)}</h1>`);
  out.push(`<p class="price">${money(p.price)}</p><form class="add-to-cart"><select name="size">${['S', 'M', 'L', 'XL'].map((s) => `<option>${s}</option>`).join('')}</select><button type="submit">Add to cart</button></form>`);
  if (own() < 0.02) out.push('<a href="javascript:void(0)" class="size-guide">Size guide</a>');
  const variants = Array.from({ length: int(r, 2, 12) }, (_, k) => ({ id: i * 100 + k, sku: `SKU-${i}-${k}`, option: `${pick(r, COLOURS)} / ${['S', 'M', 'L', 'XL'][k % 4]}`, price: p.price, available: r() < 0.8, image: `/media/${p.slug}-${(k % 3) + 1}.jpg` }));
  out.push(`<script type="application/json" id="product-data">${JSON.stringify({ id: i, handle: p.slug, vendor: p.brand, variants })}</script>`);
  out.push('</section></div><section class="description"><h2>Description</h2>');
  const paragraphs = int(r, 1, 5);
  for (let k = 0; k < paragraphs; k++) out.push(`<p>${paragraph(r, int(r, 3, 7))}</p>`);
  out.push('</section><section class="specs"><h2>Specifications</h2><table class="spec-table"><tbody>');
  const specs = int(r, 8, SPEC_NAMES.length);
  for (let k = 0; k < specs; k++) out.push(`<tr><th scope="row">${SPEC_NAMES[k]}</th><td>${capitalise(words(r, int(r, 1, 4)).join(' '))}</td></tr>`);
  out.push('</tbody></table></section><section class="reviews"><h2>Customer reviews</h2>');
  const reviews = int(r, 5, 30);
  const reviewHeading = own() < 0.03 ? 'h4' : 'h3';
  const readMore = own() < 0.2;
  for (let k = 0; k < reviews; k++) {
    out.push(`<article class="review" id="review-${k}"><${reviewHeading}>${escapeHtml(capitalise(words(r, int(r, 2, 6)).join(' ')))}</${reviewHeading}>${stars(r)}<p>${paragraph(r, int(r, 1, 3))}</p>`);
    if (readMore) out.push(`<a href="#review-${k}">Read more</a>`);
    out.push(`<p class="byline">${capitalise(word(r))} ${capitalise(word(r)).charAt(0)}. · ${int(r, 1, 28)}.${int(r, 1, 12)}.2024</p></article>`);
  }
  out.push('</section><section class="related"><h2>You may also like</h2><ul class="cards">');
  const related = int(r, 4, 8);
  for (let k = 0; k < related; k++) out.push(card(int(r, 0, pages - 1), r));
  if (own() < 0.01) out.push(`<li class="card"><a href="/products/discontinued-item-p${pages + i}/">Discontinued: ${name}</a></li>`);
  out.push('</ul></section>');
  const tail = `</main>${footer}<script src="/assets/app.js" defer></script></body></html>`;
  let size = out.reduce((n, s) => n + s.length, tail.length);
  // Pad to the page's target size the way real pages grow: mostly more tiles, some Q&A and copy.
  if (size < target) {
    out.push('<section class="more"><h2>Questions and more</h2><ul class="cards carousel">');
    while (size < target) {
      const x = r();
      const s = x < 0.1 ? `<li class="qa"><h3>${sentence(r, 5, 12)}</h3><p>${paragraph(r, int(r, 1, 3))}</p></li>` : x < 0.15 ? `<li class="copy"><p>${paragraph(r, int(r, 2, 4))}</p></li>` : card(int(r, 0, pages - 1), r);
      out.push(s);
      size += s.length;
    }
    out.push('</ul></section>');
  }
  out.push(tail);
  return out.join('\n');
}

/** A minimal page for the non-product URLs the menu links to (written to disk, not audited). */
export function staticPage(path: string): string {
  const title = path === '' ? 'Shop Example – home' : `Shop Example – ${path.replace(/\//g, ' ').trim()}`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
}

export function sitemapXml(pages: number): Iterable<string> {
  return (function* () {
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
    for (let i = 0; i < pages; i++) yield `<url><loc>${abs(productPath(product(i)))}</loc></url>\n`;
    yield '</urlset>\n';
  })();
}
