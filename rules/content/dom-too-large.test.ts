import { testRule } from '../../src/testing/test-rule.js';
import rule from './dom-too-large.js';

// A list of n items is n + 1 elements (a fragment has no html, head or body of its own here; a page has).
const list = (n: number): string => `<ul>${'<li>x</li>'.repeat(n)}</ul>`;

testRule(rule, {
  valid: [
    list(10),
    { name: 'exactly 1,500 elements', html: list(1499) },
    { name: 'template content is no part of the DOM', html: `<template>${list(2000)}</template>` },
  ],
  invalid: [
    { name: '1,501 elements', html: list(1500), findings: [{ value: '1501', expected: 'at most 1500 elements', message: 'The page has 1501 elements; at most 1500.' }] },
    { name: 'a limit from the config', html: list(20), options: { max: 10 }, findings: [{ value: '21', expected: 'at most 10 elements' }] },
  ],
});
