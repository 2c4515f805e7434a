import { testRule } from '../../src/testing/test-rule.js';
import rule from './page-dead-end.js';

const URL_ = 'https://shop.example/products/blue-widget';
const expected = 'at least one link to another page of the site';
const FETCHED = { status: 200, web: { redirects: [], inSitemap: false } };

testRule(rule, {
  valid: [
    // Fetched over HTTP, as a web rule's cases must be (a file would not run the rule at all).
    { name: 'a relative link', html: '<a href="/about">About</a>', url: URL_, ...FETCHED },
    { name: 'an absolute link to the same origin', html: '<a href="https://shop.example/">Home</a>', url: URL_, ...FETCHED },
    { name: 'a nofollow link still leads on for visitors', html: '<a href="/cart" rel="nofollow">Cart</a>', url: URL_, ...FETCHED },
    { name: 'an explicit role="link"', html: '<a role="link" href="/faq">FAQ</a>', url: URL_, ...FETCHED },
    { name: 'a 404 page is http-status-error\'s, not a dead end', html: '<h1>Not found</h1>', url: URL_, status: 404, web: { redirects: [], inSitemap: false } },
  ],
  invalid: [
    { name: 'no links at all', html: '<h1>Widget</h1>', url: URL_, ...FETCHED, findings: [{ value: '0 internal links', expected, message: 'The page has no links to other pages of the site.' }] },
    {
      name: 'only external links, fragments and itself',
      html: '<a href="https://maker.example/">Maker</a><a href="#specs">Specs</a><a href="/products/blue-widget">Reload</a><a href="mailto:shop@shop.example">Mail</a>',
      url: URL_, ...FETCHED,
      findings: [{ value: '0 internal links', expected, message: 'The page has no links to other pages of the site (only 2 links to other sites).' }],
    },
    { name: 'controls are not links', html: '<a role="button" href="/cart">Add to cart</a>', url: URL_, ...FETCHED, findings: [{ value: '0 internal links', expected }] },
    { name: 'javascript: links lead nowhere', html: '<a href="javascript:void(0)">Menu</a>', url: URL_, ...FETCHED, findings: [{ value: '0 internal links', expected }] },
    { name: 'another host of the same site is another origin', html: '<a href="https://blog.shop.example/">Blog</a>', url: URL_, ...FETCHED, findings: [{ value: '0 internal links', expected, message: 'The page has no links to other pages of the site (only 1 link to other sites).' }] },
  ],
});
