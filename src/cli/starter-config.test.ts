import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseGateConfig } from '../gate/policy.js';
import { parseConfigText, SCHEMA_NAME, withSchemaRef } from './config-file.js';
import { configJsonSchema, configJsonSchemaText } from './config-schema.js';
import { STARTER_CONFIG } from './init.js';
import { parseJsonc } from './jsonc.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The starter's lines that are commented-out examples: `// "key": value`. */
const EXAMPLE = /^(\s*)\/\/ (".*)$/;
const lines = STARTER_CONFIG.split('\n');
const examples = lines.map((line, i) => (EXAMPLE.test(line) ? i : -1)).filter((i) => i >= 0);

function uncomment(which: readonly number[]): string {
  return lines.map((line, i) => (which.includes(i) ? line.replace(EXAMPLE, '$1$2') : line)).join('\n');
}

/** Loads a config text as the CLI does, the gate section through the gate's own parser too. */
function load(text: string): ReturnType<typeof parseConfigText> {
  const config = parseConfigText(text, 'seo-ai.config.json');
  parseGateConfig(config.gate, 'seo-ai.config.json');
  return config;
}

describe('the starter config init writes', () => {
  it('has commented examples to try', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it('loads as written, "$schema" first', () => {
    expect(Object.keys(load(STARTER_CONFIG))[0]).toBe('$schema');
  });

  it.each(examples.map((i) => [lines[i]!.trim(), i] as const))('loads with %s uncommented on its own', (_line, i) => {
    const config = load(uncomment([i]));
    const [key] = Object.keys(parseJsonc(`{${lines[i]!.replace(EXAMPLE, '$2').replace(/,\s*$/, '')}}`).value as object);
    const sections = [config.rules, config.keywords, config.gate, config] as (Record<string, unknown> | undefined)[];
    expect(sections.some((section) => section !== undefined && key! in section)).toBe(true);
  });

  it('loads with every example uncommented together, and reads their values', () => {
    const config = load(uncomment(examples));
    expect(config.rules?.['title-too-long']).toEqual(['medium', { max: 65 }]);
    expect(config.rules?.social).toBe('off');
    expect(config.baseUrl).toBe('https://shop.example/');
    expect(config.keywords?.['/products/tents/**']).toEqual(['tent', 'camping tent']);
    expect(parseGateConfig(config.gate, 'c')).toMatchObject({ baseline: 'seo-baseline.json', failOn: 'high', minScore: 80 });
  });

  it('writes "$schema" as given, the rest unchanged', () => {
    const written = withSchemaRef(STARTER_CONFIG, '../node_modules/seo-ai/seo-ai.config.schema.json');
    expect(load(written).$schema).toBe('../node_modules/seo-ai/seo-ai.config.schema.json');
    expect(written.replace('"../node_modules/', '"./node_modules/')).toBe(STARTER_CONFIG);
  });
});

describe('the config JSON Schema', () => {
  const validate = new Ajv({ strict: false }).compile(configJsonSchema());

  it(`the committed ${SCHEMA_NAME} is what "npm run schema" writes now`, () => {
    expect(readFileSync(path.join(ROOT, SCHEMA_NAME), 'utf8')).toBe(configJsonSchemaText());
  });

  it('accepts the starter config, as written and with every example uncommented', () => {
    for (const text of [STARTER_CONFIG, uncomment(examples)]) {
      const valid = validate(parseJsonc(text).value);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('rejects a bad severity, an unknown rule id, options on a category and a wrong option type', () => {
    for (const rules of [{ 'title-too-long': 'hi' }, { 'title-to-long': 'off' }, { title: ['low', { max: 1 }] }, { 'title-too-long': ['low', { max: '65' }] }]) {
      expect(validate({ rules })).toBe(false);
    }
  });

  it("describes every rule under \"rules\" with the registry's description", () => {
    const rules = (configJsonSchema().properties as Record<string, { properties: Record<string, { description: string }> }>).rules!.properties;
    expect(rules['title-too-long']!.description).toMatch(/^Title longer than search results show/);
    expect(rules.title!.description).toMatch(/^Every rule of the title category: /);
  });
});
