import { defineRule } from '../../src/engine/rule-api.js';
import type { Page } from '../../src/page/types.js';

/** A Content-Security-Policy in the page's head counts as one (Lighthouse's csp-xss reads both). */
function metaCsp(page: Page): boolean {
  return page.meta.all.some((m) => m.httpEquiv?.trim().toLowerCase() === 'content-security-policy' && m.content.trim() !== '');
}

/** max-age in seconds, or undefined when the header has none that parses. */
function hstsMaxAge(value: string): number | undefined {
  const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value);
  return match ? Number(match[1]) : undefined;
}

export default defineRule({
  id: 'security-headers-missing',
  category: 'web',
  scope: 'web',
  reads: ['http', 'head'],
  severity: 'low',
  docs: {
    description: 'The page is served without a security header browsers rely on: Strict-Transport-Security (on https), X-Content-Type-Options: nosniff, or a Content-Security-Policy. One finding per header.',
    fix: 'Send the headers from the server or CDN for every page: "Strict-Transport-Security: max-age=31536000" on https, "X-Content-Type-Options: nosniff", and a Content-Security-Policy that names where scripts may come from.',
    why: 'Without HSTS a visitor’s first request can be downgraded to http and tampered with; without nosniff a browser may run an upload as script; without a CSP an injected script runs freely. A hacked site loses its rankings and gets a warning in search results, and Lighthouse and the Mozilla Observatory check the same headers.',
    examples: {
      fails: { url: 'https://shop.example/products/blue-widget', html: '<title>Blue widget</title>', status: 200, headers: { 'content-type': 'text/html' }, web: { redirects: [], inSitemap: false } },
      passes: {
        url: 'https://shop.example/products/blue-widget',
        html: '<title>Blue widget</title>',
        status: 200,
        headers: { 'content-type': 'text/html', 'strict-transport-security': 'max-age=31536000; includeSubDomains', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'self'" },
        web: { redirects: [], inSitemap: false },
      },
    },
  },
  options: {},
  check(page, { report }) {
    // A file has no headers to judge; an error page is http-status-error's (its headers often come from another layer).
    if (page.status === undefined || page.status < 200 || page.status > 299) return;
    const headers = page.headers;
    // HSTS means something only over https: judged on the address the page came from (a staging
    // copy audited under its public URLs may be served over plain http).
    if ((page.web?.servedFrom ?? page.url).startsWith('https:')) {
      const hsts = headers['strict-transport-security'];
      const maxAge = hsts === undefined ? undefined : hstsMaxAge(hsts);
      if (hsts === undefined || !maxAge) {
        report({
          message: hsts === undefined ? 'No Strict-Transport-Security header on an https page.' : `Strict-Transport-Security "${hsts}" has no positive max-age, so browsers do not keep to https.`,
          value: hsts ?? '',
          expected: 'Strict-Transport-Security: max-age=31536000',
          element: 'Strict-Transport-Security',
        });
      }
    }
    const nosniff = headers['x-content-type-options'];
    if (nosniff?.trim().toLowerCase() !== 'nosniff') {
      report({
        message: nosniff === undefined ? 'No X-Content-Type-Options header.' : `X-Content-Type-Options is "${nosniff}", which browsers ignore; only "nosniff" counts.`,
        value: nosniff ?? '',
        expected: 'X-Content-Type-Options: nosniff',
        element: 'X-Content-Type-Options',
      });
    }
    // Report-Only enforces nothing.
    if ((headers['content-security-policy'] ?? '').trim() === '' && !metaCsp(page)) {
      const reportOnly = headers['content-security-policy-report-only'] !== undefined;
      report({
        message: reportOnly ? 'Only a Content-Security-Policy-Report-Only header, which enforces nothing.' : 'No Content-Security-Policy header (or <meta http-equiv> in the head).',
        value: '',
        expected: 'a Content-Security-Policy header',
        element: 'Content-Security-Policy',
      });
    }
  },
});
