import { testRule } from '../../src/testing/test-rule.js';
import rule from './keyword-density.js';

/** n filler words, none of them a keyword. */
const filler = (n: number): string => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const page = (body: string): string => `<html><body><main><p>${body}</p></main></body></html>`;

testRule(rule, {
  valid: [
    { name: '2 % (one two-word phrase in 100 words)', html: page(`blue widget ${filler(98)}`), keywords: ['blue widget'] },
    { name: 'no keywords: not applicable', html: page(filler(100)) },
    { name: 'page with no words is skipped', html: '<html><body><img src="a.png" alt=""></body></html>', keywords: ['widget'] },
    { name: 'exactly the max (3 %)', html: page(`widget widget widget ${filler(97)}`), keywords: ['widget'] },
    { name: 'exactly the min (0.5 %)', html: page(`widget ${filler(199)}`), keywords: ['widget'] },
    // 76 / 2500 = 3.04 %, shown as 3.0 %: judged at the precision shown.
    { name: 'compared at one decimal, as shown', html: page(`${'widget '.repeat(76)}${filler(2424)}`), keywords: ['widget'] },
    { name: 'keywords are summed: 1 % + 1 % is 2 %', html: page(`widget gadget ${filler(98)}`), keywords: ['widget', 'gadget'] },
    { name: 'option max raised', html: page(`widget widget widget widget ${filler(96)}`), keywords: ['widget'], options: { max: 5 } },
    { name: 'a keyword with no word characters is ignored', html: page(filler(100)), keywords: ['—'] },
  ],
  invalid: [
    {
      name: '4 % (two two-word phrases in 100 words)',
      html: page(`blue widget ${filler(48)} blue widget ${filler(48)}`),
      keywords: ['blue widget'],
      findings: [{
        value: '4.0%',
        expected: '<= 3%',
        message: 'Keyword density is 4.0% (max 3%): target keywords ("blue widget") make up 4 of 100 words.',
      }],
    },
    {
      name: 'too low',
      html: page(`widget ${filler(999)}`),
      keywords: ['widget'],
      findings: [{
        value: '0.1%',
        expected: '>= 0.5%',
        message: 'Keyword density is 0.1% (min 0.5%): target keywords ("widget") make up 1 of 1000 words.',
      }],
    },
    { name: 'keyword absent', html: page(filler(100)), keywords: ['widget'], findings: [{ value: '0.0%', expected: '>= 0.5%' }] },
    {
      name: 'case-insensitive, across elements and entities',
      html: `<BODY><MAIN><P>BLUE <b>Widget</b> &amp; blue&nbsp;WIDGET ${filler(46)}</P></MAIN></BODY>`,
      keywords: ['Blue Widget'],
      findings: [{ value: '8.0%', expected: '<= 3%' }],
    },
    {
      name: 'whole words only: "widgets" and "widgetry" are not "widget"',
      html: page(`widgets widgetry ${filler(198)}`),
      keywords: ['widget'],
      findings: [{ value: '0.0%', expected: '>= 0.5%' }],
    },
    {
      name: 'overlapping keywords do not count a word twice',
      html: page(`blue widget ${filler(48)}`),
      keywords: ['blue widget', 'widget'],
      findings: [{ value: '4.0%', expected: '<= 3%', message: 'Keyword density is 4.0% (max 3%): target keywords ("blue widget", "widget") make up 2 of 50 words.' }],
    },
    {
      name: 'keywords in nav and footer do not count',
      html: `<body><nav>widget widget widget</nav><main><p>${filler(300)}</p></main><footer>widget</footer></body>`,
      keywords: ['widget'],
      findings: [{ value: '0.0%', expected: '>= 0.5%' }],
    },
    {
      name: 'keyword in an HTML comment does not count',
      html: page(`<!-- widget widget --> ${filler(300)}`),
      keywords: ['widget'],
      findings: [{ value: '0.0%', expected: '>= 0.5%' }],
    },
    {
      name: 'accented keyword, different case',
      html: page(`CAFÉ CRÈME ${filler(18)}`),
      keywords: ['café crème'],
      findings: [{ value: '10.0%', expected: '<= 3%' }],
    },
    {
      name: 'CJK keyword matched on Intl.Segmenter words',
      html: page('青いウィジェットは便利です。青いウィジェットを買う'),
      keywords: ['青いウィジェット'],
      findings: [{ value: '44.4%', expected: '<= 3%', message: 'Keyword density is 44.4% (max 3%): target keywords ("青いウィジェット") make up 4 of 9 words.' }],
    },
    {
      name: 'option min raised',
      html: page(`widget ${filler(99)}`),
      keywords: ['widget'],
      options: { min: 2 },
      findings: [{ value: '1.0%', expected: '>= 2%' }],
    },
  ],
});
