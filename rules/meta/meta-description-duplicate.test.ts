import { testSiteRule } from '../../src/testing/test-rule.js';
import rule from './meta-description-duplicate.js';

const page = (path: string, description: string) => ({
  url: `https://shop.example${path}`,
  html: `<html><head><title>t</title><meta name="description" content="${description}"></head><body></body></html>`,
});

testSiteRule(rule, {
  valid: [
    { name: 'distinct descriptions', pages: [page('/a', 'One thing.'), page('/b', 'Another thing.')] },
    { name: 'empty and NBSP-only descriptions are not duplicates', pages: [page('/a', ''), page('/b', '&nbsp;')] },
  ],
  invalid: [
    {
      name: 'two pages share a description (entities decoded)',
      pages: [page('/a', 'Tea &amp; cups'), page('/b', 'Tea & cups')],
      findings: [
        { url: 'https://shop.example/a', value: 'Tea & cups', expected: 'a meta description no other page uses', message: 'The same meta description is used by 1 other indexable page: https://shop.example/b.' },
        { url: 'https://shop.example/b', value: 'Tea & cups', expected: 'a meta description no other page uses' },
      ],
    },
  ],
});
