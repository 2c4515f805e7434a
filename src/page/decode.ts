import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

/**
 * Character decoding of page bytes, following the order the HTML standard uses:
 * byte order mark, then the Content-Type header, then a `<meta charset>` /
 * `http-equiv` declaration in the first 1024 bytes, then UTF-8.
 * Node's TextDecoder (full ICU) knows windows-1252, ISO-8859-x, Shift_JIS, GBK, EUC-*…
 */

export interface Decoded {
  text: string;
  charset: string;
  /** Set when the declared charset was unknown or the bytes were not valid in it. */
  warning?: string;
}

const PRESCAN_BYTES = 1024;

/** The charset parameter of a Content-Type value, lower-cased. */
export function charsetFromContentType(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^;\s]+))/i.exec(value);
  const label = (m?.[1] ?? m?.[2] ?? m?.[3])?.trim().toLowerCase();
  return label || undefined;
}

function sniffBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/**
 * Charsets declared by `<meta>` tags in the first 1024 bytes, in document order: the HTML
 * standard's prescan, simplified to the two forms pages use (`charset`, and `http-equiv`
 * Content-Type with a `content` naming one). Text inside comments does not count.
 */
function metaCharsets(bytes: Uint8Array): string[] {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PRESCAN_BYTES)).toString('latin1');
  const withoutComments = head.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  const found: string[] = [];
  for (const tag of withoutComments.matchAll(/<meta(?=[\s/>])([^>]*)>?/gi)) {
    const attrs = new Map<string, string>();
    for (const a of tag[1]!.matchAll(ATTRIBUTE)) {
      const name = a[1]!.toLowerCase();
      if (!attrs.has(name)) attrs.set(name, a[2] ?? a[3] ?? a[4] ?? '');
    }
    const direct = attrs.get('charset')?.trim().toLowerCase();
    if (direct) {
      found.push(direct);
      continue;
    }
    if (attrs.get('http-equiv')?.trim().toLowerCase() === 'content-type') {
      const cs = charsetInContent(attrs.get('content') ?? '');
      if (cs) found.push(cs);
    }
  }
  return found;
}

/** The standard's "extract a character encoding from a meta element": `charset=` anywhere in content. */
function charsetInContent(content: string): string | undefined {
  const m = /charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^;\s"']+))/i.exec(content);
  const label = (m?.[1] ?? m?.[2] ?? m?.[3])?.trim().toLowerCase();
  return label || undefined;
}

/** The first charset a `<meta>` declares in the first 1024 bytes, lower-cased, as written. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  return metaCharsets(bytes)[0];
}

function decoderFor(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
}

/** A meta-declared encoding as the standard adjusts it: the tag was readable as ASCII, so not UTF-16. */
function metaDecoder(label: string): InstanceType<typeof TextDecoder> | undefined {
  if (label === 'x-user-defined') return decoderFor('windows-1252');
  const d = decoderFor(label);
  return d && d.encoding.startsWith('utf-16') ? decoderFor('utf-8') : d;
}

export function decodeHtml(bytes: Uint8Array, contentType?: string): Decoded {
  const unknown: string[] = [];
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  const bom = sniffBom(bytes);
  if (bom) decoder = decoderFor(bom);
  if (!decoder) {
    const declared = charsetFromContentType(contentType);
    if (declared) {
      decoder = decoderFor(declared);
      if (!decoder) unknown.push(`unknown charset "${declared}" in Content-Type`);
    }
  }
  if (!decoder) {
    // An unsupported label is skipped, as browsers do, so a later valid declaration still counts.
    for (const label of metaCharsets(bytes)) {
      decoder = metaDecoder(label);
      if (decoder) break;
      unknown.push(`unknown charset "${label}" in <meta>`);
    }
  }
  decoder ??= decoderFor('utf-8')!;
  const charset = decoder.encoding;
  const problems = unknown.length > 0 ? [`${unknown.join('; ')}; decoded as ${charset}`] : [];
  let text: string;
  if (charset === 'utf-8' && isUtf8(bytes)) {
    // Valid UTF-8, the common case: Buffer's decoder is several times faster than TextDecoder's.
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return problems.length > 0 ? { text, charset, warning: problems.join('; ') } : { text, charset };
  }
  try {
    text = decodeAll(decoder, bytes);
  } catch {
    text = decodeAll(new TextDecoder(charset), bytes);
    problems.push(`bytes not valid ${charset} were replaced with U+FFFD (first at byte ${firstInvalidOffset(bytes, charset)})`);
  }
  return problems.length > 0 ? { text, charset, warning: problems.join('; ') } : { text, charset };
}

/**
 * Decodes through ICU in stream mode: Node 20's one-shot windows-1252 path decodes as Latin-1,
 * turning 0x80–0x9F (€, curly quotes, dashes) into C1 controls (nodejs/node#56542).
 */
function decodeAll(decoder: InstanceType<typeof TextDecoder>, bytes: Uint8Array): string {
  return decoder.decode(bytes, { stream: true }) + decoder.decode();
}

/** Offset of the first byte that does not decode; called only when decoding failed. */
function firstInvalidOffset(bytes: Uint8Array, charset: string): number {
  // Shortest failing prefix, by binary search; stream mode lets a prefix end inside a sequence.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (decodes(bytes.subarray(0, mid + 1), true)) lo = mid + 1;
    else hi = mid;
  }
  // The byte found may end a sequence begun earlier (a lead byte without its trail bytes, or
  // input cut inside a sequence): report where that sequence starts, which is what became U+FFFD.
  const limit = Math.max(0, lo - 4);
  for (let start = lo; start > limit; start--) if (decodes(bytes.subarray(0, start), false)) return start;
  return limit;

  function decodes(prefix: Uint8Array, stream: boolean): boolean {
    try {
      new TextDecoder(charset, { fatal: true }).decode(prefix, { stream });
      return true;
    } catch {
      return false;
    }
  }
}
