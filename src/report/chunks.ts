/** Characters a chunk holds at least before it is given out (the last may hold fewer). */
export const CHUNK_CHARS = 1 << 20;

/**
 * `pieces.join(separator) + end`, given out in strings of about CHUNK_CHARS characters: a report
 * of any size is written without one string of it all (V8 caps a string at 2^29 characters).
 */
export function* joinedChunks(pieces: readonly string[], separator: string, end = ''): Generator<string> {
  let chunk = '';
  for (let i = 0; i < pieces.length; i++) {
    chunk += i === 0 ? pieces[i]! : separator + pieces[i]!;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  chunk += end;
  if (chunk !== '') yield chunk;
}
