import { testSiteRule } from '../../src/testing/test-rule.js';
import rule from './content-near-duplicate.js';

// Deterministic prose: word i of a 400-word vocabulary walk, so texts are realistic in length.
const vocabulary = 'trail tent pole fabric seam weight pack stove fuel valley ridge summit water filter boots laces socks wool merino layer jacket hood zipper pocket strap buckle frame hip belt shoulder torso camp night morning coffee mug spoon knife rope knot anchor stake guy line vestibule door mesh floor groundsheet'.split(' ');
function prose(seed: number, words: number): string {
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(vocabulary[x % vocabulary.length]!);
  }
  return out.join(' ');
}
const page = (path: string, text: string, head = '') => ({
  url: `https://shop.example${path}`,
  html: `<html><head><title>${path}</title>${head}</head><body><nav>Home Shop Cart</nav><main><p>${text}</p></main></body></html>`,
});
const base = prose(7, 300);
const words = base.split(' ');
const twoWordsChanged = [...words.slice(0, 150), 'different', 'entirely', ...words.slice(152)].join(' ');

testSiteRule(rule, {
  valid: [
    { name: 'different texts', pages: [page('/a', base), page('/b', prose(99, 300))] },
    { name: 'short pages are left to content-thin', pages: [page('/a', 'Blue tent with two doors.'), page('/b', 'Blue tent with two doors.')] },
    { name: 'a noindex copy is not a duplicate', pages: [page('/a', base), page('/b', base, '<meta name="robots" content="noindex">')] },
    { name: 'half the text shared is not near-duplicate', pages: [page('/a', base), page('/b', [...words.slice(0, 150), ...prose(5, 150).split(' ')].join(' '))] },
  ],
  invalid: [
    {
      name: 'identical main text with different navigation',
      pages: [page('/a', base), page('/b', base)],
      findings: [
        { url: 'https://shop.example/a', value: 'https://shop.example/b', expected: '< 90% similar to any other indexable page', message: 'Main text is 100% similar to https://shop.example/b.' },
        { url: 'https://shop.example/b', value: 'https://shop.example/a', expected: '< 90% similar to any other indexable page' },
      ],
    },
    {
      name: 'two words changed in 300 is still a near duplicate',
      pages: [page('/a', base), page('/b', twoWordsChanged), page('/c', prose(3, 300))],
      findings: [
        { url: 'https://shop.example/a', value: 'https://shop.example/b', expected: '< 90% similar to any other indexable page', message: /^Main text is 9\d% similar to https:\/\/shop.example\/b\.$/ },
        { url: 'https://shop.example/b', value: 'https://shop.example/a', expected: '< 90% similar to any other indexable page' },
      ],
    },
    {
      name: 'three copies: each names the first other copy and counts the rest',
      pages: [page('/a', base), page('/b', base), page('/c', base)],
      findings: [
        { url: 'https://shop.example/a', value: 'https://shop.example/b', expected: '< 90% similar to any other indexable page', message: 'Main text is 100% similar to https://shop.example/b (and 1 more page).' },
        { url: 'https://shop.example/b', value: 'https://shop.example/a', expected: '< 90% similar to any other indexable page' },
        { url: 'https://shop.example/c', value: 'https://shop.example/a', expected: '< 90% similar to any other indexable page' },
      ],
    },
  ],
});
