// What models wrap around an answer, taken off before the answer is checked: reasoning blocks,
// code fences, markdown emphasis, surrounding quotes, "Title:"-style labels, a trailing
// explanation after a blank line, terminal escapes, control and invisible format characters.
// What is left must still pass the rules; nothing is invented. Markup is not taken off: an answer
// with tags in it is refused (see hostile.ts), never taken with its tags stripped, which kept the
// text of a <script> element.

const THINK = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const UNCLOSED_THINK = /^\s*<(think|thinking|reasoning)>[\s\S]*$/i;
const FENCE = /^```[a-z]*\s*\n?([\s\S]*?)\n?```$/i;
const LABEL = /^(?:new |suggested |improved |rewritten |optimi[sz]ed )?(?:seo |page |meta )?(?:title(?: tag)?|meta description|description|h1|heading)\s*[:：-]\s*/i;
/** A terminal escape sequence (CSI, "ESC [ … letter", or a two-character escape): none belongs in page text. */
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|[@-_])/g;
/**
 * Control characters (\p{Cc}) and invisible format characters (\p{Cf}: zero-width spaces and
 * joiners, bidi overrides, soft hyphens, BOMs) except the white space the paragraph split needs.
 * A NUL or escape corrupts the CSV, and a zero-width space makes a duplicate title look unique.
 */
const INVISIBLE = /(?![\t\n\v\f\r])[\p{Cc}\p{Cf}]/gu;
const QUOTES: [string, string][] = [['"', '"'], ["'", "'"], ['“', '”'], ['‘', '’'], ['«', '»'], ['„', '“'], ['`', '`']];

/** The single line of text a model meant as the answer, or '' when nothing usable is left. */
export function cleanText(raw: string): string {
  let text = raw.replace(ANSI, '').replace(INVISIBLE, '').replace(THINK, '').trim();
  if (UNCLOSED_THINK.test(text)) return ''; // cut off while still "thinking"
  const fenced = FENCE.exec(text);
  if (fenced) text = fenced[1]!.trim();
  // The first paragraph is the answer; anything after a blank line is commentary.
  text = text.split(/\n\s*\n/)[0]!.trim();
  // A one-item list or a heading line.
  text = text.replace(/^(?:[-*•]\s+|\d+[.)]\s+|#{1,6}\s+)/, '');
  for (let i = 0; i < 3; i++) {
    const before = text;
    // A bold label, "**Title:** …" or "**Title**: …", is a label all the same.
    text = text.replace(/^(\*\*|__)([^*_\n]{1,40}?)(:?)\1(:?)\s*/, (_m, _d, label: string, c1: string, c2: string) => `${label}${c1 || c2} `);
    text = text.replace(LABEL, '').trim();
    text = text.replace(/^\*\*(.*)\*\*$/s, '$1').replace(/^__(.*)__$/s, '$1').replace(/^\*(.*)\*$/s, '$1').trim();
    for (const [open, close] of QUOTES) {
      if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) text = text.slice(open.length, -close.length).trim();
    }
    if (text === before) break;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** The answer without its reasoning blocks: what the model answered, all of it, for hostileProblems. */
export function withoutReasoning(raw: string): string {
  const text = raw.replace(THINK, '');
  return UNCLOSED_THINK.test(text) ? '' : text;
}

/** The JSON value in an answer: fences, reasoning blocks and text around the outermost object are ignored. */
export function extractJson(raw: string): unknown {
  const text = raw.replace(THINK, '').trim();
  const fenced = FENCE.exec(text);
  const body = fenced ? fenced[1]! : text;
  try {
    return JSON.parse(body);
  } catch {
    const start = body.indexOf('{');
    const end = body.lastIndexOf('}');
    if (start === -1 || end <= start) throw new Error('the answer holds no JSON object');
    return JSON.parse(body.slice(start, end + 1));
  }
}
