// White space as the rules count it: runs collapsed to one space, ends trimmed.

/** White space as `\s` knows it (JavaScript's definition, NBSP included). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** White space runs become one space, ends trimmed. Most short texts are clean already: a scan, no copy. */
export function collapse(s: string): string {
  let previousSpace = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return collapseSlow(s);
      previousSpace = true;
    } else if (c < 33 ? c >= 9 && c <= 13 : c >= 0xa0 && isSpace(c)) {
      return collapseSlow(s);
    } else {
      previousSpace = false;
    }
  }
  return previousSpace && s.length > 0 ? collapseSlow(s) : s;
}

function collapseSlow(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
