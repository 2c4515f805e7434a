import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, parseConfig, type Config } from '../engine/config.js';

export const CONFIG_NAME = 'seo-ai.config.json';

/** The config file: the one named, or the nearest seo-ai.config.json walking up from cwd. */
export function findConfig(cwd: string, named?: string): string | undefined {
  if (named) {
    const file = path.resolve(cwd, named);
    if (!existsSync(file)) throw new ConfigError(`--config ${named}: no such file`);
    if (statSync(file).isDirectory()) throw new ConfigError(`--config ${named} is a folder; name the config file in it (e.g. --config ${path.join(named, CONFIG_NAME)})`);
    return file;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_NAME);
    if (existsSync(file)) {
      // A folder of that name is a mistake to say, not a config to skip: a config further up would be read instead.
      if (statSync(file).isDirectory()) throw new ConfigError(`${file} is a folder, not a config file; remove it, or name the config with --config <file>`);
      return file;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function loadConfig(cwd: string, named?: string): { config: Config; file?: string } {
  const file = findConfig(cwd, named);
  if (!file) return { config: {} };
  let text: string;
  try {
    // A byte-order mark (Windows editors write one) is not JSON: dropped, as diff and the baseline reader do.
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the config: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(stripJsonComments(text));
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  return { config: parseConfig(value, file), file };
}

/** Removes // and /* *\/ comments outside strings, so the starter config can explain itself. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const comment = text.slice(i, end === -1 ? text.length : end + 2);
      out += comment.replace(/[^\n]/g, ' ');
      i += comment.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
