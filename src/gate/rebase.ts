import { fingerprint } from '../engine/fingerprint.js';

interface RebasablePage {
  url: string;
  findings: { rule: string; element?: string; fingerprint: string }[];
}

/**
 * A run made at another address than the site's public one (a staging server, a local build
 * served on 127.0.0.1, a report from before `--base-url`) moved to that address: its page URLs,
 * the elements that name its own pages, and the fingerprints made of them. Then it compares with
 * runs made at the public address. A run already there, or spread over several addresses (which
 * one would move is not known), is returned as it is.
 */
export function rebasePages<P extends RebasablePage>(pages: readonly P[], publicRoot: string): readonly P[] {
  const root = publicRoot.endsWith('/') ? publicRoot : `${publicRoot}/`;
  const origins = new Set(pages.filter((p) => !p.url.startsWith(root)).map((p) => originOf(p.url)));
  if (origins.size !== 1 || pages.some((p) => p.url.startsWith(root))) return pages;
  const from = `${[...origins][0]!}/`;
  if (from === '/') return pages;
  const move = (url: string): string => (url.startsWith(from) ? root + url.slice(from.length) : url);
  return pages.map((p) => {
    const url = move(p.url);
    const findings = p.findings.map((f) => {
      const element = f.element === undefined ? undefined : move(f.element);
      return { ...f, ...(element !== undefined ? { element } : {}), fingerprint: fingerprint(f.rule, url, element) };
    });
    return { ...p, url, findings };
  });
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? '' : u.origin;
  } catch {
    return '';
  }
}
