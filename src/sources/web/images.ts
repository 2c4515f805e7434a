// The image size check at the end of a run: every image of the pages that answered 2xx, asked with
// HEAD for its Content-Length, then read with GET when HEAD is refused or says no length. Images
// on the site's host are always sized; on other hosts (a CDN) only with --check-external, as links.
import { normaliseUrl } from '../../page/normalise-url.js';
import type { LinkCheckOptions, LinkStatuses } from './links.js';
import { runAll } from './links.js';
import type { WebSession } from './session.js';

/** Sizes the images no fetch has sized yet; those it sized (on the site's host and on others), and those on other hosts it left. */
export async function checkImageSizes(session: WebSession, images: Iterable<string>, statuses: LinkStatuses, options: Omit<LinkCheckOptions, 'notFollowed'>): Promise<{ internal: string[]; external: string[]; skipped: string[] }> {
  const internal: string[] = [];
  const external: string[] = [];
  const skipped: string[] = [];
  for (const image of images) {
    const url = normaliseUrl(image);
    if (url === undefined) continue;
    const known = statuses.byUrl.get(url);
    if (known !== undefined && (!known.ok || known.bytes !== undefined || known.location !== undefined)) continue;
    if (new URL(url).host === options.host) {
      if (options.blockedBy(url) === undefined) internal.push(url);
    } else if (options.checkExternal) external.push(url);
    else skipped.push(url);
  }
  const size = async (url: string): Promise<void> => {
    if (session.isStopped()) return;
    let res = await session.fetch(url, { method: 'HEAD' });
    const sized = res.headers['content-length'] !== undefined;
    // No length, or HEAD refused: read it (a browser would), up to the run's cap on bytes.
    if (!session.isStopped() && !res.notFollowed && (res.status === 0 || res.status >= 400 || (res.status < 300 && !sized))) res = await session.fetch(url);
    if (!session.isStopped()) statuses.record(url, res);
  };
  await Promise.all([runAll(internal, options.concurrency, size), runAll(external, Math.max(1, options.externalConcurrency), size)]);
  return { internal, external, skipped };
}
