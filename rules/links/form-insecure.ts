import { defineRule } from '../../src/engine/rule-api.js';
import { safeUrl } from '../../src/page/urls.js';

export default defineRule({
  id: 'form-insecure',
  category: 'links',
  scope: 'page',
  reads: ['content'],
  severity: 'high',
  docs: {
    description: 'A form posts to an http:// URL, or the page asks for a password over http:// (SEOnaut\'s insecure form checks; Chrome warns on both).',
    fix: 'Serve the page over https:// and point every form action at an https:// URL (or a path on the same https site).',
    why: 'What a form sends over http:// (logins, addresses, payment details) can be read and changed on the way; Chrome marks password fields on http pages "Not secure" and warns before sending a form from an https page to an http URL.',
    examples: {
      fails: { url: 'https://shop.example/account', html: '<form action="http://shop.example/login" method="post"><input type="password" name="p"></form>' },
      passes: { url: 'https://shop.example/account', html: '<form action="/login" method="post"><input type="password" name="p"></form>' },
    },
  },
  options: {},
  check(page, { report }) {
    const pageUrl = safeUrl(page.url);
    // Only a web page posts anywhere: a file: page's forms are a folder's.
    if (pageUrl?.protocol !== 'http:' && pageUrl?.protocol !== 'https:') return;
    const seen = new Set<string>();
    for (const form of page.forms) {
      const target = safeUrl(form.action.replace(/[\t\n\r]/g, ''), page.url);
      if (target?.protocol !== 'http:' || seen.has(target.href)) continue;
      seen.add(target.href);
      report({ message: `A form posts to ${target.href} over http://.`, value: form.action, expected: 'an https:// form action', element: target.href });
    }
    if (pageUrl.protocol === 'http:' && page.passwordFields > 0) {
      report({ message: `The page asks for a password over http:// (${page.passwordFields} password field${page.passwordFields === 1 ? '' : 's'}).`, value: String(page.passwordFields), expected: 'password fields only on https:// pages', element: 'password' });
    }
  },
});
