import { testRule } from '../../src/testing/test-rule.js';
import rule from './structured-data-invalid.js';

const ld = (json: string): string => `<script type="application/ld+json">${json}</script>`;
const product = '{"@context":"https://schema.org","@type":"Product","name":"Blue widget"}';

testRule(rule, {
  valid: [
    ld(product),
    { name: 'type as a list', html: ld('{"@context":"https://schema.org","@type":["Product","Thing"]}') },
    { name: 'array of complete objects', html: ld(`[${product},${product}]`) },
    { name: '@graph: context on the wrapper, types on the nodes', html: ld('{"@context":"https://schema.org","@graph":[{"@type":"Organization"},{"@type":"WebSite"}]}') },
    { name: 'UPPERCASE tag and attribute, type with spaces and case', html: '<SCRIPT TYPE=" Application/LD+JSON ">' + product + '</SCRIPT>' },
    { name: 'other script types are not JSON-LD', html: '<script type="application/json">{oops</script><script>var x = {</script>' },
    { name: 'JSON-LD inside an HTML comment', html: `<!-- ${ld('{oops')} -->` },
    { name: 'entities are not decoded in script text', html: ld('{"@context":"https://schema.org","@type":"Product","name":"A &amp; B"}') },
    { name: 'Unicode values', html: ld('{"@context":"https://schema.org","@type":"Product","name":"青いウィジェット 😀"}') },
  ],
  invalid: [
    {
      html: ld('{"@context":"https://schema.org","@type":"Product",}'),
      findings: [{
        value: '{"@context":"https://schema.org","@type":"Product",}',
        expected: 'valid JSON',
        element: 'json-ld-invalid-1',
        message: /^JSON-LD block 1 does not parse: .+\.$/,
      }],
    },
    {
      name: 'missing @context and @type',
      html: ld('{"name":"Blue widget"}'),
      findings: [{
        value: '{"name":"Blue widget"}',
        expected: 'objects with @context and @type',
        element: 'json-ld-invalid-1',
        message: 'JSON-LD block 1: the top-level value lacks @context; the top-level value lacks @type.',
      }],
    },
    {
      name: 'element counts invalid blocks only: a valid block before a broken one does not shift it',
      html: ld(product) + ld('{"@context":"https://schema.org"}'),
      findings: [{ value: '{"@context":"https://schema.org"}', expected: 'objects with @context and @type', element: 'json-ld-invalid-1', message: 'JSON-LD block 2: the top-level value lacks @type.' }],
    },
    {
      name: 'array item without @context',
      html: ld(`[${product},{"@type":"Offer"}]`),
      findings: [{ value: `[${product},{"@type":"Offer"}]`, expected: 'objects with @context and @type', element: 'json-ld-invalid-1', message: 'JSON-LD block 1: [1] lacks @context.' }],
    },
    {
      name: '@graph node without @type, and no @context on the wrapper',
      html: ld('{"@graph":[{"@type":"Organization"},{"name":"x"}]}'),
      findings: [{
        value: '{"@graph":[{"@type":"Organization"},{"name":"x"}]}',
        expected: 'objects with @context and @type',
        element: 'json-ld-invalid-1',
        message: 'JSON-LD block 1: the top-level value lacks @context; @graph[1] lacks @type.',
      }],
    },
    {
      name: 'not an object',
      html: ld('"Product"') + ld('[1]') + ld('null'),
      findings: [
        { value: '"Product"', expected: 'objects with @context and @type', element: 'json-ld-invalid-1', message: 'JSON-LD block 1: the top-level value is not an object.' },
        { value: '[1]', expected: 'objects with @context and @type', element: 'json-ld-invalid-2', message: 'JSON-LD block 2: [0] is not an object.' },
        { value: 'null', expected: 'objects with @context and @type', element: 'json-ld-invalid-3' },
      ],
    },
    { name: 'empty @type', html: ld('{"@context":"https://schema.org","@type":" "}'), findings: [{ value: '{"@context":"https://schema.org","@type":" "}', expected: 'objects with @context and @type', element: 'json-ld-invalid-1' }] },
    { name: 'empty block', html: ld('  '), findings: [{ value: '', expected: 'valid JSON', element: 'json-ld-invalid-1' }] },
    { name: 'NBSP-only block', html: ld('\u00a0'), findings: [{ value: '', expected: 'valid JSON', element: 'json-ld-invalid-1' }] },
    { name: 'HTML comment inside the script is not JSON', html: ld(`<!-- ${product} -->`), findings: [{ value: `<!-- ${product} -->`, expected: 'valid JSON', element: 'json-ld-invalid-1' }] },
    {
      name: 'unclosed script: the rest of the page is the block',
      html: '<script type="application/ld+json">{"@context":"https://schema.org"',
      findings: [{ value: '{"@context":"https://schema.org"', expected: 'valid JSON', element: 'json-ld-invalid-1' }],
    },
    {
      name: 'long blocks are cut to 200 characters in the value',
      html: ld(`{"name":"${'é'.repeat(300)}"`),
      findings: [{ value: `{"name":"${'é'.repeat(191)}…`, expected: 'valid JSON', element: 'json-ld-invalid-1' }],
    },
    {
      name: 'long blocks of astral characters are cut to 200 characters too',
      html: ld(`["${'😀'.repeat(300)}"]`),
      findings: [{ value: `["${'😀'.repeat(198)}…`, expected: 'objects with @context and @type', element: 'json-ld-invalid-1' }],
    },
    {
      name: 'a block nested deeper than 128 levels is invalid (100,000 levels walked without running out of stack)',
      html: ld(product) + ld(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) + ld('{"a":'.repeat(129) + '1' + '}'.repeat(129)) + ld('{"a":'.repeat(127) + '1' + '}'.repeat(127)),
      findings: [
        { value: `${'['.repeat(200)}…`, expected: 'at most 128 levels of nesting', element: 'json-ld-invalid-1', message: 'JSON-LD block 2 nests arrays and objects more than 128 levels deep, so it was not checked further.' },
        { value: `${'{"a":'.repeat(40)}…`, expected: 'at most 128 levels of nesting', element: 'json-ld-invalid-2', message: 'JSON-LD block 3 nests arrays and objects more than 128 levels deep, so it was not checked further.' },
        { value: `${'{"a":'.repeat(40)}…`, expected: 'objects with @context and @type', element: 'json-ld-invalid-3', message: 'JSON-LD block 4: the top-level value lacks @context; the top-level value lacks @type.' },
      ],
    },
  ],
});
