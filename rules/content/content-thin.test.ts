import { testRule } from '../../src/testing/test-rule.js';
import rule from './content-thin.js';

const text = (n: number): string => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

testRule(rule, {
  valid: [
    `<html><body><p>${text(300)}</p></body></html>`,
    { name: 'option min lowered', html: `<body><p>${text(50)}</p></body>`, options: { min: 50 } },
    { name: 'CJK counted by Intl.Segmenter, not by spaces', html: `<body><p>${'青いウィジェットは便利です。'.repeat(60)}</p></body>` },
    { name: 'words split across inline and block elements', html: `<body>${'<p>alpha <b>beta</b> <i>gamma</i></p>'.repeat(100)}</body>` },
  ],
  invalid: [
    {
      html: `<html><body><p>${text(299)}</p></body></html>`,
      findings: [{ value: '299', expected: '>= 300 words', message: 'Page has 299 words of body text (min 300).' }],
    },
    { name: 'empty body', html: '<html><body></body></html>', findings: [{ value: '0', expected: '>= 300 words', message: 'Page has 0 words of body text (min 300).' }] },
    { name: 'one word, singular', html: '<body><p>Widgets</p></body>', findings: [{ value: '1', expected: '>= 300 words', message: 'Page has 1 word of body text (min 300).' }] },
    { name: 'NBSP-only body', html: '<body><p>&nbsp;&nbsp;</p></body>', findings: [{ value: '0', expected: '>= 300 words' }] },
    {
      name: 'nav, header, footer, scripts and styles do not count',
      html: `<body><header>${text(100)}</header><nav>${text(100)}</nav><main><p>${text(20)}</p></main><footer>${text(100)}</footer><script>var ${text(50).replace(/ /g, ', ')};</script><style>p { color: red }</style></body>`,
      findings: [{ value: '20', expected: '>= 300 words' }],
    },
    {
      name: 'HTML comments, title and hidden text do not count',
      html: `<html><head><title>${text(30)}</title></head><body><!-- ${text(300)} --><div hidden>${text(300)}</div><p>${text(10)}</p></body></html>`,
      findings: [{ value: '10', expected: '>= 300 words' }],
    },
    {
      name: 'UPPERCASE tags, entities and accented words',
      html: '<BODY><P>Caf&eacute; cr&egrave;me &amp; cr&ecirc;pes — d&eacute;j&agrave; vu</P></BODY>',
      findings: [{ value: '5', expected: '>= 300 words' }],
    },
    { name: 'short CJK text', html: '<body><p>青いウィジェットは便利です</p></body>', findings: [{ value: '5', expected: '>= 300 words' }] },
    { name: 'emoji are not words', html: '<body><p>😀 😀 great 😀</p></body>', findings: [{ value: '1', expected: '>= 300 words' }] },
    { name: 'unclosed tags', html: `<body><div><p>${text(12)}`, findings: [{ value: '12', expected: '>= 300 words' }] },
    { name: 'option min raised', html: `<body><p>${text(300)}</p></body>`, options: { min: 500 }, findings: [{ value: '300', expected: '>= 500 words', message: 'Page has 300 words of body text (min 500).' }] },
  ],
});
