// Staging and local audits: `seo-ai audit http://127.0.0.1:8080/sitemap.xml --base-url
// https://shop.example/` fetches from the target's address and reports the site's public URLs,
// as --base-url means for a folder. The crawl runs in public URLs; only requests go to staging.
import { fetchRootFor, Mirror } from '../../http/mirror.js';
import { normaliseBase } from '../folder-urls.js';

/** The target in public URLs, and the mirror that sends its requests to staging; no mirror when the target is the public site. */
export function stagingTarget(target: string, baseUrl: string | undefined): { target: string; mirror?: Mirror } {
  if (baseUrl === undefined) return { target };
  const publicRoot = normaliseBase(baseUrl);
  const asked = new URL(target);
  if (asked.host === new URL(publicRoot).host) return { target };
  const mirror = new Mirror(publicRoot, fetchRootFor(publicRoot, asked));
  return { target: mirror.fromWire(asked).href, mirror };
}
