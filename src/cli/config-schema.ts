import { zodToJsonSchema } from 'zod-to-json-schema';
import { rules as registry } from '../../rules/index.js';
import { configSchema } from '../engine/config.js';
import type { Rule } from '../engine/types.js';
import { gateConfigSchema } from '../gate/policy.js';

/**
 * The config's JSON Schema, for editors: generated from the zod schema the loader checks with, then
 * told what zod leaves open (each rule id and category under "rules", with its description and
 * options, and the gate's keys) so an editor completes them. `npm run schema` writes it to
 * seo-ai.config.schema.json; a test holds the committed file to this. Build-time only: the CLI
 * never imports this module (its generator is a devDependency), so the package leaves it out.
 */

type JsonSchema = Record<string, unknown>;

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'off'];

const DESCRIPTIONS: Record<string, string> = {
  $schema: 'The JSON Schema of this file, for editor completion (seo-ai init writes it).',
  rules: 'Per rule id or category: a severity ("critical", "high", "medium", "low", "off"), or [severity, { options }] on a rule id. A rule id beats its category. Run "seo-ai rules" for the list.',
  weights: 'Points a page loses per failing rule, by severity (a page starts at 100).',
  keywords: 'Target keywords per URL path glob; keyword rules are not applicable without them.',
  baseUrl: 'Where the site is published: pages in a folder get URLs under it (else taken from sitemap.xml).',
  maxBytes: 'Read at most this many bytes of a page (--max-bytes beats it).',
  crawl: 'How a sitemap or a site is crawled over HTTP.',
  llm: 'The LLM that optimize asks for rewrites.',
  gate: 'The CI gate (seo-ai audit --baseline, seo-ai diff): when a run fails against the baseline.',
};

export function configJsonSchema(rules: readonly Rule[] = registry): JsonSchema {
  const base = zodToJsonSchema(configSchema, { $refStrategy: 'none', target: 'jsonSchema7' }) as JsonSchema;
  const properties = base.properties as Record<string, JsonSchema>;
  for (const [key, description] of Object.entries(DESCRIPTIONS)) if (properties[key]) properties[key] = { description, ...properties[key] };
  properties.rules = { description: DESCRIPTIONS.rules, ...rulesSchema(rules) };
  const gate = zodToJsonSchema(gateConfigSchema, { $refStrategy: 'none', target: 'jsonSchema7' }) as JsonSchema;
  delete gate.$schema;
  properties.gate = { description: DESCRIPTIONS.gate, ...gate };
  return {
    $schema: base.$schema,
    title: 'seo-ai config (seo-ai.config.json)',
    ...Object.fromEntries(Object.entries(base).filter(([k]) => k !== '$schema')),
  };
}

/** Every rule id (a severity or [severity, options]) and every category (a severity), nothing else. */
function rulesSchema(rules: readonly Rule[]): JsonSchema {
  const severity = { type: 'string', enum: SEVERITIES };
  const properties: Record<string, JsonSchema> = {};
  const categories = [...new Set(rules.map((r) => r.category))].sort();
  for (const category of categories) {
    const ids = rules.filter((r) => r.category === category).map((r) => r.id);
    properties[category] = { description: `Every rule of the ${category} category: ${ids.join(', ')}. A rule's own setting beats this.`, ...severity };
  }
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    const withOptions = {
      type: 'array',
      items: [severity, optionsSchema(rule)],
      minItems: 2,
      maxItems: 2,
    };
    const description = `${rule.docs.description} (${rule.category}; default ${rule.severity}${Object.keys(rule.options).length ? `; options ${JSON.stringify(rule.options)}` : ''})`;
    properties[rule.id] = { description, anyOf: [severity, withOptions] };
  }
  return { type: 'object', properties, additionalProperties: false };
}

function optionsSchema(rule: Rule): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, value] of Object.entries(rule.options)) {
    const type = Array.isArray(value) ? 'array' : typeof value;
    properties[name] = { type: type === 'number' || type === 'string' || type === 'boolean' || type === 'array' ? type : 'object', default: value };
  }
  return { type: 'object', properties, additionalProperties: false };
}

/** The file's text as the generator writes it. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
