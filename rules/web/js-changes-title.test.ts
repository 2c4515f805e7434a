import { testRule } from '../../src/testing/test-rule.js';
import rule from './js-changes-title.js';

const rendered = (html: string, raw?: string) => ({ html, ...(raw !== undefined ? { raw } : {}), status: 200, web: { redirects: [], inSitemap: false, rendered: { reason: '--render always', problems: [] } } });

testRule(rule, {
  valid: [
    { name: 'the same title, white space aside', ...rendered('<title>Trail tent</title>', '<title> Trail  tent </title>') },
    { name: 'a page that was not rendered has nothing to compare', ...rendered('<title>Trail tent</title>') },
  ],
  invalid: [
    { name: 'changed', ...rendered('<title>Trail tent | Northpine</title>', '<title>Loading…</title>'), findings: [{ value: 'Trail tent | Northpine', expected: 'Loading…', message: 'JavaScript changes the title from "Loading…" to "Trail tent | Northpine".' }] },
    { name: 'added to an app shell', ...rendered('<title>Trail tent</title>', '<div id="root"></div>'), findings: [{ value: 'Trail tent', expected: '(the same in the HTML the server sends)', message: 'JavaScript adds the title "Trail tent"; the HTML the server sends has none.' }] },
    { name: 'removed', ...rendered('<p>x</p>', '<title>Trail tent</title>'), findings: [{ value: '', expected: 'Trail tent', message: 'JavaScript removes the title "Trail tent" that the HTML the server sends has.' }] },
  ],
});
