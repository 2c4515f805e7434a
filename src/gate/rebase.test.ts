import { describe, expect, it } from 'vitest';
import { fingerprint } from '../engine/fingerprint.js';
import { rebasePages } from './rebase.js';

const page = (url: string, element?: string) => ({ url, findings: [{ rule: 'link-broken', ...(element ? { element } : {}), fingerprint: fingerprint('link-broken', url, element) }] });

describe('rebasePages: a run made at another address, read at the public one', () => {
  it('moves a local run to the public root, its elements on the same host and its fingerprints with it', () => {
    const [moved] = rebasePages([page('http://127.0.0.1:8080/a/', 'http://127.0.0.1:8080/b/')], 'https://shop.example/');
    expect(moved).toEqual(page('https://shop.example/a/', 'https://shop.example/b/'));
  });
  it('leaves a run made at the public host alone, whatever the public root\'s path', () => {
    const run = [page('https://shop.example/a')];
    expect(rebasePages(run, 'https://shop.example/blog/')).toBe(run);
  });
  it('a build of a site published under /blog/ served at a local root goes under /blog/; one served at /blog/ keeps its paths', () => {
    expect(rebasePages([page('http://localhost:3000/a.html')], 'https://x.example/blog/')[0]!.url).toBe('https://x.example/blog/a.html');
    expect(rebasePages([page('http://localhost:3000/blog/a.html')], 'https://x.example/blog/')[0]!.url).toBe('https://x.example/blog/a.html');
  });
  it('leaves a run over several addresses alone: which one would move is not known', () => {
    const run = [page('http://127.0.0.1:8080/a'), page('http://127.0.0.1:9090/b')];
    expect(rebasePages(run, 'https://shop.example/')).toBe(run);
  });
});
