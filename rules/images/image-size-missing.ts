import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'image-size-missing',
  category: 'images',
  scope: 'page',
  reads: ['images'],
  severity: 'low',
  docs: {
    description: "An image has no width and height attributes (nor both, or an aspect ratio, in its style): Lighthouse's unsized-images audit.",
    fix: 'Give every <img> width and height attributes with its intrinsic size (CSS can still scale it: height: auto keeps the ratio).',
    why: 'Without its size the browser cannot keep the image’s space before it loads, so the text below jumps when it arrives: layout shift, which Core Web Vitals (CLS) and Google’s page experience measure.',
    examples: {
      fails: { html: '<img src="/img/tent.jpg" alt="Alpine tent">' },
      passes: { html: '<img src="/img/tent.jpg" alt="Alpine tent" width="800" height="600">' },
    },
  },
  options: {},
  check(page, { report }) {
    const seen = new Set<string>();
    for (const image of page.images) {
      // An image without src shows nothing to size; one inline as data: is decoded at once.
      if (image.sized === true || image.src === '' || image.src.startsWith('data:') || seen.has(image.src)) continue;
      seen.add(image.src);
      report({ message: `Image ${image.src} has no width and height attributes.`, value: image.src, expected: 'width and height attributes', element: image.src });
    }
  },
});
