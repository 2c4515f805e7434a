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

export function charsetFromContentType(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(value);
  return m?.[2]?.toLowerCase();
}

function sniffBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** The HTML standard's meta prescan, simplified to the two forms pages use. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PRESCAN_BYTES)).toString('latin1');
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of withoutComments.matchAll(/<meta\b[^>]*>/gi)) {
    const t = tag[0];
    const direct = /\bcharset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(t);
    if (direct && !/http-equiv/i.test(t)) return direct[1]!.toLowerCase();
    if (/http-equiv\s*=\s*["']?content-type/i.test(t)) {
      const content = /\bcontent\s*=\s*(["'])(.*?)\1/i.exec(t);
      const cs = charsetFromContentType(content?.[2]);
      if (cs) return cs;
    }
  }
  return undefined;
}

function decoderFor(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
}

export function decodeHtml(bytes: Uint8Array, contentType?: string): Decoded {
  const bom = sniffBom(bytes);
  let label = bom ?? charsetFromContentType(contentType) ?? charsetFromMeta(bytes) ?? 'utf-8';
  let warning: string | undefined;
  // A page that declares UTF-16 in a meta tag cannot really be UTF-16 (the tag was readable as ASCII).
  if (!bom && /^utf-16/.test(label)) label = 'utf-8';
  let decoder = decoderFor(label);
  if (!decoder) {
    warning = `unknown charset "${label}"; decoded as UTF-8`;
    label = 'utf-8';
    decoder = decoderFor(label)!;
  }
  const charset = decoder.encoding;
  try {
    return { text: decoder.decode(bytes), charset, ...(warning ? { warning } : {}) };
  } catch {
    const text = new TextDecoder(charset).decode(bytes);
    const bad = firstInvalidOffset(bytes, charset);
    const where = bad === undefined ? '' : ` (first at byte ${bad})`;
    return { text, charset, warning: `${warning ? warning + '; ' : ''}bytes not valid ${charset} were replaced with U+FFFD${where}` };
  }
}

function firstInvalidOffset(bytes: Uint8Array, charset: string): number | undefined {
  if (charset !== 'utf-8') return undefined;
  // Binary search for the shortest prefix that fails; truncation inside a sequence is allowed by stream mode.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo < bytes.length ? lo : undefined;
}
