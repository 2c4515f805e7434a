import { defineRule } from '../../src/engine/define-rule.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(node: Record<string, unknown>): boolean {
  const type = node['@type'];
  return (typeof type === 'string' && type.trim() !== '') || (Array.isArray(type) && type.length > 0);
}

/**
 * What is missing where, as "path lacks @x" phrases. A top-level array holds independent
 * documents, each needing its own @context; in an @graph the context is the wrapper's and
 * only the nodes need @type.
 */
function problems(value: unknown, path: string, needsContext: boolean): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => problems(item, `${path}[${i}]`, needsContext));
  const where = path || 'the top-level value';
  if (!isObject(value)) return [`${where} is not an object`];
  const out: string[] = [];
  if (needsContext && value['@context'] === undefined) out.push(`${where} lacks @context`);
  const graph = value['@graph'];
  if (graph !== undefined) {
    const nodes = Array.isArray(graph) ? graph : [graph];
    nodes.forEach((node, i) => out.push(...problems(node, `${path}@graph[${i}]`, false)));
  } else if (!hasType(value)) {
    out.push(`${where} lacks @type`);
  }
  return out;
}

/** Long blocks would swamp a report; the start is enough to find the block in the source. */
function excerpt(raw: string): string {
  const chars = [...raw];
  return chars.length <= 200 ? raw : `${chars.slice(0, 200).join('')}…`;
}

export default defineRule({
  id: 'structured-data-invalid',
  category: 'structured-data',
  scope: 'page',
  severity: 'medium',
  docs: {
    description: 'A JSON-LD block does not parse, or an object in it lacks @context or @type, so search engines ignore it.',
    fix: 'Make each <script type="application/ld+json"> valid JSON with "@context": "https://schema.org" and an "@type"; check it with Google’s Rich Results Test.',
  },
  options: {},
  check(page, { report }) {
    // Blocks have no identity but their position. Counting only the invalid ones keeps a broken
    // block's element when a valid block is added before it (a baseline must not see a new
    // finding there), and editing a block's text does not change it either.
    let invalid = 0;
    page.jsonLd.forEach((block, i) => {
      const missing = block.error === undefined ? problems(block.value, '', true) : [];
      if (block.error === undefined && missing.length === 0) return;
      const element = `json-ld-invalid-${++invalid}`;
      if (block.error !== undefined) {
        report({
          message: `JSON-LD block ${i + 1} does not parse: ${block.error}.`,
          value: excerpt(block.raw),
          expected: 'valid JSON',
          element,
        });
        return;
      }
      report({
        message: `JSON-LD block ${i + 1}: ${missing.join('; ')}.`,
        value: excerpt(block.raw),
        expected: 'objects with @context and @type',
        element,
      });
    });
  },
});
