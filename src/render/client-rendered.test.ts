import { describe, expect, it } from 'vitest';
import { clientRendered } from './client-rendered.js';

const bytes = (html: string) => new TextEncoder().encode(html);

describe('clientRendered: what --render auto renders', () => {
  it.each([
    ['<!doctype html><html><head><title>Shop</title><script src="/app.js" defer></script></head><body><div id="root"></div></body></html>', 'its <body> holds only an empty root <div id="root"> and scripts'],
    ['<html><head><script type="module" src="/main.js"></script></head><body>\n  <div id=app></div>\n</body></html>', 'its <body> holds only an empty root <div id="app"> and scripts'],
    ['<html><head><title>Shop</title></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div><script src="/static/js/main.js"></script></body></html>', 'its <noscript> asks to enable JavaScript'],
    ['<html><body><script src="/app.js"></script></body></html>', 'its <body> has no text, only scripts'],
    ['<html><head><script src="/app.js"></script></head><body><div class="spinner">Loading…</div></body></html>', 'it has no title and no H1, but scripts'],
  ])('%s: %s', (html, why) => expect(clientRendered(bytes(html))).toBe(why));

  it.each([
    ['a server-rendered page with scripts', '<html><head><title>Tent</title><script src="/app.js"></script></head><body><h1>Tent</h1><p>Two doors.</p></body></html>'],
    ['a page without scripts, even an empty one', '<html><head><title>x</title></head><body></body></html>'],
    ['JSON-LD is no script that builds the page', '<html><head><script type="application/ld+json">{"@type":"Product","name":"' + 'x'.repeat(300) + '"}</script></head><body></body></html>'],
    ['text without a title or H1, and no scripts', '<html><body><p>Plain text.</p></body></html>'],
  ])('%s: not client-rendered', (_name, html) => expect(clientRendered(bytes(html))).toBeUndefined());
});
