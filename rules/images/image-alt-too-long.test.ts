import { testRule } from '../../src/testing/test-rule.js';
import rule from './image-alt-too-long.js';

const expected = 'at most 100 characters';
const alt101 = `${'a'.repeat(50)} ${'b'.repeat(50)}`;

testRule(rule, {
  valid: [
    '<img src="/a.jpg" alt="Alpine 2 tent">',
    { name: 'exactly 100 characters, spaces collapsed', html: `<img src="/a.jpg" alt="  ${'a'.repeat(50)}   ${'b'.repeat(49)}  ">` },
    { name: 'no alt, or an empty one, is not too long', html: '<img src="/a.jpg"><img src="/b.jpg" alt="">' },
    { name: '100 characters of Japanese (counted as characters, not bytes)', html: `<img src="/a.jpg" alt="${'テ'.repeat(100)}">` },
  ],
  invalid: [
    {
      html: `<img src="/a.jpg" alt="${alt101}">`,
      findings: [{ value: alt101, expected, element: '/a.jpg', message: 'The alt text of image /a.jpg is 101 characters long; at most 100.' }],
    },
    {
      name: 'one finding per image source; a limit from the config',
      html: '<img src="/a.jpg" alt="Alpine tent on a meadow"><img src="/a.jpg" alt="Alpine tent on a meadow">',
      options: { maxChars: 10 },
      findings: [{ value: 'Alpine tent on a meadow', expected: 'at most 10 characters', element: '/a.jpg' }],
    },
  ],
});
