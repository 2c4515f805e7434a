import type { Robots } from './types.js';

/** Lower-cased comma-separated directives; the comma inside an RFC 850 date ("unavailable_after: Friday, 25-Jun-10 …") does not split. */
function splitDirectives(value: string): string[] {
  const parts: string[] = [];
  for (const raw of value.split(',')) {
    const part = raw.trim().toLowerCase();
    if (!part) continue;
    const last = parts.length - 1;
    if (last >= 0 && /^\d/.test(part) && parts[last]!.includes('unavailable_after')) parts[last] += `, ${part}`;
    else parts.push(part);
  }
  return parts;
}

/** Directives that carry a value after a colon; anything else before a colon names a bot. */
const VALUED_DIRECTIVES = new Set(['max-snippet', 'max-image-preview', 'max-video-preview', 'unavailable_after']);

/**
 * Directives from meta robots/googlebot contents and X-Robots-Tag values that apply to all bots
 * or to Googlebot. X-Robots-Tag may prefix directives with a bot name ("googlebot: noindex").
 */
/**
 * The date of an `unavailable_after` directive that has passed (`now` by default the clock's), as
 * written; undefined when there is none or it is still to come. Google reads RFC 822, RFC 850 and
 * ISO 8601 dates; an unreadable one is no date (Google ignores it too).
 */
function pastUnavailable(directives: readonly string[], now: number): string | undefined {
  for (const d of directives) {
    const m = /^unavailable_after\s*:\s*(.+)$/.exec(d);
    if (!m) continue;
    const at = Date.parse(m[1]!);
    if (!Number.isNaN(at) && at < now) return m[1]!;
  }
  return undefined;
}

export function robotsFrom(metaValues: string[], xRobotsTag: string | undefined, now = Date.now()): Robots {
  const directives: string[] = [];
  for (const v of metaValues) directives.push(...splitDirectives(v));
  if (xRobotsTag) {
    let applies = true;
    for (const part of splitDirectives(xRobotsTag)) {
      let token = part;
      const m = /^([a-z0-9_-]+)\s*:\s*(.*)$/.exec(token);
      if (m && !VALUED_DIRECTIVES.has(m[1]!)) {
        applies = m[1] === 'googlebot';
        token = m[2]!.trim();
      }
      if (applies && token) directives.push(token);
    }
  }
  const names = directives.map((d) => d.split(':')[0]!.trim());
  // A page past its unavailable_after date is dropped from results: as noindex as noindex is.
  const expired = pastUnavailable(directives, now);
  const noindex = names.includes('noindex') || names.includes('none') || expired !== undefined;
  const nofollow = names.includes('nofollow') || names.includes('none');
  return { directives, noindex, nofollow, ...(expired !== undefined ? { unavailableAfter: expired } : {}) };
}
