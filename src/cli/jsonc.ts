import { describePath } from '../engine/config-words.js';

/**
 * JSON with comments and trailing commas (JSONC, as VS Code's settings.json), parsed by hand so a
 * mistake is told where it is and what was expected there, and every value keeps its offset (a
 * schema error is then shown at the value it is about).
 */

export type JsonPath = readonly (string | number)[];

export class JsoncSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsoncSyntaxError';
  }
}

export interface JsoncDocument {
  value: unknown;
  /** Offset of the value at this path, or of the key itself with `key`; undefined where there is none. */
  offsetOf(path: JsonPath, key?: boolean): number | undefined;
}

const pathKey = (path: JsonPath): string => JSON.stringify(path);

/** Parses JSONC text (a leading byte-order mark is skipped), throwing JsoncSyntaxError at the first mistake. */
export function parseJsonc(text: string): JsoncDocument {
  const parser = new Parser(text);
  const value = parser.document();
  return {
    value,
    offsetOf: (path, key) => (key ? parser.keys : parser.values).get(pathKey(path)),
  };
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  readonly values = new Map<string, number>();
  readonly keys = new Map<string, number>();
  private i: number;

  constructor(private readonly text: string) {
    this.i = text.startsWith('\uFEFF') ? 1 : 0;
  }

  document(): unknown {
    this.skip();
    if (this.i >= this.text.length) throw this.error('the file is empty; expected a JSON object such as {}');
    const value = this.value([], 'the config');
    this.skip();
    if (this.i < this.text.length) throw this.error(`unexpected ${this.found()} after the end of the config's object; remove it, or put it inside the object`);
    return value;
  }

  private error(message: string, at = this.i): JsoncSyntaxError {
    return new JsoncSyntaxError(message, at);
  }

  /** What stands at the current position, for messages. */
  private found(): string {
    if (this.i >= this.text.length) return 'end of file';
    const code = this.text.codePointAt(this.i)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    const word = /^(?:"(?:[^"\\\n]|\\.){0,30}"?|[\w$.+-]{1,30}|[^\s])/u.exec(this.text.slice(this.i))?.[0] ?? '';
    // A space JSON does not allow (no-break, ideographic…) matches none of the above: named by its code point.
    if (word === '') return `a space JSON does not allow (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    return word.startsWith('"') ? `string ${word}` : `"${word}"`;
  }

  /** Skips whitespace and comments. */
  private skip(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') this.i++;
      else if (c === '/' && t[this.i + 1] === '/') {
        while (this.i < t.length && t[this.i] !== '\n' && t[this.i] !== '\r') this.i++;
      } else if (c === '/' && t[this.i + 1] === '*') {
        const end = t.indexOf('*/', this.i + 2);
        if (end === -1) throw this.error('comment not closed: expected "*/" before the end of the file');
        this.i = end + 2;
      } else return;
    }
  }

  /** A value at `path`; `what` names it in messages ("the value of \"rules\""). */
  private value(path: JsonPath, what: string): unknown {
    this.values.set(pathKey(path), this.i);
    const c = this.text[this.i];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === "'") throw this.error(`${what}: strings take double quotes ("…"), not single quotes`);
    const word = /^[\w$.+-]+/.exec(this.text.slice(this.i))?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.i += word.length;
      return word === 'true' ? true : word === 'false' ? false : null;
    }
    if (word && /^-?\d/.test(word)) return this.number(word, what);
    if (word) throw this.error(`${what}: ${word} is not a value; write a string in double quotes ("${word}"), a number, true, false or null`);
    throw this.error(`expected ${what}, found ${this.found()}`);
  }

  private number(word: string, what: string): number {
    if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(word)) throw this.error(`${what}: "${word}" is not a JSON number (such as 12, -0.5 or 1e3)`);
    this.i += word.length;
    return Number(word);
  }

  private string(): string {
    const t = this.text;
    const start = this.i++;
    let out = '';
    for (;;) {
      const c = t[this.i];
      if (c === undefined || c === '\n' || c === '\r') throw this.error('string not closed: expected a closing double quote (") before the end of the line', start);
      if (c === '"') break;
      if (c < ' ') throw this.error('a control character (such as a tab) in a string; write it escaped, e.g. \\t');
      if (c === '\\') {
        const e = t[this.i + 1] ?? '';
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
          continue;
        }
        if (e === 'u') throw this.error('"\\u" takes four hex digits in JSON, e.g. \\u00e9');
        if (!(e in ESCAPES)) throw this.error(`"\\${e}" is not an escape in JSON; a backslash itself is written \\\\`);
        out += ESCAPES[e];
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
    this.i++;
    return out;
  }

  private object(path: JsonPath): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const name = path.length ? `the object of ${JSON.stringify(describePath(path))}` : 'the config';
    this.i++;
    for (let after: string | undefined; ; ) {
      this.skip();
      if (this.text[this.i] === '}') break;
      if (this.text[this.i] !== '"') {
        if (this.text[this.i] === "'") throw this.error(`keys take double quotes ("…"), not single quotes`);
        if (this.i >= this.text.length) throw this.error(`the file ends inside ${name}: expected "}"`);
        throw this.error(after ? `expected a key in double quotes or "}" after the value of "${after}", found ${this.found()}` : `expected a key in double quotes or "}" in ${name}, found ${this.found()}`);
      }
      const keyAt = this.i;
      const key = this.string();
      this.skip();
      if (this.text[this.i] !== ':') throw this.error(`expected ":" after the key "${key}", found ${this.found()}`);
      this.i++;
      this.skip();
      const child = [...path, key];
      this.keys.set(pathKey(child), keyAt);
      // defineProperty: a key such as "__proto__" is a plain key here, as in JSON.parse, never the prototype.
      Object.defineProperty(out, key, { value: this.value(child, `the value of "${key}"`), enumerable: true, writable: true, configurable: true });
      this.skip();
      if (this.text[this.i] === ',') {
        this.i++;
        after = key;
        continue;
      }
      if (this.text[this.i] === '}') break;
      throw this.error(this.i >= this.text.length ? `the file ends inside ${name}: expected "," or "}" after the value of "${key}"` : `expected "," or "}" after the value of "${key}", found ${this.found()}`);
    }
    this.i++;
    return out;
  }

  private array(path: JsonPath): unknown[] {
    const out: unknown[] = [];
    const name = path.length ? `the array of ${JSON.stringify(describePath(path))}` : 'the array';
    this.i++;
    for (;;) {
      this.skip();
      if (this.text[this.i] === ']') break;
      if (this.i >= this.text.length) throw this.error(`the file ends inside ${name}: expected "]"`);
      out.push(this.value([...path, out.length], `item ${out.length + 1} of ${name}`));
      this.skip();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.text[this.i] === ']') break;
      throw this.error(this.i >= this.text.length ? `the file ends inside ${name}: expected "," or "]"` : `expected "," or "]" after item ${out.length} of ${name}, found ${this.found()}`);
    }
    this.i++;
    return out;
  }
}

/** 1-based line and column (in characters) of an offset; CRLF counts as one line break. */
export function lineColumn(text: string, offset: number): { line: number; column: number; lineText: string } {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  let line = 1;
  let lineStart = start;
  for (let i = start; i < offset && i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  const end = text.slice(lineStart).search(/\r|\n/);
  const lineText = end === -1 ? text.slice(lineStart) : text.slice(lineStart, lineStart + end);
  return { line, column: [...text.slice(lineStart, offset)].length + 1, lineText };
}

/** The offending line and a caret under the column, cut to a window around it when the line is long. */
export function caretLines(lineText: string, column: number, width = 100): string[] {
  // Tabs and other control characters as one space each: the caret lines up whatever the terminal's tab stops.
  let chars = [...lineText.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')];
  let at = column - 1;
  if (chars.length > width) {
    const from = Math.max(0, Math.min(at - Math.floor(width / 2), chars.length - width));
    chars = [...(from > 0 ? ['…'] : []), ...chars.slice(from, from + width), ...(from + width < chars.length ? ['…'] : [])];
    at = at - from + (from > 0 ? 1 : 0);
  }
  return [`  ${chars.join('')}`, `  ${' '.repeat(Math.max(0, at))}^`];
}
