/**
 * One argument of a command printed for the user to paste into a POSIX shell: left as it is when
 * nothing in it is special to the shell, else single-quoted (a quote inside written as '\'').
 * "sp/my shop.csv" becomes 'sp/my shop.csv'; "shop.csv" stays shop.csv.
 */
export function shellQuote(arg: string): string {
  // `=` and `~` only at the start mean something (zsh's =cmd, the home folder), so they are safe after it.
  if (/^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+:,./=~-]*$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A whole command line, each word quoted as needed. */
export function shellCommand(...words: string[]): string {
  return words.map(shellQuote).join(' ');
}
