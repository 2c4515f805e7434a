import { testRule } from '../../src/testing/test-rule.js';
import rule from './meta-description-missing.js';

const expected = 'a non-empty meta description';

testRule(rule, {
  valid: [
    '<head><meta name="description" content="Blue widgets, shipped tomorrow."></head>',
    { name: 'UPPERCASE tag and attributes', html: '<HEAD><META NAME="DESCRIPTION" CONTENT="Blue widgets."></HEAD>' },
    { name: 'entity-only content has text', html: '<meta name="description" content="&amp;">' },
    { name: 'CJK content', html: '<meta name="description" content="青いウィジェットを翌日配送">' },
    { name: 'emoji content', html: '<meta name="description" content="🔵">' },
  ],
  invalid: [
    { html: '<head><title>Blue Widget</title></head>', findings: [{ expected, message: 'Page has no meta description.' }] },
    { name: 'empty content attribute', html: '<meta name="description" content="">', findings: [{ expected, message: 'Meta description is empty.' }] },
    { name: 'no content attribute', html: '<meta name="description">', findings: [{ expected, message: 'Meta description is empty.' }] },
    { name: 'white space only', html: '<meta name="description" content=" \n\t ">', findings: [{ expected, message: 'Meta description is empty.' }] },
    { name: 'NBSP entities only', html: '<meta name="description" content="&nbsp;&nbsp;">', findings: [{ expected, message: 'Meta description is empty.' }] },
    { name: 'literal NBSP only', html: '<meta name="description" content="\u00a0">', findings: [{ expected, message: 'Meta description is empty.' }] },
    { name: 'inside an HTML comment does not count', html: '<!-- <meta name="description" content="Blue widgets."> -->', findings: [{ expected, message: 'Page has no meta description.' }] },
    { name: 'og:description is not the meta description', html: '<meta property="og:description" content="Blue widgets.">', findings: [{ expected, message: 'Page has no meta description.' }] },
    {
      name: 'first empty, second with text',
      html: '<meta name="description" content=" "><meta name="description" content="Blue widgets.">',
      findings: [{ expected, message: 'The first meta description is empty.' }],
    },
  ],
});
