import { describe, expect, it } from 'vitest';
import { clientRendered } from './client-rendered.js';

const bytes = (html: string) => new TextEncoder().encode(html);

describe('clientRendered: what --render auto renders', () => {
  it.each([
    ['<!doctype html><html><head><title>Shop</title><script src="/app.js" defer></script></head><body><div id="root"></div></body></html>', 'its <body> holds only an empty root <div id="root"> and scripts'],
    ['<html><head><script type="module" src="/main.js"></script></head><body>\n  <div id=app></div>\n</body></html>', 'its <body> holds only an empty root <div id="app"> and scripts'],
    ['<html><head><title>Shop</title></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div><script src="/static/js/main.js"></script></body></html>', 'its <body> holds only an empty root <div id="root"> and scripts'],
    ['<html><head><title>Shop</title></head><body><header>Northpine</header><noscript>This shop requires JavaScript.</noscript><div id="shop"></div><script src="/shop.js"></script></body></html>', 'its <noscript> asks to enable JavaScript'],
    ['<html><head><title>Shop</title><script src="/app.js"></script></head><body><div id="root">Loading…</div></body></html>', 'its <body> holds little but a root <div id="root"> with a placeholder ("Loading…") and scripts'],
    ['<html><head><title>Shop</title><script src="/app.js"></script></head><body><nav><a href="/">Home</a> <a href="/tents">Tents</a></nav><div id="__next"></div><footer>© Northpine</footer></body></html>', 'its <body> holds little but a root <div id="__next"> with a placeholder ("empty") and scripts'],
    ['<html><head><script src="/app.js"></script></head><body><svg><title>Logo</title></svg><div class="spinner">Loading…</div></body></html>', 'it has no title and no H1, but scripts'],
    ['<html><body><script src="/app.js"></script></body></html>', 'its <body> has no text, only scripts'],
    // Inline scripts build pages too, short ones or ones that write HTML.
    ['<html><head></head><body><div id="root"></div><script>document.title="Inline app shell";document.getElementById("root").innerHTML="<h1>Hello</h1>";</script></body></html>', 'its <body> holds only an empty root <div id="root"> and scripts'],
    ['<html><head><title>Shop</title></head><body><header>Shop</header><noscript>You need to enable JavaScript to run this app.</noscript><div id="main"></div><script>window.__STATE__={a:1};</script></body></html>', 'its <noscript> asks to enable JavaScript'],
    ['<html><head><script src="/app.js"></script></head><body><div class="spinner">Loading…</div></body></html>', 'it has no title and no H1, but scripts'],
  ])('%s: %s', (html, why) => expect(clientRendered(bytes(html))).toBe(why));

  it.each([
    ['a server-rendered page with scripts', '<html><head><title>Tent</title><script src="/app.js"></script></head><body><h1>Tent</h1><p>Two doors.</p></body></html>'],
    ['a page without scripts, even an empty one', '<html><head><title>x</title></head><body></body></html>'],
    ['JSON-LD is no script that builds the page', '<html><head><script type="application/ld+json">{"@type":"Product","name":"' + 'x'.repeat(300) + '"}</script></head><body></body></html>'],
    ['text without a title or H1, and no scripts', '<html><body><p>Plain text.</p></body></html>'],
    ['a blog post whose comment widget asks for JavaScript', '<html><head><title>Trail notes</title><script src="https://blog.disqus.com/embed.js"></script></head><body><h1>Trail notes</h1><p>' + 'We walked the ridge in October, two nights out, and the tent held in the wind. '.repeat(4) + '</p><div id="disqus_thread"></div><noscript>Please enable JavaScript to view the comments powered by Disqus.</noscript></body></html>'],
    ['a noscript iframe, then a server-rendered page that mentions JavaScript', '<html><head><title>Checkout help</title><script src="/gtm.js"></script></head><body><noscript><iframe src="https://www.googletagmanager.com/ns.html"></iframe></noscript><h1>Checkout help</h1><p>' + 'Our checkout requires JavaScript in your browser; here is how to pay by invoice instead. '.repeat(3) + '</p></body></html>'],
    ['a gallery of images with a script', '<html><head><title>Gallery</title><script src="/lightbox.js"></script></head><body><img src="/a.jpg" alt="Tent at dawn"><img src="/b.jpg" alt="Stove"></body></html>'],
  ])('%s: not client-rendered', (_name, html) => expect(clientRendered(bytes(html))).toBeUndefined());
});
