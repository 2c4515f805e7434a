import { testRule } from '../../src/testing/test-rule.js';
import rule from './title-missing-keyword.js';

const keywords = ['blue widget', 'widgets'];

testRule(rule, {
  valid: [
    { name: 'no keywords known: not applicable', html: '<title>Nothing relevant here</title>' },
    { html: '<title>Blue Widget – Shop</title>', keywords },
    { name: 'second keyword matches', html: '<title>All our widgets</title>', keywords },
    { name: 'case-insensitive with accents', html: '<title>CAFÉ CRÈME – Roastery</title>', keywords: ['café crème'] },
    { name: 'keyword in upper case, title in lower case', html: '<title>café crème – roastery</title>', keywords: ['CAFÉ CRÈME'] },
    { name: 'ß matches SS', html: '<title>HAUPTSTRASSE 5</title>', keywords: ['Hauptstraße'] },
    { name: 'decomposed accent in the keyword matches the composed title', html: '<title>Café</title>', keywords: ['Cafe\u0301'] },
    { name: 'white space in the keyword collapsed', html: '<title>Blue Widget</title>', keywords: ['  blue \n widget '] },
    { name: 'NBSP in the title matches a space', html: '<title>Blue&nbsp;Widget</title>', keywords },
    { name: 'entity decoded', html: '<title>Salt &amp; Pepper</title>', keywords: ['salt & pepper'] },
    { name: 'CJK', html: '<title>青いウィジェットの通販</title>', keywords: ['ウィジェット'] },
    { name: 'missing title is title-missing’s case', html: '<body></body>', keywords },
    { name: 'empty title is title-missing’s case', html: '<title>&nbsp;</title>', keywords },
    { name: 'only blank keywords: nothing to look for', html: '<title>Shop</title>', keywords: ['  ', '\u00a0'] },
  ],
  invalid: [
    {
      html: '<title>Shop for gadgets</title>',
      keywords,
      findings: [{ value: 'Shop for gadgets', expected: 'contains one of: "blue widget", "widgets"', message: 'Title contains none of the target keywords ("blue widget", "widgets").' }],
    },
    {
      name: 'words present but not together',
      html: '<title>Widget in blue</title>',
      keywords: ['blue widget'],
      findings: [{ value: 'Widget in blue', expected: 'contains one of: "blue widget"' }],
    },
    {
      name: 'accents matter: cafe is not café',
      html: '<title>Cafe Creme</title>',
      keywords: ['café'],
      findings: [{ value: 'Cafe Creme', expected: 'contains one of: "café"' }],
    },
    {
      name: 'an <svg> title with the keyword does not count',
      html: '<title>Shop</title><svg><title>blue widget</title></svg>',
      keywords,
      findings: [{ value: 'Shop', expected: 'contains one of: "blue widget", "widgets"' }],
    },
    {
      name: 'blank keywords are left out of the list',
      html: '<title>Shop</title>',
      keywords: ['', ' blue  widget '],
      findings: [{ value: 'Shop', expected: 'contains one of: "blue widget"' }],
    },
  ],
});
