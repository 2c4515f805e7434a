import { defineRule } from '../../src/engine/rule-api.js';
import { MAX_JSON_LD_DEPTH, nestsDeeperThan } from '../../src/page/json-depth.js';

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
 * only the nodes need @type. A loop in document order, not recursion; blocks nested deeper
 * than MAX_JSON_LD_DEPTH are reported as such and never walked here.
 */
function problems(root: unknown): string[] {
  const out: string[] = [];
  const todo: { value: unknown; path: string; needsContext: boolean }[] = [{ value: root, path: '', needsContext: true }];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const { value, path, needsContext } = next;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) todo.push({ value: value[i], path: `${path}[${i}]`, needsContext });
      continue;
    }
    const where = path || 'the top-level value';
    if (!isObject(value)) {
      out.push(`${where} is not an object`);
      continue;
    }
    if (needsContext && value['@context'] === undefined) out.push(`${where} lacks @context`);
    const graph = value['@graph'];
    if (graph !== undefined) {
      const nodes = Array.isArray(graph) ? graph : [graph];
      for (let i = nodes.length - 1; i >= 0; i--) todo.push({ value: nodes[i], path: `${path}@graph[${i}]`, needsContext: false });
    } else if (!hasType(value)) {
      out.push(`${where} lacks @type`);
    }
  }
  return out;
}

/** Long blocks would swamp a report; the start is enough to find the block in the source. */
function excerpt(raw: string): string {
  // Only the head is split into characters: a block may be megabytes long. 402 UTF-16 units hold at least 201 characters.
  const head = [...raw.slice(0, 402)];
  return raw.length <= 402 && head.length <= 200 ? raw : `${head.slice(0, 200).join('')}…`;
}

export default defineRule({
  id: 'structured-data-invalid',
  category: 'structured-data',
  scope: 'page',
  reads: ['structured-data'],
  severity: 'medium',
  docs: {
    description: 'A JSON-LD block does not parse, or an object in it lacks @context or @type, so search engines ignore it.',
    fix: 'Make each <script type="application/ld+json"> valid JSON with "@context": "https://schema.org" and an "@type"; check it with Google’s Rich Results Test.',
    why: 'Search engines read JSON-LD to understand a page’s entities and to show rich results such as prices and ratings; a block that does not parse, or lacks @context or @type, is not understood and cannot earn a rich result.',
    examples: {
      fails: { html: '<script type="application/ld+json">{"@type": "Product", "name": "Blue widget",}</script>' },
      passes: { html: '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product", "name": "Blue widget"}</script>' },
    },
  },
  options: {},
  check(page, { report }) {
    // Blocks have no identity but their position. Counting only the invalid ones keeps a broken
    // block's element when a valid block is added before it (a baseline must not see a new
    // finding there), and editing a block's text does not change it either.
    let invalid = 0;
    page.jsonLd.forEach((block, i) => {
      const tooDeep = block.tooDeep === true || (block.error === undefined && nestsDeeperThan(block.value, MAX_JSON_LD_DEPTH));
      const missing = block.error === undefined && !tooDeep ? problems(block.value) : [];
      if (block.error === undefined && !tooDeep && missing.length === 0) return;
      const element = `json-ld-invalid-${++invalid}`;
      if (tooDeep) {
        report({
          message: `JSON-LD block ${i + 1} nests arrays and objects more than ${MAX_JSON_LD_DEPTH} levels deep, so it was not checked further.`,
          value: excerpt(block.raw),
          expected: `at most ${MAX_JSON_LD_DEPTH} levels of nesting`,
          element,
        });
        return;
      }
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
