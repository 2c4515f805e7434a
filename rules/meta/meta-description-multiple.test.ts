import { testRule } from '../../src/testing/test-rule.js';
import rule from './meta-description-multiple.js';

const expected = 'exactly one meta description';

testRule(rule, {
  valid: [
    '<meta name="description" content="Blue widgets.">',
    { name: 'none is meta-description-missing’s case', html: '<head></head>' },
    { name: 'a second one inside an HTML comment does not count', html: '<meta name="description" content="A"><!-- <meta name="description" content="B"> -->' },
    { name: 'og:description and twitter:description are other tags', html: '<meta name="description" content="A"><meta property="og:description" content="B"><meta name="twitter:description" content="C">' },
    { name: 'two empty ones are meta-description-missing’s case', html: '<meta name="description" content=""><meta name="description" content="&nbsp;">' },
  ],
  invalid: [
    {
      html: '<head><meta name="description" content="Blue widgets, fast."><meta name="description" content="Shop | Widgets"></head>',
      findings: [{ value: '"Blue widgets, fast.", "Shop | Widgets"', expected, message: 'Page has 2 meta descriptions (expected 1).' }],
    },
    {
      name: 'UPPERCASE, one in the body, one empty',
      html: '<META NAME="DESCRIPTION" CONTENT="A"><body><meta name="Description" content=""><meta name="description" content="Caf&eacute;"></body>',
      findings: [{ value: '"A", "", "Café"', expected, message: 'Page has 3 meta descriptions (expected 1).' }],
    },
    { name: 'same content twice', html: '<meta name="description" content="A"><meta name="description" content="A">', findings: [{ value: '"A", "A"', expected }] },
  ],
});
