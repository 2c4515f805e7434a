/**
 * A copy of a string that shares no memory with the page it came from. V8 makes substrings of
 * 13 characters or more as views into their parent string, so a title or an href kept after the
 * page is gone would keep the whole page's HTML alive: 100,000 pages would hold gigabytes.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}
