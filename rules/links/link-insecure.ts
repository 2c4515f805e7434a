import { defineRule } from '../../src/engine/rule-api.js';
import { isLocalHost, safeUrl } from '../../src/page/urls.js';

export default defineRule({
  id: 'link-insecure',
  category: 'links',
  scope: 'page',
  reads: ['links', 'images', 'content'],
  severity: 'medium',
  docs: {
    description: 'An https page links to http:// URLs, or loads an image, script or iframe over http:// (mixed content): SEOnaut\'s and Lighthouse\'s is-on-https checks.',
    fix: 'Link to the https:// URL of every page that has one, and load every image, script and iframe over https:// (or from a path on your own site).',
    why: 'Browsers block scripts and iframes loaded over http:// on an https page and warn about images, so parts of the page break or the padlock goes; a link to an http:// page sends visitors and search engines to an insecure URL, usually through a redirect.',
    examples: {
      fails: { url: 'https://shop.example/products/red-widget', html: '<img src="http://cdn.shop.example/red-widget.jpg" alt="Red widget"><a href="http://shop.example/care">Care</a>' },
      passes: { url: 'https://shop.example/products/red-widget', html: '<img src="https://cdn.shop.example/red-widget.jpg" alt="Red widget"><a href="/care">Care</a>' },
    },
  },
  options: {},
  check(page, { report }) {
    if (safeUrl(page.url)?.protocol !== 'https:') return;
    const seen = new Set<string>();
    // On an https page only an src that writes http: loads over http (relative and "//" ones inherit https).
    const insecure = (src: string): string | undefined => {
      const clean = src.replace(/[\t\n\r]/g, '').trimStart();
      if (!/^http:/i.test(clean)) return undefined;
      const url = safeUrl(clean, page.url);
      return url?.protocol === 'http:' ? url.href : undefined;
    };
    for (const link of page.links) {
      const url = link.url !== undefined && link.url.startsWith('http:') ? link.url : undefined;
      // A link to localhost is link-localhost's finding: going https would not make it work.
      if (url === undefined || seen.has(url) || isLocalHost(safeUrl(url)?.hostname ?? '')) continue;
      seen.add(url);
      report({ message: `The link to ${url} is http://, not https://.`, value: link.href, expected: 'an https:// URL', element: url });
    }
    const loaded = [...page.images.map((i) => ({ tag: 'img', src: i.src })), ...page.resources];
    for (const { tag, src } of loaded) {
      const url = insecure(src);
      if (url === undefined || seen.has(url)) continue;
      seen.add(url);
      report({ message: `The ${tag} ${url} is loaded over http:// on an https page (mixed content).`, value: src, expected: 'an https:// URL', element: url });
    }
  },
});
