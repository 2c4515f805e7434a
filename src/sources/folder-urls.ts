import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './types.js';

/** `a/b/index.html` → `<base>a/b/`; `a/page.html` → `<base>a/page.html`. */
export function urlForFile(root: string, baseUrl: string, file: string): string {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[rel.length - 1]?.toLowerCase() === 'index.html') rel[rel.length - 1] = '';
  return new URL(rel.map(encodeURIComponent).join('/'), baseUrl).href;
}

/** The file a URL under the base maps to: `x/` → x/index.html; `x` → x, x.html, x/index.html. */
export function fileForUrl(root: string, baseUrl: string, url: string, exists: (f: string) => boolean = defaultExists): string | undefined {
  const base = new URL(baseUrl);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.host !== base.host || !u.pathname.startsWith(base.pathname)) return undefined;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname.slice(base.pathname.length));
  } catch {
    return undefined;
  }
  const local = path.join(root, ...rel.split('/'));
  if (!path.resolve(local).startsWith(path.resolve(root))) return undefined;
  const candidates = rel === '' || rel.endsWith('/') ? [path.join(local, 'index.html')] : [local, `${local}.html`, path.join(local, 'index.html')];
  return candidates.find((c) => exists(c));
}

function defaultExists(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

/** A --base-url as the base pages are resolved against: http(s), ending in `/`, no query or fragment. */
export function normaliseBase(base: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new InputError(`--base-url ${base}: not a valid URL; give one like https://shop.example/`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InputError(`--base-url ${base}: must be an http or https URL`);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  u.search = '';
  u.hash = '';
  return u.href;
}

/** Whether a real path (symlinks resolved) is the real folder `realRoot` or under it. */
export function isInside(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}
