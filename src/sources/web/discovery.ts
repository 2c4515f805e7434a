// Where a crawl starts and what the site says of itself before any page: the start URL (no
// credentials; where it redirects to, when that is another origin), its robots.txt (RFC 9309: an
// unreachable one means crawl nothing), the Crawl-delay it asks for, and /llms.txt.
import type { WebSite } from '../../engine/site-index.js';
import { crawlDelay, decidingRule, parseRobots, type RobotsRule, type RobotsTxt } from '../../http/robots.js';
import { normaliseUrl } from '../../page/normalise-url.js';
import type { WebFacts } from '../../page/types.js';
import { InputError } from '../types.js';
import { isHtmlDocument, looksLikeSitemap } from './content.js';
import type { WebSession } from './session.js';

/** The longest robots.txt Crawl-delay honoured, in seconds: 50 pages already take 25 minutes at it. */
export const MAX_CRAWL_DELAY_S = 30;

/** One robots.txt as read: its URL, and the file when it answered 200 with text. */
export interface RobotsRead {
  url: string;
  robots?: RobotsTxt;
  lines: string[];
}

/** What the run knows before its first page. */
export interface Discovery {
  /** The start URL, normalised (where it redirected to, when that is another origin). */
  start: string;
  isSitemap: boolean;
  host: string;
  origin: string;
  /** The robots.txt the run obeys. */
  robots: RobotsRead;
  /** Every robots.txt read that the run obeys, for the web rules (one redirected away from is not the site). */
  robotsEntries: WebSite['robots'];
  /** Why robots.txt keeps the run from a URL on the host, as a page's facts say it; undefined when it does not. */
  blockedBy(url: string): WebFacts['blockedBy'] | undefined;
}

/** The start URL as the user gave it, normalised; an InputError for one that is no http(s) URL or holds credentials. */
export function startUrl(target: string): string {
  const start = normaliseUrl(target.trim());
  if (start === undefined) throw new InputError(`${target}: not an http(s) URL. Name a sitemap URL, a page URL, or a folder of HTML files.`);
  const u = new URL(start);
  if (u.username !== '' || u.password !== '') {
    u.username = '';
    u.password = '';
    // Never repeated back: the password would end up in reports, logs and CI output.
    throw new InputError(`${u.href}: URLs with a user name or password are not supported; remove them from the URL (the credentials are not shown here)`);
  }
  return start;
}

/**
 * Reads robots.txt, then finds where the start URL leads: a URL that redirects to another origin
 * (http → https, example.com → www.example.com) names the site the user means, and the run is
 * scoped to where it leads. One HEAD finds out (GET when HEAD is refused), asked only when
 * robots.txt allows the URL.
 */
export async function discover(session: WebSession, target: string, ignoreRobots: boolean, notes: string[]): Promise<Discovery> {
  let start = startUrl(target);
  const isSitemap = looksLikeSitemap(new URL(start));
  const entries: WebSite['robots'] = [];
  const disallows = (read: RobotsRead, url: string): RobotsRule | undefined => {
    if (ignoreRobots || !read.robots) return undefined;
    const rule = decidingRule(read.robots, session.token, url);
    return rule && !rule.allow ? rule : undefined;
  };
  let read = await readRobots(session, new URL(start).origin, ignoreRobots, entries, notes);
  if (!session.isStopped() && disallows(read, start) === undefined) {
    let probe = await session.fetch(start, { method: 'HEAD' });
    if (!session.isStopped() && (probe.status === 0 || probe.status === 403 || probe.status === 405 || probe.status === 501)) probe = await session.fetch(start);
    if (!session.isStopped() && probe.status === 0 && probe.redirects.length === 0) {
      await session.close();
      throw new InputError(`${start} could not be reached (${probe.error ?? 'no answer'}). Check the URL and that the site is up.`);
    }
    const final = normaliseUrl(probe.finalUrl);
    if (!session.isStopped() && final !== undefined && probe.error === undefined && new URL(final).origin !== new URL(start).origin) {
      notes.push(`${start} redirects to ${final}: the ${isSitemap ? 'sitemap is read there and the audit' : 'crawl starts there and'} stays on ${new URL(final).host}`);
      start = final;
      read = await readRobots(session, new URL(start).origin, ignoreRobots, entries, notes);
    }
  }
  const { host, origin } = new URL(start);
  const robots = read;
  return {
    start,
    isSitemap,
    host,
    origin,
    robots,
    robotsEntries: entries.filter((r) => r.url === robots.url),
    blockedBy(url) {
      if (new URL(url).host !== host) return undefined;
      const rule = disallows(robots, url);
      if (!rule) return undefined;
      return { robotsUrl: robots.url, line: rule.line, rule: (robots.lines[rule.line - 1] ?? `Disallow: ${rule.pattern}`).trim() };
    },
  };
}

async function readRobots(session: WebSession, of: string, ignoreRobots: boolean, entries: WebSite['robots'], notes: string[]): Promise<RobotsRead> {
  const url = `${of}/robots.txt`;
  const res = await session.fetch(url);
  if (session.isStopped()) return { url, lines: [] };
  if (res.status === 200 && !isHtmlDocument(res.headers['content-type'], res.body)) {
    const text = Buffer.from(res.body).toString('utf8');
    const robots = parseRobots(text);
    const lines = text.split(/\r\n|\r|\n/);
    entries.push({ url, status: 200, problems: robots.problems.map((p) => ({ line: p.line, text: (lines[p.line - 1] ?? '').trim(), message: p.message })) });
    return { url, robots, lines };
  }
  entries.push({ url, status: res.status, problems: [] });
  if (res.status === 200) notes.push(`${url} answers with an HTML page, not a robots.txt: read as no robots.txt`);
  // RFC 9309 §2.3.1.4: an unreachable robots.txt (5xx, no answer) means "crawl nothing"; Google
  // reads 429 the same way, and so do we.
  if (res.status === 0 && res.redirects.length === 0 && !ignoreRobots) {
    await session.close();
    throw new InputError(`${of}/ could not be reached (${res.error ?? 'no answer'}). Check the URL and that the site is up.`);
  }
  if ((res.status === 0 || res.status === 429 || res.status >= 500) && !ignoreRobots) {
    await session.close();
    const why = res.status === 0 ? `could not be fetched (${res.error ?? 'no answer'})` : res.error !== undefined ? `answered ${res.error}` : `answered HTTP ${res.status}`;
    throw new InputError(`${url} ${why}: RFC 9309 says to crawl nothing while robots.txt is unreachable. Try again later, or pass --ignore-robots to audit anyway.`);
  }
  return { url, lines: [] };
}

/** Spaces requests to the host as robots.txt's Crawl-delay asks (at most MAX_CRAWL_DELAY_S), and says so. */
export function honourCrawlDelay(session: WebSession, found: Discovery, ignoreRobots: boolean, notes: string[]): void {
  if (ignoreRobots) {
    notes.push(`robots.txt ignored (--ignore-robots): pages were fetched whatever ${found.robots.url} allows`);
    return;
  }
  if (!found.robots.robots) return;
  const { host } = found;
  const delay = crawlDelay(found.robots.robots, session.token);
  if (delay !== undefined && delay > MAX_CRAWL_DELAY_S && MAX_CRAWL_DELAY_S * 1000 > session.limiter.limits(host).delayMs) {
    // A day between requests is a crawl that never ends: spaced at the cap, and said so.
    session.limiter.configure(host, { delayMs: MAX_CRAWL_DELAY_S * 1000 });
    notes.push(`robots.txt asks for Crawl-delay: ${delay}; requests to ${host} were spaced ${MAX_CRAWL_DELAY_S} s apart, the most seo-ai waits (--delay sets more)`);
  } else if (delay !== undefined && delay <= MAX_CRAWL_DELAY_S && delay * 1000 > session.limiter.limits(host).delayMs) {
    session.limiter.configure(host, { delayMs: delay * 1000 });
    notes.push(`robots.txt asks for Crawl-delay: ${delay}; requests to ${host} were spaced ${delay} s apart`);
  }
}

/** The site's /llms.txt, for the web rules: its text when it answered 200 with text (not a single-page app's HTML). */
export async function readLlms(session: WebSession, found: Discovery): Promise<WebSite['llms']> {
  const url = `${found.origin}/llms.txt`;
  const res = session.isStopped() || found.blockedBy(url) !== undefined ? undefined : await session.fetch(url);
  if (res === undefined || session.isStopped()) return [];
  const type = res.headers['content-type'] ?? 'text/plain';
  if (res.status === 200 && /^text\//i.test(type) && !isHtmlDocument(type, res.body)) return [{ url, status: 200, text: Buffer.from(res.body).toString('utf8') }];
  return [{ url, status: res.status === 200 ? 404 : res.status }];
}
