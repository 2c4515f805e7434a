/**
 * Arrays and objects nested inside each other in one JSON-LD block, at most. JSON.parse takes any
 * depth, but a walk that recurses (ours, JSON.stringify, structured clone to a worker) runs out of
 * stack near 10,000 levels. 128 is serde_json's default recursion limit; real structured data
 * nests about ten deep (a Product's offers' seller's address), so no real block comes near it.
 */
export const MAX_JSON_LD_DEPTH = 128;

/** Whether arrays and objects nest more than `max` deep in a parsed JSON value; a loop, not recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const todo: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > max) return true;
    const children: unknown[] = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) todo.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}
