import { escapeHtml } from '../page/html-text.js';

export { escapeHtml };

/** A signed change to one decimal: "+1.5", "-2", "±0". */
export function delta(before: number, after: number): string {
  const d = Math.round((after - before) * 10) / 10;
  return d > 0 ? `+${d}` : d < 0 ? `-${-d}` : '±0';
}

/**
 * A self-contained HTML document: nothing loads from the network (the CSP says so to the browser
 * too), no referrer leaves it, and the title and body are the caller's, already escaped.
 */
export function htmlDocument(parts: { title: string; csp: string; style: string; body: readonly string[]; script?: string }): string {
  return htmlDocumentLines(parts).join('\n');
}

/** htmlDocument's lines, to be joined with line breaks. */
export function htmlDocumentLines(parts: { title: string; csp: string; style: string; body: readonly string[]; script?: string }): string[] {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${parts.csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${parts.style}</style>`,
    '</head>',
    '<body>',
    ...parts.body,
    ...(parts.script !== undefined ? [`<script>${parts.script}</script>`] : []),
    '</body>',
    '</html>',
    '',
  ];
}
