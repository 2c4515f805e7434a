import { answeredOk, defineRule } from '../../src/engine/rule-api.js';

/** Kilobytes (1,024 bytes) with one decimal, as Lighthouse and browsers' network panels write sizes. */
function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

const page = (images: string[]) => ({ url: 'https://shop.example/products/blue-widget', html: images.map((src) => `<img src="${src}" alt="Blue widget">`).join(''), status: 200, web: { redirects: [], inSitemap: false } });

export default defineRule({
  id: 'image-too-large',
  category: 'images',
  scope: 'web',
  reads: ['http', 'images'],
  site: true,
  severity: 'low',
  docs: {
    description: 'An image of the page is larger than the limit as served (its Content-Length, or the bytes read when the server gives none).',
    fix: ({ maxKb }) => `Serve the image at the size it is shown, compressed, in a modern format (WebP or AVIF), with srcset for smaller screens, so that it stays under ${String(maxKb)} KB.`,
    why: 'Images are most of a page’s weight: a large one slows the page (Largest Contentful Paint, a Core Web Vital) most on phones, and costs visitors data; Screaming Frog reports images over 100 KB and Lighthouse flags images that could be smaller.',
    examples: {
      fails: { pages: [page(['/img/hero.jpg'])], web: { statuses: { 'https://shop.example/img/hero.jpg': { ok: true, status: 200, bytes: 480_000 } } } },
      passes: { pages: [page(['/img/hero.webp'])], web: { statuses: { 'https://shop.example/img/hero.webp': { ok: true, status: 200, bytes: 62_000 } } } },
    },
  },
  options: { maxKb: 100 },
  check(index, { options, report }) {
    const web = index.web;
    if (!web) return;
    const limit = options.maxKb * 1024;
    for (const p of index.pages) {
      if (!p.images || !answeredOk(p)) continue;
      for (const image of p.images) {
        const bytes = web.status(image)?.bytes;
        if (bytes === undefined || bytes <= limit) continue;
        report({
          url: p.url,
          message: `The image ${image} is ${kb(bytes)}, over ${options.maxKb} KB.`,
          value: kb(bytes),
          expected: `at most ${options.maxKb} KB`,
          element: image,
        });
      }
    }
  },
});
