import { testRule } from '../../src/testing/test-rule.js';
import rule from './meta-description-missing-keyword.js';

const keywords = ['blue widget', 'widgets'];
const meta = (content: string): string => `<meta name="description" content="${content}">`;

testRule(rule, {
  valid: [
    { name: 'no keywords known: not applicable', html: meta('Nothing relevant here.') },
    { html: meta('Order a Blue Widget today.'), keywords },
    { name: 'second keyword matches', html: meta('All our WIDGETS ship tomorrow.'), keywords },
    { name: 'case-insensitive with accents', html: meta('Le meilleur CAFÉ de Paris.'), keywords: ['café'] },
    { name: 'NBSP in the description matches a space', html: meta('Blue&nbsp;widget for sale.'), keywords },
    { name: 'entity decoded', html: meta('Salt &amp; pepper mills.'), keywords: ['Salt & Pepper'] },
    { name: 'CJK', html: meta('青いウィジェットを翌日配送'), keywords: ['ウィジェット'] },
    { name: 'missing description is meta-description-missing’s case', html: '<head></head>', keywords },
    { name: 'empty description is meta-description-missing’s case', html: meta('&nbsp;'), keywords },
  ],
  invalid: [
    {
      html: meta('Gadgets for every home, shipped tomorrow.'),
      keywords,
      findings: [
        {
          value: 'Gadgets for every home, shipped tomorrow.',
          expected: 'contains one of: "blue widget", "widgets"',
          message: 'Meta description contains none of the target keywords ("blue widget", "widgets").',
        },
      ],
    },
    {
      name: 'keyword only in the title does not count',
      html: `<title>Blue Widget</title>${meta('Gadgets for every home.')}`,
      keywords: ['blue widget'],
      findings: [{ value: 'Gadgets for every home.', expected: 'contains one of: "blue widget"' }],
    },
    {
      name: 'only the first description is checked',
      html: meta('Gadgets.') + meta('Blue widget.'),
      keywords: ['blue widget'],
      findings: [{ value: 'Gadgets.', expected: 'contains one of: "blue widget"' }],
    },
  ],
});
