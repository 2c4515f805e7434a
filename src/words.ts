// Wording every layer shares: one way to say a count.

/** "1 page", "2 pages"; `many` for an irregular plural ("2 entries"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
