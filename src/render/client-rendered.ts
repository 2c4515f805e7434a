// Whether a page's HTML, as the server sent it, looks built by JavaScript in the browser: what
// --render auto renders. Read from the bytes with light scans, before the page is parsed.

/** How much of a page is read to decide: an app shell is small. */
const SCAN_BYTES = 256 * 1024;
/** A body with less visible text than this is a shell or a placeholder, not a page the server wrote. */
const SHELL_TEXT = 200;
/** The ids frameworks mount their app on (React, Vue, Next.js, Nuxt, Gatsby, Angular's app-root is an element). */
const ROOT_ID = /^(?:root|app|__next|__nuxt|___gatsby|svelte|main-app|app-root)$/i;

/** Why the raw HTML looks client-rendered, or undefined when it does not. */
export function clientRendered(body: Uint8Array): string | undefined {
  const html = new TextDecoder('utf-8').decode(body.subarray(0, SCAN_BYTES));
  // A script file, or an inline script of any length (data blocks, JSON-LD and import maps run nothing).
  const scripts = /<script\b[^>]*\bsrc\s*=/i.test(html) || /<script\b(?![^>]*type\s*=\s*["']?(?:application\/(?:ld\+)?json|importmap|speculationrules|text\/template))[^>]*>\s*[^\s<]/i.test(html);
  if (!scripts) return undefined;
  const bodyMatch = /<body\b[^>]*>([\s\S]*?)(?:<\/body>|$)/i.exec(html);
  const inner = (bodyMatch?.[1] ?? '').replace(/<!--[\s\S]*?-->/g, '');
  const shown = inner.replace(/<(script|style|template|noscript|svg)\b[\s\S]*?<\/\1\s*>/gi, '');
  const text = visibleText(shown);
  const media = /<(?:img|picture|video|iframe|canvas|object|embed)\b/i.test(shown);
  if (text === '' && !media) {
    const root = /^\s*<(?:div|main)\b[^>]*\bid\s*=\s*["']?([\w-]+)/i.exec(shown)?.[1];
    return root ? `its <body> holds only an empty root <div id="${root}"> and scripts` : 'its <body> has no text, only scripts';
  }
  // Below, a body with text of its own is the server's page, whatever its scripts or <noscript> say
  // (a blog's comment widget asking for JavaScript does not make the post client-rendered).
  if (text.length >= SHELL_TEXT) return undefined;
  const noscript = [...inner.matchAll(/<noscript\b[^>]*>([\s\S]*?)<\/noscript\s*>/gi)].some((m) => /\b(?:enable|turn on|requires?|need)\b[\s\S]{0,40}?javascript/i.test(visibleText(m[1]!)));
  if (noscript) return 'its <noscript> asks to enable JavaScript';
  const root = [...shown.matchAll(/<(div|main)\b[^>]*\bid\s*=\s*["']?([\w-]+)[^>]*>([\s\S]*?)<\/\1\s*>/gi)].find((m) => ROOT_ID.test(m[2]!) && visibleText(m[3]!).length < 40);
  if (root) return `its <body> holds little but a root <div id="${root[2]!}"> with a placeholder ("${visibleText(root[3]!) || 'empty'}") and scripts`;
  const bodyAt = html.search(/<body\b/i);
  const head = /<head\b[^>]*>([\s\S]*?)<\/head\s*>/i.exec(html)?.[1] ?? (bodyAt >= 0 ? html.slice(0, bodyAt) : html);
  const title = /<title\b[^>]*>\s*[^<\s]/i.test(head);
  const h1 = /<h1\b[^>]*>[\s\S]*?\S[\s\S]*?<\/h1>/i.test(shown);
  if (!title && !h1) return 'it has no title and no H1, but scripts';
  return undefined;
}

function visibleText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;|\s+/g, ' ').trim();
}
