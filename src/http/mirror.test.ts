import { describe, expect, it } from 'vitest';
import { createHttpClient } from './fetch.js';
import { fetchRootFor, Mirror } from './mirror.js';

describe('Mirror: public URLs asked, staging answers', () => {
  const m = new Mirror('https://shop.example/', 'http://127.0.0.1:8080/');
  it('sends public URLs, of either scheme, to staging, and leaves other hosts alone', () => {
    expect(m.toWire(new URL('https://shop.example/a/b?x=1')).href).toBe('http://127.0.0.1:8080/a/b?x=1');
    expect(m.toWire(new URL('http://shop.example/')).href).toBe('http://127.0.0.1:8080/');
    expect(m.toWire(new URL('https://SHOP.example:443/robots.txt')).href).toBe('http://127.0.0.1:8080/robots.txt');
    expect(m.toWire(new URL('https://cdn.example/a')).href).toBe('https://cdn.example/a');
    expect(m.toWire(new URL('https://shop.example.evil/a')).href).toBe('https://shop.example.evil/a');
    expect(m.toWire(new URL('https://shop.example:8443/a')).href).toBe('https://shop.example:8443/a');
  });
  it('reads staging URLs as the public ones they stand for', () => {
    expect(m.fromWire(new URL('http://127.0.0.1:8080/a/')).href).toBe('https://shop.example/a/');
    expect(m.fromWire(new URL('http://127.0.0.1:8081/a/')).href).toBe('http://127.0.0.1:8081/a/');
    expect(m.publicUrl('http://127.0.0.1:8080/p?q')).toBe('https://shop.example/p?q');
    expect(m.publicUrl('not a url')).toBe('not a url');
  });
  it('a site published under /docs/, its build served at the root of staging: nothing of the public host goes to production', () => {
    const docs = new Mirror('https://x.example/docs/', fetchRootFor('https://x.example/docs/', new URL('http://localhost:3000/sitemap.xml')));
    expect(docs.fetchRoot).toBe('http://localhost:3000/');
    expect(docs.toWire(new URL('https://x.example/docs/a.html')).href).toBe('http://localhost:3000/a.html');
    // robots.txt sits at the host's root only; another part of the host is asked of staging too.
    expect(docs.toWire(new URL('https://x.example/robots.txt')).href).toBe('http://localhost:3000/robots.txt');
    expect(docs.toWire(new URL('https://x.example/blog/')).href).toBe('http://localhost:3000/blog/');
    expect(docs.fromWire(new URL('http://localhost:3000/a.html')).href).toBe('https://x.example/docs/a.html');
  });
  it('staging serving production\'s paths (/docs/ on both): every path maps to itself, never /docs/docs/', () => {
    const same = new Mirror('https://x.example/docs/', fetchRootFor('https://x.example/docs/', new URL('http://localhost:3000/docs/sitemap.xml')));
    expect(same.fetchRoot).toBe('http://localhost:3000/docs/');
    expect(same.toWire(new URL('https://x.example/docs/a.html')).href).toBe('http://localhost:3000/docs/a.html');
    expect(same.toWire(new URL('https://x.example/robots.txt')).href).toBe('http://localhost:3000/robots.txt');
    expect(same.fromWire(new URL('http://localhost:3000/docs/sitemap.xml')).href).toBe('https://x.example/docs/sitemap.xml');
    expect(same.fromWire(new URL('http://localhost:3000/other')).href).toBe('https://x.example/other');
  });
  it('a request staging does not answer fails naming the staging address, not only the public URL', async () => {
    const client = createHttpClient({ retries: 0, env: {}, mirror: new Mirror('https://shop.example/', 'http://127.0.0.1:1/') });
    try {
      const r = await client.fetchPage('https://shop.example/robots.txt');
      expect([r.url, r.error]).toEqual(['https://shop.example/robots.txt', 'connection refused (ECONNREFUSED) at http://127.0.0.1:1 after 1 attempt']);
    } finally {
      await client.close();
    }
  });
});
