// The words config messages are made of: a key path as it reads, a value quoted, the known name
// nearest to a typo. No zod here: the rule settings (rule-settings.ts) use them too.

type Path = readonly (string | number)[];

/** How a path reads in a message: `rules."title-too-long"`, `weights.high`, `keywords."/x"[0]`. */
export function describePath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += `${out ? '.' : ''}${/^[A-Za-z_$][\w$]*$/.test(part) ? part : JSON.stringify(part)}`;
  }
  return out;
}

/** A value as the message quotes it: JSON, cut short. */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The candidate nearest to a word, if one is near enough to be a typo of it. */
export function closest(word: string, candidates: readonly string[], most = Math.max(3, Math.floor(word.length / 3))): string | undefined {
  let best: string | undefined;
  // Never more edits than the word has letters: "x" is no typo of "web".
  let bestDistance = Math.min(most, word.length - 1) + 1;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
