import { fingerprint } from '../engine/fingerprint.js';
import { fetchRootFor, Mirror } from '../http/mirror.js';

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
  const publicHost = new URL(publicRoot).host;
  const urls = pages.map((p) => safeUrl(p.url));
  const origins = new Set(urls.map((u) => u?.origin));
  const first = urls[0];
  // Made at the public address already, or over several addresses (which one would move is not known).
  if (first === undefined || origins.size !== 1 || first.host === publicHost) return pages;
  // The same rule as a staging audit's: the other run's pages at the public root's path, or its host's root.
  const mirror = new Mirror(publicRoot, fetchRootFor(publicRoot, first));
  const under = urls.every((u) => u !== undefined && u.href.startsWith(mirror.fetchRoot));
  const move = (url: string): string => mirror.publicUrl(url);
  return under
    ? pages.map((p) => {
        const url = move(p.url);
        const findings = p.findings.map((f) => {
          const element = f.element === undefined ? undefined : move(f.element);
          return { ...f, ...(element !== undefined ? { element } : {}), fingerprint: fingerprint(f.rule, url, element) };
        });
        return { ...p, url, findings };
      })
    : pages;
}

function safeUrl(url: string): URL | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}
