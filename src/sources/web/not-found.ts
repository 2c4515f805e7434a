// How the site answers a URL that cannot exist: soft-404 compares pages with the site's 404 page,
// and a site that answers such a URL with 200 or a redirect has soft 404s everywhere.
import { MIN_WORDS_FOR_SIGNATURE, textHash, type NotFoundProbe } from '../../engine/site-index.js';
import { minhash } from '../../engine/minhash.js';
import { extractPage } from '../../page/extract.js';
import { words } from '../../page/text.js';
import type { WebFacts } from '../../page/types.js';
import type { WebSession } from './session.js';

/** A path no site has: the same on every run, so a log or a rule to ignore it is easy to write. */
export const PROBE_PATH = '/seo-ai-not-found-probe-4d9b2f6a';

/** Asks the site's origin for the probe path (unless robots.txt disallows it) and keeps what soft-404 needs. */
export async function probeNotFound(session: WebSession, origin: string, blockedBy: (url: string) => WebFacts['blockedBy'] | undefined): Promise<NotFoundProbe | undefined> {
  const url = `${origin}${PROBE_PATH}`;
  if (blockedBy(url) !== undefined || session.isStopped()) return undefined;
  const res = await session.fetch(url, { follow: () => 'not followed: where it leads is enough' });
  if (session.isStopped() || res.status === 0) return undefined;
  const probe: NotFoundProbe = { url, status: res.status };
  if (res.notFollowed) probe.location = res.notFollowed.location;
  if (res.status >= 400 && res.body.length > 0) {
    const page = extractPage({ url, body: res.body, headers: res.headers, status: res.status });
    if (page.wordCount > 0) probe.textHash = textHash(page.text);
    if (page.wordCount >= MIN_WORDS_FOR_SIGNATURE) probe.signature = minhash(words(page.text));
  }
  return probe;
}
