import { testRule } from '../../src/testing/test-rule.js';
import rule from './link-insecure.js';

const expected = 'an https:// URL';

testRule(rule, {
  valid: [
    '<a href="https://other.example/">a</a><a href="/care">b</a><img src="/a.jpg" alt="a"><script src="https://cdn.example/a.js"></script>',
    { name: 'an http page: page-not-https says it', html: '<a href="http://other.example/">a</a><img src="http://cdn.example/a.jpg" alt="a">', url: 'http://shop.example/' },
    { name: 'protocol-relative resources follow the page', html: '<img src="//cdn.example/a.jpg" alt="a"><iframe src="//video.example/embed/1"></iframe>' },
    { name: 'mailto, tel and data: are no http', html: '<a href="mailto:a@b.example">m</a><img src="data:image/png;base64,iVBORw0KGgo=" alt="d">' },
  ],
  invalid: [
    {
      html: '<a href="http://shop.example/care">Care</a>',
      findings: [{ value: 'http://shop.example/care', expected, element: 'http://shop.example/care', message: 'The link to http://shop.example/care is http://, not https://.' }],
    },
    {
      name: 'mixed content: an image, a script and an iframe, each once',
      html: '<img src="http://cdn.example/a.jpg" alt="a"><img src="HTTP://cdn.example/a.jpg" alt="a"><script src="http://cdn.example/a.js"></script><iframe src="http://video.example/embed/1"></iframe>',
      findings: [
        { value: 'http://cdn.example/a.jpg', expected, element: 'http://cdn.example/a.jpg', message: 'The img http://cdn.example/a.jpg is loaded over http:// on an https page (mixed content).' },
        { value: 'http://cdn.example/a.js', expected, element: 'http://cdn.example/a.js', message: 'The script http://cdn.example/a.js is loaded over http:// on an https page (mixed content).' },
        { value: 'http://video.example/embed/1', expected, element: 'http://video.example/embed/1', message: 'The iframe http://video.example/embed/1 is loaded over http:// on an https page (mixed content).' },
      ],
    },
  ],
});
