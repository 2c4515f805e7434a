import picomatch from 'picomatch';

/**
 * Target keywords for a URL: `--keywords` apply to every page; config `keywords` maps URL globs
 * (matched against the path, e.g. "/products/**", or the whole URL when the pattern has "://")
 * to keyword lists, and every matching pattern contributes.
 */
export function keywordMatcher(patterns: Record<string, string[]> = {}, everywhere: string[] = []): (url: string) => string[] | undefined {
  const matchers = Object.entries(patterns).map(([pattern, keywords]) => ({
    test: picomatch(pattern, { dot: true }),
    whole: pattern.includes('://'),
    keywords,
  }));
  if (matchers.length === 0 && everywhere.length === 0) return () => undefined;
  return (url) => {
    let pathname = url;
    try {
      pathname = decodeURIComponent(new URL(url).pathname);
    } catch {
      // keep the raw string: a malformed URL still matches patterns written for it
    }
    const out = new Set(everywhere);
    for (const m of matchers) if (m.test(m.whole ? url : pathname)) for (const k of m.keywords) out.add(k);
    return out.size > 0 ? [...out] : undefined;
  };
}
