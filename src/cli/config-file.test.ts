import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../engine/config.js';
import { loadConfig, parseConfigText, schemaRef } from './config-file.js';
import { ROOT } from '../testing/cli.js';

describe('loadConfig', () => {
  it('reads a config that starts with a byte-order mark', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-config-'));
    writeFileSync(path.join(dir, 'seo-ai.config.json'), '\uFEFF// comment\n{ "baseUrl": "https://a.example/" }');
    expect(loadConfig(dir).config).toEqual({ baseUrl: 'https://a.example/' });
  });

  it('a folder named by --config is a config error naming it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-config-'));
    mkdirSync(path.join(dir, 'conf'));
    expect(() => loadConfig(dir, 'conf')).toThrow('--config conf is a folder; name the config file in it (e.g. --config conf/seo-ai.config.json)');
  });
});

/** The ConfigError a config text makes: its message and the lines under it. */
function mistake(text: string): { message: string; excerpt?: readonly string[] } {
  try {
    parseConfigText(text, 'seo-ai.config.json');
  } catch (err) {
    if (err instanceof ConfigError) return { message: err.message, excerpt: err.excerpt };
    throw err;
  }
  throw new Error('no error');
}

describe('parseConfigText: JSON with comments and trailing commas', () => {
  it('reads comments, trailing commas, a BOM and CRLF line ends', () => {
    const text = '\uFEFF{\r\n  // a comment\r\n  "rules": {\r\n    "title-too-long": ["medium", { "max": 65 }], /* why */\r\n  },\r\n  "weights": { "high": 20, },\r\n}\r\n';
    expect(parseConfigText(text, 'c.json')).toEqual({ rules: { 'title-too-long': ['medium', { max: 65 }] }, weights: { high: 20 } });
  });

  it('accepts a "$schema" key', () => {
    expect(parseConfigText('{ "$schema": "./node_modules/seo-ai/seo-ai.config.schema.json" }', 'c.json')).toEqual({ $schema: './node_modules/seo-ai/seo-ai.config.schema.json' });
  });

  it('a missing comma: file:line:column, what was expected, the line and a caret', () => {
    const text = '{\n  // weights\n  "rules": {\n    "social": "off"\n  }\n  "weights": { "high": 20 }\n}\n';
    expect(mistake(text)).toEqual({
      message: 'seo-ai.config.json:6:3: expected "," or "}" after the value of "rules", found string "weights"',
      excerpt: ['    "weights": { "high": 20 }', '    ^'],
    });
  });

  it('counts lines right with CRLF and a BOM, and columns in characters', () => {
    expect(mistake('\uFEFF{\r\n  "baseUrl": "héllo wörld 🌍" "x"\r\n}').message).toBe(
      'seo-ai.config.json:2:30: expected "," or "}" after the value of "baseUrl", found string "x"',
    );
  });

  it('says what is wrong in other syntax mistakes', () => {
    expect(mistake('').message).toBe('seo-ai.config.json:1:1: the file is empty; expected a JSON object such as {}');
    expect(mistake("{ 'rules': {} }").message).toBe('seo-ai.config.json:1:3: keys take double quotes ("…"), not single quotes');
    expect(mistake('{ "maxBytes": 01 }').message).toBe('seo-ai.config.json:1:15: the value of "maxBytes": "01" is not a JSON number (such as 12, -0.5 or 1e3)');
    expect(mistake('{ "rules": {\n  "social": "off"\n').message).toBe('seo-ai.config.json:3:1: the file ends inside the object of "rules": expected "," or "}" after the value of "social"');
    expect(mistake('{ /* unclosed\n}').message).toBe('seo-ai.config.json:1:3: comment not closed: expected "*/" before the end of the file');
    expect(mistake('{ "baseUrl": "https://a.example/ }').message).toBe('seo-ai.config.json:1:14: string not closed: expected a closing double quote (") before the end of the line');
    expect(mistake('{} {}').message).toBe(`seo-ai.config.json:1:4: unexpected "{" after the end of the config's object; remove it, or put it inside the object`);
    expect(mistake('{ "brand": "\\u12" }').message).toBe('seo-ai.config.json:1:13: "\\u" takes four hex digits in JSON, e.g. \\u00e9');
    expect(mistake('{ "maxBytes":\u00a01 }').message).toBe('seo-ai.config.json:1:14: expected the value of "maxBytes", found a space JSON does not allow (U+00A0)');
  });

  it('keeps control characters out of the caret lines and cuts a long line around the column', () => {
    expect(mistake('{\t"a"\u0007: 1 }')).toEqual({ message: 'seo-ai.config.json:1:6: expected ":" after the key "a", found a control character (U+0007)', excerpt: ['  { "a" : 1 }', '       ^'] });
    const long = `{ "baseUrl": "https://a.example/${'x'.repeat(200)}" 1 }`;
    const [line, caret] = mistake(long).excerpt!;
    expect(line!.length).toBeLessThan(110);
    expect(line![caret!.indexOf('^')]).toBe('1');
  });
});

describe('parseConfigText: schema mistakes as sentences at their line', () => {
  it('a bad severity names the key, the value and what is allowed', () => {
    const text = '{\n  "rules": {\n    "title-too-long": "hi"\n  }\n}';
    expect(mistake(text)).toEqual({
      message: 'seo-ai.config.json:3:23: rules."title-too-long": "hi" is not a severity; use one of "critical", "high", "medium", "low", "off", or ["<severity>", { options }]',
      excerpt: ['      "title-too-long": "hi"', '                        ^'],
    });
  });

  it('wrong types, unknown keys (with a did-you-mean), bad rule ids and options', () => {
    expect(mistake('{ "weights": { "high": "x" } }').message).toBe('seo-ai.config.json:1:24: weights.high: "x" must be a number');
    expect(mistake('{\n  "rule": {}\n}').message).toBe(
      'seo-ai.config.json:2:3: "rule": unknown key (did you mean "rules"?); known keys are $schema, rules, weights, keywords, baseUrl, maxBytes, crawl, llm, gate, plugins, custom, extract',
    );
    expect(mistake('{ "titel": 1 }').message).toMatch(/^seo-ai\.config\.json:1:3: "titel": unknown key; known keys are \$schema, rules, /);
    expect(mistake('{ "crawl": { "maxpages": 5 } }').message).toMatch(/^seo-ai\.config\.json:1:14: crawl\."maxpages": unknown key \(did you mean "maxPages"\?\); known keys are /);
    expect(mistake('{ "rules": { "title-to-long": "off" } }').message).toBe(
      'seo-ai.config.json:1:14: rules."title-to-long": unknown rule or category (did you mean "title-too-long"?); run "seo-ai rules" for the list',
    );
    expect(mistake('{ "rules": { "title-too-long": ["low", { "max": "65" }] } }').message).toBe(
      'seo-ai.config.json:1:49: rules."title-too-long": option "max" must be a number, not "65"',
    );
    expect(mistake('{ "rules": { "title-too-long": ["low", { "mx": 65 }] } }').message).toBe(
      'seo-ai.config.json:1:42: rules."title-too-long": unknown option "mx" (did you mean "max"?); known options: max',
    );
    expect(mistake('{ "baseUrl": "shop.example" }').message).toBe('seo-ai.config.json:1:14: baseUrl: "shop.example" is not a URL; write it whole, e.g. "https://shop.example/"');
    expect(mistake('{ "keywords": { "/x": "tent" } }').message).toBe('seo-ai.config.json:1:23: keywords."/x": "tent" must be an array ([ … ])');
    expect(mistake('{ "crawl": { "maxPages": 0.5 } }').message).toBe('seo-ai.config.json:1:26: crawl.maxPages: 0.5 must be a whole number');
    expect(mistake('[]').message).toBe('seo-ai.config.json:1:1: the config: [] must be an object ({ … })');
  });

  it('a "__proto__" key is a plain unknown key, never the prototype', () => {
    expect(mistake('{ "__proto__": { "rules": 1 } }').message).toMatch(/^seo-ai\.config\.json:1:3: "__proto__": unknown key; /);
  });
});

describe('schemaRef', () => {
  const top = mkdtempSync(path.join(tmpdir(), 'seo-ai-schema-'));
  const project = path.join(top, 'site');
  const installed = path.join(project, 'node_modules', 'seo-ai');
  mkdirSync(path.join(project, 'config'), { recursive: true });
  mkdirSync(installed, { recursive: true });

  it("points at the project's own install, relative to the config folder, with forward slashes", () => {
    expect(schemaRef(project, installed)).toBe('./node_modules/seo-ai/seo-ai.config.schema.json');
    expect(schemaRef(path.join(project, 'config'), installed)).toBe('../node_modules/seo-ai/seo-ai.config.schema.json');
  });

  it("a global install's file is this machine's only: the published package's address instead", () => {
    expect(schemaRef(project, path.join(top, 'usr', 'lib', 'node_modules', 'seo-ai'))).toBe('https://unpkg.com/seo-ai@0.1.0/seo-ai.config.schema.json');
  });

  it('from a clone, the schema file of the clone, which exists', () => {
    const inClone = path.join(ROOT, 'fixtures');
    expect(existsSync(path.resolve(inClone, schemaRef(inClone)))).toBe(true);
  });
});

