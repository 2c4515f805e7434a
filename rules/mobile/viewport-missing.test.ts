import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './viewport-missing.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'width=device-width';

testRule(rule, {
  valid: [
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    { name: 'UPPERCASE tag, name and value', html: '<META NAME="Viewport" CONTENT="WIDTH=DEVICE-WIDTH">' },
    { name: 'spaces around "=", semicolons as separators', html: '<meta name="viewport" content="initial-scale=1; width = device-width">' },
    { name: 'any of several viewport tags', html: '<meta name="viewport" content="width=1024"><meta name="viewport" content="width=device-width">' },
    { name: 'Lighthouse seo-tester.html', html: lighthouse('seo-tester.html'), url: 'http://localhost:10200/seo/seo-tester.html' },
  ],
  invalid: [
    { html: '<html><head><title>Widgets</title></head></html>', findings: [{ expected, message: 'Page has no <meta name="viewport">.' }] },
    {
      name: 'fixed width',
      html: '<meta name="viewport" content="width=1024, initial-scale=1">',
      findings: [{ value: 'width=1024, initial-scale=1', expected, message: 'Viewport meta tag "width=1024, initial-scale=1" does not set width=device-width.' }],
    },
    { name: 'empty content', html: '<meta name="viewport" content="">', findings: [{ value: '', expected }] },
    { name: 'NBSP-only content', html: '<meta name="viewport" content="&nbsp;">', findings: [{ value: '\u00a0', expected }] },
    { name: 'device-width on another property', html: '<meta name="viewport" content="height=device-width">', findings: [{ value: 'height=device-width', expected }] },
    { name: 'viewport tag inside an HTML comment', html: '<!-- <meta name="viewport" content="width=device-width"> -->', findings: [{ expected }] },
    { name: 'property= instead of name=', html: '<meta property="viewport" content="width=device-width">', findings: [{ expected }] },
    { name: 'Lighthouse seo-failure-cases.html', html: lighthouse('seo-failure-cases.html'), url: 'http://localhost:10200/seo/seo-failure-cases.html', findings: [{ expected }] },
  ],
});
