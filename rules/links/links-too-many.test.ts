import { testRule } from '../../src/testing/test-rule.js';
import rule from './links-too-many.js';

const links = (n: number): string => Array.from({ length: n }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('');

testRule(rule, {
  valid: [
    links(10),
    { name: 'exactly 3,000', html: links(3000) },
    { name: 'an <a> without href is no link', html: links(3000) + '<a>x</a>' },
  ],
  invalid: [
    { name: '3,001', html: links(3001), findings: [{ value: '3001', expected: 'at most 3000 links', message: 'The page has 3001 links; at most 3000.' }] },
    { name: 'a limit from the config', html: links(11), options: { max: 10 }, findings: [{ value: '11', expected: 'at most 10 links' }] },
  ],
});
