import { testSiteRule } from '../../src/testing/test-rule.js';
import rule from './h1-duplicate.js';

const page = (path: string, body: string) => ({ url: `https://shop.example${path}`, html: `<title>t</title><body>${body}</body>` });

testSiteRule(rule, {
  valid: [
    { name: 'distinct H1s', pages: [page('/a', '<h1>Tents</h1>'), page('/b', '<h1>Stoves</h1>')] },
    { name: 'only the first H1 with text counts', pages: [page('/a', '<h1></h1><h1>Tents</h1>'), page('/b', '<h1>Stoves</h1><h1>Tents</h1>')] },
  ],
  invalid: [
    {
      name: 'an image-only H1 is compared by its alt text',
      pages: [page('/a', '<h1><img src="logo.png" alt="Trail Co"></h1>'), page('/b', '<H1>Trail Co</H1>')],
      findings: [
        { url: 'https://shop.example/a', value: 'Trail Co', expected: 'a H1 no other page uses', message: 'The same H1 is used by 1 other indexable page: https://shop.example/b.' },
        { url: 'https://shop.example/b', value: 'Trail Co', expected: 'a H1 no other page uses' },
      ],
    },
  ],
});
