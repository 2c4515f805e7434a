import { describe, expect, it } from 'vitest';
import { Mirror } from './mirror.js';

describe('Mirror: public URLs asked, staging answers', () => {
  const m = new Mirror('https://shop.example/', 'http://127.0.0.1:8080/');
  it('sends public URLs, of either scheme, to staging, and leaves other hosts alone', () => {
    expect(m.toWire(new URL('https://shop.example/a/b?x=1')).href).toBe('http://127.0.0.1:8080/a/b?x=1');
    expect(m.toWire(new URL('http://shop.example/')).href).toBe('http://127.0.0.1:8080/');
    expect(m.toWire(new URL('https://cdn.example/a')).href).toBe('https://cdn.example/a');
    expect(m.toWire(new URL('https://shop.example.evil/a')).href).toBe('https://shop.example.evil/a');
  });
  it('reads staging URLs as the public ones they stand for', () => {
    expect(m.fromWire(new URL('http://127.0.0.1:8080/a/')).href).toBe('https://shop.example/a/');
    expect(m.fromWire(new URL('http://127.0.0.1:8081/a/')).href).toBe('http://127.0.0.1:8081/a/');
    expect(m.publicUrl('http://127.0.0.1:8080/p?q')).toBe('https://shop.example/p?q');
    expect(m.publicUrl('not a url')).toBe('not a url');
  });
  it('keeps a public path: a site published under /docs/ served at the root of staging', () => {
    const docs = new Mirror('https://x.example/docs/', 'http://localhost:3000/');
    expect(docs.toWire(new URL('https://x.example/docs/a.html')).href).toBe('http://localhost:3000/a.html');
    expect(docs.toWire(new URL('https://x.example/blog/')).href).toBe('https://x.example/blog/');
    expect(docs.fromWire(new URL('http://localhost:3000/a.html')).href).toBe('https://x.example/docs/a.html');
  });
});
