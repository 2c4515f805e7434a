import { testRule } from '../../src/testing/test-rule.js';
import type { RedirectHop } from '../../src/page/types.js';
import rule from './redirect-chain.js';

const url = 'https://shop.example/products/blue-widget';
const hop = (from: string, to: string, status = 301): RedirectHop => ({ url: from, status, location: to });
const web = (...redirects: RedirectHop[]) => ({ requested: redirects[0]?.url, redirects, inSitemap: false });
const html = '<title>Blue widget</title>';

testRule(rule, {
  valid: [
    { name: 'answered directly', html, url, web: { redirects: [], inSitemap: true } },
    { name: 'one hop is fine', html, url, web: web(hop('http://shop.example/products/blue-widget', url)) },
    {
      name: 'option maxHops raised',
      html,
      url,
      web: web(hop('http://shop.example/p/1', 'https://shop.example/p/1'), hop('https://shop.example/p/1', url)),
      options: { maxHops: 2 },
    },
    { name: 'no web facts (a file)', html, url },
  ],
  invalid: [
    {
      name: 'two hops',
      html,
      url,
      web: web(hop('http://shop.example/p/1', 'https://shop.example/p/1'), hop('https://shop.example/p/1', url, 302)),
      findings: [
        {
          value: `http://shop.example/p/1 → https://shop.example/p/1 → ${url}`,
          expected: 'at most 1 redirect',
          message: `Reaching this page takes 2 redirects: http://shop.example/p/1 (301) → https://shop.example/p/1 (302) → ${url}.`,
        },
      ],
    },
    {
      name: 'three hops',
      html,
      url,
      web: web(hop('http://a.example/', 'https://a.example/'), hop('https://a.example/', 'https://shop.example/'), hop('https://shop.example/', url, 308)),
      findings: [
        {
          value: `http://a.example/ → https://a.example/ → https://shop.example/ → ${url}`,
          expected: 'at most 1 redirect',
          message: /^Reaching this page takes 3 redirects: /,
        },
      ],
    },
    {
      name: 'a meta refresh is a hop',
      html,
      url,
      web: web(hop('http://shop.example/p/1', 'https://shop.example/p/1'), { url: 'https://shop.example/p/1', status: 200, location: url, via: 'meta refresh' as const }),
      findings: [
        {
          value: `http://shop.example/p/1 → https://shop.example/p/1 → ${url}`,
          expected: 'at most 1 redirect',
          message: `Reaching this page takes 2 redirects: http://shop.example/p/1 (301) → https://shop.example/p/1 (meta refresh) → ${url}.`,
        },
      ],
    },
    {
      name: 'option maxHops 0: even one hop',
      html,
      url,
      web: web(hop('http://shop.example/products/blue-widget', url)),
      options: { maxHops: 0 },
      findings: [{ value: `http://shop.example/products/blue-widget → ${url}`, expected: 'at most 0 redirects' }],
    },
  ],
});
