// The page's visible text as the parse meets it, kept three ways (inside <main>, inside <article>,
// the body without its chrome) so the main text can be chosen at the end, and the characters of it
// inside data-nosnippet elements, which Google leaves out of snippets.
import { collapse } from './collapse.js';

export type TextScope = { main: boolean; article: boolean; body: boolean; nosnippet: boolean };

export class VisibleText {
  private main = '';
  private article = '';
  private body = '';
  private readonly hidden = { main: 0, article: 0, body: 0 };

  append(s: string, at: TextScope): void {
    if (at.main) this.main += s;
    if (at.article) this.article += s;
    if (at.body) this.body += s;
    // Text inside data-nosnippet is counted as it comes; the whole is counted once, at the end.
    if (at.nosnippet) {
      const chars = visibleChars(s);
      if (at.main) this.hidden.main += chars;
      if (at.article) this.hidden.article += chars;
      if (at.body) this.hidden.body += chars;
    }
  }

  /** The main text (main, else article, else the body without chrome), white space collapsed, and the share of it in data-nosnippet. */
  result(): { text: string; snippetHidden: number } {
    const from = this.main.trim() ? 'main' : this.article.trim() ? 'article' : 'body';
    const text = collapse(this[from]);
    const hidden = this.hidden[from];
    if (hidden === 0) return { text, snippetHidden: 0 };
    const all = visibleChars(text);
    return { text, snippetHidden: all === 0 ? 0 : Math.min(1, hidden / all) };
  }
}

/** Characters of a text that are not white space (the share of data-nosnippet text ignores spacing). */
function visibleChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c !== 160 && c !== 0x3000 && !(c >= 0x2000 && c <= 0x200b)) n++;
  }
  return n;
}
