import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

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
