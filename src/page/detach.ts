/**
 * A copy of a string that shares no memory with the page it came from. V8 makes substrings of
 * 13 characters or more as views into their parent string, so a title or an href kept after the
 * page is gone would keep the whole page's HTML alive: 100,000 pages would hold gigabytes.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

const INTERN_LIMIT = 50_000;
const interned = new Map<string, string>();

/**
 * detach(), and one copy for texts that repeat across pages (the same "expected", the same
 * href or message on every page of a template), which most finding texts do.
 */
export function intern(s: string): string {
  if (s.length < 13) return s;
  let kept = interned.get(s);
  if (kept === undefined) {
    if (interned.size >= INTERN_LIMIT) interned.clear();
    kept = detach(s);
    interned.set(kept, kept);
  }
  return kept;
}
