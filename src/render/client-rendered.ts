// Whether a page's HTML, as the server sent it, looks built by JavaScript in the browser: what
// --render auto renders. Read from the bytes with light scans, before the page is parsed.

/** How much of a page is read to decide: an app shell is small. */
const SCAN_BYTES = 256 * 1024;

/** Why the raw HTML looks client-rendered, or undefined when it does not. */
export function clientRendered(body: Uint8Array): string | undefined {
  const html = new TextDecoder('utf-8').decode(body.subarray(0, SCAN_BYTES));
  const scripts = /<script\b[^>]*\bsrc\s*=/i.test(html) || /<script\b(?![^>]*type\s*=\s*["']?application\/(?:ld\+)?json)[^>]*>[^<]{200,}/i.test(html);
  if (!scripts) return undefined;
  if (/<noscript\b[^>]*>[\s\S]{0,400}?\b(?:enable|turn on|requires?)\b[\s\S]{0,40}?javascript/i.test(html)) return 'its <noscript> asks to enable JavaScript';
  const bodyMatch = /<body\b[^>]*>([\s\S]*?)(?:<\/body>|$)/i.exec(html);
  const inner = (bodyMatch?.[1] ?? '')
    .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const text = inner.replace(/<[^>]*>/g, ' ').replace(/&nbsp;|\s+/g, ' ').trim();
  if (text === '') {
    const root = /^\s*<div\b[^>]*\bid\s*=\s*["']?([\w-]+)/i.exec(inner)?.[1];
    return root ? `its <body> holds only an empty root <div id="${root}"> and scripts` : 'its <body> has no text, only scripts';
  }
  const title = /<title\b[^>]*>\s*[^<\s]/i.test(html);
  const h1 = /<h1\b[^>]*>[\s\S]*?\S[\s\S]*?<\/h1>/i.test(inner);
  if (!title && !h1) return 'it has no title and no H1, but scripts';
  return undefined;
}
