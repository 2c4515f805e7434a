import { z } from 'zod';
import { closest, describePath, quote } from './config-words.js';

/**
 * Zod's issues as sentences a person editing the config can act on: the key path, the value given
 * and what is allowed there (zod's own words, "Invalid input", name none of these).
 */

type Path = readonly (string | number)[];

const SEVERITY_HELP = 'use one of "critical", "high", "medium", "low", "off", or ["<severity>", { options }]';



export interface Explained {
  path: Path;
  detail: string;
  /** The key is at fault (unknown), not its value. */
  atKey?: boolean;
}

export function explainIssue(issue: z.ZodIssue, root: unknown, schema: z.ZodTypeAny): Explained {
  const path = issue.path;
  const label = describePath(path) || 'the config';
  const value = valueAt(root, path);
  const say = (detail: string): Explained => ({ path, detail: `${label}: ${detail}` });
  switch (issue.code) {
    case z.ZodIssueCode.unrecognized_keys: {
      const key = issue.keys[0]!;
      const known = knownKeys(schema, path);
      const hint = closest(key, known, Math.max(1, Math.floor(key.length / 3)));
      const prefix = describePath(path);
      const name = `${prefix ? `${prefix}.` : ''}${JSON.stringify(key)}`;
      return {
        path: [...path, key],
        atKey: true,
        detail: `${name}: unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; known keys are ${known.join(', ')}`,
      };
    }
    case z.ZodIssueCode.invalid_union:
      if (path.length === 2 && path[0] === 'rules') return say(`${quote(value)} is not a severity; ${SEVERITY_HELP}`);
      return say(`${quote(value)} is not allowed here`);
    case z.ZodIssueCode.invalid_enum_value:
      return say(`${quote(value)} is not allowed; use one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`);
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return say(`missing; it must be ${kind(issue.expected)}`);
      if (issue.expected === 'integer') return say(`${quote(value)} must be a whole number`);
      return say(`${quote(value)} must be ${kind(issue.expected)}`);
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return say(`must not be empty`);
      if (issue.type === 'array') return say(`must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`);
      return say(`${quote(value)} is too small; it must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`);
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string' || issue.type === 'array') return say(`is too long; the most is ${issue.maximum}`);
      return say(`${quote(value)} is too large; it must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`);
    case z.ZodIssueCode.invalid_string:
      if (issue.validation === 'url') return say(`${quote(value)} is not a URL; write it whole, e.g. "https://shop.example/"`);
      return say(`${quote(value)}: ${issue.message}`);
    default:
      return say(issue.message);
  }
}

function kind(expected: string): string {
  const names: Record<string, string> = {
    number: 'a number',
    string: 'a string in double quotes',
    boolean: 'true or false',
    array: 'an array ([ … ])',
    object: 'an object ({ … })',
  };
  return names[expected] ?? `a ${expected}`;
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const part of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[part] : undefined;
  return v;
}

/** The keys the schema knows for the object at this path. */
function knownKeys(schema: z.ZodTypeAny, path: Path): string[] {
  let s: z.ZodTypeAny | undefined = schema;
  for (const part of [...path, undefined]) {
    while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodTypeAny;
    if (part === undefined) break;
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodTypeAny>)[part];
    else if (s instanceof z.ZodRecord) s = s.valueSchema as z.ZodTypeAny;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodTypeAny;
    else return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape as object) : [];
}


