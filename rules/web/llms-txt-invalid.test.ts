import { testSiteRule, webSite } from '../../src/testing/test-rule.js';
import rule from './llms-txt-invalid.js';

const S = 'https://shop.example';
const LLMS = `${S}/llms.txt`;
const home = { url: `${S}/`, status: 200, html: '<title>Shop</title>', web: { redirects: [], inSitemap: false } };
const llms = (text: string | undefined, status = 200) => webSite({ llms: [{ url: LLMS, status, ...(text === undefined ? {} : { text }) }] });
const GOOD = '# Shop\n\n> Widgets in every colour.\n\n- [Products](https://shop.example/products): the catalogue\n';
const expected = 'an H1, a markdown link and at least 50 characters';

testSiteRule(rule, {
  valid: [
    { name: 'H1, link and enough text', pages: [home], web: llms(GOOD) },
    { name: 'no llms.txt', pages: [home], web: llms(undefined, 404) },
    { name: 'no llms.txt entries', pages: [home], web: webSite() },
    { name: 'no page of that origin in the run', pages: [{ ...home, url: 'https://blog.example/' }], web: llms('') },
    { name: 'option minChars lowered', pages: [home], web: llms('# S\n[P](/p)'), options: { minChars: 10 } },
    { name: 'no web facts (a folder)', pages: [home] },
  ],
  invalid: [
    {
      name: 'empty file: everything missing',
      pages: [home],
      web: llms('  \n'),
      findings: [
        {
          url: `${S}/`,
          element: 'llms.txt',
          value: 'no H1 ("# Title" line); no markdown link ("[name](url)"); 0 characters (min 50)',
          expected,
          message: `${LLMS} has no H1 ("# Title" line), no markdown link ("[name](url)"), 0 characters (min 50).`,
        },
      ],
    },
    {
      name: 'an H2 is not an H1, and a bare URL is not a link',
      pages: [home],
      web: llms('## Shop\n\nWidgets in every colour: https://shop.example/products and more.'),
      findings: [{ url: `${S}/`, element: 'llms.txt', value: 'no H1 ("# Title" line); no markdown link ("[name](url)")', expected }],
    },
    {
      name: 'characters are code points after trimming',
      pages: [home],
      web: llms(`\n# ${'é'.repeat(30)}\n[P](/p)\n\n`),
      findings: [{ url: `${S}/`, element: 'llms.txt', value: '40 characters (min 50)', expected }],
    },
    {
      name: 'one character, singular',
      pages: [home],
      web: llms('x'),
      options: { minChars: 2 },
      findings: [{ url: `${S}/`, element: 'llms.txt', value: 'no H1 ("# Title" line); no markdown link ("[name](url)"); 1 character (min 2)', expected: 'an H1, a markdown link and at least 2 characters' }],
    },
  ],
});
