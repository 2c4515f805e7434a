import { testRule } from '../../src/testing/test-rule.js';
import rule from './js-only-content.js';

const rendered = (html: string, raw: string) => ({ html, raw, status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });
const TEXT = 'one two three four five six seven eight nine ten';

testRule(rule, {
  valid: [
    { name: 'all of it server-rendered', ...rendered(`<main><p>${TEXT}</p></main>`, `<main><p>${TEXT}</p></main>`) },
    { name: 'exactly half', ...rendered(`<main><p>${TEXT}</p></main>`, '<main><p>one two three four five</p></main>') },
    { name: 'a lower bar', ...rendered(`<main><p>${TEXT}</p></main>`, '<main><p>one two three</p></main>'), options: { minShare: 0.3 } },
  ],
  invalid: [
    { name: 'an app shell', ...rendered(`<main><p>${TEXT}</p></main>`, '<div id="root"></div>'), findings: [{ value: '0 %', expected: 'at least 50 % without JavaScript', message: "Only 0 % of the main text's words are in the HTML the server sends; the rest appears only after JavaScript runs." }] },
    { name: 'a word counts once per time it is there', ...rendered('<main><p>tent tent tent tent</p></main>', '<main><p>tent</p></main>'), findings: [{ value: '25 %', expected: 'at least 50 % without JavaScript' }] },
  ],
});
