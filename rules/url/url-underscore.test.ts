import { testRule } from '../../src/testing/test-rule.js';
import rule from './url-underscore.js';

const expected = 'hyphens between words, no underscores';

testRule(rule, {
  valid: [
    { html: '<title>x</title>', url: 'https://shop.example/products/red-widget' },
    { name: 'underscores in the query or fragment are parameters, not words of the path', html: '<title>x</title>', url: 'https://shop.example/search?sort_by=price#top_of_page' },
    { name: 'underscores in the host are the host', html: '<title>x</title>', url: 'https://my_shop.example/products/red-widget' },
  ],
  invalid: [
    {
      html: '<title>x</title>',
      url: 'https://shop.example/products/red_widget',
      findings: [{ value: '/products/red_widget', expected, message: 'The URL path "/products/red_widget" has underscores; hyphens separate words.' }],
    },
    { name: 'a directory with underscores', html: '<title>x</title>', url: 'https://shop.example/old_site/page.html', findings: [{ value: '/old_site/page.html', expected }] },
  ],
});
