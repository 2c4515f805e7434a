import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './canonical-missing.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'a <link rel="canonical"> with an absolute URL';

testRule(rule, {
  valid: [
    '<link rel="canonical" href="https://shop.example/products/blue-widget">',
    { name: 'UPPERCASE tag and attributes, several rel tokens', html: '<LINK REL="Canonical Alternate" HREF="https://shop.example/products/blue-widget">' },
    { name: 'a relative canonical is canonical-invalid’s case', html: '<link rel="canonical" href="/products/blue-widget">' },
    { name: 'noindex page', html: '<meta name="robots" content="noindex">' },
    { name: 'noindex from X-Robots-Tag', html: '<p>x</p>', headers: { 'x-robots-tag': 'none' } },
    { name: 'error page', html: '<p>Not found</p>', status: 404 },
    { name: 'Lighthouse seo-tester.html', html: lighthouse('seo-tester.html'), url: 'http://localhost:10200/seo/seo-tester.html' },
    { name: 'Lighthouse seo-failure-cases.html (noindex)', html: lighthouse('seo-failure-cases.html'), url: 'http://localhost:10200/seo/seo-failure-cases.html' },
  ],
  invalid: [
    { html: '<html><head><title>Blue widget</title></head></html>', findings: [{ expected, message: 'Page has no <link rel="canonical">.' }] },
    { name: 'empty href', html: '<link rel="canonical" href="">', findings: [{ expected, message: 'Page’s <link rel="canonical"> has an empty href.' }] },
    { name: 'NBSP-only href', html: '<link rel="canonical" href="&nbsp;">', findings: [{ expected, message: 'Page’s <link rel="canonical"> has an empty href.' }] },
    { name: 'no href attribute', html: '<link rel="canonical">', findings: [{ expected }] },
    { name: 'canonical inside an HTML comment', html: '<!-- <link rel="canonical" href="https://shop.example/products/blue-widget"> -->', findings: [{ expected }] },
    { name: 'rel=alternate is not canonical', html: '<link rel="alternate" hreflang="de" href="https://shop.example/de/">', findings: [{ expected }] },
    { name: 'nofollow alone does not exclude the page', html: '<meta name="robots" content="nofollow">', findings: [{ expected }] },
    { name: 'noindex for another bot only', html: '<meta name="bingbot" content="noindex">', findings: [{ expected }] },
  ],
});
